using Governance.Reminders.Domain;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Mail;
using Microsoft.Extensions.Configuration;
using MimeKit;

namespace Governance.Reminders.Notices;

/// <summary>Where notices go (<c>Governance:Reminders:Mail</c>): the transport (<c>From</c>, <c>Smtp</c>;
/// see <see cref="MailTransportOptions"/>) and <c>Units:{unit}</c> = the unit's address.</summary>
public sealed class MailOptions
{
    public const string Section = "Governance:Reminders:Mail";

    public const string DefaultFrom = "Huskelisten <huskeliste@governance.local>";

    public required MailTransportOptions Transport { get; init; }

    public string From => Transport.From;

    public string? SmtpHost => Transport.SmtpHost;

    public int SmtpPort => Transport.SmtpPort;

    /// <summary>The folder of the .eml files when no SMTP server is configured.</summary>
    public string DropDirectory => Transport.DropDirectory;

    public IReadOnlyDictionary<string, string> Units { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public static MailOptions FromConfiguration(IConfiguration configuration)
    {
        var transport = MailTransportOptions.FromConfiguration(configuration, Section, DefaultFrom);
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var unit in configuration.GetSection(Section).GetSection("Units").GetChildren())
        {
            if (unit.Value is not { Length: > 0 } address || !MailTransportOptions.IsAddress(address))
            {
                throw new StartupConfigurationException(
                    $"{Section}:Units:{unit.Key} is not an e-mail address: set {MailTransportOptions.Env(Section, "Units")}__{unit.Key} to the unit's address.");
            }
            units[unit.Key] = address;
        }
        return new MailOptions { Transport = transport, Units = units };
    }
}

/// <summary>Sends notices (<see cref="MailTransport"/>). A failure throws: the caller (a consumer, the
/// digest) tries again.</summary>
public sealed class NoticeMailer(MailOptions options)
{
    private readonly MailTransport _transport = new(options.Transport);

    public MailOptions Options => options;

    /// <summary>The message of <paramref name="letter"/> to <paramref name="to"/> (UTF-8, plain text);
    /// <paramref name="messageId"/> makes a retried send recognisable as the same message.</summary>
    public MimeMessage Compose(NoticeLetter letter, IEnumerable<string> to, string messageId, DateTime utc) =>
        _transport.Compose(letter.Subject, letter.Body, to, messageId, utc);

    public Task SendAsync(MimeMessage message, CancellationToken cancellationToken) => _transport.SendAsync(message, cancellationToken);
}
