using Governance.Kernel;
using Governance.Reminders.Domain;
using ExpectedTime = Governance.Reminders.Domain.ExpectedTime;
using ReminderState = Governance.Reminders.V1.ReminderState;

namespace Governance.Reminders.Tests.Domain;

public sealed class DueNoticesTests
{
    private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    private static ReminderRecord Reminder(ExpectedTime time, DateTime created) => new()
    {
        Id = "r1",
        BodyId = "direktionen",
        Subject = "ØKO-LIS",
        Responsible = new Responsible(["ØDC"], false),
        ExpectedTime = time,
        NextDueAt = ReminderEdits.NextDue(time, created),
        CreatedAt = created,
        UpdatedAt = created,
    };

    /// <summary>Sweeps at each instant as the store would (the plan's state carried to the next sweep).</summary>
    private static List<(DueNoticeKind Kind, string Key, DateTime SweptAt)> Sweep(ReminderRecord r, IEnumerable<DateTime> instants,
        IReadOnlySet<string>? marked = null)
    {
        var published = new List<(DueNoticeKind, string, DateTime)>();
        var seen = new HashSet<(DueNoticeKind, string)>();
        PendingOverdue? pending = null;
        DateTime? announced = null;
        foreach (var now in instants)
        {
            if (!DueNotices.IsDue(r.NextDueAt, announced, pending, now))
            {
                continue;
            }
            var plan = DueNotices.Plan(r, announced, pending, now, marked);
            foreach (var n in plan.Notices.Where(n => seen.Add((n.Kind, n.Occurrence.Key))))
            {
                published.Add((n.Kind, n.Occurrence.Key, now));
            }
            Assert.False(DueNotices.IsDue(plan.NextDueAt, plan.AnnouncedDueAt, plan.Pending, now), "a planned reminder is not due again at once");
            r = r with { NextDueAt = plan.NextDueAt };
            pending = plan.Pending;
            announced = plan.AnnouncedDueAt;
        }
        return published;
    }

    private static IEnumerable<DateTime> Every(TimeSpan step, DateTime from, DateTime to)
    {
        for (var t = from; t <= to; t += step)
        {
            yield return t;
        }
    }

    [Fact]
    public void A_date_is_announced_due_at_eight_and_overdue_the_next_morning_once_each()
    {
        var r = Reminder(new ExpectedTime.OnDate(new DateOnly(2031, 3, 10)), Utc(2031, 3, 1));
        var notices = Sweep(r, Every(TimeSpan.FromMinutes(1), Utc(2031, 3, 10, 6, 50), Utc(2031, 3, 11, 7, 10)));
        Assert.Equal([(DueNoticeKind.Due, "2031-03-10", Utc(2031, 3, 10, 7)), (DueNoticeKind.Overdue, "2031-03-10", Utc(2031, 3, 11, 7))], notices);
    }

    [Fact]
    public void A_date_keeps_its_occurrence_as_next_due_time_and_is_not_due_again_until_it_changes()
    {
        var r = Reminder(new ExpectedTime.OnDate(new DateOnly(2031, 3, 10)), Utc(2031, 3, 1));
        var plan = DueNotices.Plan(r, null, null, Utc(2031, 3, 10, 7));
        Assert.Equal(Utc(2031, 3, 10, 7), plan.NextDueAt);
        Assert.Equal(Utc(2031, 3, 10, 7), plan.AnnouncedDueAt);
        Assert.False(DueNotices.IsDue(plan.NextDueAt, plan.AnnouncedDueAt, plan.Pending, Utc(2031, 3, 10, 12)));
        // Moved to another date: that one falls due in its turn.
        Assert.True(DueNotices.IsDue(Utc(2031, 3, 12, 7), plan.AnnouncedDueAt, plan.Pending, Utc(2031, 3, 12, 7)));
    }

    [Fact]
    public void A_reminder_not_open_gets_nothing()
    {
        var r = Reminder(new ExpectedTime.OnDate(new DateOnly(2031, 3, 10)), Utc(2031, 3, 1)) with { State = ReminderState.Done };
        var plan = DueNotices.Plan(r, Utc(2031, 3, 10, 7), new PendingOverdue("2031-03-10", Utc(2031, 3, 10, 7), Utc(2031, 3, 11, 7)), Utc(2031, 4, 1));
        Assert.Empty(plan.Notices);
        Assert.Null(plan.Pending);
    }

