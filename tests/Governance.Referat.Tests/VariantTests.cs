namespace Governance.Referat.Tests;

/// <summary>
/// Layout variants the issue names that the three samples do not show: headings in capitals, decision
/// chains of postponements ("— Udsættes til direktionsmødet 16/12", "Udskudt til 2/1-2017"), and
/// Huskeliste tables with the columns in another order, month groups with "13." under a month, and
/// the recurring rows under "Gentagende sager i løbet af året".
/// </summary>
public sealed class VariantTests
{
    private static Referat Parse(string text)
    {
        var referat = ReferatParser.Parse(text);
        ModelWalk.AssertEveryLineOnce(text, referat);
        return referat;
    }

    [Fact]
    public void Headings_in_capitals_and_a_postponement_on_the_heading_line()
    {
        var referat = Parse("""
            REFERAT Direktionen d. 16-12-2014

            Mødedato Tirsdag d. 16. december 2014 kl. 09:00

            Mødested Mødelokale B105

            Mødedeltagere Lars Holte og Per Aalbæk Nielsen, Eva Dammas (sekretær)

            Punkt 1: Budgetopfølgning

            14/20001

            SAGSFREMSTILLING

            Eva Dammas, BYC deltager kl. 9.15

            Chefrevisor, KPMG deltager kl. 10

            Sagen genoptages.

            INDSTILLING

            ØDC indstiller, at

            a) budgettet godkendes
            b) sagen sendes videre

            BESLUTNING DIREKTIONEN DEN 16-12-2014

            Godkendt.

            BESLUTNING DIREKTIONEN DEN 10-12-2014 — Udsættes til direktionsmødet 16/12

            BILAG

            Budgetnotat, dok.nr. 177144/14
            """);

        Assert.Equal(["Lars Holte", "Per Aalbæk Nielsen", "Eva Dammas"], referat.Header.Participants.Select(p => p.Name));
        Assert.Equal("Eva Dammas", referat.Header.Secretary!.Name);
        var item = referat.Item(1);
        Assert.Equal(
            [SectionKind.CasePresentation, SectionKind.Recommendation, SectionKind.Decision, SectionKind.Decision, SectionKind.Attachments],
            item.Sections.Select(s => s.Kind));
        Assert.Equal([("Eva Dammas, BYC", new TimeOnly(9, 15)), ("Chefrevisor, KPMG", new TimeOnly(10, 0))], item.Guests.Select(g => (g.Who, g.Time!.Value)));
        Assert.Equal(["a", "b"], item.Recommendation!.Points.Select(p => p.Label));
        Assert.Equal(("Budgetnotat, dok.nr. 177144/14", "177144/14"), (item.Attachments.Single().Title, item.Attachments.Single().DocumentNumber));

        var decisions = item.Decisions.ToArray();
        Assert.Equal(("DIREKTIONEN", new DateOnly(2014, 12, 16), "Godkendt."), (decisions[0].Body, decisions[0].MeetingDate!.Value, decisions[0].Text));
        Assert.Null(decisions[0].Postponement);
        var postponed = decisions[1];
        Assert.Equal(new DateOnly(2014, 12, 10), postponed.MeetingDate);
        Assert.True(postponed.IsOfEarlierMeeting);
        Assert.Equal("Udsættes til direktionsmødet 16/12", postponed.InlineText);
        Assert.Empty(postponed.Blocks);
        Assert.Equal(new Postponement(new DateOnly(2014, 12, 16), "direktionsmødet 16/12", new DateOnly(2014, 12, 16)), postponed.Postponement);
    }

    [Fact]
    public void A_chain_of_postponements_links_each_to_the_next_meeting()
    {
        var referat = Parse("""
            REFERAT Direktionen d. 09-01-2017

            Mødedato Mandag d. 09. januar 2017 kl. 08:30

            Punkt 1: Nye Rammer

            16/2219

            Beslutning Direktionen den 09-01-2017

            Godkendt.

            Beslutning Direktionen den 02-01-2017 — Udskudt.

            Beslutning Direktionen den 21-12-2016

            Udskudt til 2/1-2017
            """);
        var decisions = referat.Item(1).Decisions.ToArray();
        Assert.Equal([new DateOnly(2017, 1, 9), new DateOnly(2017, 1, 2), new DateOnly(2016, 12, 21)], decisions.Select(d => d.MeetingDate!.Value));
        Assert.Null(decisions[0].Postponement);
        Assert.Equal(new Postponement(new DateOnly(2017, 1, 9), null, null), decisions[1].Postponement);
        Assert.Equal(new Postponement(new DateOnly(2017, 1, 2), "2/1-2017", new DateOnly(2017, 1, 2)), decisions[2].Postponement);
        Assert.Equal("Udskudt til 2/1-2017", decisions[2].Text);
        Assert.All(decisions.Skip(1), d => Assert.True(d.IsOfEarlierMeeting));
    }

    [Fact]
    public void A_sentence_that_starts_with_beslutning_is_text_and_a_bare_heading_is_a_decision_without_date()
    {
        var referat = Parse("""
            REFERAT Direktionen d. 09-03-2017

            Punkt 1: Regnskab

            16/25345

            Baggrund

            Beslutning om en sanktion vil ske i 2017.

            Beslutning

            Taget til efterretning.
            """);
        var item = referat.Item(1);
        Assert.Equal(["Beslutning om en sanktion vil ske i 2017."], Samples.Paragraphs(item.TextSections.Single().Blocks));
        var decision = item.Decisions.Single();
        Assert.Null(decision.MeetingDate);
        Assert.Equal("Taget til efterretning.", decision.Text);
    }

