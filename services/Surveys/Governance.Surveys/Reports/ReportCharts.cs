using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ScottPlot;
using ScottPlot.Plottables;
using SkiaSharp;

namespace Governance.Surveys.Reports;

/// <summary>
/// The charts of a results report, drawn by ScottPlot and written as SVG to go inline in the HTML: the
/// scores per theme beside the previous round's, the heat map of units × themes on the 0-100 scale, and
/// the response rates. What a chart is given is what it may show: a group or theme that shows nothing is
/// given no number (<see cref="Cell"/> with a note instead), so no bar, colour or label of it can carry one.
/// Every chart measures its text with the font kept in this project (<c>Reports/Fonts</c>), so a server
/// without fonts draws the same chart, Danish letters included.
/// </summary>
internal static partial class ReportCharts
{
    /// <summary>The font family the charts' text is measured in and named by.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>A printed A4 page's width, in the SVG's pixels (it scales down with the page).</summary>
    public const int Width = 760;

    /// <summary>The most rows one heat map or rate chart draws: a chart fits a printed page.</summary>
    public const int RowsPerChart = 24;

    private static readonly Color Ink = Color.FromHex("#1f1f1f");
    private static readonly Color Current = Color.FromHex("#1f5f8b");
    private static readonly Color Previous = Color.FromHex("#9cb8cf");
    private static readonly Color Rate = Color.FromHex("#3b7d5a");

    /// <summary>The colour of a heat map cell without a number: a grey no score on the scale has.</summary>
    private static readonly Color NoNumber = Color.FromHex("#e4e4e4");

    private static readonly IColormap Scale = new ScottPlot.Colormaps.Viridis();