    [Fact]
    public void After_a_gap_a_monthly_rule_announces_the_latest_occurrence_due_and_each_missed_one_overdue_once()
    {
        // 2nd week monthly (ØKO-LIS): the Monday of the second week, 08:00.
        var time = new ExpectedTime.Recurring("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=2", new DateTime(2031, 1, 13, 8, 0, 0));
        var r = Reminder(time, Utc(2031, 1, 1));
        // Down from January to the middle of June: one sweep on 20 June, then every hour for a week.
        var notices = Sweep(r, new[] { Utc(2031, 1, 13, 7) }.Concat(Every(TimeSpan.FromHours(1), Utc(2031, 6, 20), Utc(2031, 6, 27))));
        Assert.Equal(
        [
            (DueNoticeKind.Due, "2031-01-13T08:00", Utc(2031, 1, 13, 7)),
            (DueNoticeKind.Overdue, "2031-01-13T08:00", Utc(2031, 6, 20)),
            (DueNoticeKind.Overdue, "2031-02-10T08:00", Utc(2031, 6, 20)),
            (DueNoticeKind.Overdue, "2031-03-10T08:00", Utc(2031, 6, 20)),
            (DueNoticeKind.Overdue, "2031-04-14T08:00", Utc(2031, 6, 20)),
            (DueNoticeKind.Overdue, "2031-05-12T08:00", Utc(2031, 6, 20)),
            (DueNoticeKind.Due, "2031-06-09T08:00", Utc(2031, 6, 20)),
            (DueNoticeKind.Overdue, "2031-06-09T08:00", Utc(2031, 6, 20)),
        ], notices);
    }

    [Fact]
    public void A_long_gap_gives_at_most_the_catch_up_number_of_overdue_notices()
    {
        var time = new ExpectedTime.Recurring("FREQ=DAILY", new DateTime(2031, 1, 1, 8, 0, 0));
        var r = Reminder(time, Utc(2031, 1, 1));
        var notices = Sweep(r, [Utc(2031, 12, 31, 12)]);
        Assert.Equal(DueNotices.MaxCatchUp, notices.Count(n => n.Kind == DueNoticeKind.Overdue && n.Key != "2031-12-31T08:00"));
        Assert.Equal([(DueNoticeKind.Due, "2031-12-31T08:00", Utc(2031, 12, 31, 12))], notices.Where(n => n.Kind == DueNoticeKind.Due));
        Assert.Equal("2031-12-30T08:00", notices.Where(n => n.Kind == DueNoticeKind.Overdue).Last().Key);
    }

    public static TheoryData<int, int, int> DaylightSavingChanges => new()
    {
        // 2031: summer time from Sunday 30 March, winter time from Sunday 26 October.
        { 2031, 3, 30 },
        { 2031, 10, 26 },
    };

