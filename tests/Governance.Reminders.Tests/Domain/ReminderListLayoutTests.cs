using Governance.Reminders.Domain;

namespace Governance.Reminders.Tests.Domain;

public sealed class ReminderListLayoutTests
{
    private static readonly DateOnly Asof2012 = new(2012, 8, 14);
    private static readonly DateOnly Asof2013 = new(2013, 9, 9);

    private static Responsible Parties(params string[] parties) => new(parties, false);

    private static ListSettingsRecord Settings() => ListSettingsRecord.Defaults("direktionen");

    private static ListSection Section(string title, string[]? lead = null, CalendarEntryRecord[]? entries = null, string[]? trailing = null) =>
        new(title, lead ?? [], entries ?? [], trailing ?? []);

    private static readonly ListedReminder[] Rows2012 =
    [
        new(1, "Projekt Morgendagens skole, herunder status økonomi", new ExpectedTime.Recurring("FREQ=MONTHLY", new DateTime(2012, 8, 1, 8, 0, 0), "Månedlig"), Parties("PA")),
        new(2, "Administrative besparelser - konsekvensbeskrivelser (jf. mail fra Mikala 27.06)", new ExpectedTime.OnDate(new DateOnly(2012, 8, 28)), Parties("ØDC")),
        new(3, "Borgmesterhenvendelser", new ExpectedTime.InMonth(2012, 9), Parties("BYC")),
    ];

    private static readonly ListSection[] Sections2012 =
    [
        Section("Chefforum", lead: ["Forberedelse af kommende ugers mødebånd"]),
        Section("Direktionens Strategiske Lederforum", entries:
        [
            new(new DateOnly(2012, 11, 26), Topic: ""),
            new(new DateOnly(2012, 9, 4), Topic: ""),
            new(new DateOnly(2012, 6, 12), Topic: "Før listens dato: ikke med"),
        ]),
        Section("Byrådets temamøder", entries:
        [
            new(new DateOnly(2012, 9, 25), Topic: "Vækst- og Erhvervspolitik"),
            new(new DateOnly(2012, 10, 30), Topic: "Forslag til bystrategi (Kommuneplan)?"),
            new(new DateOnly(2012, 11, 27), Topic: ""),
            new(new DateOnly(2012, 11, 28), Topic: "Efter horisonten: ikke med"),
        ]),
    ];

    private static readonly ListedReminder[] Rows2013 =
    [
        new(1, "Udbudspolitik og mulige emner/handleplan på et kommende direktionensmøde", new ExpectedTime.InMonth(2013, 9), Parties("ØDC")),
        new(2, "Indkøbspolitik", new ExpectedTime.InMonth(2013, 9), Parties("ØDC")),
        new(3, "Processag vedr. selvejende institutioner", new ExpectedTime.InMonth(2013, 9), Parties("BYC")),
        new(4, "Specialiserede socialområde - afrapportering på analyse om kapacitet, målgr., tilbudsvifte mv.", new ExpectedTime.OnDate(new DateOnly(2013, 9, 20)), Parties("SHC")),
        new(5, "Årshjul for direktionen", new ExpectedTime.InMonth(2013, 9), Parties("BYC")),
        new(6, "ØKO-LIS", new ExpectedTime.Recurring("FREQ=MONTHLY;BYDAY=2MO", new DateTime(2013, 9, 9, 8, 0, 0)), Parties("ØDC")),
        new(7, "Programmet Morgendagens børne- og ungeliv", new ExpectedTime.Recurring("FREQ=MONTHLY;INTERVAL=3", new DateTime(2013, 9, 1, 8, 0, 0)), Parties("PA")),
        new(8, "Status på revisionsbemærkninger", new ExpectedTime.Recurring("FREQ=MONTHLY;INTERVAL=3", new DateTime(2013, 9, 1, 8, 0, 0), "(Kvartalsvis)"), Parties("PA")),
    ];

