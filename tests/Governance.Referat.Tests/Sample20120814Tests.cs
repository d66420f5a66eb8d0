namespace Governance.Referat.Tests;

/// <summary>The 2012-08-14 minutes: a contents list with tabs, no participants, no decisions, guests with times, and the Huskeliste under "Afsnit uden overskrift".</summary>
public sealed class Sample20120814Tests
{
    private static readonly Referat Referat = Samples.Parse(Samples.Direktionen20120814);

    [Fact]
    public void The_header_gives_body_date_time_and_room()
    {
        var h = Referat.Header;
        Assert.Equal("REFERAT", h.DocumentKind);
        Assert.Equal("Direktionen", h.Body);
        Assert.Equal(new DateOnly(2012, 8, 14), h.TitleDate);
        Assert.Equal(new DateOnly(2012, 8, 14), h.MeetingDate);
        Assert.Equal(new TimeOnly(10, 0), h.StartTime);
        Assert.Equal("Mødelokale B105", h.Room);
        Assert.Null(h.ParticipantsLine);
        Assert.Empty(h.Participants);
        Assert.Null(h.Secretary);
    }

    [Fact]
    public void The_contents_list_is_written_with_tabs()
    {
        var contents = Referat.Contents!;
        Assert.Equal(TableLayout.Tabs, contents.Layout);
        Assert.Equal(
            [("Økonomiopfølgning 14-08-2012", 3), ("Lov om ophævelse af kommunal pligt til konkurrenceudsættelse", 4), ("Evaluering af KVIK", 6),
             ("Digital post og fjernprint", 9), ("Telefonservicemåling", 13), ("Status for implementering af Udviklingsstrategi 2012-2024", 15),
             ("Orientering 14-08-2012", 17), ("Huskeliste 14-08-2012", 18)],
            contents.Entries.Select(e => (e.Title, e.Page)));
    }

    [Fact]
    public void Every_item_has_its_number_title_and_journal_number()
    {
        Assert.Equal(
            [(1, "Økonomiopfølgning 14-08-2012", "11/34493"), (2, "Lov om ophævelse af kommunal pligt til konkurrenceudsættelse", "10/1539"),
             (3, "Evaluering af KVIK", "12/3142"), (4, "Digital post og fjernprint", "12/2352"), (5, "Telefonservicemåling", "08/5255"),
             (6, "Status for implementering af Udviklingsstrategi 2012-2024", "11/30562"), (7, "Orientering 14-08-2012", "11/34493"),
             (8, "Huskeliste 14-08-2012", "11/34493")],
            Referat.Items.Select(i => (i.Number, i.Title, i.JournalText!)));
        Assert.All(Referat.Items, i => Assert.False(i.IsClosed));
        Assert.Equal(new Kernel.JournalNumber(12, 3142), Referat.Item(3).JournalNumber);
        Assert.Empty(Referat.Item(7).Sections);
    }

    [Fact]
    public void The_minutes_hold_no_decisions()
    {
        Assert.Empty(Referat.Items.SelectMany(i => i.Decisions));
    }

    [Fact]
    public void Sections_keep_their_headings_order_and_text()
    {
        var item2 = Referat.Item(2);
        Assert.Equal(
            [SectionKind.CasePresentation, SectionKind.Finances, SectionKind.LegalBasis, SectionKind.PolicyAndPlan, SectionKind.Information,
             SectionKind.Consultation, SectionKind.Assessment, SectionKind.OtherDocuments, SectionKind.Recommendation],
            item2.Sections.Select(s => s.Kind));
        var finances = item2.TextSections.Single(s => s.Kind == SectionKind.Finances);
        Assert.True(finances.HasNoRemarks);
        var legal = item2.TextSections.Single(s => s.Kind == SectionKind.LegalBasis);
        Assert.False(legal.HasNoRemarks);
        Assert.StartsWith("2011/1 LSV 65 Forslag til Lov", Samples.Paragraphs(legal.Blocks).Single(), StringComparison.Ordinal);
        // A bulleted list is one paragraph, its lines as written.
        var presentation = item2.TextSections.First();
        Assert.Contains(
            "- Fortsætte implementeringen af udbudsstrategien som planlagt\n- Revidere strategien med henblik på at opstille andre målsætninger, som ikke er bundet op på opnåelsen af en IKU på 31,5% i 2015",
            Samples.Paragraphs(presentation.Blocks));
        Assert.Equal(SectionKind.Untitled, Referat.Item(1).Sections.Single().Kind);
        Assert.Equal("Afsnit uden overskrift", Referat.Item(1).Sections.Single().HeadingText);
    }

