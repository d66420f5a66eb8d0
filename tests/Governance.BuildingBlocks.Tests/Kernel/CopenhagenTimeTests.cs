using Governance.Kernel;

namespace Governance.BuildingBlocks.Tests.Kernel;

public sealed class CopenhagenTimeTests
{
    [Fact]
    public void Winter_time_is_one_hour_ahead_of_utc()
    {
        var utc = CopenhagenTime.ToUtc(new DateTime(2017, 3, 9, 8, 30, 0));
        Assert.Equal(new DateTime(2017, 3, 9, 7, 30, 0, DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, utc!.Value.Kind);
    }

    [Fact]
    public void Summer_time_is_two_hours_ahead_of_utc()
    {
        var utc = CopenhagenTime.ToUtc(new DateTime(2012, 8, 14, 10, 0, 0));
        Assert.Equal(new DateTime(2012, 8, 14, 8, 0, 0, DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, utc!.Value.Kind);
    }

    [Theory]
    [InlineData(DateTimeKind.Unspecified)]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Utc)]
    public void The_kind_of_the_input_is_ignored_it_is_a_copenhagen_wall_clock(DateTimeKind kind) =>
        Assert.Equal(new DateTime(2017, 3, 9, 7, 30, 0, DateTimeKind.Utc), CopenhagenTime.ToUtc(new DateTime(2017, 3, 9, 8, 30, 0, kind)));

    [Theory]
    [InlineData(2, 0)]
    [InlineData(2, 30)]
    [InlineData(2, 59)]
    public void A_time_in_the_spring_forward_gap_does_not_exist(int hour, int minute) =>
        Assert.Null(CopenhagenTime.ToUtc(new DateTime(2026, 3, 29, hour, minute, 0)));

