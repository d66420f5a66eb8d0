namespace Governance.Referat.Tests;

/// <summary>The 2013-09-09 minutes: a full-day meeting, decisions of the day, guests in decisions, big tab tables, and a Huskeliste with "Forv. tidspunkt" and many calendars.</summary>
public sealed class Sample20130909Tests
{
    private static readonly Referat Referat = Samples.Parse(Samples.Direktionen20130909);
    private static readonly DateOnly Meeting = new(2013, 9, 9);

    [Fact]
    public void The_header_gives_body_date_time_and_room()
    {
        var h = Referat.Header;
        Assert.Equal("Direktionen", h.Body);
        Assert.Equal(Meeting, h.MeetingDate);
        Assert.Equal(new TimeOnly(9, 0), h.StartTime);
        Assert.Equal("Mødelokale B105", h.Room);
        Assert.Empty(h.Participants);
        Assert.Equal(TableLayout.Tabs, Referat.Contents!.Layout);
        Assert.Equal(8, Referat.Contents.Entries.Count);
        Assert.Equal(("Program for direktionens heldagsmøde mandag den 9. september 2013", 3), (Referat.Contents.Entries[0].Title, Referat.Contents.Entries[0].Page));
        Assert.Equal(("Huskeliste 09-09-2013", 20), (Referat.Contents.Entries[7].Title, Referat.Contents.Entries[7].Page));
    }

    [Fact]
    public void Every_item_has_its_number_title_and_journal_number()
    {
        // Item 2's title differs from the contents list ("Økonomiopfølgning"): both are kept as written.
        Assert.Equal(
            [(1, "Program for direktionens heldagsmøde mandag den 9. september 2013", "12/32140"), (2, "Økonomifølging 09-09-2013", "12/32140"),
             (3, "Øvrige sager 09-09-2013", "12/32140"), (4, "APV- og Trivselsundersøgelse 2014 - projektoplæg", "12/25982"),
             (5, "Ligestillingsredegørelse 2013", "13/17345"), (6, "Direktionens strategibrev 2014 - Overskrifter", "09/10043"),
             (7, "Digitaliseringsstrategi status og proces", "13/3833"), (8, "Huskeliste 09-09-2013", "12/32140")],
            Referat.Items.Select(i => (i.Number, i.Title, i.JournalText!)));
        Assert.Equal("Økonomiopfølgning 09-09-2013", Referat.Contents!.Entries[1].Title);
    }