    [Theory]
    [MemberData(nameof(DaylightSavingChanges))]
    public void A_daily_rule_falls_due_once_a_day_across_a_change_of_clocks_at_its_local_time(int year, int month, int day)
    {
        var change = new DateOnly(year, month, day);
        var time = new ExpectedTime.Recurring("FREQ=DAILY", change.AddDays(-3).ToDateTime(new TimeOnly(8, 0)));
        var r = Reminder(time, Utc(year, 1, 1));
        var notices = Sweep(r, Every(TimeSpan.FromMinutes(10), change.AddDays(-3).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            change.AddDays(3).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        var due = notices.Where(n => n.Kind == DueNoticeKind.Due).ToList();
        Assert.Equal(Enumerable.Range(-3, 6).Select(d => change.AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T08:00"), due.Select(n => n.Key));
        // Each at 08:00 Copenhagen time, within a sweep's step of it, whichever offset is in force.
        Assert.All(due, n => Assert.InRange(CopenhagenTime.ToLocal(n.SweptAt).TimeOfDay, new TimeSpan(8, 0, 0), new TimeSpan(8, 9, 59)));
        Assert.Equal(due.Count - 1, notices.Count(n => n.Kind == DueNoticeKind.Overdue));
    }

    [Fact]
    public void A_rule_in_the_hour_the_clocks_skip_or_repeat_falls_due_once_that_day()
    {
        var time = new ExpectedTime.Recurring("FREQ=DAILY", new DateTime(2031, 3, 29, 2, 30, 0));
        var spring = Sweep(Reminder(time, Utc(2031, 1, 1)), Every(TimeSpan.FromMinutes(5), Utc(2031, 3, 29), Utc(2031, 3, 31)));
        // 02:30 does not exist on 30 March: that day's occurrence is at 03:30 summer time (01:30 UTC), once.
        Assert.Equal(["2031-03-29T02:30", "2031-03-30T03:30"], spring.Where(n => n.Kind == DueNoticeKind.Due).Select(n => n.Key));
        Assert.Equal(Utc(2031, 3, 30, 1, 30), spring.Single(n => n.Kind == DueNoticeKind.Due && n.Key == "2031-03-30T03:30").SweptAt);

        var autumnTime = new ExpectedTime.Recurring("FREQ=DAILY", new DateTime(2031, 10, 25, 2, 30, 0));
        var autumn = Sweep(Reminder(autumnTime, Utc(2031, 1, 1)), Every(TimeSpan.FromMinutes(5), Utc(2031, 10, 25), Utc(2031, 10, 27)));
        Assert.Equal(["2031-10-25T02:30", "2031-10-26T02:30"], autumn.Where(n => n.Kind == DueNoticeKind.Due).Select(n => n.Key));
    }

    [Fact]
    public void A_recurrence_edited_back_to_the_occurrence_announced_moves_on_when_that_one_is_overdue()
    {
        var time = new ExpectedTime.Recurring("FREQ=WEEKLY", new DateTime(2031, 1, 6, 8, 0, 0));
        var r = Reminder(time, Utc(2031, 1, 1));
        var first = DueNotices.Plan(r, null, null, Utc(2031, 1, 6, 7));
        Assert.Equal(Utc(2031, 1, 13, 7), first.NextDueAt);
        // An edit on Monday afternoon: ReminderEdits.NextDue gives this week's occurrence again.
        var edited = r with { NextDueAt = ReminderEdits.NextDue(time, Utc(2031, 1, 6, 13)) };
        Assert.Equal(first.AnnouncedDueAt, edited.NextDueAt);
        Assert.False(DueNotices.IsDue(edited.NextDueAt, first.AnnouncedDueAt, first.Pending, Utc(2031, 1, 6, 14)));
        var overdue = DueNotices.Plan(edited, first.AnnouncedDueAt, first.Pending, Utc(2031, 1, 7, 7));
        Assert.Equal([(DueNoticeKind.Overdue, "2031-01-06T08:00")], overdue.Notices.Select(n => (n.Kind, n.Occurrence.Key)));
        Assert.Equal(Utc(2031, 1, 13, 7), overdue.NextDueAt);
        Assert.True(DueNotices.IsDue(overdue.NextDueAt, overdue.AnnouncedDueAt, overdue.Pending, Utc(2031, 1, 13, 7)));
    }

    [Fact]
    public void A_time_changed_so_the_stored_next_due_time_is_no_occurrence_looks_again_from_the_sweep()
    {
        var r = Reminder(new ExpectedTime.Recurring("FREQ=WEEKLY", new DateTime(2031, 1, 6, 8, 0, 0)), Utc(2031, 1, 1))
            with { NextDueAt = Utc(2031, 1, 7, 9) };
        var plan = DueNotices.Plan(r, null, null, Utc(2031, 1, 7, 10));
        Assert.Empty(plan.Notices);
        Assert.Equal(Utc(2031, 1, 13, 7), plan.NextDueAt);
    }

    /// <summary>Weekly on Mondays from 5 January 2032, 08:00 Copenhagen time (07:00 UTC).</summary>
    private static readonly ExpectedTime Weekly = new ExpectedTime.Recurring("FREQ=WEEKLY", new DateTime(2032, 1, 5, 8, 0, 0));

    [Fact]
    public void An_occurrence_marked_before_it_falls_due_is_announced_neither_due_nor_overdue()
    {
        var r = Reminder(Weekly, Utc(2032, 1, 1));
        var notices = Sweep(r, Every(TimeSpan.FromHours(1), Utc(2032, 1, 5), Utc(2032, 1, 21)), new HashSet<string> { "2032-01-12T08:00" });
        Assert.Equal(
        [
            (DueNoticeKind.Due, "2032-01-05T08:00", Utc(2032, 1, 5, 7)), (DueNoticeKind.Overdue, "2032-01-05T08:00", Utc(2032, 1, 6, 7)),
            (DueNoticeKind.Due, "2032-01-19T08:00", Utc(2032, 1, 19, 7)), (DueNoticeKind.Overdue, "2032-01-19T08:00", Utc(2032, 1, 20, 7)),
        ], notices);
    }

    [Fact]
    public void An_occurrence_marked_done_after_it_was_announced_due_gets_no_overdue_notice()
    {
        var r = Reminder(Weekly, Utc(2032, 1, 1));
        var due = DueNotices.Plan(r, null, null, Utc(2032, 1, 5, 7));
        Assert.Equal([DueNoticeKind.Due], due.Notices.Select(n => n.Kind));
        Assert.Equal("2032-01-05T08:00", due.Pending?.Key);

        // Marked done (the next one skipped too) before the sweep that would have found it overdue; the
        // mark moved the next due time on past them (MarkOccurrence).
        var marked = new HashSet<string> { "2032-01-05T08:00", "2032-01-12T08:00" };
        var remarked = r with { NextDueAt = ReminderEdits.NextDue(Weekly, Utc(2032, 1, 5, 12), marked) };
        Assert.Equal(Utc(2032, 1, 19, 7), remarked.NextDueAt);
        var after = DueNotices.Plan(remarked, due.AnnouncedDueAt, due.Pending, Utc(2032, 1, 6, 7), marked);
        Assert.Empty(after.Notices);
        Assert.Null(after.Pending);
        Assert.False(DueNotices.IsDue(after.NextDueAt, after.AnnouncedDueAt, after.Pending, Utc(2032, 1, 13)));
        // Announced already, the next one after it is looked for past the marked ones.
        var next = DueNotices.Plan(r with { NextDueAt = Utc(2032, 1, 5, 7) }, Utc(2032, 1, 5, 7), null, Utc(2032, 1, 6, 8), marked);
        Assert.Equal(Utc(2032, 1, 19, 7), next.NextDueAt);
    }

    [Fact]
    public void After_downtime_the_marked_occurrences_are_not_caught_up()
    {
        var r = Reminder(new ExpectedTime.Recurring("FREQ=MONTHLY", new DateTime(2032, 1, 10, 8, 0, 0)), Utc(2032, 1, 1));
        var notices = Sweep(r, [Utc(2032, 1, 10, 7), Utc(2032, 6, 20)], new HashSet<string> { "2032-02-10T08:00", "2032-03-10T08:00", "2032-06-10T08:00" });
        Assert.Equal(
        [
            (DueNoticeKind.Due, "2032-01-10T08:00", Utc(2032, 1, 10, 7)),
            (DueNoticeKind.Overdue, "2032-01-10T08:00", Utc(2032, 6, 20)), (DueNoticeKind.Overdue, "2032-04-10T08:00", Utc(2032, 6, 20)),
            (DueNoticeKind.Due, "2032-05-10T08:00", Utc(2032, 6, 20)), (DueNoticeKind.Overdue, "2032-05-10T08:00", Utc(2032, 6, 20)),
        ], notices);
    }

    [Fact]
    public void The_weekly_digest_leaves_out_the_occurrences_marked_done_or_skipped()
    {
        // Daily from Monday 5 January 2032; the week of 5-11 January.
        var daily = Reminder(new ExpectedTime.Recurring("FREQ=DAILY", new DateTime(2032, 1, 5, 8, 0, 0)), Utc(2032, 1, 1));
        var week = WeeklyDigest.WeekContaining(Utc(2032, 1, 6));
        Assert.Equal(7, WeeklyDigest.Rows("ØDC", week, [daily]).Count);
        var marked = new Dictionary<string, IReadOnlySet<string>> { [daily.Id] = new HashSet<string> { "2032-01-06T08:00", "2032-01-08T08:00" } };
        Assert.Equal([Utc(2032, 1, 5, 7), Utc(2032, 1, 7, 7), Utc(2032, 1, 9, 7), Utc(2032, 1, 10, 7), Utc(2032, 1, 11, 7)],
            WeeklyDigest.Rows("ØDC", week, [daily], marked).Select(r => r.DueAtUtc));
    }
}
