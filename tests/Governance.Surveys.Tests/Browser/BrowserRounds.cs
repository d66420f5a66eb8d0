using Governance.Surveys.Tests.Api;
using Governance.Surveys.Tests.Web;
using Governance.Surveys.V1;

namespace Governance.Surveys.Tests.Browser;

/// <summary>The page tests' open rounds (<see cref="PageRounds"/>: ten pages, invitations to ØDC afdeling 1)
/// with each invitee's link as their e-mail gives it (to the host's own pages: <see cref="BrowserRoundHost"/>).</summary>
public static class BrowserRounds
{
    public sealed record Opened(Round Round, Instrument Apv, Instrument Leadership, IReadOnlyList<Uri> Links);

    public static async Task<Opened> OpenAsync(RoundHost host, string roundId, int invitees)
    {
        var opened = await PageRounds.OpenAsync(host, roundId, invitees);
        var mails = host.Mails();
        return new Opened(opened.Round, opened.Apv, opened.Leadership, [.. opened.Addresses.Select(a => SurveyBrowser.LinkTo(mails, a))]);
    }
}
