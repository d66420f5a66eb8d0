using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Mail;
using Governance.Surveys.Domain;
using Microsoft.Extensions.Configuration;

namespace Governance.Surveys.Lifecycle;

/// <summary>The settings of the Surveys service (<c>Governance:Surveys</c>): how often the round sweep
/// runs (<c>SweepInterval</c>), the address of the answer page the invitation links point to
/// (<c>AnswerUrl</c>; the token is appended as the last path segment), and the e-mail transport
/// (<c>Mail:From</c>, <c>Mail:Smtp</c>; .eml files under the data directory's <c>mail/</c> when no SMTP
/// server is set), and the anonymity thresholds (<c>Anonymity:Minimum</c>, 5; <c>Anonymity:Sensitive</c>,
/// 20: no lower than 2 and the minimum).</summary>
public sealed record SurveysOptions(TimeSpan SweepInterval, Uri AnswerUrl, MailTransportOptions Mail, SuppressionThresholds Thresholds)
{
    public const string Section = "Governance:Surveys";

    public const string DefaultFrom = "Trivselsundersøgelsen <trivsel@governance.local>";

    public static SurveysOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var interval = TimeSpan.FromSeconds(30);
        if (section["SweepInterval"] is { Length: > 0 } text && (!TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out interval) || interval <= TimeSpan.Zero))
        {
            throw new StartupConfigurationException($"{Section}:SweepInterval must be a positive time span (e.g. 00:00:30): correct {MailTransportOptions.Env(Section, "SweepInterval")}.");
        }
        var url = section["AnswerUrl"] is { Length: > 0 } u ? u : "http://localhost:5081/survey";
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var answerUrl) || answerUrl.Scheme is not ("http" or "https"))
        {
            throw new StartupConfigurationException($"{Section}:AnswerUrl must be an absolute http(s) address: correct {MailTransportOptions.Env(Section, "AnswerUrl")}.");
        }
        return new SurveysOptions(interval, answerUrl, MailTransportOptions.FromConfiguration(configuration, Section + ":Mail", DefaultFrom),
            AnonymityThresholds(section.GetSection("Anonymity")));
    }

    private static SuppressionThresholds AnonymityThresholds(IConfigurationSection anonymity)
    {
        var minimum = SuppressionThresholds.DefaultMinimum;
        var sensitive = SuppressionThresholds.DefaultSensitive;
        if ((anonymity["Minimum"] is { Length: > 0 } m && !int.TryParse(m, out minimum))
            || (anonymity["Sensitive"] is { Length: > 0 } x && !int.TryParse(x, out sensitive))
            || minimum < 2 || sensitive < minimum)
        {
            throw new StartupConfigurationException(
                $"{Section}:Anonymity: Minimum must be a whole number of at least 2 and Sensitive at least Minimum (defaults 5 and 20): correct {MailTransportOptions.Env(Section, "Anonymity")}__Minimum or __Sensitive.");
        }
        return new SuppressionThresholds(minimum, sensitive);
    }

    /// <summary>The link of one token.</summary>
    public string LinkFor(string token) => new Uri(AnswerUrl, token).ToString();
}
