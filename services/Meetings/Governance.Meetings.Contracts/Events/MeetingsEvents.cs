using MassTransit;

namespace Governance.Meetings.Events;

// Events the Meetings service publishes through its outbox. Names are resource names as in the gRPC
// API ("meetings/{id}", "meetings/{id}/items/{id}"...). Times are UTC instants. An item on a closed
// (lukket) agenda item carries its journal number and Closed = true, never its title, text, follow-ups
// or referral notes: events reach every subscriber, and only members and the secretariat may read closed
// content. The URNs are the wire contract: never change one; add a v2 event instead.

/// <summary>One agenda item as events show it. <see cref="Title"/> is null when the item is closed.</summary>
public sealed record AgendaEntry(string Item, int Number, string JournalNumber, bool Closed, string? Title);

/// <summary>A follow-up of a decision: what, which unit, by when.</summary>
public sealed record FollowUpInfo(string Description, string Unit, DateOnly? DueDate);

/// <summary>A referral (oversendelse) of a decision to another body.</summary>
public sealed record ReferralInfo(string BodyDisplayName, DateOnly? ExpectedDate, string Text);

[MessageUrn("governance:meetings:meeting-scheduled:v1")]
public sealed record MeetingScheduled(string Meeting, string Body, string BodyTitle, DateTimeOffset Start, string Title, string Room);

[MessageUrn("governance:meetings:meeting-cancelled:v1")]
public sealed record MeetingCancelled(string Meeting, string Body, string BodyTitle, DateTimeOffset Start, string Reason, DateTimeOffset CancelledAt);

[MessageUrn("governance:meetings:agenda-published:v1")]
public sealed record AgendaPublished(string Meeting, string Body, string BodyTitle, DateTimeOffset Start, DateTimeOffset PublishedAt,
    IReadOnlyList<AgendaEntry> Items);

[MessageUrn("governance:meetings:agenda-item-added:v1")]
public sealed record AgendaItemAdded(string Meeting, string Body, string BodyTitle, DateTimeOffset MeetingStart, AgendaEntry Entry,
    bool Supplement, DateTimeOffset AddedAt);

/// <summary>An item was postponed (udsat); <see cref="CarriedItem"/> is the item it became on
/// <see cref="TargetMeeting"/>, when a target was given. <see cref="TargetBodyTitle"/> (the display
/// name of the target meeting's body) and <see cref="TargetMeetingStart"/> were added later: null
/// without a target, and in messages from an older producer.</summary>
[MessageUrn("governance:meetings:item-postponed:v1")]
public sealed record ItemPostponed(string Decision, string Meeting, string Body, string BodyTitle, DateTimeOffset MeetingStart,
    AgendaEntry Entry, string? TargetMeeting, string? CarriedItem, DateTimeOffset PostponedAt,
    string? TargetBodyTitle = null, DateTimeOffset? TargetMeetingStart = null);

/// <summary>A decision (beslutning) was recorded, or corrected (<see cref="Corrects"/>). Outcome is the
/// contract's enum name without prefix ("APPROVED", "POSTPONED"...). For a closed item Text is null and
/// FollowUps and Referrals are empty.</summary>
[MessageUrn("governance:meetings:decision-recorded:v1")]
public sealed record DecisionRecorded(string Decision, string Meeting, string Body, string BodyTitle, DateTimeOffset MeetingStart,
    AgendaEntry Entry, string Outcome, string? Text, IReadOnlyList<FollowUpInfo> FollowUps, IReadOnlyList<ReferralInfo> Referrals,
    string? Corrects, DateTimeOffset RecordedAt);

[MessageUrn("governance:meetings:minutes-approved:v1")]
public sealed record MinutesApproved(string Meeting, string Body, string BodyTitle, DateTimeOffset Start, DateTimeOffset ApprovedAt,
    IReadOnlyList<AgendaEntry> Items);
