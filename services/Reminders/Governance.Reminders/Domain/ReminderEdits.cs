using Governance.Reminders.V1;
using static Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Reminders.Domain;

/// <summary>A new reminder as a caller describes it (validated).</summary>
public sealed record ReminderDraft(string Subject, Responsible Responsible, ExpectedTime ExpectedTime, string Notes, bool Closed,
    int Position, string JournalNumber, string Meeting, string Decision);

/// <summary>What UpdateReminder changes: null leaves a field as it is.</summary>
public sealed record ReminderChanges(string? Subject = null, IReadOnlyList<string>? Parties = null, bool? AndOthers = null,
    ExpectedTime? ExpectedTime = null,
    string? Notes = null, bool? Closed = null, int? Position = null, string? JournalNumber = null, string? Meeting = null,
    string? Decision = null);

/// <summary>Making and changing reminders: plain functions of the records.</summary>
public static class ReminderEdits
{
    /// <summary>A new open reminder at <paramref name="position"/> of the body's list.</summary>
    public static ReminderRecord New(ReminderDraft d, string id, string bodyId, int position, ReminderOrigin origin, string? sourceKey,
        DateTime now) => new()
        {
            Id = id,
            BodyId = bodyId,
            Subject = d.Subject.Trim(),
            Responsible = d.Responsible,
            ExpectedTime = d.ExpectedTime,
            Notes = d.Notes,
            Closed = d.Closed,
            Position = position,
            JournalNumber = d.JournalNumber,
            Meeting = d.Meeting,
            Decision = d.Decision,
            Origin = origin,
            SourceKey = sourceKey,
            NextDueAt = NextDue(d.ExpectedTime, now),
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>The reminder with the changes applied, one version on. A position change is the
    /// caller's to place (<see cref="ListOrder.PlaceOfMoved"/>); it is taken as given here. The next
    /// due time passes over the occurrences marked done or skipped (<paramref name="marked"/>, see
    /// <see cref="NextDue"/>).</summary>
    public static ReminderRecord Apply(ReminderRecord r, ReminderChanges c, DateTime now, IReadOnlySet<string>? marked = null)
    {
        var time = c.ExpectedTime ?? r.ExpectedTime;
        return r with
        {
            Subject = c.Subject?.Trim() ?? r.Subject,
            Responsible = new Responsible(c.Parties ?? r.Responsible.Parties, c.AndOthers ?? r.Responsible.AndOthers),
            ExpectedTime = time,
            Notes = c.Notes ?? r.Notes,
            Closed = c.Closed ?? r.Closed,
            Position = c.Position ?? r.Position,
            JournalNumber = c.JournalNumber ?? r.JournalNumber,
            Meeting = c.Meeting ?? r.Meeting,
            Decision = c.Decision ?? r.Decision,
            NextDueAt = r.State == ReminderState.Open ? NextDue(time, now, marked) : null,
            Version = r.Version + 1,
            UpdatedAt = now,
        };
    }

    /// <summary>When the reminder's next occurrence falls due: a date or a month its one occurrence
    /// (also when that has passed: it is still not done); a recurrence the first occurrence not yet
    /// overdue at <paramref name="now"/> and not marked done or skipped (its key in
    /// <paramref name="marked"/>, which needs the marks from <see cref="OccurrenceMarks.MarksNeededFrom"/>
    /// on); free text never.</summary>
    public static DateTime? NextDue(ExpectedTime time, DateTime now, IReadOnlySet<string>? marked = null)
    {
        if (time is not Recurring)
        {
            return ReminderSchedule.NextDueAtOrAfter(time, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc))?.DueAtUtc;
        }
        var next = ReminderSchedule.NextDueAtOrAfter(time, OccurrenceMarks.MarksNeededFrom(now), marked ?? NoMarks);
        while (next is not null && next.OverdueAtUtc <= now)
        {
            next = ReminderSchedule.NextDueAtOrAfter(time, next.DueAtUtc.AddTicks(1), marked ?? NoMarks);
        }
        return next?.DueAtUtc;
    }

    /// <summary>No occurrence marked: a reminder made from a decision or a date has none.</summary>
    public static readonly IReadOnlySet<string> NoMarks = System.Collections.Frozen.FrozenSet<string>.Empty;
}
