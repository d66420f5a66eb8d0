using MassTransit;

namespace Governance.Surveys.Events;

// Events the Surveys service publishes through its outbox, in the transaction of the change. Round is
// the resource name ("rounds/apv-2017"). Like every event of the platform each carries Version (the
// round's or the action plan item's version, its etag counter, after the change) and OccurredAt
// (when the change happened, UTC). No event carries an answer, an address, or anything that narrows a
// respondent down: counts are of whole rounds, never of a unit. The URNs are the wire contract: never
// change one; add a v2 event instead.

/// <summary>An event about one round: the outbox publishes the events of one round in the order they
/// happened (the ordering key). Not a message type of its own.</summary>
[ExcludeFromTopology]
[ExcludeFromImplementedTypes]
public interface IRoundEvent
{
    string Round { get; }
}

/// <summary>A round opened for answers until <see cref="CloseTime"/>. <see cref="Instruments"/> are
/// instrument names ("instruments/apv-2017"), <see cref="InstrumentKinds"/> their kinds in the same order
/// (the contract's enum names without prefix: APV_WELLBEING, SOCIAL_CAPITAL, LEADERSHIP_EVALUATION).</summary>
[MessageUrn("governance:surveys:round-opened:v1")]
public sealed record RoundOpened(string Round, string DisplayName, IReadOnlyList<string> Instruments, IReadOnlyList<string> InstrumentKinds,
    string OrganisationVersion, int InvitedCount, DateTimeOffset CloseTime, DateTimeOffset ReleaseTime, DateTimeOffset OccurredAt, long Version)
    : IRoundEvent;

/// <summary>A round closed (by CloseRound or at its close time): no more answers.</summary>
[MessageUrn("governance:surveys:round-closed:v1")]
public sealed record RoundClosed(string Round, string DisplayName, int InvitedCount, int ResponseCount, DateTimeOffset ReleaseTime,
    DateTimeOffset OccurredAt, long Version) : IRoundEvent;

/// <summary>A round's results are released to those who may see them.</summary>
[MessageUrn("governance:surveys:results-released:v1")]
public sealed record ResultsReleased(string Round, string DisplayName, IReadOnlyList<string> Instruments, DateTimeOffset OccurredAt, long Version)
    : IRoundEvent;

/// <summary>Those who have not answered an open round are to be reminded today (day <see cref="Day"/>
/// after opening, one of the round's reminder days): <see cref="NonRespondentCount"/> of the whole
/// round, never who. The Surveys service sends the reminders itself; the event tells others it did.</summary>
[MessageUrn("governance:surveys:non-respondent-reminder-due:v1")]
public sealed record NonRespondentReminderDue(string Round, string DisplayName, int Day, int NonRespondentCount, DateTimeOffset CloseTime,
    DateTimeOffset OccurredAt, long Version) : IRoundEvent;

/// <summary>The next APV falls due (<see cref="DueDate"/>, three years after <see cref="Round"/> opened):
/// published when an APV round's results are released, for the Reminders service to put on HR's list.</summary>
[MessageUrn("governance:surveys:next-round-due:v1")]
public sealed record NextRoundDue(string Round, string DisplayName, DateOnly DueDate, DateTimeOffset OccurredAt, long Version) : IRoundEvent;

/// <summary>An event about one action plan item (<c>rounds/{round}/actionPlanItems/{item}</c>).</summary>
[ExcludeFromTopology]
[ExcludeFromImplementedTypes]
public interface IActionPlanItemEvent : IRoundEvent
{
    string Item { get; }
    string Unit { get; }
    string UnitDisplayName { get; }
    string Problem { get; }
    string Action { get; }
    string Responsible { get; }
    DateOnly Deadline { get; }
    string State { get; }
    DateTimeOffset OccurredAt { get; }
    long Version { get; }
}

/// <summary>An item was added to a workplace's action plan. <see cref="Unit"/> is the unit id,
/// <see cref="UnitDisplayName"/> its name; <see cref="State"/> the contract's enum name without prefix
/// (OPEN, IN_PROGRESS, DONE, CANCELLED).</summary>
[MessageUrn("governance:surveys:action-plan-item-added:v1")]
public sealed record ActionPlanItemAdded(string Item, string Round, string Unit, string UnitDisplayName, string Problem, string Action,
    string Responsible, DateOnly Deadline, string State, DateTimeOffset OccurredAt, long Version) : IActionPlanItemEvent;

/// <summary>An action plan item changed: the whole item as it is now (a higher <see cref="Version"/>
/// replaces what a subscriber had).</summary>
[MessageUrn("governance:surveys:action-plan-item-changed:v1")]
public sealed record ActionPlanItemChanged(string Item, string Round, string Unit, string UnitDisplayName, string Problem, string Action,
    string Responsible, DateOnly Deadline, string State, DateTimeOffset OccurredAt, long Version) : IActionPlanItemEvent;
