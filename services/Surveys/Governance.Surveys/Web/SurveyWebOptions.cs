using System.Globalization;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Mail;
using Microsoft.Extensions.Configuration;

namespace Governance.Surveys.Web;

/// <summary>The settings of the respondent pages (<c>Governance:Surveys:Web</c>): how many requests with
/// a link that cannot be used one client address may make per window before every request from it is
/// answered 429 until the window has passed (<c>FailuresPerAddress</c>, 5; <c>FailureWindow</c>, one
/// minute), and where the keys that protect the forms' antiforgery tokens are kept
/// (<c>KeysDirectory</c>; none: ASP.NET Core's default, see docs/operations.md).</summary>
public sealed record SurveyWebOptions(int FailuresPerAddress, TimeSpan FailureWindow, string? KeysDirectory)
{
    public const string Section = "Governance:Surveys:Web";

    public static SurveyWebOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var failures = 5;
        if (section["FailuresPerAddress"] is { Length: > 0 } f && (!int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out failures) || failures < 1))
        {
            throw new StartupConfigurationException(
                $"{Section}:FailuresPerAddress must be a whole number of at least 1 (default 5): correct {MailTransportOptions.Env(Section, "FailuresPerAddress")}.");
        }
        var window = TimeSpan.FromMinutes(1);
        if (section["FailureWindow"] is { Length: > 0 } w && (!TimeSpan.TryParse(w, CultureInfo.InvariantCulture, out window) || window <= TimeSpan.Zero))
        {
            throw new StartupConfigurationException(
                $"{Section}:FailureWindow must be a positive time span (e.g. 00:01:00): correct {MailTransportOptions.Env(Section, "FailureWindow")}.");
        }
        return new SurveyWebOptions(failures, window, section["KeysDirectory"] is { Length: > 0 } keys ? keys : null);
    }
}
