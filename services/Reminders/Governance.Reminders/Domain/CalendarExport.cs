using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Governance.Reminders.Domain;

/// <summary>What a body's calendar shows: its meetings and its open reminders (already as the audience
/// may see them), the days of meetings and dated reminders shown, when it is made (DTSTAMP), and the
/// marked occurrences of its recurring reminders in those days (<see cref="CalendarExport.MarksFrom"/>).</summary>
public sealed record CalendarContent(string BodyId, DateOnly From, DateOnly To, IReadOnlyList<ForumMeetingRecord> Meetings,
    IReadOnlyList<ReminderRecord> Reminders, DateTime MadeAtUtc, IReadOnlyList<OccurrenceMarkRecord>? Marks = null);

/// <summary>
/// A body's meetings and reminders as RFC 5545 text, made with Ical.Net. A date is an all-day event
/// (the day it falls due; it blocks no time); a month an all-day event on its 1st, the day it falls due
/// (<see cref="ReminderSchedule"/>), rather than a month-long bar across the calendar; a recurrence is
/// one event at its local start with its RRULE, so the calendar program expands it; free text has no
/// time and is left out. A meeting starts at its start with its room as LOCATION (all-day on its date
/// when its start is not known). Times carry the Europe/Copenhagen VTIMEZONE. The occurrences of a
/// recurrence marked done or skipped within the window are its EXDATEs: the calendar shows what is
/// still to be done, and the rule stays one event.
/// </summary>
public static class CalendarExport
{
    /// <summary>Days shown before today when the caller names no start, and after it with no end.</summary>
    public const int DaysBefore = 90;
    public const int DaysAfter = 365;

    /// <summary>The longest window a caller may ask for (two years).</summary>
    public const int MaxDays = 731;

    public const string ProductId = "-//Governance Platform//Reminders//DA";

    /// <summary>UIDs stay the same for the same meeting or reminder in every feed and every read, so a
    /// calendar program updates an event instead of adding a copy.</summary>
    public static string ReminderUid(string reminderId) => $"reminder-{reminderId}@governance.reminders";

    public static string MeetingUid(string meetingId) => $"meeting-{meetingId}@governance.reminders";

    /// <summary>The window shown: the caller's days, or the defaults around <paramref name="today"/>.</summary>
    public static (DateOnly From, DateOnly To) Window(DateOnly today, DateOnly? start, DateOnly? end)
    {
        // One bound alone keeps the default length of the window.
        var from = start ?? (end is { } e ? e.AddDays(-(DaysBefore + DaysAfter)) : today.AddDays(-DaysBefore));
        var to = end ?? (start is { } s ? s.AddDays(DaysBefore + DaysAfter) : today.AddDays(DaysAfter));
        return (from, to);
    }

