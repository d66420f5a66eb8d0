using MassTransit;

namespace Governance.Reminders.Events;

// Events the Reminders service publishes through its outbox, in the transaction of the due sweep that
// found them. Reminder is the resource name ("bodies/direktionen/reminders/abc"), Body the list's body
// ("bodies/direktionen"). OccurrenceKey names the occurrence as the schedule keys it ("2026-03-09" for
// a date, "2026-03" for a month, the local start "2026-03-09T08:00" for a rule): at most one of each
// event per (reminder, occurrence). Like every event of the platform each carries Version (the
// reminder's version, its etag counter) and OccurredAt (when the sweep found it, UTC). A closed
// (lukket) reminder has Closed = true and Subject = null: events reach every subscriber. The URNs are
// the wire contract: never change one; add a v2 event instead.

/// <summary>An event about one reminder: the outbox publishes the events of one reminder in the order
/// they happened (the ordering key). Not a message type of its own: no exchange, not in the envelope.</summary>
[ExcludeFromTopology]
[ExcludeFromImplementedTypes]
public interface IReminderEvent
{
    string Reminder { get; }
}

/// <summary>An occurrence of a reminder has come due (<see cref="DueAt"/>, UTC); it becomes overdue at
/// <see cref="OverdueAt"/>. <see cref="Responsible"/> are the responsible units ("BYC/AM" is unit BYC),
/// once each, in order.</summary>
[MessageUrn("governance:reminders:reminder-due:v1")]
public sealed record ReminderDue(string Reminder, string Body, string? Subject, bool Closed, string OccurrenceKey, DateTimeOffset DueAt,
    DateTimeOffset OverdueAt, IReadOnlyList<string> Responsible, DateTimeOffset OccurredAt, long Version) : IReminderEvent;

/// <summary>An occurrence of a reminder is past <see cref="OverdueAt"/> and the reminder is still open.</summary>
[MessageUrn("governance:reminders:reminder-overdue:v1")]
public sealed record ReminderOverdue(string Reminder, string Body, string? Subject, bool Closed, string OccurrenceKey, DateTimeOffset DueAt,
    DateTimeOffset OverdueAt, IReadOnlyList<string> Responsible, DateTimeOffset OccurredAt, long Version) : IReminderEvent;