    private static readonly ListSection[] Sections2013 =
    [
        Section("Chefforum", lead: ["Forberedelse af kommende ugers mødebånd."]),
        Section("Direktionens Strategiske Lederforum", entries: [new(new DateOnly(2013, 11, 25))]),
        Section("Byrådets temamøder",
            entries:
            [
                new(new DateOnly(2013, 10, 29), Topic: "(NB! Skal sandsynligvis aflyses)"),
                new(new DateOnly(2013, 9, 24), Topic: "Kommuneplan, Evaluering af byrådsarbejdet."),
            ],
            trailing:
            [
                "Kommende emner:",
                "- Reformen på beskæftigelsesområdet (Ifm. Byrådshøjskolen)",
                "- Boligsociale område, udlejning, kombineret udlejning, tomgangsleje mv. (jf. sag på SSU 5. febr.).",
                "- Kvalitet i folkeskolen",
                "- Generelt om udbud (jf. BY-sag 20.11 om Pulje til Kvalitetsudvikling)",
            ]),
        Section("ØU", lead: ["Temadrøftelse på ØU om boligområdet/støttede byggeri – kompetenceafklaring mv. (evt. november)"]),
        Section("HU-møder", lead: ["(orienteringspunkt i direktionen forud for HU-møde)"], entries:
        [
            new(new DateOnly(2013, 9, 19)), new(new DateOnly(2013, 10, 23)), new(new DateOnly(2013, 11, 20)), new(new DateOnly(2013, 12, 18)),
            new(new DateOnly(2014, 1, 22)),
        ]),
        Section("Borgmesterens deltagelse i direktionmøder", entries: [new(new DateOnly(2013, 12, 9)), new(new DateOnly(2013, 9, 2), "res.")]),
    ];

    [Fact]
    public void The_2012_list_prints_as_the_minutes_of_14_August_2012()
    {
        var list = ReminderListLayout.Compose(Settings(), Rows2012, Sections2012, Asof2012, horizonDays: 105);
        Assert.Equal(SampleLists.Direktionen20120814, list.Text);
    }

    [Fact]
    public void The_2013_list_prints_as_the_minutes_of_9_September_2013()
    {
        var settings = Settings() with { TimeHeading = "Forv. tidspunkt" };
        var list = ReminderListLayout.Compose(settings, Rows2013.Reverse().ToList(), Sections2013, Asof2013, horizonDays: 100);

        Assert.Equal(SampleLists.Direktionen20130909, list.Text);
        var group = Assert.Single(list.Groups);
        Assert.Null(group.Heading);
        Assert.Equal(Enumerable.Range(1, 8), group.Rows.Select(r => r.Reminder.Position));
        Assert.Equal("(2. uge månedligt)", group.Rows[5].TimeText);
        Assert.Equal(["19. september", "23. oktober", "20. november", "18. december"], list.Sections[4].Lines.Select(l => l.Text));
    }

    public static TheoryData<string, DateOnly> SampleTableRows()
    {
        var rows = new TheoryData<string, DateOnly>();
        foreach (var (sample, asOf) in new[] { (SampleLists.Direktionen20120814, Asof2012), (SampleLists.Direktionen20130909, Asof2013) })
        {
            foreach (var line in sample.Split('\n').Skip(1).TakeWhile(l => l.Contains('\t', StringComparison.Ordinal)))
            {
                rows.Add(line, asOf);
            }
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(SampleTableRows))]
    public void Every_table_row_of_the_samples_parses_and_renders_back_to_the_same_text(string row, DateOnly asOf)
    {
        var cells = row.Split('\t');
        Assert.Equal(3, cells.Length);
        var time = ExpectedTimeText.Parse(cells[1], asOf);
        Assert.IsNotType<ExpectedTime.FreeText>(time);
        var responsible = Responsible.Parse(cells[2]);
        Assert.Empty(ExpectedTimeText.Validate(time, "expected_time"));
        Assert.Empty(Responsible.Validate(responsible, "responsible"));
        Assert.Equal(row, $"{cells[0]}\t{ExpectedTimeText.Render(time, asOf.Year)}\t{responsible.Render()}");
    }

    [Fact]
    public void The_sample_rows_read_back_are_the_values_the_lists_are_built_from()
    {
        foreach (var (sample, asOf, rows) in new[] { (SampleLists.Direktionen20120814, Asof2012, Rows2012), (SampleLists.Direktionen20130909, Asof2013, Rows2013) })
        {
            var read = sample.Split('\n').Skip(1).TakeWhile(l => l.Contains('\t', StringComparison.Ordinal)).Select(l => l.Split('\t')).ToList();
            Assert.Equal(rows.Select(r => r.Time), read.Select(cells => ExpectedTimeText.Parse(cells[1], asOf)));
            Assert.Equal(rows.Select(r => r.Responsible), read.Select(cells => Responsible.Parse(cells[2])));
            Assert.Equal(rows.Select(r => r.Subject), read.Select(cells => cells[0]));
        }
    }

