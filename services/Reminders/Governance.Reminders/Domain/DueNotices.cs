using Governance.Reminders.V1;
using static Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Reminders.Domain;

/// <summary>A due notice: "due" when an occurrence comes due, "overdue" when it is past its overdue time
/// and the reminder is still open. Stored once per (reminder, occurrence, kind).</summary>
public enum DueNoticeKind
{
    Due,
    Overdue,
}

public sealed record DueNotice(DueNoticeKind Kind, Occurrence Occurrence);

/// <summary>The occurrence whose overdue notice is still to come: announced due, not yet overdue.</summary>
public sealed record PendingOverdue(string Key, DateTime DueAtUtc, DateTime OverdueAtUtc);

/// <summary>What one sweep does to one reminder: the notices to publish (oldest first) and where the
/// reminder's next due time, last occurrence announced due and pending overdue notice stand afterwards.</summary>
public sealed record DuePlan(IReadOnlyList<DueNotice> Notices, DateTime? NextDueAt, DateTime? AnnouncedDueAt, PendingOverdue? Pending);

/// <summary>
/// The rule of the due sweep, a plain function of a reminder and the instant of the sweep.
/// <list type="bullet">
/// <item>The reminder's pending overdue notice goes out when its time has come.</item>
/// <item>Of the occurrences that came due since the reminder's next due time, only the latest is
/// announced due: after downtime a recurrence does not flood its units with the due notices of
/// occurrences long gone. Each earlier one that is already past its overdue time is announced overdue
/// once instead (at most <see cref="MaxCatchUp"/> of them, the most recent); one not yet overdue
/// (a rule more often than daily) is superseded by the later one and announced no more.</item>
/// <item>The latest then waits for its overdue time (or is announced overdue at once when that has
/// passed too). A recurrence's next due time moves to the first occurrence after it; a date or a
/// month keeps its one occurrence as next due time (it is still not done, and the API shows it), and
/// <see cref="DuePlan.AnnouncedDueAt"/> remembers it was announced.</item>
/// </list>
/// After a plan the reminder is not due again (<see cref="IsDue"/>) until its next occurrence or its
/// overdue time comes, so a reminder is planned once per occurrence, not once per sweep; the store's
/// unique key on (reminder, occurrence, kind) keeps a notice single even when an edit sets the next
/// due time back to an occurrence already announced (<see cref="ReminderEdits.NextDue"/>).
/// An occurrence marked done or skipped (<see cref="OccurrenceMarks"/>) is announced no more: marked
/// before it falls due it is passed over (no due notice, no overdue notice), marked after it was
/// announced due its overdue notice is dropped.
/// </summary>
public static class DueNotices
{
    /// <summary>Most overdue notices one catch-up gives a recurrence for occurrences it missed.</summary>
    public const int MaxCatchUp = 12;

    /// <summary>Whether the sweep at <paramref name="now"/> has something to do for an open reminder:
    /// its next occurrence has come and is not the one last announced, or its overdue notice is due.
    /// (The sweep's SQL selects by the same test.)</summary>
    public static bool IsDue(DateTime? nextDueAt, DateTime? announcedDueAt, PendingOverdue? pending, DateTime now) =>
        (nextDueAt <= now && nextDueAt != announcedDueAt) || pending?.OverdueAtUtc <= now;

    /// <summary>The plan for <paramref name="r"/> at <paramref name="now"/>. <paramref name="marked"/>:
    /// the keys of its occurrences marked done or skipped, from the earlier of its next due time and
    /// its pending overdue notice on (none for a reminder that is not recurring).</summary>
    public static DuePlan Plan(ReminderRecord r, DateTime? announcedDueAt, PendingOverdue? pending, DateTime now, IReadOnlySet<string>? marked = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        marked ??= ReminderEdits.NoMarks;
        var notices = new List<DueNotice>();
        var nextDue = r.NextDueAt;
        if (r.State != ReminderState.Open)
        {
            // Not open: nothing is due or overdue; reopening sets the next due time again.
            return new DuePlan(notices, r.NextDueAt, announcedDueAt, null);
        }
        if (pending is not null && marked.Contains(pending.Key))
        {
            // Marked done or skipped since it was announced due: it needs no overdue notice.
            pending = null;
        }
        if (pending is not null && pending.OverdueAtUtc <= now)
        {
            notices.Add(new DueNotice(DueNoticeKind.Overdue, new Occurrence(pending.Key, default, pending.DueAtUtc, pending.OverdueAtUtc)));
            pending = null;
        }
        if (nextDue is not null && nextDue == announcedDueAt && r.ExpectedTime is Recurring)
        {
            // An edit set the next due time back to the occurrence already announced (ReminderEdits
            // keeps an occurrence as next until it is overdue): the next one is the one after it.
            nextDue = ReminderSchedule.NextDueAtOrAfter(r.ExpectedTime, nextDue.Value.AddTicks(1), marked)?.DueAtUtc;
        }
        if (nextDue is null || nextDue > now || nextDue == announcedDueAt)
        {
            return new DuePlan(notices, nextDue, announcedDueAt, pending);
        }

        // Occurrences due in [next due, now]; the earlier ones kept only as far as catch-up needs them.
        var come = new Queue<Occurrence>();
        foreach (var o in ReminderSchedule.Between(r.ExpectedTime, nextDue.Value, now.AddTicks(1)).Where(o => !marked.Contains(o.Key)))
        {
            come.Enqueue(o);
            if (come.Count > MaxCatchUp + 1)
            {
                come.Dequeue();
            }
        }
        if (come.Count == 0)
        {
            // The stored next due time is no occurrence (the time was changed), or every occurrence
            // come since is marked: look again from now.
            return r.ExpectedTime is Recurring
                ? new DuePlan(notices, ReminderSchedule.NextDueAtOrAfter(r.ExpectedTime, now.AddTicks(1), marked)?.DueAtUtc, announcedDueAt, pending)
                : new DuePlan(notices, nextDue, nextDue, pending);
        }
        var latest = come.Last();
        foreach (var missed in come.Take(come.Count - 1))
        {
            if (missed.OverdueAtUtc <= now)
            {
                notices.Add(new DueNotice(DueNoticeKind.Overdue, missed));
            }
        }
        notices.Add(new DueNotice(DueNoticeKind.Due, latest));
        if (latest.OverdueAtUtc <= now)
        {
            notices.Add(new DueNotice(DueNoticeKind.Overdue, latest));
            pending = null;
        }
        else
        {
            pending = new PendingOverdue(latest.Key, latest.DueAtUtc, latest.OverdueAtUtc);
        }
        var next = r.ExpectedTime is Recurring ? ReminderSchedule.NextDueAtOrAfter(r.ExpectedTime, latest.DueAtUtc.AddTicks(1), marked)?.DueAtUtc : nextDue;
        return new DuePlan(notices, next, latest.DueAtUtc, pending);
    }
}
