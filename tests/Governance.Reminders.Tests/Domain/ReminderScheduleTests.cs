using Governance.Kernel;
using Governance.Reminders.Domain;

namespace Governance.Reminders.Tests.Domain;

public sealed class ReminderScheduleTests
{
    private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);

    private static ExpectedTime.Recurring Rule(string rrule, DateTime start) => new(rrule, start);

    [Fact]
    public void A_date_falls_due_at_eight_Copenhagen_time_and_is_overdue_the_next_morning()
    {
        var winter = ReminderSchedule.OneOff(new ExpectedTime.OnDate(new DateOnly(2026, 3, 9)))!;
        Assert.Equal("2026-03-09", winter.Key);
        Assert.Equal(new DateTime(2026, 3, 9, 8, 0, 0), winter.LocalStart);
        Assert.Equal(Utc(2026, 3, 9, 7), winter.DueAtUtc);
        Assert.Equal(Utc(2026, 3, 10, 7), winter.OverdueAtUtc);

        // The evening before summer time: due in winter time, overdue in summer time.
        var change = ReminderSchedule.OneOff(new ExpectedTime.OnDate(new DateOnly(2026, 3, 28)))!;
        Assert.Equal(Utc(2026, 3, 28, 7), change.DueAtUtc);
        Assert.Equal(Utc(2026, 3, 29, 6), change.OverdueAtUtc);
    }

    [Fact]
    public void A_month_falls_due_on_its_first_and_is_overdue_on_the_next_months_first()
    {
        var october = ReminderSchedule.OneOff(new ExpectedTime.InMonth(2026, 10))!;
        Assert.Equal("2026-10", october.Key);
        Assert.Equal(Utc(2026, 10, 1, 6), october.DueAtUtc);
        Assert.Equal(Utc(2026, 11, 1, 7), october.OverdueAtUtc);

        var december = ReminderSchedule.OneOff(new ExpectedTime.InMonth(2026, 12))!;
        Assert.Equal(Utc(2027, 1, 1, 7), december.OverdueAtUtc);
    }

    [Fact]
    public void Free_text_never_falls_due()
    {
        var text = new ExpectedTime.FreeText("Når budgettet er vedtaget");
        Assert.Empty(ReminderSchedule.Between(text, DateTime.MinValue, DateTime.MaxValue));
        Assert.Null(ReminderSchedule.NextDueAtOrAfter(text, Utc(2000, 1, 1)));
    }

    [Fact]
    public void A_one_off_is_between_only_when_its_due_time_is_in_the_half_open_range()
    {
        var date = new ExpectedTime.OnDate(new DateOnly(2026, 3, 9));
        Assert.Single(ReminderSchedule.Between(date, Utc(2026, 3, 9, 7), Utc(2026, 3, 9, 8)));
        Assert.Empty(ReminderSchedule.Between(date, Utc(2026, 3, 9, 8), Utc(2026, 4, 1)));
        Assert.Empty(ReminderSchedule.Between(date, Utc(2026, 3, 1), Utc(2026, 3, 9, 7)));
        Assert.Equal("2026-03-09", ReminderSchedule.NextDueAtOrAfter(date, Utc(2026, 3, 9, 7))!.Key);
        Assert.Null(ReminderSchedule.NextDueAtOrAfter(date, Utc(2026, 3, 9, 7, 1)));
    }

    public static TheoryData<string, DateTime, string[]> RulesAcrossBothChanges => new()
    {
        // 2026: summer time from Sunday 29 March, winter time from Sunday 25 October.
        { "FREQ=WEEKLY", new DateTime(2026, 3, 15, 8, 0, 0), ["2026-03-15", "2026-03-22", "2026-03-29", "2026-04-05"] },
        { "FREQ=WEEKLY", new DateTime(2026, 10, 11, 8, 0, 0), ["2026-10-11", "2026-10-18", "2026-10-25", "2026-11-01"] },
        { "FREQ=MONTHLY", new DateTime(2026, 1, 29, 8, 0, 0), ["2026-01-29", "2026-03-29", "2026-04-29", "2026-05-29", "2026-06-29", "2026-07-29", "2026-08-29", "2026-09-29", "2026-10-29", "2026-11-29"] },
        { "FREQ=MONTHLY;INTERVAL=3", new DateTime(2026, 1, 25, 8, 0, 0), ["2026-01-25", "2026-04-25", "2026-07-25", "2026-10-25"] },
        { "FREQ=MONTHLY;BYDAY=2MO", new DateTime(2026, 2, 9, 8, 0, 0), ["2026-02-09", "2026-03-09", "2026-04-13", "2026-05-11", "2026-06-08", "2026-07-13", "2026-08-10", "2026-09-14", "2026-10-12", "2026-11-09"] },
        { "FREQ=DAILY", new DateTime(2026, 3, 28, 8, 0, 0), ["2026-03-28", "2026-03-29", "2026-03-30"] },
        { "FREQ=DAILY", new DateTime(2026, 10, 24, 8, 0, 0), ["2026-10-24", "2026-10-25", "2026-10-26"] },
    };

    [Theory]
    [MemberData(nameof(RulesAcrossBothChanges))]
    public void A_rule_across_both_daylight_saving_changes_neither_skips_nor_doubles_and_stays_at_eight(string rrule, DateTime start, string[] days)
    {
        var last = DateOnly.ParseExact(days[^1], "yyyy-MM-dd");
        var occurrences = ReminderSchedule.Between(Rule(rrule, start), Utc(2026, 1, 1), ReminderSchedule.LocalToUtc(last.ToDateTime(new TimeOnly(9, 0)))).ToList();

        Assert.Equal(days, occurrences.Select(o => o.LocalStart.ToString("yyyy-MM-dd")));
        Assert.Equal(days.Select(d => d + "T08:00"), occurrences.Select(o => o.Key));
        foreach (var o in occurrences)
        {
            Assert.Equal(new TimeOnly(8, 0), TimeOnly.FromDateTime(o.LocalStart));
            var summer = CopenhagenTime.Zone.IsDaylightSavingTime(o.LocalStart);
            Assert.Equal(summer ? 6 : 7, o.DueAtUtc.Hour);
            Assert.Equal(DateTimeKind.Utc, o.DueAtUtc.Kind);
            Assert.Equal(ReminderSchedule.LocalToUtc(o.LocalStart.AddDays(1)), o.OverdueAtUtc);
        }
        Assert.Equal(occurrences.OrderBy(o => o.DueAtUtc).Select(o => o.Key), occurrences.Select(o => o.Key));
    }

    [Fact]
    public void Overdue_is_a_day_later_at_the_same_local_time_across_a_change()
    {
        var saturday = ReminderSchedule.NextDueAtOrAfter(Rule("FREQ=WEEKLY", new DateTime(2026, 10, 24, 8, 0, 0)), Utc(2026, 10, 24))!;
        Assert.Equal(Utc(2026, 10, 24, 6), saturday.DueAtUtc);
        Assert.Equal(Utc(2026, 10, 25, 7), saturday.OverdueAtUtc); // 25 hours later: the night had an extra hour
    }

    [Fact]
    public void A_start_in_the_spring_gap_moves_forward_and_an_ambiguous_one_takes_the_first()
    {
        var gap = ReminderSchedule.NextDueAtOrAfter(Rule("FREQ=DAILY", new DateTime(2026, 3, 28, 2, 30, 0)), Utc(2026, 3, 28, 12))!;
        Assert.Equal(new DateOnly(2026, 3, 29), DateOnly.FromDateTime(gap.LocalStart));
        Assert.Equal(Utc(2026, 3, 29, 1, 30), gap.DueAtUtc); // 02:30 does not exist: 03:30 summer time

        var ambiguous = ReminderSchedule.NextDueAtOrAfter(Rule("FREQ=DAILY", new DateTime(2026, 10, 24, 2, 30, 0)), Utc(2026, 10, 24, 12))!;
        Assert.Equal("2026-10-25T02:30", ambiguous.Key);
        Assert.Equal(Utc(2026, 10, 25, 0, 30), ambiguous.DueAtUtc); // the first 02:30, still summer time

        var next = ReminderSchedule.Between(Rule("FREQ=DAILY", new DateTime(2026, 10, 24, 2, 30, 0)), Utc(2026, 10, 24, 12), Utc(2026, 10, 27)).ToList();
        Assert.Equal(["2026-10-25T02:30", "2026-10-26T02:30"], next.Select(o => o.Key));
    }

    [Fact]
    public void The_next_occurrence_of_an_open_ended_rule_far_ahead_is_found_from_that_point()
    {
        var monthly = Rule("FREQ=MONTHLY;BYDAY=2MO", new DateTime(2026, 3, 9, 8, 0, 0));
        var next = ReminderSchedule.NextDueAtOrAfter(monthly, Utc(2400, 6, 1))!;
        Assert.Equal("2400-06-12T08:00", next.Key); // 12 June 2400 is the second Monday
        Assert.Equal(DayOfWeek.Monday, next.LocalStart.DayOfWeek);
        Assert.Equal(Utc(2400, 6, 12, 6), next.DueAtUtc);

        var weekly = ReminderSchedule.Between(Rule("FREQ=WEEKLY", new DateTime(2026, 3, 9, 8, 0, 0)), Utc(2400, 1, 1), Utc(2400, 1, 31)).ToList();
        Assert.Equal(4, weekly.Count);
        Assert.All(weekly, o => Assert.Equal(DayOfWeek.Monday, o.LocalStart.DayOfWeek));
    }

    [Fact]
    public void Count_and_until_end_a_rule()
    {
        var counted = Rule("FREQ=MONTHLY;COUNT=3", new DateTime(2026, 1, 15, 8, 0, 0));
        Assert.Equal(["2026-01-15T08:00", "2026-02-15T08:00", "2026-03-15T08:00"],
            ReminderSchedule.Between(counted, Utc(2020, 1, 1), Utc(2030, 1, 1)).Select(o => o.Key));
        Assert.Null(ReminderSchedule.NextDueAtOrAfter(counted, Utc(2026, 3, 15, 8)));
        Assert.Equal("2026-03-15T08:00", ReminderSchedule.NextDueAtOrAfter(counted, Utc(2026, 2, 16))!.Key);

        var until = Rule("FREQ=WEEKLY;UNTIL=20260323T070000Z", new DateTime(2026, 3, 2, 8, 0, 0));
        Assert.Equal(["2026-03-02T08:00", "2026-03-09T08:00", "2026-03-16T08:00", "2026-03-23T08:00"],
            ReminderSchedule.Between(until, Utc(2020, 1, 1), Utc(2030, 1, 1)).Select(o => o.Key));
        Assert.Null(ReminderSchedule.NextDueAtOrAfter(until, Utc(2026, 3, 24)));
    }

    [Fact]
    public void A_rule_that_never_matches_ends_instead_of_searching_to_year_ten_thousand()
    {
        var never = Rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", new DateTime(2026, 1, 1, 8, 0, 0));
        Assert.Empty(ReminderSchedule.Between(never, Utc(2026, 2, 1), Utc(2200, 1, 1)));
    }
}