    [Fact]
    public void Tables_in_sections_are_kept_as_tables()
    {
        var finances = Referat.Item(4).TextSections.Single(s => s.Kind == SectionKind.Finances);
        var tables = finances.Blocks.OfType<Table>().ToArray();
        Assert.Equal(2, tables.Length);
        Assert.All(tables, t => Assert.Equal(TableLayout.Tabs, t.Layout));
        Assert.Equal(["", "2013", "2014", "2015"], tables[0].Rows[0].Cells);
        Assert.Equal(["Samlende potentiale pr. år.", "1.827.356", "2.803.553", "3.369.465"], tables[0].Rows[6].Cells);
        Assert.Equal(8, tables[0].Rows.Count);
        Assert.Equal(10, tables[1].Rows.Count);
        Assert.Equal(["Procentdel af breve der sendes igennem OM", "50 %", "70 %", "80 %"], tables[1].Rows[0].Cells);
    }

    [Fact]
    public void Guests_are_noted_with_their_time()
    {
        var first = Referat.Item(1).Guests.Single();
        Assert.Equal("Chefrevisor Jesper Andersen, KPMG, Ana-Maria G. og regnskabschef Henrik A. Poulsen", first.Who);
        Assert.Equal(new TimeOnly(10, 0), first.Time);
        var telephone = Referat.Item(5).Guests.Single();
        Assert.Equal("Peer Anker Hansen", telephone.Who);
        Assert.Equal(new TimeOnly(11, 30), telephone.Time);
        Assert.Equal(2, Referat.Items.SelectMany(i => i.Guests).Count());
    }

    [Fact]
    public void Recommendations_have_their_unit_and_points()
    {
        var kvik = Referat.Item(3).Recommendation!;
        Assert.Equal("ØDC", kvik.Unit);
        Assert.Equal("ØDC indstiller, at", kvik.IntroductionText);
        Assert.Equal(
            ["Direktionen drøfter resultaterne af evalueringen", "Direktionen fastlægger en proces for, hvordan evalueringens resultater behandles i Chefforum, HU og Byrådet."],
            kvik.Points.Select(p => p.Text));
        Assert.All(kvik.Points, p => Assert.Null(p.Label));

        var post = Referat.Item(4).Recommendation!;
        Assert.Equal("Administrationen", post.Unit);
        Assert.Equal("at direktionen tager sagen til efterretning.", post.Points.Single().Text);

        var telephone = Referat.Item(5).Recommendation!;
        Assert.Null(telephone.Unit);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], telephone.Points.Select(p => p.Label));
        Assert.Equal("Chefforum orienteres om DIR’s beslutning", telephone.Points[5].Text);

        var strategy = Referat.Item(6).Recommendation!;
        Assert.Equal("Til drøftelse.", strategy.IntroductionText);
        Assert.Empty(strategy.Points);
    }

    [Fact]
    public void Attachments_are_listed_per_item()
    {
        Assert.Equal(["Evaluering af KVIK 2012"], Referat.Item(3).Attachments.Select(a => a.Title));
        Assert.Equal(["Digitalpost og DUT KL"], Referat.Item(4).Attachments.Select(a => a.Title));
        Assert.Equal(["Status for implementering af Udviklingsstrategien"], Referat.Item(6).Attachments.Select(a => a.Title));
        Assert.Empty(Referat.Item(5).Attachments);
    }

    [Fact]
    public void The_huskeliste_has_its_rows_and_calendars()
    {
        var list = Referat.ReminderList!;
        Assert.Same(list, Referat.Item(8).ReminderList);
        Assert.Equal(["Sag/emne", "Forventet tidspunkt", "Ansvarlig"], list.Header.Cells);
        Assert.Equal(
            [("Projekt Morgendagens skole, herunder status økonomi", "Månedlig", "PA"),
             ("Administrative besparelser - konsekvensbeskrivelser (jf. mail fra Mikala 27.06)", "28. august", "ØDC"),
             ("Borgmesterhenvendelser", "September", "BYC")],
            list.Reminders.Select(r => (r.Subject, r.ExpectedTime, r.Responsible)));
        // An ungrouped list: one group without heading, no month for a "13." to take.
        Assert.Null(list.Groups.Single().Heading);
        Assert.All(list.Reminders, r => Assert.Equal((null, false), (r.GroupMonth, r.InRecurringGroup)));

        Assert.Equal(["Chefforum", "Direktionens Strategiske Lederforum", "Byrådets temamøder"], list.Calendars.Select(c => c.Name));
        Assert.Equal("Forberedelse af kommende ugers mødebånd", list.Calendars[0].Lines.Single().Text);
        Assert.Null(list.Calendars[0].Lines.Single().Date);
        Assert.Equal([new DateOnly(2012, 9, 4), new DateOnly(2012, 11, 26)], list.Calendars[1].Dates.Select(d => d.Date!.Value));
        Assert.Equal(
            [(new DateOnly(2012, 9, 25), "Vækst- og Erhvervspolitik"), (new DateOnly(2012, 10, 30), "Forslag til bystrategi (Kommuneplan)?"), (new DateOnly(2012, 11, 27), "")],
            list.Calendars[2].Dates.Select(d => (d.Date!.Value, d.Text)));
    }

    [Fact]
    public void Every_line_is_classified()
    {
        Assert.Equal(0, Referat.Report.UnclassifiedLineCount);
        Assert.Equal(262, Referat.Report.ClassifiedLineCount);
    }
}
