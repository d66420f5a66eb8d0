using System.Globalization;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;

namespace Governance.Reminders.Domain;

/// <summary>One time a reminder falls due. <paramref name="Key"/> names it stably ("2026-03-09" for a
/// date, "2026-03" for a month, the local start "2026-03-09T08:00" for a rule): done/skipped marks and
/// due notices are keyed by it. <paramref name="LocalStart"/> is Europe/Copenhagen wall-clock time as
/// the rule names it.</summary>
public sealed record Occurrence(string Key, DateTime LocalStart, DateTime DueAtUtc, DateTime OverdueAtUtc);

/// <summary>When a reminder falls due and becomes overdue. A date falls due at 08:00 Copenhagen time
/// that day and is overdue at 08:00 the next day; a month on its 1st at 08:00, overdue on the 1st of
/// the next month at 08:00; a rule's occurrence at its local start, overdue one day later at the same
/// local time. Free text never falls due. Rules are expanded by Ical.Net (TZID Europe/Copenhagen).</summary>
public static class ReminderSchedule
{
    // A rule whose BY parts never match (30 February) would otherwise be searched up to year 10000.
    private static readonly EvaluationOptions Options = new() { MaxUnmatchedIncrementsLimit = 1000 };

    /// <summary>The occurrences due in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), by due
    /// time ascending; lazy, so an open-ended rule is expanded only as far as it is read.</summary>
    public static IEnumerable<Occurrence> Between(ExpectedTime time, DateTime fromUtc, DateTime toUtc)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time switch
        {
            ExpectedTime.Recurring r => RuleOccurrences(r, fromUtc).TakeWhile(o => o.DueAtUtc < toUtc),
            _ => OneOff(time) is { } one && one.DueAtUtc >= fromUtc && one.DueAtUtc < toUtc ? [one] : [],
        };
    }

    /// <summary>The first occurrence due at or after <paramref name="utc"/>, or null when there is none
    /// (a past date, an ended rule, free text). For an open-ended rule Ical.Net starts from that point
    /// (it steps the rule's interval forward without expanding the occurrences before it).</summary>
    public static Occurrence? NextDueAtOrAfter(ExpectedTime time, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time switch
        {
            ExpectedTime.Recurring r => RuleOccurrences(r, utc).FirstOrDefault(),
            _ => OneOff(time) is { } one && one.DueAtUtc >= utc ? one : null,
        };
    }

    /// <summary>The first occurrence due at or after <paramref name="utc"/> that is not marked done or
    /// skipped (its key not in <paramref name="marked"/>), or null. Read from one expansion: marks reach
    /// at most <see cref="OccurrenceMarks.MaxDaysAhead"/> days ahead, so the search ends soon after.</summary>
    public static Occurrence? NextDueAtOrAfter(ExpectedTime time, DateTime utc, IReadOnlySet<string> marked)
    {
        ArgumentNullException.ThrowIfNull(marked);
        return marked.Count == 0
            ? NextDueAtOrAfter(time, utc)
            : Between(time, utc, DateTime.MaxValue).FirstOrDefault(o => !marked.Contains(o.Key));
    }

    /// <summary>The one occurrence of a date or a month; null for a rule or free text.</summary>
    public static Occurrence? OneOff(ExpectedTime time) => time switch
    {
        // Years up to 9998: the day after must exist (validation keeps stored times in 2000-2200 anyway).
        ExpectedTime.OnDate { Date.Year: <= 9998 } d => Fixed(
            d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Date.ToDateTime(ExpectedTimeText.DefaultTimeOfDay),
            d.Date.AddDays(1).ToDateTime(ExpectedTimeText.DefaultTimeOfDay)),
        ExpectedTime.InMonth { Month: >= 1 and <= 12, Year: >= 1 and <= 9998 } m => Fixed(
            $"{m.Year:0000}-{m.Month:00}", new DateTime(m.Year, m.Month, 1).Add(ExpectedTimeText.DefaultTimeOfDay.ToTimeSpan()),
            new DateTime(m.Year, m.Month, 1).AddMonths(1).Add(ExpectedTimeText.DefaultTimeOfDay.ToTimeSpan())),
        _ => null,
    };

    /// <summary>UTC of a Copenhagen wall-clock time, total: a time skipped by the spring change moves
    /// forward by the gap (02:30 → 03:30 summer time), an ambiguous one takes the first (summer time).</summary>
    public static DateTime LocalToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (CopenhagenTime.ToUtc(local) is { } utc)
        {
            return utc;
        }
        // In the gap: the offset in force before it (a gap is an hour; six hours back is safely before it).
        var before = CopenhagenTime.Zone.GetUtcOffset(local.AddHours(-6));
        return DateTime.SpecifyKind(local - before, DateTimeKind.Utc);
    }

    /// <summary>The local start of a rule's first occurrence at or after <paramref name="start"/> when
    /// the rule starts there, or null when the rule cannot be read or never occurs.</summary>
    internal static DateTime? FirstLocalStart(string rrule, DateTime start) =>
        RuleOccurrences(new ExpectedTime.Recurring(rrule, start), DateTime.MinValue).FirstOrDefault()?.LocalStart;

    private static Occurrence Fixed(string key, DateTime localStart, DateTime localOverdue) =>
        new(key, localStart, LocalToUtc(localStart), LocalToUtc(localOverdue));

    private static IEnumerable<Occurrence> RuleOccurrences(ExpectedTime.Recurring rule, DateTime fromUtc)
    {
        if (ExpectedTimeText.ReadRule(rule.RRule) is not { } pattern || rule.Start.Year is < 1 or > 9998)
        {
            yield break;
        }
        var calendarEvent = new CalendarEvent
        {
            DtStart = new CalDateTime(DateTime.SpecifyKind(rule.Start, DateTimeKind.Unspecified), CopenhagenTime.ZoneId),
            RecurrenceRule = pattern,
        };
        // Ask from a day early: Ical.Net compares its own UTC of a shifted (gap) time; the filter below is ours.
        var searchFrom = fromUtc <= DateTime.MinValue.AddDays(1) ? null : new CalDateTime(DateTime.SpecifyKind(fromUtc.AddDays(-1), DateTimeKind.Utc), CalDateTime.UtcTzId);
        using var occurrences = calendarEvent.GetOccurrences(searchFrom, Options).GetEnumerator();
        while (true)
        {
            DateTime local;
            try
            {
                if (!occurrences.MoveNext())
                {
                    yield break;
                }
                local = occurrences.Current.Period.StartTime.Value;
                if (local.Year > 9998)
                {
                    yield break;
                }
            }
            catch (EvaluationException)
            {
                // Past year 10000 or no match for too long: the rule has no further occurrence.
                yield break;
            }
            var occurrence = new Occurrence(
                local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), local, LocalToUtc(local), LocalToUtc(local.AddDays(1)));
            if (occurrence.DueAtUtc >= fromUtc)
            {
                yield return occurrence;
            }
        }
    }
}
