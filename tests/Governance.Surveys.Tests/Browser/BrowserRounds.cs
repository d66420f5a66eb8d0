using Google.Protobuf.WellKnownTypes;
using Governance.Surveys.Domain;
using Governance.Surveys.Tests.Api;
using Governance.Surveys.V1;

namespace Governance.Surveys.Tests.Browser;

/// <summary>Open rounds for the browser: the sample organisation, the APV template (seven themes) and the
/// leadership evaluation (three), so a questionnaire is ten pages; invitations to ØDC afdeling 1, and each
/// invitee's link as their e-mail gives it (to the host's own pages: <see cref="BrowserRoundHost"/>).</summary>
public static class BrowserRounds
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed record Opened(Round Round, Instrument Apv, Instrument Leadership, IReadOnlyList<Uri> Links);

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
        var mails = await host.WaitForMailsAsync(m => addresses.All(a => m.Any(x => x.To.Mailboxes.Any(b => b.Address == a))), Ct);
        return new Opened(opened, apv, leadership, [.. addresses.Select(a => SurveyBrowser.LinkTo(mails, a))]);
    }
}
