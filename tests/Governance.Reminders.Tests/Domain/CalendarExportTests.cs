using Governance.Reminders.Domain;
using Ical.Net.CalendarComponents;
using IcalCalendar = Ical.Net.Calendar;
using ExpectedTime = Governance.Reminders.Domain.ExpectedTime;
using OccurrenceState = Governance.Reminders.V1.OccurrenceState;

namespace Governance.Reminders.Tests.Domain;

public sealed class CalendarExportTests
{
    private const string Body = "direktionen";
    private static readonly DateTime MadeAt = new(2026, 3, 2, 9, 15, 0, DateTimeKind.Utc);

    private static ReminderRecord Reminder(string id, string subject, ExpectedTime time, bool closed = false, string notes = "") => new()
    {
        Id = id,
        BodyId = Body,
        Subject = subject,
        Responsible = new Responsible(["ØDC"], false),
        ExpectedTime = time,
        Notes = notes,
        Closed = closed,
        Position = 1,
        CreatedAt = MadeAt,
        UpdatedAt = MadeAt,
    };

    private static string Ics(IReadOnlyList<ReminderRecord>? reminders = null, IReadOnlyList<ForumMeetingRecord>? meetings = null,
        DateOnly? from = null, DateOnly? to = null) =>
        CalendarExport.ToIcs(new CalendarContent(Body, from ?? new DateOnly(2026, 1, 1), to ?? new DateOnly(2026, 12, 31),
            meetings ?? [], reminders ?? [], MadeAt));

    private static CalendarEvent Event(IcalCalendar calendar, string uid) => Assert.Single(calendar.Events, e => e.Uid == uid);

    [Fact]
    public void A_recurring_reminder_is_one_event_with_its_rrule_at_its_local_start_not_expanded_copies()
    {
        var ics = Ics([Reminder("oekolis", "ØKO-LIS", new ExpectedTime.Recurring("FREQ=MONTHLY;BYDAY=2MO", new DateTime(2026, 1, 12, 8, 0, 0), "(2. uge månedligt)"))]);

        var calendar = IcalCalendar.Load(ics)!;
        var e = Assert.Single(calendar.Events);
        Assert.Equal(CalendarExport.ReminderUid("oekolis"), e.Uid);
        Assert.Equal("ØKO-LIS", e.Summary);
        Assert.Equal("FREQ=MONTHLY;BYDAY=2MO", e.RecurrenceRule!.ToString());
        Assert.Equal("Europe/Copenhagen", e.DtStart!.TzId);
        Assert.Contains("RRULE:FREQ=MONTHLY;BYDAY=2MO\r\n", ics);
        Assert.Contains("DTSTART;TZID=Europe/Copenhagen:20260112T080000\r\n", ics);
        Assert.Contains("Forventet tidspunkt: (2. uge månedligt)", e.Description);
        Assert.Equal("TRANSPARENT", e.Transparency);
    }

    private static OccurrenceMarkRecord Mark(string reminderId, string key, DateTime dueAtUtc, OccurrenceState state = OccurrenceState.Done) => new()
    {
        ReminderId = reminderId,
        BodyId = Body,
        Key = key,
        OccurrenceAtUtc = dueAtUtc,
        State = state,
        MarkedBy = "sekretær",
        MarkedAt = MadeAt,
    };

    [Fact]
    public void Marked_occurrences_of_a_recurrence_are_its_exdates_and_it_stays_one_event()
    {
        var reminders = new[] { Reminder("r", "Status", new ExpectedTime.Recurring("FREQ=MONTHLY", new DateTime(2026, 1, 5, 8, 0, 0))) };
        OccurrenceMarkRecord[] marks =
        [
            Mark("r", "2026-03-05T08:00", new DateTime(2026, 3, 5, 7, 0, 0, DateTimeKind.Utc)),
            Mark("r", "2026-04-05T08:00", new DateTime(2026, 4, 5, 6, 0, 0, DateTimeKind.Utc), OccurrenceState.Skipped),
            // Made before the rule was changed: no longer an occurrence, so no EXDATE.
            Mark("r", "2026-04-06T08:00", new DateTime(2026, 4, 6, 6, 0, 0, DateTimeKind.Utc)),
            // Another reminder's.
            Mark("other", "2026-05-05T08:00", new DateTime(2026, 5, 5, 6, 0, 0, DateTimeKind.Utc)),
        ];
        var ics = CalendarExport.ToIcs(new CalendarContent(Body, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), [], reminders, MadeAt, marks));