    [Fact]
    public void Decisions_have_their_date_and_text()
    {
        var decisions = Referat.Items.SelectMany(i => i.Decisions.Select(d => (i.Number, d))).ToArray();
        Assert.Equal([3, 4, 5, 6, 7], decisions.Select(d => d.Number));
        Assert.All(decisions, d =>
        {
            Assert.Equal(Meeting, d.d.MeetingDate);
            Assert.Equal("Direktionen", d.d.Body);
            Assert.False(d.d.IsOfEarlierMeeting);
            Assert.Null(d.d.Postponement);
        });
        Assert.Equal("Godkendt.", Referat.Item(5).Decisions.Single().Text);
        Assert.Equal("Direktionen havde en række bemærkninger til oplægget, som indarbejdes.", Referat.Item(4).Decisions.Single().Text);
        Assert.Equal(
            ["*Kommende politiske mødesager\nTaget til efterretning.*", "Exit-strategi", "Direktionen drøftede status på arbejdet med exit-strategien, jf. fremsendt notat."],
            Samples.Paragraphs(Referat.Item(3).Decisions.Single().Blocks).Take(3));
        var digital = Referat.Item(7).Decisions.Single();
        Assert.StartsWith("Direktionen drøftede oplægget og kom bl.a. ind på:", Samples.Paragraphs(digital.Blocks)[0], StringComparison.Ordinal);
        Assert.EndsWith("(indstillingens pkt.3).", Samples.Paragraphs(digital.Blocks)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Guests_in_decisions_are_noted()
    {
        Assert.Equal("Stine West Dyhr", Referat.Item(6).Guests.Single().Who);
        Assert.Equal("Jean Rygaard, Henrik Buch/ØDC og Peer Anker Hansen/BSC", Referat.Item(7).Guests.Single().Who);
        Assert.All(Referat.Items.SelectMany(i => i.Guests), g => Assert.Null(g.Time));
        // "(Stine deltager)" and "kl. 10.-11.30 Borgmesteren deltager" are the programme, not guests.
        Assert.Empty(Referat.Item(1).Guests);
    }

    [Fact]
    public void Recommendations_have_their_unit_and_points()
    {
        var equality = Referat.Item(5).Recommendation!;
        Assert.Equal("HR-Centret", equality.Unit);
        Assert.Equal(["1", "2", "3"], equality.Points.Select(p => p.Label));
        Assert.Equal("forelægges Økonomiudvalget og Byrådet på oktober møderækken.", equality.Points[2].Text);

        // A point continued after a blank line keeps its continuation.
        var digital = Referat.Item(7).Recommendation!;
        Assert.Equal(3, digital.Points.Count);
        Assert.Equal(2, digital.Points[0].Lines.Count);
        Assert.EndsWith("\nkonsulentbistand kan finansieres ved brug af effektiviseringspuljen, anslåede 0,3 mio.kr.", digital.Points[0].Text, StringComparison.Ordinal);

        var apv = Referat.Item(4).Recommendation!;
        Assert.Equal("HR-Centret", apv.Unit);
        Assert.Empty(apv.Points);
        Assert.Null(Referat.Item(6).Recommendation!.Unit);
    }

    [Fact]
    public void Tables_keep_their_rows_across_an_empty_row()
    {
        var finances = Referat.Item(7).TextSections.Single(s => s.Kind == SectionKind.Finances);
        var budget = finances.Blocks.OfType<Table>().Single();
        Assert.Equal(28, budget.Rows.Count);
        Assert.Equal(["IT og telefoni", "Bemærkninger", "55.476.572"], budget.Rows[0].Cells);
        Assert.Equal(["05 Reparationer", "Udisponeret", "275.901"], budget.Rows[^1].Cells);
        var plan = Referat.Item(4).TextSections.Single().Blocks.OfType<Table>().Single();
        Assert.Equal(["Tidspunkt", "Aktivitet"], plan.Rows[0].Cells);
        Assert.Equal(9, plan.Rows.Count);
    }

    [Fact]
    public void Attachments_are_listed_per_item()
    {
        Assert.Equal(["Årshjul samtlige udvalg - oktober 2013", "status exit-strategien i HTK aug.13.docx"], Referat.Item(3).Attachments.Select(a => a.Title));
        Assert.Equal(["Fra kortlægning til handlingsplan", "spørgeskema 2014"], Referat.Item(4).Attachments.Select(a => a.Title));
        Assert.Equal(["Digitaliseringsstrategi 2013-2015"], Referat.Item(7).Attachments.Select(a => a.Title));
    }

    [Fact]
    public void The_huskeliste_has_its_rows_with_subject_time_and_responsible()
    {
        var list = Referat.ReminderList!;
        Assert.Equal(SectionKind.CasePresentation, Referat.Item(8).Sections.Single().Kind);
        Assert.Equal(["Sag/emne", "Forv. tidspunkt", "Ansvarlig"], list.Header.Cells);
        Assert.Equal(
            [("Udbudspolitik og mulige emner/handleplan på et kommende direktionensmøde", "September", "ØDC"),
             ("Indkøbspolitik", "September", "ØDC"),
             ("Processag vedr. selvejende institutioner", "September", "BYC"),
             ("Specialiserede socialområde - afrapportering på analyse om kapacitet, målgr., tilbudsvifte mv.", "20. september", "SHC"),
             ("Årshjul for direktionen", "September", "BYC"),
             ("ØKO-LIS", "(2. uge månedligt)", "ØDC"),
             ("Programmet Morgendagens børne- og ungeliv", "Kvartalsvis", "PA"),
             ("Status på revisionsbemærkninger", "(Kvartalsvis)", "PA")],
            list.Reminders.Select(r => (r.Subject, r.ExpectedTime, r.Responsible)));
        Assert.Single(list.Groups);
    }

    [Fact]
    public void The_calendars_after_the_table_keep_dates_and_notes_in_order()
    {
        var calendars = Referat.ReminderList!.Calendars;
        Assert.Equal(
            ["Chefforum", "Direktionens Strategiske Lederforum", "Byrådets temamøder", "ØU", "HU-møder", "Borgmesterens deltagelse i direktionmøder"],
            calendars.Select(c => c.Name));
        Assert.Equal(
            [new DateOnly(2013, 9, 19), new DateOnly(2013, 10, 23), new DateOnly(2013, 11, 20), new DateOnly(2013, 12, 18)],
            calendars[4].Dates.Select(d => d.Date!.Value));
        Assert.Equal("(orienteringspunkt i direktionen forud for HU-møde)", calendars[4].Lines[0].Text);
        var themes = calendars[2].Lines;
        Assert.Equal((new DateOnly(2013, 10, 29), "(NB! Skal sandsynligvis aflyses)"), (themes[1].Date!.Value, themes[1].Text));
        Assert.Equal(["Kommende emner:", "- Reformen på beskæftigelsesområdet (Ifm. Byrådshøjskolen)"], themes.Skip(2).Take(2).Select(l => l.Text));
        Assert.Equal(new DateOnly(2013, 12, 9), calendars[5].Dates.Single().Date);
    }

    [Fact]
    public void Every_line_is_classified()
    {
        Assert.Equal(0, Referat.Report.UnclassifiedLineCount);
        Assert.Equal(346, Referat.Report.ClassifiedLineCount);
    }
}
