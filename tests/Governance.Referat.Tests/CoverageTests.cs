namespace Governance.Referat.Tests;

/// <summary>Nothing silently dropped: every non-blank line is in exactly one place, and what the parser did not understand is listed with its number.</summary>
public sealed class CoverageTests
{
    public static TheoryData<string> SampleNames => new(Samples.All);

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Every_line_of_a_sample_is_in_exactly_one_place_of_the_model(string name)
    {
        var text = Samples.Text(name);
        ModelWalk.AssertEveryLineOnce(text, ReferatParser.Parse(text));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void The_kept_text_of_a_sample_is_its_text_without_blank_lines(string name)
    {
        var text = Samples.Text(name);
        var kept = string.Join('\n', ReferatParser.Parse(text).SourceLines().Select(l => l.Text));
        Assert.Equal(string.Join('\n', text.Split('\n').Where(l => !string.IsNullOrWhiteSpace(l))), kept);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Line_endings_and_a_byte_order_mark_change_nothing(string name)
    {
        var text = Samples.Text(name);
        var lf = ModelWalk.Lines(ReferatParser.Parse(text)).Select(h => (h.Line, h.Place));
        var crlf = ModelWalk.Lines(ReferatParser.Parse("\uFEFF" + text.Replace("\n", "\r\n", StringComparison.Ordinal))).Select(h => (h.Line, h.Place));
        Assert.Equal(lf, crlf);
    }

    [Fact]
    public void Lines_the_parser_does_not_understand_are_kept_where_they_stand_and_listed_with_their_number()
    {
        const string text = """
            Høje-Taastrup Kommune
            REFERAT Direktionen d. 16-12-2014
            Mødedato Tirsdag d. 16. december 2014 kl. 09:00
            Afbud: Per Aalbæk Nielsen
            Mødested Mødelokale B105

            Punkt 1: Øvrige sager 16-12-2014

            14/12345

            Sagen blev rejst af borgmesteren.

            Sagsfremstilling

            Tekst.

            Punkt 2: Lukket

            14/4711

            """;
        var referat = ReferatParser.Parse(text);
        ModelWalk.AssertEveryLineOnce(text, referat);

        Assert.Equal(["Høje-Taastrup Kommune", "Afbud: Per Aalbæk Nielsen"], referat.Unclassified.Select(u => u.Line.Text));
        Assert.Equal("Sagen blev rejst af borgmesteren.", referat.Item(1).Unclassified.Single().Line.Text);
        Assert.Equal(3, referat.Report.UnclassifiedLineCount);
        Assert.Equal(9, referat.Report.ClassifiedLineCount);
        Assert.Equal(
            ["linje 1 (mødet): Høje-Taastrup Kommune", "linje 4 (mødet): Afbud: Per Aalbæk Nielsen", "linje 11 (punkt 1): Sagen blev rejst af borgmesteren."],
            referat.Report.Describe());
    }

    [Fact]
    public void A_text_without_the_layout_is_kept_whole_as_unclassified_lines_of_the_meeting()
    {
        const string text = "Kære alle\n\nHer er referatet.\n";
        var referat = ReferatParser.Parse(text);
        Assert.Empty(referat.Items);
        Assert.Null(referat.Contents);
        Assert.Equal([1, 3], referat.Report.Unclassified.Select(u => u.Line.Number));
        Assert.Equal(0, referat.Report.ClassifiedLineCount);
        ModelWalk.AssertEveryLineOnce(text, referat);
    }

    [Fact]
    public void An_empty_text_gives_an_empty_referat()
    {
        var referat = ReferatParser.Parse("");
        Assert.Empty(referat.Items);
        Assert.Equal(0, referat.Report.ClassifiedLineCount);
        Assert.Equal(0, referat.Report.UnclassifiedLineCount);
    }

    [Fact]
    public void The_same_text_gives_the_same_model()
    {
        foreach (var name in Samples.All)
        {
            var text = Samples.Text(name);
            var first = ReferatParser.Parse(text);
            var second = ReferatParser.Parse(text);
            Assert.Equal(ModelWalk.Lines(first), ModelWalk.Lines(second));
            Assert.Equal(first.Report.Describe(), second.Report.Describe());
            Assert.Equal(first.Items.SelectMany(i => i.Decisions).Select(d => (d.MeetingDate, d.Text, d.Postponement)),
                second.Items.SelectMany(i => i.Decisions).Select(d => (d.MeetingDate, d.Text, d.Postponement)));
        }
    }
}
