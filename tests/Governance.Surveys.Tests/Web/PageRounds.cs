using System.Net;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Governance.Surveys.Domain;
using Governance.Surveys.Tests.Api;
using Governance.Surveys.V1;
using MimeKit;

namespace Governance.Surveys.Tests.Web;

/// <summary>Open rounds for the page tests: the sample organisation, the APV template (seven themes)
/// and the leadership evaluation (three), so a questionnaire is ten pages; invitations to ØDC afdeling 1,
/// and each invitee's token read from their e-mail.</summary>
public static partial class PageRounds
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"/survey/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    public sealed record Opened(Round Round, Instrument Apv, Instrument Leadership, IReadOnlyList<string> Addresses, IReadOnlyList<string> Tokens);

    public static async Task<Opened> OpenAsync(RoundHost host, string roundId, int invitees)
    {
        var client = host.Client;
        await client.ImportOrganisationAsync(Sample.Of(2).Request(), cancellationToken: Ct);
        var apv = await client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "APV 2017" }, SourceInstrument = SurveyNames.Instrument(InstrumentTemplates.ApvWellbeingId),
        }, cancellationToken: Ct);
        var leadership = await client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "Ledelsesevaluering 2017" }, SourceInstrument = SurveyNames.Instrument(InstrumentTemplates.LeadershipId),
        }, cancellationToken: Ct);
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var round = await client.CreateRoundAsync(new CreateRoundRequest
        {
            RoundId = roundId,
            Round = new Round
            {
                DisplayName = "APV og ledelsesevaluering 2017", Instruments = { apv.Name, leadership.Name }, TargetUnits = { "odc" },
                PlannedOpenTime = Timestamp.FromDateTime(now), ReleaseTime = Timestamp.FromDateTime(now.AddDays(20)),
            },
        }, cancellationToken: Ct);
        await client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round.Name }, cancellationToken: Ct);
        var addresses = Enumerable.Range(1, invitees).Select(i => $"{roundId}-{i}@kommune.test").ToList();
        var opened = await client.OpenRoundAsync(new OpenRoundRequest
        {
            Name = round.Name, Invitees = { addresses.Select(a => new Invitee { Unit = "odc-1", Email = a }) },
        }, cancellationToken: Ct);
        var mails = await host.WaitForMailsAsync(m => addresses.All(a => m.Any(x => IsTo(x, a))), Ct);
        var tokens = addresses.Select(a => LinkPattern().Match(mails.Last(m => IsTo(m, a)).TextBody ?? "").Groups[1].Value).ToList();
        Assert.All(tokens, t => Assert.Equal(43, t.Length));
        return new Opened(opened, apv, leadership, addresses, tokens);
    }

    private static bool IsTo(MimeMessage mail, string address) => mail.To.Mailboxes.Any(m => m.Address == address);

    /// <summary>The form of <paramref name="page"/> as its buttons send it: the antiforgery token, the hidden
    /// <c>side</c>, the button's <c>handling</c>, and <paramref name="answers"/> (field, value).</summary>
    public static List<KeyValuePair<string, string>> Form(SurveyPage page, string side, string button, params (string Field, string Value)[] answers) =>
    [
        new("__RequestVerificationToken", page.AntiforgeryToken),
        new("side", side),
        new("handling", button),
        .. answers.Select(a => new KeyValuePair<string, string>(a.Field, a.Value)),
    ];

    /// <summary>A loopback address of its own for a test (127.0.0.<paramref name="n"/>).</summary>
    public static IPAddress Address(int n) => new([127, 0, 0, (byte)n]);

    /// <summary>A client for the host's pages from 127.0.0.<paramref name="n"/>.</summary>
    public static SurveyPageClient Client(RoundHost host, int n) => new(host.Server.HttpAddress, Address(n));

    /// <summary>A form session: a browser from 127.0.0.<paramref name="n"/> that has opened <paramref name="token"/>'s
    /// page <paramref name="query"/> (so it holds the antiforgery cookie), and that page with its form's token.</summary>
    public static async Task<(SurveyPageClient Browser, SurveyPage Page)> BrowseAsync(RoundHost host, string token, int n, string query = "")
    {
        var browser = Client(host, n);
        var page = await browser.GetAsync($"/survey/{token}{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(browser.Cookie);
        return (browser, page);
    }
}
