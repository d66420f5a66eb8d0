using Google.Protobuf.WellKnownTypes;
using Governance.Reminders.Tests.Domain;
using Governance.Reminders.V1;

namespace Governance.Reminders.Tests.Api;

/// <summary>The printed list (GetReminderList): a sample Huskeliste entered through the API as a
/// secretary would (each "Forventet tidspunkt" read by ParseExpectedTime), printed back row for row.</summary>
public abstract class ReminderListApiTests(IApiHost host) : RemindersApiTestBase(host)
{
    private static readonly Google.Type.Date ListDate = HuskelisteSample.ListDate;

    private static CalendarSection Section(string title, string[]? lead = null, CalendarEntry[]? entries = null, string[]? trailing = null)
    {
        var section = new CalendarSection { Title = title };
        section.LeadParagraphs.AddRange(lead ?? []);
        section.Entries.AddRange(entries ?? []);
        section.TrailingParagraphs.AddRange(trailing ?? []);
        return section;
    }

    [Fact]
    public async Task The_huskeliste_of_9_September_2013_entered_through_the_api_prints_row_for_row_as_the_minutes()
    {
        var body = UniqueBody();
        await HuskelisteSample.EnterAsync(Client, body, Ct);

        var list = await Client.GetReminderListAsync(new GetReminderListRequest { Body = body, AsOf = ListDate, HorizonDays = 100 }, cancellationToken: Ct);

        Assert.Equal(SampleLists.Direktionen20130909, list.Text);
        var group = Assert.Single(list.Groups);
        Assert.Equal("", group.Heading);
        Assert.Equal(HuskelisteSample.Rows.Select(r => r.Time), group.Rows.Select(r => r.TimeText));
        Assert.Equal(HuskelisteSample.Rows.Select(r => r.Subject), group.Rows.Select(r => r.Subject));
        Assert.All(group.Rows, r => Assert.StartsWith($"{body}/reminders/", r.Reminder));
        Assert.Equal("FREQ=MONTHLY;BYDAY=2MO", group.Rows[5].ExpectedTime.Recurrence.Rrule);
        Assert.Equal(new YearMonth { Year = 2013, Month = 9 }, group.Rows[0].ExpectedTime.Month);
        Assert.Equal(HuskelisteSample.SectionTitles,
            list.Sections.Select(s => s.Title));
        Assert.Equal("Forv. tidspunkt", list.TimeHeading);
    }

    [Fact]
    public async Task A_list_grouped_by_month_puts_dated_ones_under_their_month_and_recurring_ones_last()
    {
        var body = UniqueBody();
        await Client.UpdateReminderListSettingsAsync(new UpdateReminderListSettingsRequest
        {
            Settings = new ReminderListSettings { Name = $"{body}/reminderListSettings", GroupByMonth = true },
            UpdateMask = new FieldMask { Paths = { "group_by_month" } },
        }, cancellationToken: Ct);
        await CreateAsync(body, NewReminder("IT budget", Rule("FREQ=MONTHLY;INTERVAL=3", 2015, 7, 1), ["ØDC"]));
        await CreateAsync(body, NewReminder("Budgetopfølgning", OnDate(2015, 8, 13), ["ØDC"]));
        await CreateAsync(body, NewReminder("Borgmesterhenvendelser", InMonth(2015, 9), ["BYC"]));

        var list = await Client.GetReminderListAsync(new GetReminderListRequest { Body = body, AsOf = Date(2015, 8, 1) }, cancellationToken: Ct);

        Assert.Equal(["August", "September", "Gentagende sager i løbet af året"], list.Groups.Select(g => g.Heading));
        Assert.Equal("13.", list.Groups[0].Rows[0].TimeText);
        Assert.Equal(
            "Sag/emne\tForventet tidspunkt\tAnsvarlig\nAugust\nBudgetopfølgning\t13.\tØDC\nSeptember\nBorgmesterhenvendelser\tSeptember\tBYC\n" +
            "Gentagende sager i løbet af året\nIT budget\tKvartalsvis\tØDC",
            list.Text);
    }

    [Fact]
    public async Task The_public_view_shows_a_closed_reminder_as_Lukket_even_to_the_secretariat()
    {
        var body = UniqueBody();
        await CreateAsync(body, NewReminder("Personalesag om lederen af Centret", InMonth(2013, 10), ["HRC"], r => r.Closed = true));
        await CreateAsync(body, NewReminder("Indkøbspolitik", InMonth(2013, 9), ["ØDC"]));

        // The test channel's token is the body's secretariat: its own view shows the subject.
        var own = await Client.GetReminderListAsync(new GetReminderListRequest { Body = body, AsOf = ListDate }, cancellationToken: Ct);
        var shown = await Client.GetReminderListAsync(new GetReminderListRequest { Body = body, AsOf = ListDate, PublicView = true }, cancellationToken: Ct);

        Assert.Contains("Personalesag om lederen af Centret\tOktober\tHRC", own.Text, StringComparison.Ordinal);
        Assert.Equal("Sag/emne\tForventet tidspunkt\tAnsvarlig\nLukket\tOktober\tHRC\nIndkøbspolitik\tSeptember\tØDC", shown.Text);
        Assert.Equal(["Lukket", "Indkøbspolitik"], shown.Groups.Single().Rows.Select(r => r.Subject));
    }

    [Fact]
    public async Task Done_reminders_and_dates_outside_the_horizon_are_not_printed()
    {
        var body = UniqueBody();
        var done = await CreateAsync(body, NewReminder("Afsluttet sag", InMonth(2013, 9)));
        await CreateAsync(body, NewReminder("Åben sag", InMonth(2013, 10)));
        await ChangeStateAsync(done, ReminderState.Done);
        await CreateSectionAsync(body, Section("HU-møder", entries: [Entry(2013, 9, 1), Entry(2013, 9, 19), Entry(2013, 12, 18)]));

        var list = await Client.GetReminderListAsync(new GetReminderListRequest { Body = body, AsOf = ListDate, HorizonDays = 30 }, cancellationToken: Ct);

        Assert.Equal("Sag/emne\tForventet tidspunkt\tAnsvarlig\nÅben sag\tOktober\tØDC\n\nHU-møder\n\n19. september", list.Text);
        await ApiAssert.InvalidArgument(
            () => Client.GetReminderListAsync(new GetReminderListRequest { Body = body, HorizonDays = 731, AsOf = Date(1999, 1, 1) }, cancellationToken: Ct),
            "horizon_days", "as_of");
    }
}

public sealed class ReminderListApiSqliteTests(SqliteApiHost host) : ReminderListApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class ReminderListApiPostgresTests(PostgresApiHost host) : ReminderListApiTests(host), IClassFixture<PostgresApiHost>;
