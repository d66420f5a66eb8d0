using MassTransit;

namespace Governance.Meetings.Events;

// Events the Meetings service publishes through its outbox. Field names follow the protos: resource
// names as in the gRPC API ("meetings/{id}", "meetings/{id}/items/{id}"...), BodyDisplayName is the
// body's display_name at the time, StartTime the meeting's start_time (its start as a UTC instant).
// Every event carries Version, the version (etag counter) after the change of the resource it is
// about, and OccurredAt, when the change happened; times are UTC instants. An item on a closed
// (lukket) agenda item carries its journal number and Closed = true, never its title, text, follow-ups
// or referral notes: events reach every subscriber, and only members and the secretariat may read closed
// content. The URNs are the wire contract: never change one; add a v2 event instead.

/// <summary>An event about one meeting: the outbox publishes the events of one meeting in the order they
/// happened (the ordering key). Not a message type of its own: no exchange, not in the envelope.</summary>
[ExcludeFromTopology]
[ExcludeFromImplementedTypes]
public interface IMeetingEvent
{
    string Meeting { get; }
}

/// <summary>One agenda item as events show it. <see cref="Title"/> is null when the item is closed.</summary>
public sealed record AgendaEntry(string Item, int Number, string JournalNumber, bool Closed, string? Title);

/// <summary>A follow-up of a decision: what, which unit, by when.</summary>
public sealed record FollowUpInfo(string Description, string Unit, DateOnly? DueDate);

/// <summary>A referral (oversendelse) of a decision to another body.</summary>
public sealed record ReferralInfo(string BodyDisplayName, DateOnly? ExpectedDate, string Text);

/// <summary>A meeting was scheduled. Version: the meeting's.</summary>
[MessageUrn("governance:meetings:meeting-scheduled:v1")]
public sealed record MeetingScheduled(string Meeting, string Body, string BodyDisplayName, DateTimeOffset StartTime, string Title,
    string Room, DateTimeOffset OccurredAt, long Version) : IMeetingEvent;

/// <summary>A meeting was cancelled (aflyst). Version: the meeting's.</summary>
[MessageUrn("governance:meetings:meeting-cancelled:v1")]
public sealed record MeetingCancelled(string Meeting, string Body, string BodyDisplayName, DateTimeOffset StartTime, string Reason,
    DateTimeOffset OccurredAt, long Version) : IMeetingEvent;

/// <summary>A meeting's agenda was published, with every item in order. Version: the meeting's.</summary>
[MessageUrn("governance:meetings:agenda-published:v1")]
public sealed record AgendaPublished(string Meeting, string Body, string BodyDisplayName, DateTimeOffset StartTime,
    IReadOnlyList<AgendaEntry> Items, DateTimeOffset OccurredAt, long Version) : IMeetingEvent;

/// <summary>An item was added to a meeting's agenda (<see cref="Supplement"/>: after publication, a
/// tillæg). Version: the item's.</summary>
[MessageUrn("governance:meetings:agenda-item-added:v1")]
public sealed record AgendaItemAdded(string Meeting, string Body, string BodyDisplayName, DateTimeOffset StartTime, AgendaEntry Entry,
    bool Supplement, DateTimeOffset OccurredAt, long Version) : IMeetingEvent;

/// <summary>An item was postponed (udsat); <see cref="CarriedItem"/> is the item it became on
/// <see cref="TargetMeeting"/>, when a target was given. <see cref="TargetBodyDisplayName"/> (the
/// display name of the target meeting's body) and <see cref="TargetStartTime"/> are null without a
/// target. Version: the postponing decision's.</summary>
[MessageUrn("governance:meetings:item-postponed:v1")]
public sealed record ItemPostponed(string Decision, string Meeting, string Body, string BodyDisplayName, DateTimeOffset StartTime,
    AgendaEntry Entry, string? TargetMeeting, string? CarriedItem, string? TargetBodyDisplayName, DateTimeOffset? TargetStartTime,
    DateTimeOffset OccurredAt, long Version) : IMeetingEvent;

/// <summary>A decision (beslutning) was recorded, or corrected (<see cref="Corrects"/>), or edited (the
/// same <see cref="Decision"/> again, with a higher Version). Outcome is the contract's enum name
/// without prefix ("APPROVED", "POSTPONED"...), for programs; OutcomeText is its Danish word as the
/// minutes write it ("Godkendt", "Udsat"...), for people. For a closed item Text is null and FollowUps and
/// Referrals are empty. Version: the decision's.</summary>
[MessageUrn("governance:meetings:decision-recorded:v1")]
public sealed record DecisionRecorded(string Decision, string Meeting, string Body, string BodyDisplayName, DateTimeOffset StartTime,
    AgendaEntry Entry, string Outcome, string OutcomeText, string? Text, IReadOnlyList<FollowUpInfo> FollowUps, IReadOnlyList<ReferralInfo> Referrals,
    string? Corrects, DateTimeOffset OccurredAt, long Version) : IMeetingEvent;

/// <summary>A meeting's minutes were approved, with every item in order. Version: the meeting's.</summary>
[MessageUrn("governance:meetings:minutes-approved:v1")]
public sealed record MinutesApproved(string Meeting, string Body, string BodyDisplayName, DateTimeOffset StartTime,
    IReadOnlyList<AgendaEntry> Items, DateTimeOffset OccurredAt, long Version) : IMeetingEvent;