    [Fact]
    public void A_grouped_list_has_a_group_per_month_in_date_order_then_free_text_then_the_recurring_ones()
    {
        ListedReminder[] reminders =
        [
            new(1, "ØKO-LIS", new ExpectedTime.Recurring("FREQ=MONTHLY;BYDAY=2MO", new DateTime(2013, 9, 9, 8, 0, 0)), Parties("ØDC")),
            new(2, "Budgetopfølgning", new ExpectedTime.OnDate(new DateOnly(2013, 10, 2)), Parties("ØDC", "BYC")),
            new(3, "Specialiserede socialområde", new ExpectedTime.OnDate(new DateOnly(2013, 9, 20)), Parties("SHC")),
            new(4, "Når budgettet er vedtaget", new ExpectedTime.FreeText("Efter budgetvedtagelsen"), Parties("PA")),
            new(5, "Indkøbspolitik", new ExpectedTime.InMonth(2013, 9), Parties("ØDC")),
            new(6, "Kørselsgodtgørelse", new ExpectedTime.InMonth(2014, 3), new Responsible(["HRC"], true)),
            new(7, "Processag", new ExpectedTime.OnDate(new DateOnly(2013, 9, 13)), Parties("BYC/AM")),
            new(8, "Status på revisionsbemærkninger", new ExpectedTime.Recurring("FREQ=MONTHLY;INTERVAL=3", new DateTime(2013, 9, 1, 8, 0, 0), "(Kvartalsvis)"), Parties("PA")),
            new(9, "Aftalt dato", new ExpectedTime.OnDate(new DateOnly(2013, 10, 7), "7/10"), Parties("PA")),
        ];
        var list = ReminderListLayout.Compose(Settings() with { GroupByMonth = true }, reminders, [], Asof2013, 90);

        Assert.Equal(["September", "Oktober", "Marts 2014", ReminderListLayout.FreeTextHeading, ReminderListLayout.RecurringHeading], list.Groups.Select(g => g.Heading));
        Assert.Equal(
            "Sag/emne\tForventet tidspunkt\tAnsvarlig\n" +
            "September\n" +
            "Indkøbspolitik\tSeptember\tØDC\n" +
            "Processag\t13.\tBYC/AM\n" +
            "Specialiserede socialområde\t20.\tSHC\n" +
            "Oktober\n" +
            "Budgetopfølgning\t2.\tØDC, BYC\n" +
            "Aftalt dato\t7/10\tPA\n" +
            "Marts 2014\n" +
            "Kørselsgodtgørelse\tMarts\tHRC m.fl.\n" +
            "Øvrige sager\n" +
            "Når budgettet er vedtaget\tEfter budgetvedtagelsen\tPA\n" +
            "Gentagende sager i løbet af året\n" +
            "ØKO-LIS\t(2. uge månedligt)\tØDC\n" +
            "Status på revisionsbemærkninger\t(Kvartalsvis)\tPA",
            list.Text);
    }

    [Theory]
    [InlineData(null, null, "30. april")]
    [InlineData("res.", null, "30. april (res.)")]
    [InlineData(null, "", "30. april:")]
    [InlineData(null, "Vækst- og Erhvervspolitik", "30. april: Vækst- og Erhvervspolitik")]
    [InlineData("res.", "Budget", "30. april (res.): Budget")]
    public void A_calendar_entry_prints_its_note_in_parentheses_and_its_topic_after_a_colon(string? note, string? topic, string text)
    {
        Assert.Equal(text, ReminderListLayout.EntryText(new CalendarEntryRecord(new DateOnly(2015, 4, 30), note ?? "", topic), 2015));
        Assert.Equal(text.Replace("30. april", "30. april 2016", StringComparison.Ordinal), ReminderListLayout.EntryText(new CalendarEntryRecord(new DateOnly(2016, 4, 30), note ?? "", topic), 2015));
    }
}
