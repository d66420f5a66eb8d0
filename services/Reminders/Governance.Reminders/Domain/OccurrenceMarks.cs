using System.Globalization;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Errors;
using static Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Reminders.Domain;

/// <summary>One occurrence of a recurring reminder marked done or skipped, with who and when; keyed
/// by the occurrence's key (<see cref="Occurrence.Key"/>, its local start "2026-03-09T08:00").</summary>
public sealed record OccurrenceMarkRecord
{
    public required string ReminderId { get; init; }
    public required string BodyId { get; init; }
    public required string Key { get; init; }
    /// <summary>When the occurrence falls due (UTC).</summary>
    public required DateTime OccurrenceAtUtc { get; init; }
    /// <summary><see cref="OccurrenceState.Done"/> or <see cref="OccurrenceState.Skipped"/>.</summary>
    public required OccurrenceState State { get; init; }
    public required string MarkedBy { get; init; }
    public required DateTime MarkedAt { get; init; }

    public string Name => OccurrenceMarks.Name(BodyId, ReminderId, Key);
}

/// <summary>What MarkOccurrence does to a reminder's marks: the mark to keep (null: none), and whether
/// anything changed (a repeated mark, or clearing one not marked, changes nothing).</summary>
public sealed record OccurrenceMarking(OccurrenceMarkRecord? Mark, bool Changed);

/// <summary>
/// Marking the occurrences of a recurring reminder done or skipped, one by one. A marked occurrence
/// needs no more attention: the reminder's next due time passes over it (<see cref="ReminderEdits.NextDue"/>),
/// the due sweep announces nothing for it (<see cref="DueNotices.Plan"/>) and the calendar leaves it
/// out (<see cref="CalendarExport"/>). Occurrences are the ones <see cref="ReminderSchedule"/> expands
/// (Ical.Net), found by the instant they fall due, as the API reports it.
/// </summary>
public static class OccurrenceMarks
{
    /// <summary>How far ahead an occurrence may be marked (the longest calendar window): the next due
    /// time passes over the marked ones one by one, so they must be bounded.</summary>
    public const int MaxDaysAhead = 731;

    public const string Collection = "occurrenceMarks";

    /// <summary>"2026-03-09T08:00" → "20260309T0800": the key as a resource id (RFC 5545's local form).</summary>
    public static string Id(string key) => key.Replace("-", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);

    public static string Name(string bodyId, string reminderId, string key) => $"{ReminderNames.Reminder(bodyId, reminderId)}/{Collection}/{Id(key)}";

    /// <summary>The local start a rule's occurrence key names (Europe/Copenhagen wall-clock time).</summary>
    public static DateTime LocalStart(string key) =>
        DateTime.ParseExact(key, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>The occurrence of <paramref name="r"/> that falls due at <paramref name="dueAtUtc"/>.
    /// REMINDER_NOT_OPEN for a reminder off the list, REMINDER_NOT_RECURRING for one that is not a
    /// recurrence, INVALID_ARGUMENT (occurrence_time) for an instant that is no occurrence or is more
    /// than <see cref="MaxDaysAhead"/> days ahead.</summary>
    public static Occurrence Find(ReminderRecord r, DateTime dueAtUtc, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.State != ReminderState.Open)
        {
            var error = new FailedPreconditionException("REMINDER_NOT_OPEN",
                $"{r.Name} is {ReminderLifecycle.Wire(r.State)}, not on the list, so its occurrences are not marked; open it again first.");
            error.Metadata["state"] = ReminderLifecycle.Wire(r.State);
            throw error;
        }
        if (r.ExpectedTime is not Recurring)
        {
            throw new FailedPreconditionException("REMINDER_NOT_RECURRING",
                $"{r.Name} is not recurring: its one occurrence is the reminder itself; mark it done with ChangeReminderState.");
        }
        if (dueAtUtc > now.AddDays(MaxDaysAhead))
        {
            throw new ValidationException("occurrence_time", $"must be at most {MaxDaysAhead} days after now");
        }
        var found = ReminderSchedule.NextDueAtOrAfter(r.ExpectedTime, dueAtUtc);
        if (found is null || found.DueAtUtc != dueAtUtc)
        {
            // Say where the nearest one is, so a caller who sent a local time for UTC sees the difference.
            var hint = found is null ? "the recurrence has no occurrence from then on" : $"the next one falls due at {found.DueAtUtc:yyyy-MM-dd'T'HH:mm:ss'Z'}";
            throw new ValidationException("occurrence_time", $"is not an occurrence of {r.Name}'s recurrence ({hint})");
        }
        return found;
    }

    /// <summary>The mark <paramref name="occurrence"/> gets when marked <paramref name="to"/> (OPEN
    /// clears it) by <paramref name="by"/> at <paramref name="now"/>. Marked already as asked: the mark
    /// stays as it was, who and when included.</summary>
    public static OccurrenceMarking Mark(ReminderRecord r, OccurrenceMarkRecord? existing, Occurrence occurrence, OccurrenceState to, string by, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(occurrence);
        if (to == OccurrenceState.Open)
        {
            return new OccurrenceMarking(null, existing is not null);
        }
        if (existing?.State == to)
        {
            return new OccurrenceMarking(existing, false);
        }
        return new OccurrenceMarking(new OccurrenceMarkRecord
        {
            ReminderId = r.Id,
            BodyId = r.BodyId,
            Key = occurrence.Key,
            OccurrenceAtUtc = occurrence.DueAtUtc,
            State = to,
            MarkedBy = by,
            MarkedAt = now,
        }, true);
    }

    /// <summary>The reminder after a change of its marks, one version on: its next due time passes over
    /// the occurrences now marked (<paramref name="marked"/>: the keys of its marks from a day before
    /// <paramref name="now"/> on, as <see cref="ReminderEdits.NextDue"/> looks).</summary>
    public static ReminderRecord Remarked(ReminderRecord r, IReadOnlySet<string> marked, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r with
        {
            NextDueAt = ReminderEdits.NextDue(r.ExpectedTime, now, marked),
            Version = r.Version + 1,
            UpdatedAt = now,
        };
    }

    /// <summary>Where <see cref="ReminderEdits.NextDue"/> starts looking at <paramref name="now"/>:
    /// the marks a write needs are those of occurrences due from then on.</summary>
    public static DateTime MarksNeededFrom(DateTime now) => now.AddDays(-1);
}
