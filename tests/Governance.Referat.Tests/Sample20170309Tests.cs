namespace Governance.Referat.Tests;

/// <summary>The 2017-03-09 minutes: participants with the secretary, a contents table, closed items, decisions before the case presentation, and a postponement of 27-02-2017.</summary>
public sealed class Sample20170309Tests
{
    private static readonly Referat Referat = Samples.Parse(Samples.Direktionen20170309);
    private static readonly DateOnly Meeting = new(2017, 3, 9);

    [Fact]
    public void The_header_gives_body_date_time_room_and_participants()
    {
        var h = Referat.Header;
        Assert.Equal("Direktionen", h.Body);
        Assert.Equal(Meeting, h.MeetingDate);
        Assert.Equal(new TimeOnly(8, 30), h.StartTime);
        Assert.Equal("Mødelokale B105", h.Room);
        Assert.Equal(
            [("Lars Holte", false), ("Jørgen Lerhard", false), ("Per Aalbæk Nielsen", false), ("Charlotte Markussen", false), ("Kathrine Seier Skastrup", true)],
            h.Participants.Select(p => (p.Name, p.IsSecretary)));
        Assert.Equal("Kathrine Seier Skastrup", h.Secretary!.Name);
    }

    [Fact]
    public void The_contents_list_is_a_table()
    {
        var contents = Referat.Contents!;
        Assert.Equal(TableLayout.Pipes, contents.Layout);
        Assert.Equal(["| | |", "|--|----|"], contents.TableLines.Select(l => l.Text));
        Assert.Equal(
            [("Økonomiopfølgning - 09-03-2017", 3), ("Regnskab 2016 (Direktionen)", 4), ("Befolkningsprognose 2017-29", 6),
             ("APV/Trivselmåling og måling af Social Kapital", 8), ("Valg af deltagere samt projekter til talentforløbet", 10), ("Lukket", 12),
             ("Forslag om sporskifte i Nye Rammer -Ny Administration", 13), ("Øvrige sager - 09-03-2017", 16), ("Lukket", 17)],
            contents.Entries.Select(e => (e.Title, e.Page)));
    }

    [Fact]
    public void Every_item_has_its_number_title_and_journal_number_and_closed_items_only_that()
    {
        Assert.Equal(
            [(1, "Økonomifølging - 09-03-2017", "16/26813"), (2, "Regnskab 2016 (Direktionen)", "16/25345"), (3, "Befolkningsprognose 2017-29", "16/26764"),
             (4, "APV/Trivselsmåling og måling af Social Kapital", "16/21627"), (5, "Valg af deltagere samt projekter til talentforløbet", "16/17415"),
             (6, "Lukket", "16/26739"), (7, "Forslag om sporskifte i Nye Rammer -Ny Administration", "16/2219"), (8, "Øvrige sager - 09-03-2017", "16/26813"),
             (9, "Lukket", "16/26813")],
            Referat.Items.Select(i => (i.Number, i.Title, i.JournalText!)));
        Assert.Equal([6, 9], Referat.Items.Where(i => i.IsClosed).Select(i => i.Number));
        Assert.All(Referat.Items.Where(i => i.IsClosed), i => Assert.Empty(i.Sections));
        Assert.Equal(new Kernel.JournalNumber(16, 26739), Referat.Item(6).JournalNumber);
    }

    [Fact]
    public void Sections_keep_the_order_of_this_layout_decision_before_presentation()
    {
        Assert.Equal(
            [SectionKind.Background, SectionKind.Recommendation, SectionKind.Decision, SectionKind.CasePresentation, SectionKind.Attachments],
            Referat.Item(2).Sections.Select(s => s.Kind));
        Assert.Equal(
            [SectionKind.Background, SectionKind.Recommendation, SectionKind.Decision, SectionKind.Decision, SectionKind.CasePresentation, SectionKind.Finances, SectionKind.Attachments],
            Referat.Item(7).Sections.Select(s => s.Kind));
    }

