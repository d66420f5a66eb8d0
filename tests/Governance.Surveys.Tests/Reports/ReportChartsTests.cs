using System.Text.RegularExpressions;
using System.Xml.Linq;
using static Governance.Surveys.Reports.ReportCharts;

namespace Governance.Surveys.Tests.Reports;

/// <summary>The charts as SVG for an HTML document: Danish text drawn as text, accessible, ids of their
/// own, nothing fetched; a cell without a number has no colour of the scale and no number.</summary>
public sealed class ReportChartsTests
{
    private static readonly string[] Themes = ["Fysisk og kemisk arbejdsmiljø", "Trivsel og sundhed", "Ældre, børn og søskende"];

    private static string HeatMapOf(params HeatRow[] rows) => HeatMap(Themes, rows, "figur-7", "Varmekort for Økonomi");

    [Fact]
    public void A_chart_is_an_svg_element_with_a_label_a_title_and_ids_of_its_own()
    {
        var svg = HeatMapOf(new HeatRow("ØDC afdeling 1", [Cell.Of(43.5), Cell.Of(50), Cell.Of(77.3)]));
        var root = XElement.Parse(svg);
        Assert.Equal(("svg", "img", "Varmekort for Økonomi", "figur-7"),
            (root.Name.LocalName, (string?)root.Attribute("role"), (string?)root.Attribute("aria-label"), (string?)root.Attribute("id")));
        Assert.Equal("Varmekort for Økonomi", root.Element("title")?.Value);
        Assert.StartsWith("0 0 ", (string?)root.Attribute("viewBox"), StringComparison.Ordinal);
        // No namespace or link: HTML places an inline svg itself, and nothing is fetched.
        Assert.DoesNotContain("xmlns", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("http", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<image", svg, StringComparison.Ordinal);
        Assert.All(root.Descendants().Attributes("id"), id => Assert.StartsWith("figur-7-", id.Value, StringComparison.Ordinal));
        Assert.All(Regex.Matches(svg, @"url\(#([^)]+)\)").Select(m => m.Groups[1].Value), id => Assert.StartsWith("figur-7-", id, StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_chart_drawn_twice_is_the_same_text_its_ids_numbered_in_document_order()
    {
        var row = new HeatRow("ØDC afdeling 1", [Cell.Of(43.5), Cell.Of(50), Cell.Of(77.3)]);
        var first = HeatMapOf(row);
        // Skia's counter for clip paths is the process's: another chart between moves it on.
        _ = ResponseRates([new RateRow("ØDC afdeling 2", Cell.Of(80))], "figur-8", "Svarprocent");
        var second = HeatMapOf(row);
        Assert.Equal(first, second);

        var ids = XElement.Parse(first).Descendants().Attributes("id").Select(a => a.Value).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ids.Select(i => Regex.Match(i, "[0-9]+$").Value));
        // Each reference is to an id the chart defines.
        var references = References(first);
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, ids));
    }

    /// <summary>The ids an SVG refers to: in url(#…) and href="#…".</summary>
    internal static List<string> References(string svg) =>
        [.. Regex.Matches(svg, @"url\(#([^)]+)\)|href=""#([^""]+)""").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)];

    [Fact]
    public void Danish_text_and_numbers_are_text_in_the_chart()
    {
        var svg = HeatMapOf(new HeatRow("Økonomi- og Digitaliseringscentret", [Cell.Of(43.5), Cell.Of(50), Cell.Of(77.3)]));
        var texts = XElement.Parse(svg).Descendants("text").Select(t => t.Value).ToList();
        Assert.Contains("arbejdsmiljø", texts);
        Assert.Contains("Ældre, børn", texts);
        Assert.Contains("og søskende", texts);
        Assert.Contains("Økonomi- og", texts);
        Assert.Contains("43,5", texts);
        Assert.Contains("77,3", texts);
        Assert.All(XElement.Parse(svg).Descendants("text"), t => Assert.Equal(FontName, (string?)t.Attribute("font-family")));
    }

    [Fact]
    public void A_cell_without_a_number_is_grey_and_says_why()
    {
        var shown = HeatMapOf(new HeatRow("A", [Cell.Of(43.5), Cell.Of(50), Cell.Of(60)]));
        var hidden = HeatMapOf(new HeatRow("A", [Cell.Of(43.5), Cell.Of(50), Cell.Without("For få besvarelser")]));
        var texts = XElement.Parse(hidden).Descendants("text").Select(t => t.Value).ToList();
        Assert.Contains("For få", texts);
        Assert.DoesNotContain("60,0", texts);
        // The cell's colour is the grey of no number, not a colour of the scale.
        Assert.Contains("#E4E4E4", hidden, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("#E4E4E4", shown, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Bars_carry_their_numbers_and_a_missing_one_its_note()
    {
        var svg = ThemeScores([new ThemeBar("Trivsel og sundhed", Cell.Of(72.5), Cell.Of(70)), new ThemeBar("Vold", Cell.Without("For få besvarelser"),
            Cell.Without("Intet tal"))], "APV 2017", "APV 2016", "figur-1", "Score pr. tema");
        var texts = XElement.Parse(svg).Descendants("text").Select(t => t.Value).ToList();
        Assert.Contains("72,5", texts);
        Assert.Contains("70,0", texts);
        Assert.Contains("For få besvarelser", texts);
        Assert.Contains("APV 2016", texts);
        // Nothing to draw a bar of still draws: the notes alone.
        var none = ResponseRates([new RateRow("ØDC afdeling 2", Cell.Without("For få besvarelser"))], "figur-2", "Svarprocent");
        Assert.Contains("For få besvarelser", XElement.Parse(none).Descendants("text").Select(t => t.Value));
    }

    [Fact]
    public void Labels_are_broken_between_words()
    {
        Assert.Equal("Fysisk og\nkemisk\narbejdsmiljø", Wrap("Fysisk og kemisk arbejdsmiljø", 12));
        Assert.Equal("Kort", Wrap("Kort", 12));
        Assert.Equal("Et-meget-langt-ord", Wrap("Et-meget-langt-ord", 12));
    }
}
