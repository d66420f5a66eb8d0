using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Mail;
using Governance.Surveys.Domain;
using Microsoft.Extensions.Configuration;

namespace Governance.Surveys.Lifecycle;

/// <summary>The settings of the Surveys service (<c>Governance:Surveys</c>): how often the round sweep
/// runs (<c>SweepInterval</c>), the address of the answer page the invitation links point to
/// (<c>AnswerUrl</c>; the token is appended as the last path segment), and the e-mail transport
/// (<c>Mail:From</c>, <c>Mail:Smtp</c>; .eml files under the data directory's <c>mail/</c> when no SMTP
/// server is set), how a failed e-mail is tried again (<c>Mail:Attempts</c>, 5: the attempts before it is
/// given up; <c>Mail:Backoff</c>, <c>00:01:00,00:05:00,00:30:00,02:00:00</c>: the waits after the 1st,
/// 2nd... failed attempt, the last repeating; <c>Mail:Lease</c>, 00:10:00: how long a claimed e-mail is
/// held, longer than one send takes), and the anonymity thresholds (<c>Anonymity:Minimum</c>, 5;
/// <c>Anonymity:Sensitive</c>, 20: no lower than 2 and the minimum).</summary>
public sealed record SurveysOptions(TimeSpan SweepInterval, Uri AnswerUrl, MailTransportOptions Mail, SuppressionThresholds Thresholds,
    MailRetryPolicy MailRetry)
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
            AnonymityThresholds(section.GetSection("Anonymity")), RetryPolicy(section.GetSection("Mail")));
    }

    private static MailRetryPolicy RetryPolicy(IConfigurationSection mail)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var attempts = MailRetryPolicy.DefaultAttemptLimit;
        if (mail["Attempts"] is { Length: > 0 } a && (!int.TryParse(a, culture, out attempts) || attempts is < 1 or > MailRetryPolicy.MaxAttemptLimit))
        {
            throw new StartupConfigurationException(
                $"{Section}:Mail:Attempts must be a whole number 1-{MailRetryPolicy.MaxAttemptLimit} (default {MailRetryPolicy.DefaultAttemptLimit}): correct {MailTransportOptions.Env(Section, "Mail")}__Attempts.");
        }
        var backoff = MailRetryPolicy.DefaultBackoff;
        if (mail["Backoff"] is { Length: > 0 } b)
        {
            var steps = b.Split(',', StringSplitOptions.TrimEntries);
            var parsed = new List<TimeSpan>(steps.Length);
            foreach (var step in steps)
            {
                if (!TimeSpan.TryParse(step, culture, out var wait) || wait <= TimeSpan.Zero)
                {
                    throw new StartupConfigurationException(
                        $"{Section}:Mail:Backoff must be positive time spans separated by commas (e.g. 00:01:00,00:05:00,00:30:00,02:00:00): correct {MailTransportOptions.Env(Section, "Mail")}__Backoff.");
                }
                parsed.Add(wait);
            }
            backoff = parsed;
        }
        var lease = MailRetryPolicy.DefaultLease;
        if (mail["Lease"] is { Length: > 0 } l && (!TimeSpan.TryParse(l, culture, out lease) || lease <= TimeSpan.Zero))
        {
            throw new StartupConfigurationException(
                $"{Section}:Mail:Lease must be a positive time span, longer than one e-mail takes to send (e.g. 00:10:00): correct {MailTransportOptions.Env(Section, "Mail")}__Lease.");
        }
        return new MailRetryPolicy(backoff, attempts, lease);
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