        Assert.Contains("EXDATE;TZID=Europe/Copenhagen:20260305T080000,20260405T080000\r\n", ics);
        Assert.DoesNotContain("20260406T080000", ics);
        Assert.DoesNotContain("20260505T080000", ics);
        var calendar = IcalCalendar.Load(ics)!;
        var e = Assert.Single(calendar.Events);
        Assert.Equal("FREQ=MONTHLY", e.RecurrenceRule!.ToString());
        var months = calendar.GetOccurrences(new Ical.Net.DataTypes.CalDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "UTC"))
            .Select(o => o.Period.StartTime.Value).TakeWhile(t => t.Year == 2026).Select(t => t.Month).ToList();
        Assert.Equal([1, 2, 5, 6, 7, 8, 9, 10, 11, 12], months);
    }

    [Fact]
    public void Occurrences_stay_at_eight_Copenhagen_time_across_both_daylight_saving_changes()
    {
        var ics = Ics([Reminder("r", "Status", new ExpectedTime.Recurring("FREQ=MONTHLY", new DateTime(2026, 1, 5, 8, 0, 0)))]);

        // Read back by Ical.Net from the text alone: the VTIMEZONE decides the offsets.
        var calendar = IcalCalendar.Load(ics)!;
        var utc = calendar.GetOccurrences(new Ical.Net.DataTypes.CalDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "UTC"))
            .Select(o => o.Period.StartTime.AsUtc).TakeWhile(t => t.Year == 2026).ToList();
        Assert.Equal(12, utc.Count);
        Assert.Equal(new DateTime(2026, 3, 5, 7, 0, 0, DateTimeKind.Utc), utc[2]); // winter time, +01:00
        Assert.Equal(new DateTime(2026, 4, 5, 6, 0, 0, DateTimeKind.Utc), utc[3]); // summer time, +02:00
        Assert.Equal(new DateTime(2026, 10, 5, 6, 0, 0, DateTimeKind.Utc), utc[9]);
        Assert.Equal(new DateTime(2026, 11, 5, 7, 0, 0, DateTimeKind.Utc), utc[10]);
    }

    [Fact]
    public void The_calendar_carries_the_Copenhagen_zone_with_its_summer_and_winter_rules()
    {
        var ics = Ics([Reminder("r", "Status", new ExpectedTime.Recurring("FREQ=YEARLY", new DateTime(2026, 6, 1, 8, 0, 0)))]);

        var zone = Assert.Single(IcalCalendar.Load(ics)!.TimeZones);
        Assert.Equal("Europe/Copenhagen", zone.TzId);
        Assert.Contains("BEGIN:DAYLIGHT\r\n", ics);
        Assert.Contains("TZOFFSETTO:+0200\r\n", ics);
        Assert.Contains("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n", ics);
        Assert.Contains("BEGIN:STANDARD\r\n", ics);
        Assert.Contains("TZOFFSETTO:+0100\r\n", ics);
        Assert.Contains("RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n", ics);
    }

    [Fact]
    public void A_date_is_an_all_day_event_that_day_a_month_one_on_its_first_and_free_text_is_left_out()
    {
        var ics = Ics(
        [
            Reminder("date", "Administrative besparelser", new ExpectedTime.OnDate(new DateOnly(2026, 8, 28))),
            Reminder("month", "Indkøbspolitik", new ExpectedTime.InMonth(2026, 9)),
            Reminder("text", "Efter budgetforliget", new ExpectedTime.FreeText("Efter budgetforliget")),
            Reminder("outside", "Uden for vinduet", new ExpectedTime.OnDate(new DateOnly(2027, 2, 1))),
        ]);

        var calendar = IcalCalendar.Load(ics)!;
        Assert.Equal(2, calendar.Events.Count);
        var date = Event(calendar, CalendarExport.ReminderUid("date"));
        Assert.True(date.IsAllDay);
        Assert.Equal(new DateOnly(2026, 8, 28), date.DtStart!.Date);
        Assert.Equal(new DateOnly(2026, 8, 29), date.DtEnd!.Date);
        var month = Event(calendar, CalendarExport.ReminderUid("month"));
        Assert.True(month.IsAllDay);
        Assert.Equal(new DateOnly(2026, 9, 1), month.DtStart!.Date);
        Assert.Contains("Forventet tidspunkt: September", month.Description);
    }

    [Fact]
    public void A_meeting_starts_at_its_local_time_in_its_room_and_one_without_a_start_is_all_day()
    {
        var ics = Ics(meetings:
        [
            new ForumMeetingRecord("m1", Body, new DateOnly(2026, 7, 6), "Direktionsmøde", false, 1,
                new DateTime(2026, 7, 6, 6, 30, 0, DateTimeKind.Utc), "Mødelokale 1"),
            new ForumMeetingRecord("m2", Body, new DateOnly(2026, 9, 25), "Vækst- og Erhvervspolitik", false, 1),
            new ForumMeetingRecord("m3", Body, new DateOnly(2026, 10, 1), "Aflyst", true, 2),
        ]);

        var calendar = IcalCalendar.Load(ics)!;
        Assert.Equal(2, calendar.Events.Count);
        var timed = Event(calendar, CalendarExport.MeetingUid("m1"));
        Assert.Contains("DTSTART;TZID=Europe/Copenhagen:20260706T083000\r\n", ics);
        Assert.Equal(new DateTime(2026, 7, 6, 6, 30, 0, DateTimeKind.Utc), timed.DtStart!.AsUtc);
        Assert.Equal("Mødelokale 1", timed.Location);
        Assert.True(Event(calendar, CalendarExport.MeetingUid("m2")).IsAllDay);
    }

    [Fact]
    public void Uids_are_stable_and_dtstamp_is_when_the_calendar_was_made()
    {
        var reminders = new[] { Reminder("a", "A", new ExpectedTime.OnDate(new DateOnly(2026, 5, 1))) };

        Assert.Equal(Ics(reminders), Ics(reminders));
        Assert.Contains("UID:reminder-a@governance.reminders\r\n", Ics(reminders));
        Assert.Contains("DTSTAMP:20260302T091500Z\r\n", Ics(reminders));
    }

    [Fact]
    public void A_closed_reminder_shown_is_marked_confidential()
    {
        var ics = Ics([Reminder("c", "Personalesag", new ExpectedTime.OnDate(new DateOnly(2026, 5, 1)), closed: true)]);

        Assert.Equal("CONFIDENTIAL", Assert.Single(IcalCalendar.Load(ics)!.Events).Class);
    }

    [Fact]
    public void The_window_is_90_days_back_and_a_year_ahead_unless_given_and_one_bound_keeps_its_length()
    {
        var today = new DateOnly(2026, 3, 2);
        Assert.Equal((new DateOnly(2025, 12, 2), new DateOnly(2027, 3, 2)), CalendarExport.Window(today, null, null));
        Assert.Equal((new DateOnly(2030, 1, 1), new DateOnly(2031, 4, 1)), CalendarExport.Window(today, new DateOnly(2030, 1, 1), null));
        Assert.Equal((new DateOnly(2028, 10, 3), new DateOnly(2030, 1, 1)), CalendarExport.Window(today, null, new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public void A_feed_secret_is_43_base64url_characters_kept_only_as_its_sha256()
    {
        var bytes = Enumerable.Range(0, CalendarFeeds.SecretBytes).Select(i => (byte)(i * 37 + 250)).ToArray();
        var secret = CalendarFeeds.Secret(bytes);

        Assert.Equal(CalendarFeeds.SecretLength, secret.Length);
        Assert.True(CalendarFeeds.IsWellFormed(secret));
        Assert.DoesNotContain('+', secret);
        Assert.DoesNotContain('/', secret);
        Assert.Equal(Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "="), bytes);
        Assert.Matches("^[0-9a-f]{64}$", CalendarFeeds.Hash(secret));
        Assert.NotEqual(CalendarFeeds.Hash(secret), CalendarFeeds.Hash(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')));
        Assert.False(CalendarFeeds.IsWellFormed(secret[..^1]));
        Assert.False(CalendarFeeds.IsWellFormed(secret[..^1] + "="));
        Assert.False(CalendarFeeds.IsWellFormed(null));
    }

    [Fact]
    public void An_owner_keeps_at_most_20_feeds()
    {
        CalendarFeeds.EnsureRoom(CalendarFeeds.MaxPerOwner - 1);
        var refused = Assert.Throws<Governance.ServiceDefaults.Errors.FailedPreconditionException>(() => CalendarFeeds.EnsureRoom(CalendarFeeds.MaxPerOwner));
        Assert.Equal("FEED_LIMIT", refused.Reason);
    }
}
