using System.Diagnostics;
using Governance.Integration.Tests.Support;
using Governance.Meetings.Events;
using Governance.Meetings.V1;
using Governance.Messaging.Tracing;
using Grpc.Core;

namespace Governance.Integration.Tests.Messaging;

/// <summary>
/// What Meetings publishes, seen by a subscriber of its own, for changes made through the public gRPC
/// API: each event once, with the content the contract promises and no closed content.
/// </summary>
public abstract class MeetingsEventsTests(IIntegrationHost host)
{
    internal static readonly Type[] MeetingsEventTypes =
    [
        typeof(MeetingScheduled), typeof(MeetingCancelled), typeof(AgendaPublished), typeof(AgendaItemAdded),
        typeof(ItemPostponed), typeof(DecisionRecorded), typeof(MinutesApproved),
    ];

    private MeetingsDriver Meetings => new(host.Server.Channel);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_meeting_lifecycle_publishes_each_event_once_without_closed_content()
    {
        await using var probe = await EventProbe.ConnectAsync(host.Bus, MeetingsEventTypes);
        var body = await Meetings.BodyAsync("Direktionen");
        var meeting = await Meetings.MeetingAsync(body, day: 9);
        var later = await Meetings.MeetingAsync(body, day: 23);
        var open = await Meetings.ItemAsync(meeting, "Regnskab 2016 (Direktionen)", "16/25345");
        var closed = await Meetings.ItemAsync(meeting, "Personalesag: afskedigelse af medarbejder", "16/26813", ItemKind.Closed);
        var beforePublish = Microseconds(DateTimeOffset.UtcNow);
        var publishedMeeting = await Meetings.PublishAsync(meeting);
        var afterPublish = Microseconds(DateTimeOffset.UtcNow);
        await Meetings.HeldAsync(meeting);
        var decided = await Meetings.DecideAsync(open, "Godkendt. Regnskabet oversendes til revisionen.", configure: d =>
        {
            d.FollowUps.Add(new FollowUp { Description = "Oversend til revisionen", Unit = "Økonomi", DueDate = new Google.Type.Date { Year = 2027, Month = 4, Day = 1 } });
            d.Referrals.Add(new Referral { BodyDisplayName = "Økonomiudvalget", Text = "Til orientering" });
        });
        var secret = await Meetings.DecideAsync(closed, "Medarbejderen afskediges.", configure: d =>
            d.FollowUps.Add(new FollowUp { Description = "Afskedigelsesbrev sendes", Unit = "HR" }));
        var postponed = await Meetings.DecideAsync(open, "Udsat.", DecisionOutcome.Postponed, d => d.PostponedTo = later.Name);
        var beforeApproval = Microseconds(DateTimeOffset.UtcNow);
        var approvedMeeting = await Meetings.Client.ApproveMinutesAsync(new ApproveMinutesRequest { Name = meeting.Name }, cancellationToken: Ct);
        var afterApproval = Microseconds(DateTimeOffset.UtcNow);
        var cancelledMeeting = await Meetings.Client.CancelMeetingAsync(new CancelMeetingRequest { Name = later.Name, Reason = "Aflyst: for få punkter" },
            cancellationToken: Ct);
        var afterCancel = Microseconds(DateTimeOffset.UtcNow);

        var all = await probe.WaitAsync(r => r.Any(x => x.Message is MeetingCancelled c && c.Meeting == later.Name)
            && r.Any(x => x.Message is MinutesApproved a && a.Meeting == meeting.Name));
        // Nothing more arrives, and nothing twice.
        await Task.Delay(500, Ct);
        all = probe.All;
        Assert.Equal(all.Count, all.Select(r => r.MessageId).Distinct().Count());

        Assert.Equal(new[] { meeting.Name, later.Name }.Order(StringComparer.Ordinal),
            probe.Of<MeetingScheduled>().Select(e => e.Meeting).Order(StringComparer.Ordinal));
        var scheduled = Assert.Single(probe.Of<MeetingScheduled>(), e => e.Meeting == meeting.Name);
        Assert.Equal(body.Name, scheduled.Body);
        Assert.Equal("Direktionen", scheduled.BodyDisplayName);
        Assert.Equal(new DateTimeOffset(2027, 3, 9, 7, 30, 0, TimeSpan.Zero), scheduled.StartTime);
        AssertVersionAndTime(meeting.Etag, meeting.CreateTime, scheduled.Version, scheduled.OccurredAt);

        var added = probe.Of<AgendaItemAdded>().Where(e => e.Meeting == meeting.Name || e.Meeting == later.Name).ToList();
        Assert.Equal(3, added.Count);
        var addedOpen = Assert.Single(added, e => e.Entry.Item == open.Name);
        Assert.Equal(new AgendaEntry(open.Name, 1, "16/25345", false, "Regnskab 2016 (Direktionen)"), addedOpen.Entry);
        AssertVersionAndTime(open.Etag, open.CreateTime, addedOpen.Version, addedOpen.OccurredAt);
        var addedClosed = Assert.Single(added, e => e.Entry.Item == closed.Name);
        Assert.Equal(new AgendaEntry(closed.Name, 2, "16/26813", true, null), addedClosed.Entry);
        AssertVersionAndTime(closed.Etag, closed.CreateTime, addedClosed.Version, addedClosed.OccurredAt);
        var carried = Assert.Single(added, e => e.Meeting == later.Name);
        Assert.Equal("16/25345", carried.Entry.JournalNumber);
        var carriedItem = await Meetings.Client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = carried.Entry.Item }, cancellationToken: Ct);
        AssertVersionAndTime(carriedItem.Etag, carriedItem.CreateTime, carried.Version, carried.OccurredAt);

        var published = Assert.Single(probe.Of<AgendaPublished>(), e => e.Meeting == meeting.Name);
        Assert.Equal([(1, false, "Regnskab 2016 (Direktionen)"), (2, true, null)], published.Items.Select(i => (i.Number, i.Closed, i.Title)));
        // A lifecycle step: the meeting's version after it (the etag the call returned), at the time the step wrote.
        AssertVersionAndTime(publishedMeeting.Etag, publishedMeeting.AgendaPublishTime, published.Version, published.OccurredAt);
        Assert.InRange(published.OccurredAt, beforePublish, afterPublish);

        var decisions = probe.Of<DecisionRecorded>().Where(e => e.Meeting == meeting.Name).ToList();
        Assert.Equal(3, decisions.Count);
        var approved = Assert.Single(decisions, e => e.Decision == decided.Name);
        Assert.Equal(("APPROVED", "Godkendt"), (approved.Outcome, approved.OutcomeText));
        Assert.Equal("Godkendt. Regnskabet oversendes til revisionen.", approved.Text);
        Assert.Equal(new FollowUpInfo("Oversend til revisionen", "Økonomi", new DateOnly(2027, 4, 1)), Assert.Single(approved.FollowUps));
        Assert.Equal(new ReferralInfo("Økonomiudvalget", null, "Til orientering"), Assert.Single(approved.Referrals));
        AssertVersionAndTime(decided.Etag, decided.UpdateTime, approved.Version, approved.OccurredAt);
        var closedDecision = Assert.Single(decisions, e => e.Decision == secret.Name);
        Assert.True(closedDecision.Entry.Closed);
        Assert.Null(closedDecision.Text);
        Assert.Empty(closedDecision.FollowUps);
        AssertVersionAndTime(secret.Etag, secret.UpdateTime, closedDecision.Version, closedDecision.OccurredAt);

        var postponement = Assert.Single(probe.Of<ItemPostponed>(), e => e.Meeting == meeting.Name);
        Assert.Equal(postponed.Name, postponement.Decision);
        Assert.Equal(later.Name, postponement.TargetMeeting);
        Assert.Equal(carried.Entry.Item, postponement.CarriedItem);
        // The target meeting by its body's display name and its start, for subscribers that show it to people.
        Assert.Equal(carried.BodyDisplayName, postponement.TargetBodyDisplayName);
        Assert.Equal(carried.StartTime, postponement.TargetStartTime);
        // About the postponing decision: its version and time.
        AssertVersionAndTime(postponed.Etag, postponed.UpdateTime, postponement.Version, postponement.OccurredAt);

        var approval = Assert.Single(probe.Of<MinutesApproved>(), e => e.Meeting == meeting.Name);
        Assert.Equal(meeting.Name, approval.Meeting);
        AssertVersionAndTime(approvedMeeting.Etag, approvedMeeting.MinutesApproveTime, approval.Version, approval.OccurredAt);
        Assert.InRange(approval.OccurredAt, beforeApproval, afterApproval);
        var cancellation = Assert.Single(probe.Of<MeetingCancelled>(), e => e.Meeting == later.Name);
        Assert.Equal("Aflyst: for få punkter", cancellation.Reason);
        Assert.Equal(VersionOf(cancelledMeeting.Etag), cancellation.Version);
        Assert.InRange(cancellation.OccurredAt, afterApproval, afterCancel);

        // No closed text in any event, whatever its type.
        foreach (var received in all)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(received.Message, received.Message.GetType());
            Assert.DoesNotContain("Personalesag", json, StringComparison.Ordinal);
            Assert.DoesNotContain("afskedig", json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task An_edited_decision_is_published_again_with_its_next_version()
    {
        await using var probe = await EventProbe.ConnectAsync(host.Bus, MeetingsEventTypes);
        var body = await Meetings.BodyAsync();
        var meeting = await Meetings.MeetingAsync(body);
        var item = await Meetings.ItemAsync(meeting, "Trafiksikkerhedsplan 2028", "17/4243");
        await Meetings.PublishAsync(meeting);
        var decided = await Meetings.DecideAsync(item, "Planen sendes i høring.");
        var edited = await Meetings.Client.UpdateDecisionAsync(new UpdateDecisionRequest
        {
            Decision = new Decision { Name = decided.Name, Text = "Planen vedtages uden høring." },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "text" } },
        }, cancellationToken: Ct);

        var versions = await probe.WaitForAsync<DecisionRecorded>(all => all.Count(d => d.Decision == decided.Name) == 2);
        var (first, second) = (Assert.Single(versions, d => d.Text == "Planen sendes i høring."), Assert.Single(versions, d => d.Text == "Planen vedtages uden høring."));
        AssertVersionAndTime(decided.Etag, decided.UpdateTime, first.Version, first.OccurredAt);
        AssertVersionAndTime(edited.Etag, edited.UpdateTime, second.Version, second.OccurredAt);
        Assert.Equal(first.Version + 1, second.Version);
    }

    [Fact]
    public async Task A_refused_change_publishes_nothing()
    {
        await using var probe = await EventProbe.ConnectAsync(host.Bus, MeetingsEventTypes);
        var body = await Meetings.BodyAsync();
        var meeting = await Meetings.MeetingAsync(body);
        await probe.WaitForAsync<MeetingScheduled>(e => e.Any(m => m.Meeting == meeting.Name));

        // An empty agenda cannot be published: the change rolls back, and so does its event.
        var refused = await Assert.ThrowsAsync<RpcException>(() => Meetings.PublishAsync(meeting));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        await Meetings.ItemAsync(meeting, "Orientering", "17/4242");
        await probe.WaitForAsync<AgendaItemAdded>(e => e.Any(a => a.Meeting == meeting.Name));
        await Task.Delay(300, Ct);
        Assert.DoesNotContain(probe.All, r => r.Message is AgendaPublished p && p.Meeting == meeting.Name);
    }

    [Fact]
    public async Task The_trace_of_the_gRPC_call_travels_with_its_event()
    {
        await using var probe = await EventProbe.ConnectAsync(host.Bus, MeetingsEventTypes);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var headers = new Metadata { { TraceHeaders.TraceParent, $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01" } };
        var body = await Meetings.BodyAsync();
        var meeting = await Meetings.MeetingAsync(body, headers: headers);

        var events = await probe.WaitAsync(r => r.Any(x => x.Message is MeetingScheduled s && s.Meeting == meeting.Name));
        var received = Assert.Single(events, r => r.Message is MeetingScheduled s && s.Meeting == meeting.Name);
        Assert.Equal(traceId, TraceHeaders.TraceIdOf(received.TraceParent));
    }

    /// <summary>The event is about the resource as the API returned it after the change: the same
    /// version (its etag) and the same time.</summary>
    private static void AssertVersionAndTime(string etag, Google.Protobuf.WellKnownTypes.Timestamp time, long version, DateTimeOffset occurredAt)
    {
        Assert.Equal(VersionOf(etag), version);
        Assert.Equal(time.ToDateTimeOffset(), occurredAt);
    }

    /// <summary>An instant to the microsecond, as the service keeps its times.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset at) => at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMicrosecond));

    /// <summary>The version in an etag (W/"3").</summary>
    private static long VersionOf(string etag) =>
        long.Parse(etag.Replace("W/", "", StringComparison.Ordinal).Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class EmbeddedMeetingsEventsTests(EmbeddedHost host) : MeetingsEventsTests(host), IClassFixture<EmbeddedHost>;

public sealed class ServerMeetingsEventsTests(ServerHost host) : MeetingsEventsTests(host), IClassFixture<ServerHost>;