    /// <summary>The instants between which the marks of a window's days are read (Copenhagen days).</summary>
    public static (DateTime FromUtc, DateTime ToUtc) MarksFrom(DateOnly from, DateOnly to) =>
        (ReminderSchedule.LocalToUtc(from.ToDateTime(TimeOnly.MinValue)), ReminderSchedule.LocalToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue)));

    /// <summary>The VCALENDAR text (lines end CRLF).</summary>
    public static string ToIcs(CalendarContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var calendar = new Calendar { ProductId = ProductId };
        calendar.AddProperty("X-WR-CALNAME", $"{ReminderNames.Body(content.BodyId)}: møder og huskeliste");
        calendar.AddProperty("X-WR-TIMEZONE", CopenhagenTime.ZoneId);
        var stamp = new CalDateTime(DateTime.SpecifyKind(content.MadeAtUtc, DateTimeKind.Utc), CalDateTime.UtcTzId);

        var events = new List<CalendarEvent>();
        foreach (var m in content.Meetings.Where(m => !m.Cancelled && m.Date >= content.From && m.Date <= content.To)
                     .OrderBy(m => m.Date).ThenBy(m => m.StartUtc).ThenBy(m => m.MeetingId, StringComparer.Ordinal))
        {
            events.Add(MeetingEvent(m, stamp));
        }
        foreach (var r in content.Reminders.Where(r => r.State == V1.ReminderState.Open))
        {
            if (ReminderEvent(r, content, stamp) is { } e)
            {
                events.Add(e);
            }
        }

        // The zone's rules from the earliest time shown, so every event's local time has its offset.
        var earliest = events.Select(e => e.DtStart!.Value).Append(content.From.ToDateTime(TimeOnly.MinValue)).Min();
        calendar.AddTimeZone(CopenhagenTime.ZoneId, earliest, includeHistoricalData: false);
        foreach (var e in events)
        {
            calendar.Events.Add(e);
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent MeetingEvent(ForumMeetingRecord m, CalDateTime stamp)
    {
        var e = new CalendarEvent
        {
            Uid = MeetingUid(m.MeetingId),
            DtStamp = stamp,
            Summary = m.Title.Length > 0 ? m.Title : "Møde",
            Location = m.Room.Length > 0 ? m.Room : null,
            Categories = ["Møde"],
        };
        if (m.StartUtc is { } start)
        {
            e.DtStart = Local(CopenhagenTime.ToLocal(start));
        }
        else
        {
            AllDay(e, m.Date);
        }
        return e;
    }

    private static CalendarEvent? ReminderEvent(ReminderRecord r, CalendarContent content, CalDateTime stamp)
    {
        var e = new CalendarEvent
        {
            Uid = ReminderUid(r.Id),
            DtStamp = stamp,
            LastModified = new CalDateTime(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc), CalDateTime.UtcTzId),
            Summary = r.Subject,
            Description = Description(r, content.MadeAtUtc),
            // A reminder is a due date, not an appointment: it does not make anyone busy.
            Transparency = "TRANSPARENT",
            Categories = ["Huskeliste"],
            // Closed content (shown to the body's own people) stays marked as such in their calendar.
            Class = r.Closed ? "CONFIDENTIAL" : null,
        };
        switch (r.ExpectedTime)
        {
            case ExpectedTime.OnDate d when d.Date >= content.From && d.Date <= content.To:
                AllDay(e, d.Date);
                return e;
            case ExpectedTime.InMonth { Month: >= 1 and <= 12 } m when new DateOnly(m.Year, m.Month, 1) is var first
                                                                    && first >= content.From && first <= content.To:
                AllDay(e, first);
                return e;
            case ExpectedTime.Recurring rule when ExpectedTimeText.ReadRule(rule.RRule) is { } pattern:
                e.DtStart = Local(rule.Start);
                e.RecurrenceRule = pattern;
                foreach (var start in MarkedStarts(r, rule, content))
                {
                    e.ExceptionDates.Add(Local(start));
                }
                return e;
            default:
                // Free text never falls due, and a date or month outside the window is not shown.
                return null;
        }
    }

    /// <summary>The local starts of the reminder's marked occurrences, in time order: only marks of
    /// occurrences the rule still has (a mark made before the rule was changed may name a time that is
    /// no longer one), each the start Ical.Net expands, so the EXDATE matches it exactly.</summary>
    private static IEnumerable<DateTime> MarkedStarts(ReminderRecord r, ExpectedTime.Recurring rule, CalendarContent content) =>
        from m in content.Marks ?? []
        where m.ReminderId == r.Id
        orderby m.OccurrenceAtUtc
        let o = ReminderSchedule.NextDueAtOrAfter(rule, m.OccurrenceAtUtc)
        where o is not null && o.Key == m.Key
        select o.LocalStart;

    /// <summary>"Forventet tidspunkt: Kvartalsvis", "Ansvarlig: PA, BYC", then the notes and the case.</summary>
    private static string Description(ReminderRecord r, DateTime madeAtUtc)
    {
        var lines = new List<string>
        {
            $"Forventet tidspunkt: {ExpectedTimeText.Render(r.ExpectedTime, CopenhagenTime.ToLocal(madeAtUtc).Year)}",
            $"Ansvarlig: {r.Responsible.Render()}",
        };
        if (r.JournalNumber.Length > 0)
        {
            lines.Add($"Journalnummer: {r.JournalNumber}");
        }
        if (r.Notes.Length > 0)
        {
            lines.Add("");
            lines.Add(r.Notes);
        }
        return string.Join("\n", lines);
    }

    private static CalDateTime Local(DateTime local) =>
        new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), CopenhagenTime.ZoneId);

    private static void AllDay(CalendarEvent e, DateOnly date)
    {
        e.DtStart = new CalDateTime(date);
        e.DtEnd = new CalDateTime(date.AddDays(1));
    }
}