    [Fact]
    public void Times_around_the_spring_forward_gap_exist()
    {
        Assert.Equal(new DateTime(2026, 3, 29, 0, 59, 0, DateTimeKind.Utc), CopenhagenTime.ToUtc(new DateTime(2026, 3, 29, 1, 59, 0)));
        Assert.Equal(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc), CopenhagenTime.ToUtc(new DateTime(2026, 3, 29, 3, 0, 0)));
    }

    [Fact]
    public void An_ambiguous_fall_back_time_is_its_first_occurrence_in_summer_time()
    {
        var utc = CopenhagenTime.ToUtc(new DateTime(2026, 10, 25, 2, 30, 0));
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, utc!.Value.Kind);
        // 03:00 is after the repeated hour: winter time.
        Assert.Equal(new DateTime(2026, 10, 25, 2, 0, 0, DateTimeKind.Utc), CopenhagenTime.ToUtc(new DateTime(2026, 10, 25, 3, 0, 0)));
    }

    [Fact]
    public void To_local_is_the_inverse_in_both_seasons()
    {
        Assert.Equal(new DateTime(2017, 3, 9, 8, 30, 0), CopenhagenTime.ToLocal(new DateTime(2017, 3, 9, 7, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2012, 8, 14, 10, 0, 0), CopenhagenTime.ToLocal(new DateTime(2012, 8, 14, 8, 0, 0, DateTimeKind.Utc)));
        // Both occurrences of the repeated hour map back to 02:30.
        Assert.Equal(new DateTime(2026, 10, 25, 2, 30, 0), CopenhagenTime.ToLocal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 10, 25, 2, 30, 0), CopenhagenTime.ToLocal(new DateTime(2026, 10, 25, 1, 30, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Start_of_day_is_local_midnight_in_utc()
    {
        Assert.Equal(new DateTime(2017, 3, 8, 23, 0, 0, DateTimeKind.Utc), CopenhagenTime.StartOfDayUtc(new DateOnly(2017, 3, 9)));
        Assert.Equal(new DateTime(2012, 8, 13, 22, 0, 0, DateTimeKind.Utc), CopenhagenTime.StartOfDayUtc(new DateOnly(2012, 8, 14)));
        Assert.Equal(new DateTime(2026, 3, 28, 23, 0, 0, DateTimeKind.Utc), CopenhagenTime.StartOfDayUtc(new DateOnly(2026, 3, 29)));
    }

    [Fact]
    public void Zone_is_europe_copenhagen() => Assert.Equal("Europe/Copenhagen", CopenhagenTime.ZoneId);

    [Theory]
    [InlineData(2017, 3, 9, 8, 30, "Torsdag d. 09. marts 2017 kl. 08:30")]
    [InlineData(2012, 8, 14, 10, 0, "Tirsdag d. 14. august 2012 kl. 10:00")]
    [InlineData(2014, 12, 16, 9, 5, "Tirsdag d. 16. december 2014 kl. 09:05")]
    [InlineData(2026, 3, 29, 14, 0, "Søndag d. 29. marts 2026 kl. 14:00")]
    [InlineData(2026, 1, 3, 23, 59, "Lørdag d. 03. januar 2026 kl. 23:59")]
    [InlineData(2026, 5, 4, 0, 0, "Mandag d. 04. maj 2026 kl. 00:00")]
    [InlineData(2026, 6, 3, 12, 0, "Onsdag d. 03. juni 2026 kl. 12:00")]
    [InlineData(2026, 7, 3, 12, 0, "Fredag d. 03. juli 2026 kl. 12:00")]
    public void Long_date_time_is_written_out_in_danish(int y, int mo, int d, int h, int mi, string expected) =>
        Assert.Equal(expected, CopenhagenTime.LongDateTime(new DateTime(y, mo, d, h, mi, 0)));

    [Theory]
    // Service bug: ':' in the custom format "HH:mm" is the culture's time separator, which is '.' in
    // Danish and Finnish, so on a host with a Danish locale the minutes say "kl. 08.30".
    [InlineData("en-US")]
    [InlineData("da-DK")]
    [InlineData("fi-FI")]
    [InlineData("ar-SA")]
    public void Long_date_time_does_not_depend_on_the_current_culture(string culture)
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(culture);
            Assert.Equal("Torsdag d. 09. marts 2017 kl. 08:30", CopenhagenTime.LongDateTime(new DateTime(2017, 3, 9, 8, 30, 0)));
            Assert.Equal("09-03-2017", CopenhagenTime.ShortDate(new DateTime(2017, 3, 9, 8, 30, 0)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData(2017, 3, 9, "09-03-2017")]
    [InlineData(2012, 8, 14, "14-08-2012")]
    [InlineData(2014, 12, 16, "16-12-2014")]
    public void Short_date_is_day_month_year_with_dashes(int y, int mo, int d, string expected) =>
        Assert.Equal(expected, CopenhagenTime.ShortDate(new DateTime(y, mo, d, 8, 30, 0)));

    [Theory]
    [InlineData(2026, 12, 31, 22, 59, 26)]
    [InlineData(2026, 12, 31, 23, 0, 27)]
    [InlineData(2026, 12, 31, 23, 30, 27)]
    [InlineData(2027, 6, 30, 21, 59, 27)]
    [InlineData(2099, 12, 31, 23, 0, 0)]
    public void Two_digit_year_is_the_copenhagen_year_of_the_instant(int y, int mo, int d, int h, int mi, int expected) =>
        Assert.Equal(expected, CopenhagenTime.TwoDigitYear(new DateTime(y, mo, d, h, mi, 0, DateTimeKind.Utc)));

    [Fact]
    public void Short_date_of_an_instant_is_its_copenhagen_day_whatever_its_offset()
    {
        // 23:30 UTC on 8 March is 00:30 on 9 March in Copenhagen (winter time, UTC+1).
        Assert.Equal("09-03-2017", CopenhagenTime.ShortDate(new DateTimeOffset(2017, 3, 8, 23, 30, 0, TimeSpan.Zero)));
        Assert.Equal("09-03-2017", CopenhagenTime.ShortDate(new DateTimeOffset(2017, 3, 8, 18, 30, 0, TimeSpan.FromHours(-5))));
        // 22:30 UTC on 13 August is 00:30 on 14 August (summer time, UTC+2).
        Assert.Equal("14-08-2012", CopenhagenTime.ShortDate(new DateTimeOffset(2012, 8, 13, 22, 30, 0, TimeSpan.Zero)));
        Assert.Equal("13-08-2012", CopenhagenTime.ShortDate(new DateTimeOffset(2012, 8, 13, 21, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Short_date_of_a_calendar_day() =>
        Assert.Equal("01-04-2027", CopenhagenTime.ShortDate(new DateOnly(2027, 4, 1)));
}