    /// <summary>The font is added to ScottPlot once per process, before the first chart.</summary>
    private static readonly Lazy<bool> Font = new(() =>
    {
        Fonts.FontResolvers.Insert(0, new KeptFont());
        Fonts.Default = FontName;
        Fonts.Sans = FontName;
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A value on a chart, or what stands instead of it (<see cref="Note"/>) when there is none to show.</summary>
    public readonly record struct Cell(double? Value, string Note)
    {
        public static Cell Of(double value) => new(value, "");

        public static Cell Without(string note) => new(null, note);
    }

    /// <summary>One theme of the bar chart: its score now and in the previous round.</summary>
    public sealed record ThemeBar(string Title, Cell Now, Cell Before);

    /// <summary>Horizontal bars per theme: this round's score (dark) above the previous round's (light),
    /// each labelled with its number; a theme without a score says why instead.</summary>
    public static string ThemeScores(IReadOnlyList<ThemeBar> themes, string nowLegend, string? beforeLegend, string id, string label)
    {
        _ = Font.Value;
        using var plot = NewPlot();
        var now = new List<Bar>();
        var before = new List<Bar>();
        var positions = new double[themes.Count];
        for (var i = 0; i < themes.Count; i++)
        {
            // The first theme at the top.
            var y = themes.Count - 1 - i;
            positions[i] = y;
            var t = themes[i];
            AddBar(plot, now, t.Now, beforeLegend is null ? y : y + 0.2, Current);
            if (beforeLegend is not null)
            {
                AddBar(plot, before, t.Before, y - 0.2, Previous);
            }
        }
        // A bar plot of no bars has no limits to draw by: only bars that exist are added.
        if (now.Count > 0)
        {
            Bars(plot, now, nowLegend, Current);
        }
        if (beforeLegend is not null && before.Count > 0)
        {
            Bars(plot, before, beforeLegend, Previous);
        }
        plot.Axes.Left.SetTicks(positions, [.. themes.Select(t => Wrap(t.Title, 28))]);
        ScoreAxis(plot.Axes.Bottom, "");
        plot.Axes.SetLimits(0, 112, -0.6, themes.Count - 0.4);
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = 12;
        return Svg(plot, Width, 90 + (themes.Count * (beforeLegend is null ? 34 : 52)), id, label);
    }

    private static void AddBar(Plot plot, List<Bar> bars, Cell cell, double y, Color color)
    {
        if (cell.Value is { } value)
        {
            bars.Add(new Bar
            {
                Position = y, Value = value, ValueBase = 0, Size = 0.38, FillColor = color, LineWidth = 0, Orientation = Orientation.Horizontal,
                Label = DanishNumbers.Score(value),
            });
        }
        else
        {
            Note(plot, cell.Note, 1, y, Alignment.MiddleLeft, 11);
        }
    }

    private static void Bars(Plot plot, List<Bar> bars, string? legend, Color color)
    {
        var plotted = plot.Add.Bars(bars);
        plotted.Horizontal = true;
        plotted.Color = color;
        if (legend is not null)
        {
            plotted.LegendText = legend;
        }
        StyleValueLabels(plotted);
    }

    private static void StyleValueLabels(BarPlot bars)
    {
        bars.ValueLabelStyle.FontName = FontName;
        bars.ValueLabelStyle.FontSize = 11;
        bars.ValueLabelStyle.ForeColor = Ink;
    }

    /// <summary>One heat map cell's row: a unit's name and its cell per theme.</summary>
    public sealed record HeatRow(string Name, IReadOnlyList<Cell> Cells);

    /// <summary>Units (rows) × themes (columns), each cell coloured on the 0-100 scale (Viridis, which
    /// reads in grey print and for colour-blind eyes) and labelled with its number; a cell without one is
    /// grey, no colour of the scale, labelled with its note. The scale is drawn under the cells. Each cell
    /// is a rectangle of its own (ScottPlot's heat map plottable draws a picture, or in 5.1 misplaced
    /// rectangles).</summary>
    public static string HeatMap(IReadOnlyList<string> themes, IReadOnlyList<HeatRow> rows, string id, string label)
    {
        _ = Font.Value;
        using var plot = NewPlot();
        for (var r = 0; r < rows.Count; r++)
        {
            // The first unit at the top.
            var y = rows.Count - r - 1;
            for (var c = 0; c < themes.Count; c++)
            {
                var cell = rows[r].Cells[c];
                var rectangle = plot.Add.Rectangle(c, c + 1, y, y + 1);
                rectangle.LineColor = Colors.White;
                rectangle.LineWidth = 2;
                if (cell.Value is { } value)
                {
                    var colour = Scale.GetColor(value / 100);
                    rectangle.FillColor = colour;
                    Note(plot, DanishNumbers.Score(value), c + 0.5, y + 0.5, Alignment.MiddleCenter, 12).LabelFontColor = colour.Luminance > 0.45 ? Ink : Colors.White;
                }
                else
                {
                    rectangle.FillColor = NoNumber;
                    Note(plot, Wrap(cell.Note, 12), c + 0.5, y + 0.5, Alignment.MiddleCenter, 9);
                }
            }
        }

        // The scale: 0-100 in twenty steps under the cells, numbered every 20.
        const double top = -0.3, bottom = -0.6;
        var scaleWidth = Math.Min(themes.Count, 4.0);
        for (var i = 0; i < 20; i++)
        {
            var step = plot.Add.Rectangle(scaleWidth * i / 20, scaleWidth * (i + 1) / 20, bottom, top);
            step.FillColor = Scale.GetColor(((i * 5) + 2.5) / 100);
            step.LineWidth = 0;
        }
        for (var n = 0; n <= 100; n += 20)
        {
            // The ends inside the scale, so the chart's edge cuts neither.
            var alignment = n == 0 ? Alignment.UpperLeft : n == 100 ? Alignment.UpperRight : Alignment.UpperCenter;
            Note(plot, n.ToString(System.Globalization.CultureInfo.InvariantCulture), scaleWidth * n / 100, bottom - 0.05, alignment, 10);
        }
        Note(plot, "Skala 0-100, højere er bedre", scaleWidth + 0.15, (top + bottom) / 2, Alignment.MiddleLeft, 10);

        plot.Axes.Left.SetTicks([.. rows.Select((_, r) => rows.Count - r - 0.5)], [.. rows.Select(r => Wrap(r.Name, 30))]);
        // No plottable is on the top axis: it is given the cells' range for the themes' labels.
        plot.Axes.Top.Min = 0;
        plot.Axes.Top.Max = themes.Count;
        plot.Axes.Top.SetTicks([.. themes.Select((_, c) => c + 0.5)], [.. themes.Select(t => Wrap(t, 12))]);
        plot.Axes.Top.TickLabelStyle.FontSize = 10;
        plot.Axes.Bottom.SetTicks([], []);
        foreach (var axis in new IAxis[] { plot.Axes.Left, plot.Axes.Top, plot.Axes.Right, plot.Axes.Bottom })
        {
            axis.FrameLineStyle.Width = 0;
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
        }
        plot.Axes.SetLimits(0, themes.Count, bottom - 0.45, rows.Count);
        plot.HideGrid();
        return Svg(plot, Width, 130 + (rows.Count * 44) + 60, id, label);
    }

    /// <summary>One unit's response rate, in per cent, or its note when it shows nothing.</summary>
    public sealed record RateRow(string Name, Cell Percent);

    /// <summary>Horizontal bars of the response rates (0-100 %), each labelled; a unit that shows
    /// nothing has no bar, only its note.</summary>
    public static string ResponseRates(IReadOnlyList<RateRow> rows, string id, string label)
    {
        _ = Font.Value;
        using var plot = NewPlot();
        var bars = new List<Bar>();
        for (var r = 0; r < rows.Count; r++)
        {
            var y = rows.Count - 1 - r;
            if (rows[r].Percent.Value is { } percent)
            {
                bars.Add(new Bar
                {
                    Position = y, Value = percent, ValueBase = 0, Size = 0.6, FillColor = Rate, LineWidth = 0, Orientation = Orientation.Horizontal,
                    Label = DanishNumbers.Percent(percent),
                });
            }
            else
            {
                Note(plot, rows[r].Percent.Note, 1, y, Alignment.MiddleLeft, 11);
            }
        }
        if (bars.Count > 0)
        {
            Bars(plot, bars, null, Rate);
        }
        plot.Axes.Left.SetTicks([.. rows.Select((_, r) => (double)(rows.Count - 1 - r))], [.. rows.Select(r => Wrap(r.Name, 30))]);
        ScoreAxis(plot.Axes.Bottom, " %");
        plot.Axes.SetLimits(0, 112, -0.6, rows.Count - 0.4);
        return Svg(plot, Width, 70 + (rows.Count * 30), id, label);
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Axes.Color(Ink);
        plot.Grid.MajorLineColor = Color.FromHex("#000000").WithAlpha(0.08);
        return plot;
    }

    /// <summary>An axis of 0-100 with its numbers every 20 (written here: no culture decides them).</summary>
    private static void ScoreAxis(IAxis axis, string unit)
    {
        double[] at = [0, 20, 40, 60, 80, 100];
        axis.SetTicks(at, [.. at.Select(v => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + unit)]);
    }

    private static Text Note(Plot plot, string text, double x, double y, Alignment alignment, float size)
    {
        var note = plot.Add.Text(text, x, y);
        note.LabelAlignment = alignment;
        note.LabelFontName = FontName;
        note.LabelFontSize = size;
        note.LabelFontColor = Ink;
        note.LabelBackgroundColor = Colors.Transparent;
        note.LabelBorderWidth = 0;
        return note;
    }

    /// <summary>A label broken between words into lines of about <paramref name="width"/> characters.</summary>
    internal static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : $"{line} {word}";
            }
        }
        if (line.Length > 0)
        {
            lines.Add(line);
        }
        return string.Join('\n', lines);
    }

    /// <summary>
    /// The plot as an SVG element for an HTML document: without the XML prolog and namespace declarations
    /// (HTML's parser puts an inline svg in its namespace; a namespace's URL in the text would look like a
    /// link), its ids made unique in the document by <paramref name="id"/> and numbered in the chart's
    /// document order (clip paths are referred to by id; Skia numbers them with one counter for the process,
    /// so the same chart drawn twice would differ), a viewBox so it scales to the page, and for assistive
    /// technology role="img" with the label as aria-label and title.
    /// </summary>
    private static string Svg(Plot plot, int width, int height, string id, string label)
    {
        var svg = XElement.Parse(plot.GetSvgXml(width, height));
        // Skia's id for an element, by the order it is first named in (defined or referred to): "cl_4f" → "figur-1-cl_1".
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        string Renamed(string skia) => renamed.TryGetValue(skia, out var name)
            ? name
            : renamed[skia] = $"{id}-{SkiaNumber().Replace(skia, "")}{renamed.Count + 1}";
        foreach (var element in svg.DescendantsAndSelf())
        {
            element.Name = element.Name.LocalName;
            foreach (var attribute in element.Attributes().ToList())
            {
                if (attribute.IsNamespaceDeclaration)
                {
                    attribute.Remove();
                }
                else if (attribute.Name.Namespace != XNamespace.None)
                {
                    // xlink:href: SVG 2 takes a plain href.
                    attribute.Remove();
                    element.SetAttributeValue(attribute.Name.LocalName, attribute.Value);
                }
            }
            foreach (var attribute in element.Attributes())
            {
                if (attribute.Name == "id")
                {
                    attribute.Value = Renamed(attribute.Value);
                }
                else if (attribute.Value.Contains("url(#", StringComparison.Ordinal))
                {
                    attribute.Value = UrlReference().Replace(attribute.Value, m => $"url(#{Renamed(m.Groups[1].Value)})");
                }
                else if (attribute.Name == "href" && attribute.Value.StartsWith('#'))
                {
                    attribute.Value = $"#{Renamed(attribute.Value[1..])}";
                }
            }
            if (element.Name == "text" && element.FirstNode is XText text)
            {
                // Skia writes the text between line breaks and tabs; the em spaces that indent a name stay.
                text.Value = text.Value.Trim(' ', '\t', '\r', '\n');
            }
        }
        svg.SetAttributeValue("id", id);
        svg.SetAttributeValue("viewBox", $"0 0 {width} {height}");
        svg.SetAttributeValue("role", "img");
        svg.SetAttributeValue("aria-label", label);
        svg.AddFirst(new XElement("title", label));
        return svg.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>The number Skia ends an id with ("_4f" of "cl_4f"): the process's counter, not the chart's.</summary>
    [GeneratedRegex("(?<=_)[0-9a-fA-F]+$")]
    private static partial Regex SkiaNumber();

    /// <summary>A reference to an id in an attribute's value: <c>url(#cl_4f)</c>, with or without quotes.</summary>
    [GeneratedRegex("""url\(\s*['"]?#([^)'"\s]+)['"]?\s*\)""")]
    private static partial Regex UrlReference();

    /// <summary>The font kept in this assembly (DejaVu Sans, cut to the characters a Danish report needs),
    /// for every weight and slant asked for: a report has no other.</summary>
    private sealed class KeptFont : IFontResolver
    {
        private readonly SKTypeface _typeface = Load();

        private static SKTypeface Load()
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Governance.Surveys.Reports.DejaVuSans.ttf")
                ?? throw new InvalidOperationException("The reports' font is not embedded in the assembly.");
            return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("The reports' font does not load.");
        }

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == FontName ? _typeface : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) => fontName == FontName ? _typeface : null;
    }
}