    [Fact]
    public void A_punkt_heading_quoted_in_the_text_does_not_start_an_item()
    {
        var referat = Parse("""
            Punkt 1: Opfølgning

            16/1

            Sagsfremstilling

            Se også
            Punkt 1: Opfølgning fra sidste møde

            Punkt 2: Lukket

            16/2
            """);
        Assert.Equal([1, 2], referat.Items.Select(i => i.Number));
        Assert.Equal(["Se også\nPunkt 1: Opfølgning fra sidste møde"], Samples.Paragraphs(referat.Item(1).TextSections.Single().Blocks));
    }

    [Fact]
    public void A_huskeliste_in_pipes_with_the_columns_in_another_order_and_groups()
    {
        var referat = Parse("""
            REFERAT Direktionen d. 09-09-2013

            Punkt 8: Huskeliste 09-09-2013

            12/32140

            Afsnit uden overskrift

            | Ansvarlig | Sag/emne | Forventet tidspunkt |
            |---|---|---|
            | September | | |
            | ØDC | Indkøbspolitik | September |
            | BYC/AM | Processag | 13. |
            | Marts 2014 | | |
            | HRC | Kørselsgodtgørelse | Marts |
            | Gentagende sager i løbet af året | | |
            | ØDC | ØKO-LIS | (2. uge månedligt) |
            | PA, BYC | Status på revisionsbemærkninger | Kvartalsvis |

            HU-møder

            19. september

            30. april 2014 (res.)
            """);
        var list = referat.ReminderList!;
        Assert.Equal(TableLayout.Pipes, list.Layout);
        Assert.Single(list.Separators);
        Assert.Equal(["September", "Marts 2014", "Gentagende sager i løbet af året"], list.Groups.Select(g => g.Name));
        Assert.Equal([9, 3, (int?)null], list.Groups.Select(g => g.Month));
        Assert.Equal([false, false, true], list.Groups.Select(g => g.IsRecurring));
        Assert.Equal(
            [("Indkøbspolitik", "September", "ØDC"), ("Processag", "13.", "BYC/AM"), ("Kørselsgodtgørelse", "Marts", "HRC"),
             ("ØKO-LIS", "(2. uge månedligt)", "ØDC"), ("Status på revisionsbemærkninger", "Kvartalsvis", "PA, BYC")],
            list.Reminders.Select(r => (r.Subject, r.ExpectedTime, r.Responsible)));
        // "13." under September is the 13th of September: the row carries its group's month for Reminders to read it.
        Assert.Equal([9, 9, 3, null, null], list.Reminders.Select(r => r.GroupMonth));
        Assert.Equal(["BYC", "AM"], list.Reminders.ElementAt(1).ResponsibleUnits);
        Assert.Equal(["PA", "BYC"], list.Reminders.ElementAt(4).ResponsibleUnits);
        Assert.Equal([false, false, false, true, true], list.Reminders.Select(r => r.InRecurringGroup));

        var hu = list.Calendars.Single();
        Assert.Equal("HU-møder", hu.Name);
        Assert.Equal([(new DateOnly(2013, 9, 19), ""), (new DateOnly(2014, 4, 30), "(res.)")], hu.Dates.Select(d => (d.Date!.Value, d.Text)));
    }

    [Fact]
    public void A_huskeliste_with_tabs_and_month_headings_on_lines_of_their_own_as_the_platform_prints_it()
    {
        var referat = Parse(
            "REFERAT Direktionen d. 09-09-2013\n\nPunkt 8: Huskeliste\n\n12/32140\n\nSagsfremstilling\n\n" +
            "Sag/emne\tForventet tidspunkt\tAnsvarlig\n" +
            "September\n" +
            "Processag\t13.\tBYC/AM\n" +
            "Oktober\n" +
            "Aftalt dato\t7/10\tPA\n" +
            "Øvrige sager\n" +
            "Når budgettet er vedtaget\tEfter budgetvedtagelsen\tPA\n" +
            "Gentagende sager i løbet af året\n" +
            "Kørselsgodtgørelse\tÅrligt i marts\tHRC\n" +
            "\nBeslutning Direktionen den 09-09-2013\n\nTaget til efterretning.\n");
        var item = referat.Item(8);
        var list = item.ReminderList!;
        Assert.Equal(["September", "Oktober", "Øvrige sager", "Gentagende sager i løbet af året"], list.Groups.Select(g => g.Name));
        Assert.Equal(
            [("Processag", "13.", 9, false), ("Aftalt dato", "7/10", 10, false), ("Når budgettet er vedtaget", "Efter budgetvedtagelsen", null, false),
             ("Kørselsgodtgørelse", "Årligt i marts", null, true)],
            list.Reminders.Select(r => (r.Subject, r.ExpectedTime, r.GroupMonth, r.InRecurringGroup)));
        Assert.Empty(list.Calendars);
        // A decision after the list still ends it.
        Assert.Equal("Taget til efterretning.", item.Decisions.Single().Text);
    }

    [Fact]
    public void A_calendar_title_that_is_also_a_section_heading_stays_in_the_huskeliste()
    {
        var referat = Parse(
            "Punkt 8: Huskeliste\n\n12/32140\n\nSagsfremstilling\n\n" +
            "Sag/emne\tForventet tidspunkt\tAnsvarlig\n" +
            "Indkøbspolitik\tSeptember\tØDC\n" +
            "\nInformation\n\nNyt om KKR\n");
        var item = referat.Item(8);
        Assert.Single(item.Sections);
        var calendar = item.ReminderList!.Calendars.Single();
        Assert.Equal("Information", calendar.Name);
        Assert.Equal("Nyt om KKR", calendar.Lines.Single().Text);
    }
}
