using Governance.Reminders.Domain;
using Governance.ServiceDefaults.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace Governance.Reminders.Notices;

/// <summary>Where notices go (<c>Governance:Reminders:Mail</c>): <c>From</c>, <c>Smtp</c> ("host:port";
/// empty in the embedded default: then each message is written as a .eml file under the data
/// directory's <c>mail/</c>), and <c>Units:{unit}</c> = the unit's address.</summary>
public sealed class MailOptions
{
    public const string Section = "Governance:Reminders:Mail";

    public const string DefaultFrom = "Huskelisten <huskeliste@governance.local>";

    public string From { get; init; } = DefaultFrom;

    public string? SmtpHost { get; init; }

    public int SmtpPort { get; init; }

    /// <summary>The folder of the .eml files when no SMTP server is configured.</summary>
    public required string DropDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Units { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public static MailOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var from = section["From"];
        if (!string.IsNullOrWhiteSpace(from) && !IsAddress(from))
        {
            throw new StartupConfigurationException($"{Section}:From is not an e-mail address: set {Env("From")} to e.g. huskeliste@kommune.dk.");
        }
        string? host = null;
        var port = 0;
        if (section["Smtp"] is { Length: > 0 } smtp)
        {
            var colon = smtp.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(smtp[(colon + 1)..], out port) || port is < 1 or > 65535)
            {
                throw new StartupConfigurationException($"{Section}:Smtp is host:port (e.g. smtp.kommune.dk:25): correct {Env("Smtp")}.");
            }
            host = smtp[..colon];
        }
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var unit in section.GetSection("Units").GetChildren())
        {
            if (unit.Value is not { Length: > 0 } address || !IsAddress(address))
            {
                throw new StartupConfigurationException($"{Section}:Units:{unit.Key} is not an e-mail address: set {Env("Units")}__{unit.Key} to the unit's address.");
            }
            units[unit.Key] = address;
        }
        return new MailOptions
        {
            From = string.IsNullOrWhiteSpace(from) ? DefaultFrom : from,
            SmtpHost = host,
            SmtpPort = port,
            DropDirectory = Path.Combine(DataDirectory.Resolve(configuration), "mail"),
            Units = units,
        };
    }

    /// <summary>One mailbox with a domain ("a@b", or a name and the address in angle brackets): MimeKit also reads a bare local part.</summary>
    private static bool IsAddress(string text) => MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal);

    private static string Env(string key) => $"{Section.Replace(":", "__", StringComparison.Ordinal)}__{key}";
}

/// <summary>Sends notices through MailKit to the configured SMTP server, or writes them as .eml files
/// in the embedded default. A failure throws: the caller (a consumer, the digest) tries again.</summary>
public sealed class NoticeMailer(MailOptions options)
{
    public MailOptions Options => options;

    /// <summary>The message of <paramref name="letter"/> to <paramref name="to"/> (UTF-8, plain text);
    /// <paramref name="messageId"/> makes a retried send recognisable as the same message.</summary>
    public MimeMessage Compose(NoticeLetter letter, IEnumerable<string> to, string messageId, DateTime utc)
    {
        var message = new MimeMessage { Subject = letter.Subject, MessageId = messageId, Date = new DateTimeOffset(utc, TimeSpan.Zero) };
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var address in to)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }
        var body = new TextPart("plain");
        body.SetText("utf-8", letter.Body);
        message.Body = body;
        return message;
    }

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (options.SmtpHost is null)
        {
            Directory.CreateDirectory(options.DropDirectory);
            var name = $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss}-{Guid.NewGuid():N}.eml";
            // Written under a temporary name and moved: a reader never sees half a message.
            var temporary = Path.Combine(options.DropDirectory, name + ".tmp");
            await message.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, Path.Combine(options.DropDirectory, name));
            return;
        }
        using var client = new SmtpClient();
        await client.ConnectAsync(options.SmtpHost, options.SmtpPort, SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