    [Fact]
    public void Decisions_have_their_date_and_text()
    {
        Assert.Equal(
            [(2, Meeting), (3, Meeting), (4, Meeting), (5, Meeting), (7, Meeting), (7, new DateOnly(2017, 2, 27)), (8, Meeting)],
            Referat.Items.SelectMany(i => i.Decisions.Select(d => (i.Number, d.MeetingDate!.Value))));
        Assert.Equal(
            "Direktionen godkendte regnskabet og understregede, at den overordnede fortælling om den gode regnskabsresultat skal tydeliggøres i sagen til det politiske niveau.",
            Referat.Item(2).Decisions.Single().Text);
        Assert.Equal(
            "Pind 1, 2 og 3 blev godkendt. Ifht. pind 4 var der i direktionen enighed om, at det er relevant med en tidsmæssig koordineret udsendelse, men det skal drøftes med chefforum, hvorvidt de skal sammenlægges.\n\nPind 5 blev godkendt.",
            Referat.Item(4).Decisions.Single().Text);
        Assert.Equal(
            "1. Godkendt\n2. Følgende projekter blev valgt:\n - 1. Høje-Taastrup C\n - 6. Proaktiv klagesagsbehandling\n - 10. God borgerkontakt (med fokus på hele projektet)\n - Tværgående samarbejde i organisationen (foreslået af direktionen).",
            Referat.Item(5).Decisions.Single().Text);
        Assert.StartsWith("Sagerne blev drøftet.\n\nMed hensyn til konsulentnetværket", Referat.Item(8).Decisions.Single().Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_earlier_udskudt_is_a_decision_of_that_meeting_postponing_to_this_one()
    {
        var decisions = Referat.Item(7).Decisions.ToArray();
        Assert.False(decisions[0].IsOfEarlierMeeting);
        Assert.Null(decisions[0].Postponement);
        Assert.StartsWith("1. Godkendt.\n2. Der var en enighed om", decisions[0].Text, StringComparison.Ordinal);

        var earlier = decisions[1];
        Assert.Equal("Beslutning Direktionen den 27-02-2017", earlier.HeadingText);
        Assert.Equal(new DateOnly(2017, 2, 27), earlier.MeetingDate);
        Assert.True(earlier.IsOfEarlierMeeting);
        Assert.Equal("Udskudt.", earlier.Text);
        Assert.Equal(new Postponement(Meeting, null, null), earlier.Postponement);
    }

    [Fact]
    public void Recommendations_have_their_unit_and_points()
    {
        Assert.Equal("ØDC", Referat.Item(2).Recommendation!.Unit);
        Assert.Empty(Referat.Item(2).Recommendation!.Points);
        Assert.Null(Referat.Item(3).Recommendation!.Unit);

        var apv = Referat.Item(4).Recommendation!;
        Assert.Equal("HR-Centret", apv.Unit);
        Assert.Equal(["1", "2", "3", "4", "5"], apv.Points.Select(p => p.Label));
        Assert.StartsWith("om der i stedet for særskilt ledelsesevaluering i 2019", apv.Points[3].Text, StringComparison.Ordinal);

        Assert.Equal(["1", "2"], Referat.Item(5).Recommendation!.Points.Select(p => p.Label));
        Assert.Equal("HR-Centret indstiller:", Referat.Item(5).Recommendation!.IntroductionText);

        // Points 3-6 are indented by a space in the document; they are points all the same.
        var track = Referat.Item(7).Recommendation!;
        Assert.Equal("Direktionen bedes behandle og beslutte:", track.IntroductionText);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], track.Points.Select(p => p.Label));
        Assert.Equal("Den manglende restsum for 2017 på 1,4 mio. kr. udmøntes som ansættelsesstop i administrative funktioner.", track.Points[2].Text);
    }

    [Fact]
    public void Pipe_tables_in_sections_are_tables_with_their_separator()
    {
        var presentation = Referat.Item(4).TextSections.Single(s => s.Kind == SectionKind.CasePresentation);
        var tables = presentation.Blocks.OfType<Table>().ToArray();
        Assert.Equal(2, tables.Length);
        Assert.All(tables, t => Assert.Equal(TableLayout.Pipes, t.Layout));
        Assert.Equal(["Undersøgelse", "Årstal", "Årstal", "Årstal"], tables[0].ContentRows.First().Cells);
        Assert.Equal(["Ledelsesevaluering", "2016, efterår", "2019, efterår", "2022, efterår"], tables[0].ContentRows.Last().Cells);
        Assert.True(tables[0].Rows[1].IsSeparator);
        Assert.Equal(12, tables[1].ContentRows.Count());
        Assert.Equal(["", "Dialog på arbejdspladser, arbejde med udviklingspunkter, evt. procesbistand"], tables[1].ContentRows.Last().Cells);
    }

    [Fact]
    public void Attachments_are_listed_per_item()
    {
        Assert.Equal(["Sammenfatning af Regnskab 2016", "Regnskab 2016"], Referat.Item(2).Attachments.Select(a => a.Title));
        Assert.Equal(
            ["Slides, Strategisk Lederforum 1. marts 2017", "Artikel 'Velfærdsdebatten er ved at køre af sporet'",
             "Invitation af fagdirektører til workshop om evaluering af KKR Hovedstaden 28. marts 2017.pdf",
             "Bilag 1 - Kommissorium for evaluering af KKR Hovedstadens administrative struktur.pdf", "Orientering om konsulentnetværket i 2017"],
            Referat.Item(8).Attachments.Select(a => a.Title));
        Assert.Equal(4, Referat.Item(7).Attachments.Count());
    }

    [Fact]
    public void There_is_no_huskeliste_and_every_line_is_classified()
    {
        Assert.Null(Referat.ReminderList);
        Assert.Equal(0, Referat.Report.UnclassifiedLineCount);
        Assert.Equal(232, Referat.Report.ClassifiedLineCount);
    }
}
