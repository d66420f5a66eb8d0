using Governance.ServiceDefaults.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace Governance.ServiceDefaults.Mail;

/// <summary>Where a service's e-mail goes, read from its section (e.g. <c>Governance:Reminders:Mail</c>):
/// <c>From</c>, and <c>Smtp</c> ("host:port"; empty in the embedded default: then each message is
/// written as a .eml file under the data directory's <c>mail/</c>).</summary>
public sealed record MailTransportOptions(string From, string? SmtpHost, int SmtpPort, string DropDirectory)
{
    /// <summary>The settings of <paramref name="section"/>; a wrong one stops the start with the
    /// environment variable to correct.</summary>
    public static MailTransportOptions FromConfiguration(IConfiguration configuration, string section, string defaultFrom)
    {
        var settings = configuration.GetSection(section);
        var from = settings["From"];
        if (!string.IsNullOrWhiteSpace(from) && !IsAddress(from))
        {
            throw new StartupConfigurationException($"{section}:From is not an e-mail address: set {Env(section, "From")} to e.g. {defaultFrom}.");
        }
        string? host = null;
        var port = 0;
        if (settings["Smtp"] is { Length: > 0 } smtp)
        {
            var colon = smtp.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(smtp[(colon + 1)..], out port) || port is < 1 or > 65535)
            {
                throw new StartupConfigurationException($"{section}:Smtp is host:port (e.g. smtp.kommune.dk:25): correct {Env(section, "Smtp")}.");
            }
            host = smtp[..colon];
        }
        return new MailTransportOptions(string.IsNullOrWhiteSpace(from) ? defaultFrom : from, host, port,
            Path.Combine(DataDirectory.Resolve(configuration), "mail"));
    }

    /// <summary>One mailbox with a domain ("a@b", or a name and the address in angle brackets): MimeKit also reads a bare local part.</summary>
    public static bool IsAddress(string text) => MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal);

    /// <summary>The environment variable of a setting: <c>Governance__Reminders__Mail__From</c>.</summary>
    public static string Env(string section, string key) => $"{section.Replace(":", "__", StringComparison.Ordinal)}__{key}";
}

/// <summary>Sends plain UTF-8 e-mail through MailKit to the configured SMTP server, or writes it as .eml
/// files in the embedded default. A failure throws: the caller tries again.</summary>
public sealed class MailTransport(MailTransportOptions options)
{
    public MailTransportOptions Options => options;

    /// <summary>A plain-text message, with an HTML alternative when <paramref name="html"/> is given (UTF-8
    /// both); <paramref name="messageId"/> makes a retried send recognisable as the same message.</summary>
    public MimeMessage Compose(string subject, string body, IEnumerable<string> to, string messageId, DateTime utc, string? html = null)
    {
        var message = new MimeMessage { Subject = subject, MessageId = messageId, Date = new DateTimeOffset(utc, TimeSpan.Zero) };
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var address in to)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }
        var text = new TextPart("plain");
        text.SetText("utf-8", body);
        if (html is null)
        {
            message.Body = text;
            return message;
        }
        var markup = new TextPart("html");
        markup.SetText("utf-8", html);
        message.Body = new MultipartAlternative { text, markup };
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
