using Governance.Cli.Import;
using Governance.Meetings.V1;

namespace Governance.Cli.Tests;

/// <summary>
/// The referat → ImportMeetingRequest mapping on the samples (no server), and the round-trip checker
/// itself: a sample's own text keeps every fact, and a text with one paragraph removed is named.
/// </summary>
public sealed class ReferatImportTests
{
    [Fact]
    public void The_2017_sample_maps_header_items_decisions_and_huskeliste()
    {
        var referat = ImportSamples.Parse("direktionen-2017-03-09.txt");
        var request = ReferatImport.Request(referat, "bodies/direktionen", "direktionen-2017-03-09.txt");

        Assert.Equal(new Google.Type.DateTime { Year = 2017, Month = 3, Day = 9, Hours = 8, Minutes = 30 }, request.Start);
        Assert.Equal("Mødelokale B105", request.Room);
        Assert.Equal("direktionen-2017-03-09.txt", request.Source);
        var secretary = Assert.Single(request.Participants, p => p.Role == MemberRole.Secretary);
        Assert.Equal("Kathrine Seier Skastrup", secretary.DisplayName);
        Assert.Equal(referat.Items.Count, request.Items.Count);
        Assert.Equal([ItemKind.Closed, ItemKind.Closed], request.Items.Where((_, i) => i is 5 or 8).Select(i => i.Kind));
        Assert.Equal([ItemKind.Standing, ItemKind.Ordinary, ItemKind.Standing], request.Items.Where((_, i) => i is 0 or 1 or 7).Select(i => i.Kind));
        Assert.Equal("Regnskab 2016 (Direktionen)", request.Items[1].Title);
        Assert.Equal(referat.Item(2).JournalText, request.Items[1].JournalNumber);
        Assert.Equal("ØDC", request.Items[1].Recommendation.Unit);

        // Punkt 7: this meeting's decision and the postponement of 27-02-2017 carried to this meeting.
        var decisions = request.Items[6].Decisions;
        Assert.Equal([(2017, 3, 9), (2017, 2, 27)], decisions.Select(d => (d.MeetingDate.Year, d.MeetingDate.Month, d.MeetingDate.Day)));
        Assert.Equal(DecisionOutcome.Postponed, decisions[1].Outcome);
        Assert.Equal(new Google.Type.Date { Year = 2017, Month = 3, Day = 9 }, decisions[1].PostponedToDate);
        Assert.Null(decisions[0].PostponedToDate);
    }

    [Fact]
    public void The_huskeliste_is_the_items_reminder_list_with_its_exact_lines()
    {
        var referat = ImportSamples.Parse("direktionen-2013-09-09.txt");
        var request = ReferatImport.Request(referat, "bodies/direktionen", "x.txt");
        var item = request.Items.Single(i => i.Kind == ItemKind.ReminderList);
        Assert.Equal("Huskeliste 09-09-2013", item.Title);
        var list = referat.ReminderList!;
        Assert.Equal(list.Reminders.Select(r => (r.Subject, r.ExpectedTime, r.Responsible)), item.ReminderList.Rows.Select(r => (r.Subject, r.TimeText, r.ResponsibleText)));
        Assert.StartsWith("Sag/emne\tForv. tidspunkt\tAnsvarlig\nUdbudspolitik og mulige emner", item.ReminderList.Text, StringComparison.Ordinal);
        Assert.Contains("\n\nChefforum\n\nForberedelse af kommende ugers mødebånd.\n\n", item.ReminderList.Text, StringComparison.Ordinal);
        Assert.Equal(("Sag/emne", "Forv. tidspunkt", "Ansvarlig"), (item.ReminderList.SubjectHeading, item.ReminderList.TimeHeading, item.ReminderList.ResponsibleHeading));
        // The list's own section is the list; nothing else of it is left as a section.
        Assert.DoesNotContain(item.Sections, s => s.Text.Contains("Sag/emne", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Direktionen", "direktionen")]
    [InlineData("Økonomiudvalget", "oekonomiudvalget")]
    [InlineData("Børne- og Skoleudvalget", "boerne--og-skoleudvalget")]
    [InlineData("Udvalget for Kultur og Fritid", "udvalget-for-kultur-og-fritid")]
    public void Body_ids_come_from_the_display_name(string display, string id) => Assert.Equal(id, ReferatImport.BodyId(display));

    [Theory]
    [InlineData("Godkendt.", DecisionOutcome.Approved)]
    [InlineData("Direktionen tog orienteringen til efterretning.", DecisionOutcome.Noted)]
    [InlineData("Afvist.", DecisionOutcome.Rejected)]
    [InlineData("Direktionen drøftede sagen.", DecisionOutcome.Discussed)]
    public void The_outcome_rule(string text, DecisionOutcome outcome)
    {
        var referat = Referat.ReferatParser.Parse($"REFERAT Direktionen d. 09-03-2017\n\nPunkt 1: Sag\n\n16/1\n\nBeslutning Direktionen den 09-03-2017\n\n{text}\n");
        Assert.Equal(outcome, ReferatImport.Outcome(referat.Item(1).Decisions.Single()));
        var postponed = Referat.ReferatParser.Parse("REFERAT Direktionen d. 09-03-2017\n\nPunkt 1: Sag\n\n16/1\n\nBeslutning Direktionen den 27-02-2017 — Udskudt.\n");
        Assert.Equal(DecisionOutcome.Postponed, ReferatImport.Outcome(postponed.Item(1).Decisions.Single()));
    }

    [Theory]
    [InlineData("direktionen-2012-08-14.txt")]
    [InlineData("direktionen-2013-09-09.txt")]
    [InlineData("direktionen-2017-03-09.txt")]
    public void The_checker_finds_every_fact_in_the_sample_itself(string sample) =>
        Assert.Null(MinutesFacts.FirstLost(ImportSamples.Parse(sample), ImportSamples.Text(sample)));

    [Fact]
    public void The_checker_names_a_lost_paragraph_and_a_lost_huskeliste_row()
    {
        var sample = "direktionen-2013-09-09.txt";
        var text = ImportSamples.Text(sample);
        var paragraph = "Konkluderende kan anføres at hovedparten af digitaliseringsindsatsen er lykket.";
        var start = text.IndexOf(paragraph, StringComparison.Ordinal);
        Assert.True(start > 0);
        var end = text.IndexOf('\n', start);
        var lost = MinutesFacts.FirstLost(ImportSamples.Parse(sample), text.Remove(start, end - start).Insert(start, "Noget andet."));
        Assert.NotNull(lost);
        Assert.StartsWith("punkt 7, Sagsfremstilling: afsnittet 'Konkluderende kan anføres", lost, StringComparison.Ordinal);

        var row = text.Replace("Indkøbspolitik\tSeptember\tØDC", "Indkøbspolitik\tOktober\tØDC", StringComparison.Ordinal);
        Assert.Equal("punkt 8, huskelisten: rækken 'Indkøbspolitik' (September, ØDC) mangler", MinutesFacts.FirstLost(ImportSamples.Parse(sample), row));
    }
}
