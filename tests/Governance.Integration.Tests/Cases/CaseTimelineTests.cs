using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Governance.Cases.Consumers;
using Governance.Cases.V1;
using Governance.Integration.Tests.Support;
using Governance.Meetings.Events;
using Governance.Meetings.V1;
using Governance.Messaging.Tracing;
using Grpc.Core;
using MassTransit;

namespace Governance.Integration.Tests.Cases;

/// <summary>
/// Meetings and Cases together: what a secretariat records in Meetings through its gRPC API shows on
/// the case's timeline in Cases (linked by journal number), through the outbox and the bus (in-memory
/// on the embedded host, RabbitMQ on the server host): once, without closed content, replaced when
/// the decision is edited, never overwritten by an older version, with the trace of the call.
/// Every case is created in Cases before an agenda item names its journal number.
/// </summary>
public abstract class CaseTimelineTests(IIntegrationHost host)
{
    private MeetingsDriver Meetings => new(host.Server.Channel);

    private CasesDriver Cases => CasesDriver.For(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool HasDecision(IReadOnlyList<TimelineEntry> t, string decision) =>
        t.Any(e => e.Kind == TimelineEntryKind.DecisionRecorded && e.Resource == decision);

    [Fact]
    public async Task A_decision_with_referral_and_follow_up_and_a_postponement_show_on_the_case_timeline()
    {
        var c = await Cases.CreateAsync("Budget 2028-31");
        var body = await Meetings.BodyAsync("Direktionen");
        var meeting = await Meetings.MeetingAsync(body, day: 9);
        var later = await Meetings.MeetingAsync(body, day: 23);
        var item = await Meetings.ItemAsync(meeting, "Budget 2028-31", c.JournalNumber);
        await Meetings.PublishAsync(meeting);
        var decided = await Meetings.DecideAsync(item, "Direktionen godkendte indstillingen om anlægsbudgettet.", configure: d =>
        {
            d.FollowUps.Add(new FollowUp { Description = "Notat om økonomien", Unit = "ØDC", DueDate = new Google.Type.Date { Year = 2027, Month = 4, Day = 1 } });
            d.Referrals.Add(new Referral { BodyDisplayName = "Økonomiudvalget", ExpectedDate = new Google.Type.Date { Year = 2027, Month = 4, Day = 19 }, Text = "Forelægges ØU" });
        });
        var postponed = await Meetings.DecideAsync(item, "Udsat til næste møde.", DecisionOutcome.Postponed, d => d.PostponedTo = later.Name);

        var timeline = await Cases.WaitForTimelineAsync(c, t => HasDecision(t, decided.Name) && HasDecision(t, postponed.Name)
            && t.Any(e => e.Kind == TimelineEntryKind.ItemPostponed) && t.Count(e => e.Kind == TimelineEntryKind.AgendaItemAdded) == 2,
            what: "the agenda appearances, both decisions and the postponement");

        var agenda = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.AgendaItemAdded && e.Meeting == meeting.Name);
        Assert.Equal("Punkt 1, Direktionen 09-03-2027: Budget 2028-31", agenda.Text);
        Assert.Equal("Direktionen", agenda.BodyTitle);
        Assert.Equal(1, agenda.ItemNumber);
        Assert.Equal(item.Name, agenda.Resource);
        Assert.Equal(MeetingsTimeline.Actor, agenda.Actor);

        var decision = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.DecisionRecorded && e.Resource == decided.Name);
        Assert.Equal("APPROVED", decision.Outcome);
        Assert.Equal("Beslutning (Godkendt), Punkt 1, Direktionen 09-03-2027: Budget 2028-31 — Direktionen godkendte indstillingen om anlægsbudgettet.",
            decision.Text);
        Assert.Equal(meeting.Name, decision.Meeting);
        Assert.Equal(1, decision.ItemNumber);
        var referral = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.Referred);
        Assert.Equal("Oversendt til Økonomiudvalget (19-04-2027): Forelægges ØU", referral.Text);
        Assert.Equal(decided.Name, referral.Resource);
        var followUp = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.FollowUp);
        Assert.Equal("Opfølgning (ØDC): Notat om økonomien, frist 01-04-2027", followUp.Text);
        Assert.Equal(decided.Name, followUp.Resource);

        var postponement = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.DecisionRecorded && e.Resource == postponed.Name);
        Assert.Equal("POSTPONED", postponement.Outcome);
        Assert.Equal("Beslutning (Udsat), Punkt 1, Direktionen 09-03-2027: Budget 2028-31 — Udsat til næste møde.", postponement.Text);
        var udsat = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.ItemPostponed);
        // The target meeting by its body and date, not by resource name.
        Assert.Equal("Udsat til Direktionens møde 23-03-2027: Punkt 1, Direktionen 09-03-2027: Budget 2028-31", udsat.Text);
        Assert.Equal(postponed.CarriedItem, udsat.Resource);
        var carried = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.AgendaItemAdded && e.Meeting == later.Name);
        Assert.Equal("Punkt 1, Direktionen 23-03-2027: Budget 2028-31", carried.Text);
        Assert.Equal(postponed.CarriedItem, carried.Resource);

        // Oldest first, and each Meetings event once.
        Assert.Equal(timeline.OrderBy(e => e.Time.ToDateTime()).Select(e => e.Id), timeline.Select(e => e.Id));
        Assert.Equal(TimelineEntryKind.CaseOpened, timeline[0].Kind);
        Assert.Equal(8, timeline.Count);
        // The decision text is searchable on the case.
        Assert.Contains(await Cases.SearchAsync("anlægsbudget"), h => h.CaseName == c.Name && h.Field == SearchField.DecisionText && h.Source == decided.Name);
    }

    [Fact]
    public async Task The_timeline_says_outcomes_and_postponements_in_Danish_words()
    {
        var c = await Cases.CreateAsync("Parkeringsstrategi");
        var direktionen = await Meetings.BodyAsync("Direktionen");
        var meeting = await Meetings.MeetingAsync(direktionen, day: 9);
        var target = await Meetings.MeetingAsync(direktionen, day: 16);
        var noted = await Meetings.ItemAsync(meeting, "Status på parkeringsstrategien", c.JournalNumber);
        var rejected = await Meetings.ItemAsync(meeting, "Forslag om betalingsparkering", c.JournalNumber);
        var moved = await Meetings.ItemAsync(meeting, "Parkeringsnormer", c.JournalNumber);
        await Meetings.PublishAsync(meeting);
        var notedDecision = await Meetings.DecideAsync(noted, "", DecisionOutcome.Noted);
        var rejectedDecision = await Meetings.DecideAsync(rejected, "", DecisionOutcome.Rejected);
        var movedDecision = await Meetings.DecideAsync(moved, "", DecisionOutcome.Postponed, d => d.PostponedTo = target.Name);

        var timeline = await Cases.WaitForTimelineAsync(c, t => HasDecision(t, notedDecision.Name) && HasDecision(t, rejectedDecision.Name)
            && HasDecision(t, movedDecision.Name) && t.Any(e => e.Kind == TimelineEntryKind.ItemPostponed),
            what: "three decisions and the postponement");

        Assert.Equal("Beslutning (Taget til efterretning), Punkt 1, Direktionen 09-03-2027: Status på parkeringsstrategien",
            Assert.Single(timeline, e => e.Resource == notedDecision.Name && e.Kind == TimelineEntryKind.DecisionRecorded).Text);
        Assert.Equal("Beslutning (Afvist), Punkt 2, Direktionen 09-03-2027: Forslag om betalingsparkering",
            Assert.Single(timeline, e => e.Resource == rejectedDecision.Name).Text);
        Assert.Equal("Beslutning (Udsat), Punkt 3, Direktionen 09-03-2027: Parkeringsnormer",
            Assert.Single(timeline, e => e.Resource == movedDecision.Name).Text);
        // Postponed to a later meeting (of the same body: another body is a referral): the body and that meeting's date.
        var udsat = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.ItemPostponed);
        Assert.Equal("Udsat til Direktionens møde 16-03-2027: Punkt 3, Direktionen 09-03-2027: Parkeringsnormer", udsat.Text);
        // The machine-readable outcome stays the contract's name; the text has no English word or resource name.
        Assert.Equal("NOTED", Assert.Single(timeline, e => e.Resource == notedDecision.Name).Outcome);
        Assert.All(timeline.Where(e => e.Actor == MeetingsTimeline.Actor), e =>
        {
            Assert.DoesNotContain("meetings/", e.Text, StringComparison.Ordinal);
            Assert.DoesNotMatch("NOTED|REJECTED|POSTPONED|APPROVED", e.Text);
        });
    }

    [Fact]
    public async Task A_closed_items_decision_shows_on_the_timeline_without_closed_text()
    {
        var c = await Cases.CreateAsync("Personalesag");
        var body = await Meetings.BodyAsync("Direktionen");
        var meeting = await Meetings.MeetingAsync(body);
        var item = await Meetings.ItemAsync(meeting, "Personalesag: afskedigelse af medarbejder", c.JournalNumber, ItemKind.Closed);
        await Meetings.PublishAsync(meeting);
        var decided = await Meetings.DecideAsync(item, "Medarbejderen afskediges med virkning fra 1. maj.", configure: d =>
        {
            d.FollowUps.Add(new FollowUp { Description = "Afskedigelsesbrev sendes", Unit = "HR" });
            d.Referrals.Add(new Referral { BodyDisplayName = "Hovedudvalget", Text = "Orientering om afskedigelsen" });
        });

        // Referrals and follow-ups would commit with the decision entry: once it is there, all is.
        var timeline = await Cases.WaitForTimelineAsync(c, t => HasDecision(t, decided.Name), what: "the decision");
        var decision = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.DecisionRecorded);
        Assert.Equal("Beslutning (Godkendt), Punkt 1, Direktionen 09-03-2027", decision.Text);
        Assert.Equal("APPROVED", decision.Outcome);
        Assert.Equal("Punkt 1, Direktionen 09-03-2027", Assert.Single(timeline, e => e.Kind == TimelineEntryKind.AgendaItemAdded).Text);
        Assert.DoesNotContain(timeline, e => e.Kind is TimelineEntryKind.FollowUp or TimelineEntryKind.Referred);
        Assert.All(timeline, e => Assert.DoesNotContain("afskedig", e.Text, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(await Cases.SearchAsync("afskediges"), h => h.CaseName == c.Name);
    }

    [Fact]
    public async Task The_same_message_delivered_twice_has_one_effect()
    {
        var c = await Cases.RegisterAsync("Lokalplan 12 for Nordhavn");
        var body = await Meetings.BodyAsync("Teknik- og Miljøudvalget");
        var meeting = await Meetings.MeetingAsync(body);
        var item = await Meetings.ItemAsync(meeting, "Lokalplan 12 for Nordhavn", c.JournalNumber);
        var queue = CasesDriver.QueueOf(host, "cases-decision-recorded");
        using var watch = new ConsumeWatch(host.Bus);
        var message = new DecisionRecorded($"{item.Name}/decisions/{Guid.NewGuid():N}", meeting.Name, body.Name, body.DisplayName,
            new DateTimeOffset(2027, 3, 9, 7, 30, 0, TimeSpan.Zero), new AgendaEntry(item.Name, item.Number, c.JournalNumber, false, item.Title), "APPROVED", "Godkendt",
            "Lokalplanen vedtages endeligt.", [], [], null, DateTimeOffset.UtcNow, 1);
        var messageId = NewId.NextGuid();

        await host.Bus.Publish(message, ctx => ctx.MessageId = messageId, Ct);
        var first = Assert.Single(await Cases.WaitForTimelineAsync(c, t => HasDecision(t, message.Decision)),
            e => e.Kind == TimelineEntryKind.DecisionRecorded);
        await host.Bus.Publish(message, ctx => ctx.MessageId = messageId, Ct);
        await watch.WaitAsync(queue, messageId, seen => seen.Count(s => s.Fault is null) >= 2);

        var timeline = await Cases.TimelineAsync(c);
        // The first delivery's entry, untouched: the second was recognised (inbox), not applied again.
        Assert.Equal(first.Id, Assert.Single(timeline, e => e.Kind == TimelineEntryKind.DecisionRecorded).Id);
        Assert.Equal(1, await Cases.TimelineRowsOfAsync(message.Decision));
    }

    [Fact]
    public async Task An_edited_decision_replaces_its_entries_on_the_timeline_and_in_the_search()
    {
        var c = await Cases.CreateAsync("Anlægsbudget for skoler");
        var body = await Meetings.BodyAsync("Børne- og Ungdomsudvalget");
        var meeting = await Meetings.MeetingAsync(body);
        var item = await Meetings.ItemAsync(meeting, "Anlægsbudget for skoler", c.JournalNumber);
        await Meetings.PublishAsync(meeting);
        var decided = await Meetings.DecideAsync(item, "Udvalget godkendte anlægsbudgettet med bemærkninger.", configure: d =>
        {
            d.FollowUps.Add(new FollowUp { Description = "Revideret anlægsoversigt", Unit = "BUF" });
            d.Referrals.Add(new Referral { BodyDisplayName = "Økonomiudvalget", Text = "Til orientering" });
        });
        await Cases.WaitForTimelineAsync(c, t => HasDecision(t, decided.Name) && t.Any(e => e.Kind == TimelineEntryKind.Referred), what: "the first version");

        var edited = new Decision { Name = decided.Name, Text = "Udvalget godkendte driftsbudgettet uden bemærkninger." };
        edited.FollowUps.Add(new FollowUp { Description = "Tidsplan for renovering", Unit = "BUF" });
        await Meetings.Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = edited,
            UpdateMask = new FieldMask { Paths = { "text", "follow_ups", "referrals" } },
        }, cancellationToken: Ct);

        var timeline = await Cases.WaitForTimelineAsync(c,
            t => t.Any(e => e.Kind == TimelineEntryKind.DecisionRecorded && e.Text.Contains("driftsbudgettet", StringComparison.Ordinal)),
            what: "the edited text");
        var decision = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.DecisionRecorded);
        Assert.EndsWith("— Udvalget godkendte driftsbudgettet uden bemærkninger.", decision.Text, StringComparison.Ordinal);
        Assert.Equal("Opfølgning (BUF): Tidsplan for renovering", Assert.Single(timeline, e => e.Kind == TimelineEntryKind.FollowUp).Text);
        Assert.DoesNotContain(timeline, e => e.Kind == TimelineEntryKind.Referred);
        Assert.All(timeline, e => Assert.DoesNotContain("anlægsbudgettet med", e.Text, StringComparison.Ordinal));
        // The search has the new text only.
        Assert.Contains(await Cases.SearchAsync("driftsbudget"), h => h.CaseName == c.Name && h.Field == SearchField.DecisionText);
        Assert.DoesNotContain(await Cases.SearchAsync("bemærkninger anlægsbudgettet"), h => h.CaseName == c.Name && h.Field == SearchField.DecisionText);
    }

    [Fact]
    public async Task An_older_version_delivered_late_does_not_overwrite_a_newer_edit()
    {
        var c = await Cases.RegisterAsync("Trafiksikkerhedsplan");
        await using var probe = await EventProbe.ConnectAsync(host.Bus, typeof(DecisionRecorded));
        var body = await Meetings.BodyAsync("Teknik- og Miljøudvalget");
        var meeting = await Meetings.MeetingAsync(body);
        var item = await Meetings.ItemAsync(meeting, "Trafiksikkerhedsplan 2028", c.JournalNumber);
        await Meetings.PublishAsync(meeting);
        var decided = await Meetings.DecideAsync(item, "Planen sendes i høring.");
        var original = (await probe.WaitForAsync<DecisionRecorded>(all => all.Any(d => d.Decision == decided.Name))).Single(d => d.Decision == decided.Name);
        await Meetings.Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision { Name = decided.Name, Text = "Planen vedtages uden høring." },
            UpdateMask = new FieldMask { Paths = { "text" } },
        }, cancellationToken: Ct);
        await Cases.WaitForTimelineAsync(c, t => t.Any(e => e.Kind == TimelineEntryKind.DecisionRecorded && e.Text.EndsWith("vedtages uden høring.", StringComparison.Ordinal)),
            what: "the edited text");

        // The first version again, as another message (e.g. moved back from an error queue late).
        var lateId = NewId.NextGuid();
        await host.Bus.Publish(original, ctx => ctx.MessageId = lateId, Ct);
        await Cases.WaitUntilHandledAsync(CasesDriver.DecisionRecordedConsumer, lateId);

        var timeline = await Cases.TimelineAsync(c);
        var decision = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.DecisionRecorded);
        Assert.EndsWith("— Planen vedtages uden høring.", decision.Text, StringComparison.Ordinal);
        Assert.Contains(await Cases.SearchAsync("vedtages"), h => h.CaseName == c.Name && h.Field == SearchField.DecisionText);
        Assert.DoesNotContain(await Cases.SearchAsync("høring sendes"), h => h.CaseName == c.Name && h.Field == SearchField.DecisionText);
    }

    [Fact]
    public async Task The_trace_of_the_RecordDecision_call_is_on_the_timeline_entry()
    {
        var c = await Cases.CreateAsync("Klimaplan");
        var body = await Meetings.BodyAsync();
        var meeting = await Meetings.MeetingAsync(body);
        var item = await Meetings.ItemAsync(meeting, "Klimaplan 2030", c.JournalNumber);
        await Meetings.PublishAsync(meeting);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var headers = new Metadata { { TraceHeaders.TraceParent, $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01" } };
        var decided = await Meetings.DecideAsync(item, "Klimaplanen godkendes.", configure: d =>
            d.FollowUps.Add(new FollowUp { Description = "Årlig status", Unit = "BYC" }), headers: headers);

        var timeline = await Cases.WaitForTimelineAsync(c, t => HasDecision(t, decided.Name), what: "the decision");
        Assert.Equal(traceId, Assert.Single(timeline, e => e.Kind == TimelineEntryKind.DecisionRecorded).TraceId);
        Assert.Equal(traceId, Assert.Single(timeline, e => e.Kind == TimelineEntryKind.FollowUp).TraceId);
        // The agenda item was added in a call of its own, with another trace.
        Assert.NotEqual(traceId, Assert.Single(timeline, e => e.Kind == TimelineEntryKind.AgendaItemAdded).TraceId);
    }
}

public sealed class EmbeddedCaseTimelineTests(EmbeddedHost host) : CaseTimelineTests(host), IClassFixture<EmbeddedHost>;

public sealed class ServerCaseTimelineTests(ServerHost host) : CaseTimelineTests(host), IClassFixture<ServerHost>;
