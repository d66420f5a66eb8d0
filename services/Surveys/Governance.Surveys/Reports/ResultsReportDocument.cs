using System.Text;
using Governance.Kernel;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Reports;

/// <summary>What a report shows, as the handler read it within the caller's scope: each group is the
/// contract's <see cref="GroupResults"/>, so a suppressed group arrives with nothing but its reason.</summary>
internal sealed record ReportContent(string RoundDisplayName, string? PreviousRoundDisplayName, string UnitDisplayName, DateTime? ReleasedAt,
    DateTime GeneratedAt, SuppressionThresholds Thresholds, IReadOnlyList<ReportedInstrument> Instruments);

/// <summary>One instrument's part of a report: its themes as the round froze them, and the groups, the
/// report's unit first, then the units below it in tree order.</summary>
internal sealed record ReportedInstrument(string DisplayName, IReadOnlyList<InstrumentTheme> Themes, IReadOnlyList<ReportedGroup> Groups);

/// <summary>A unit of the report, <paramref name="Depth"/> below the report's unit.</summary>
internal sealed record ReportedGroup(string Id, string DisplayName, int Depth, GroupResults Results);

/// <summary>
/// A results report as one self-contained HTML document (<c>lang="da"</c>, UTF-8) to read on screen, print
/// or save: the style embedded with print rules (A4, a page per part, figures and rows kept whole), charts
/// as inline SVG (<see cref="ReportCharts"/>), each in a figure with its caption and the same numbers as a
/// table. No script, nothing fetched from elsewhere (no link, image, font or import), every text encoded.
/// A suppressed group, or a theme hidden for its sensitive items, shows "For få besvarelser" and no number.
/// </summary>
internal static class ResultsReportDocument
{
    public const string TooFew = "For få besvarelser";
    private const string NoAnswers = "Ingen svar";
    private const string NoNumberBefore = "Intet tal";

    public static string Render(ReportContent content)
    {
        var html = new StringBuilder(64 * 1024);
        var charts = 0;
        string NextId() => $"figur-{++charts}";

        html.Append("<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(H($"Resultater: {content.RoundDisplayName}, {content.UnitDisplayName}")).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n");

        html.Append("<header>\n<p class=\"kicker\">Resultater</p>\n<h1>").Append(H(content.RoundDisplayName)).Append("</h1>\n")
            .Append("<p class=\"unit\">").Append(H(content.UnitDisplayName)).Append(" og enhederne under den</p>\n<dl>\n");
        Fact(html, "Undersøgelser", string.Join(", ", content.Instruments.Select(i => i.DisplayName)));
        if (content.ReleasedAt is { } released)
        {
            Fact(html, "Offentliggjort", CopenhagenTime.ShortDate(new DateTimeOffset(released, TimeSpan.Zero)));
        }
        Fact(html, "Sammenlignet med", content.PreviousRoundDisplayName ?? "Ingen tidligere runde");
        Fact(html, "Udskrevet", CopenhagenTime.LongDateTime(CopenhagenTime.ToLocal(content.GeneratedAt)));
        html.Append("</dl>\n<p class=\"note\">").Append(H(
            $"Scorerne går fra 0 til 100, og højere er altid bedre (spørgsmål om belastninger er vendt). Et resultat vises kun for en gruppe med " +
            $"mindst {content.Thresholds.Minimum} besvarelser, og for spørgsmål om vold, trusler og chikane mindst {content.Thresholds.Sensitive}. " +
            $"Har en gruppe færre, står der „{TooFew}“; det gælder også en gruppe, der er skjult, fordi dens tal ellers kunne regnes ud af de " +
            "andre gruppers. Sådan en gruppe tæller stadig med i enhederne over den."))
            .Append("</p>\n</header>\n");

        foreach (var instrument in content.Instruments)
        {
            html.Append("<section class=\"instrument\">\n<h2>").Append(H(instrument.DisplayName)).Append("</h2>\n");
            ThemeScores(html, content, instrument, NextId);
            HeatMap(html, instrument, NextId);
            ResponseRates(html, instrument, NextId);
            html.Append("</section>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The report's unit: a bar per theme beside the previous round's, and the table.</summary>
    private static void ThemeScores(StringBuilder html, ReportContent content, ReportedInstrument instrument, Func<string> nextId)
    {
        var unit = instrument.Groups[0];
        html.Append("<section class=\"part\">\n<h3>").Append(H($"Score pr. tema: {unit.DisplayName}")).Append("</h3>\n");
        if (unit.Results.Suppressed)
        {
            html.Append("<p class=\"suppressed\">").Append(H($"{TooFew}: {unit.DisplayName} har ingen resultater at vise.")).Append("</p>\n</section>\n");
            return;
        }
        var previous = content.PreviousRoundDisplayName;
        var rows = Themes(instrument, unit.Results).ToList();
        var bars = rows.Select(r => new ReportCharts.ThemeBar(r.Title, r.Now, r.Before)).ToList();
        var caption = previous is null
            ? $"Score pr. tema for {unit.DisplayName} i {content.RoundDisplayName} ({instrument.DisplayName})."
            : $"Score pr. tema for {unit.DisplayName} i {content.RoundDisplayName} og i {previous} ({instrument.DisplayName}).";
        html.Append("<figure>\n").Append(ReportCharts.ThemeScores(bars, content.RoundDisplayName, previous, nextId(), caption))
            .Append("\n<figcaption>").Append(H(caption)).Append("</figcaption>\n<table>\n<thead><tr><th scope=\"col\">Tema</th><th scope=\"col\">")
            .Append(H(content.RoundDisplayName)).Append("</th>");
        if (previous is not null)
        {
            html.Append("<th scope=\"col\">").Append(H(previous)).Append("</th>");
        }
        html.Append("<th scope=\"col\">Besvarelser</th></tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            html.Append("<tr><th scope=\"row\">").Append(H(row.Title)).Append("</th>").Append(Td(row.Now));
            if (previous is not null)
            {
                html.Append(Td(row.Before));
            }
            html.Append(row.Respondents is { } n ? Number(DanishNumbers.Count(n)) : Td(row.Now)).Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n</figure>\n</section>\n");
    }

    /// <summary>Units × themes, a chart and its table per page's worth of units.</summary>
    private static void HeatMap(StringBuilder html, ReportedInstrument instrument, Func<string> nextId)
    {
        html.Append("<section class=\"part\">\n<h3>Varmekort: enheder og temaer</h3>\n");
        var titles = instrument.Themes.Select(t => t.Title).ToList();
        var chunks = instrument.Groups.Chunk(ReportCharts.RowsPerChart).ToList();
        for (var c = 0; c < chunks.Count; c++)
        {
            var groups = chunks[c];
            var rows = groups.Select(g => new ReportCharts.HeatRow(g.DisplayName, g.Results.Suppressed
                ? [.. titles.Select(_ => ReportCharts.Cell.Without(TooFew))]
                : [.. Themes(instrument, g.Results).Select(t => t.Now)])).ToList();
            var caption = $"Temaernes score for hver enhed på skalaen 0-100 ({instrument.DisplayName})" +
                (chunks.Count > 1 ? $", del {c + 1} af {chunks.Count}." : ".");
            html.Append("<figure>\n").Append(ReportCharts.HeatMap(titles, rows, nextId(), caption))
                .Append("\n<figcaption>").Append(H(caption)).Append("</figcaption>\n<table class=\"wide\">\n<thead><tr><th scope=\"col\">Enhed</th>");
            foreach (var title in titles)
            {
                html.Append("<th scope=\"col\">").Append(H(title)).Append("</th>");
            }
            html.Append("</tr></thead>\n<tbody>\n");
            foreach (var g in groups)
            {
                html.Append(RowHead(g));
                if (g.Results.Suppressed)
                {
                    html.Append(Suppressed(titles.Count));
                }
                else
                {
                    foreach (var theme in Themes(instrument, g.Results))
                    {
                        html.Append(Td(theme.Now));
                    }
                }
                html.Append("</tr>\n");
            }
            html.Append("</tbody>\n</table>\n</figure>\n");
        }
        html.Append("</section>\n");
    }

    /// <summary>The response rate of each unit: its respondents to the instrument of those invited.</summary>
    private static void ResponseRates(StringBuilder html, ReportedInstrument instrument, Func<string> nextId)
    {
        html.Append("<section class=\"part\">\n<h3>Svarprocent</h3>\n");
        var chunks = instrument.Groups.Chunk(ReportCharts.RowsPerChart).ToList();
        for (var c = 0; c < chunks.Count; c++)
        {
            var groups = chunks[c];
            var rows = groups.Select(g => new ReportCharts.RateRow(g.DisplayName, RateOf(g.Results))).ToList();
            var caption = $"Svarprocent for hver enhed: besvarelser i procent af de inviterede ({instrument.DisplayName})" +
                (chunks.Count > 1 ? $", del {c + 1} af {chunks.Count}." : ".");
            html.Append("<figure>\n").Append(ReportCharts.ResponseRates(rows, nextId(), caption))
                .Append("\n<figcaption>").Append(H(caption)).Append("</figcaption>\n<table>\n<thead><tr><th scope=\"col\">Enhed</th>")
                .Append("<th scope=\"col\">Inviterede</th><th scope=\"col\">Besvarelser</th><th scope=\"col\">Svarprocent</th></tr></thead>\n<tbody>\n");
            foreach (var g in groups)
            {
                html.Append(RowHead(g));
                if (g.Results.Suppressed)
                {
                    html.Append(Suppressed(3));
                }
                else
                {
                    var rate = RateOf(g.Results);
                    html.Append(Number(DanishNumbers.Count(g.Results.InvitedCount))).Append(Number(DanishNumbers.Count(g.Results.ResponseCount)))
                        .Append(rate.Value is { } p ? Number(DanishNumbers.Percent(p)) : Td(rate));
                }
                html.Append("</tr>\n");
            }
            html.Append("</tbody>\n</table>\n</figure>\n");
        }
        html.Append("</section>\n");
    }

    /// <summary>A theme of a shown group: its score now and before, or why there is none, and its respondents.</summary>
    private sealed record ThemeRow(string Title, ReportCharts.Cell Now, ReportCharts.Cell Before, int? Respondents);

    /// <summary>The instrument's themes for a group that shows, in the instrument's order. A theme without
    /// a score is hidden for its sensitive items (an item of it suppressed) or had no answers.</summary>
    private static IEnumerable<ThemeRow> Themes(ReportedInstrument instrument, GroupResults results)
    {
        var byId = results.Themes.ToDictionary(t => t.ThemeId, StringComparer.Ordinal);
        foreach (var theme in instrument.Themes)
        {
            if (!byId.TryGetValue(theme.ThemeId, out var shown) || shown.Score is not { } score || !score.HasValue)
            {
                var hidden = shown is not null && shown.Items.Any(i => i.Suppressed);
                var note = ReportCharts.Cell.Without(hidden ? TooFew : NoAnswers);
                yield return new ThemeRow(theme.Title, note, ReportCharts.Cell.Without(NoNumberBefore), null);
                continue;
            }
            yield return new ThemeRow(theme.Title, ReportCharts.Cell.Of(score.Value),
                score.HasPreviousValue ? ReportCharts.Cell.Of(score.PreviousValue) : ReportCharts.Cell.Without(NoNumberBefore), score.RespondentCount);
        }
    }

    private static ReportCharts.Cell RateOf(GroupResults g) =>
        g.Suppressed ? ReportCharts.Cell.Without(TooFew)
        : g.InvitedCount > 0 ? ReportCharts.Cell.Of(100.0 * g.ResponseCount / g.InvitedCount)
        : ReportCharts.Cell.Without("Ingen inviterede");

    private static string RowHead(ReportedGroup g) =>
        $"<tr><th scope=\"row\" class=\"depth-{Math.Min(g.Depth, 6)}\">{H(g.DisplayName)}</th>";

    private static string Suppressed(int columns) => $"<td colspan=\"{columns}\" class=\"suppressed\">{TooFew}</td>";

    private static string Td(ReportCharts.Cell cell) =>
        cell.Value is { } v ? Number(DanishNumbers.Score(v)) : $"<td class=\"{(cell.Note == TooFew ? "suppressed" : "none")}\">{H(cell.Note)}</td>";

    private static string Number(string text) => $"<td class=\"num\">{H(text)}</td>";

    private static void Fact(StringBuilder html, string term, string value) =>
        html.Append("<dt>").Append(H(term)).Append("</dt><dd>").Append(H(value)).Append("</dd>\n");

    /// <summary>Text for HTML content and quoted attributes: the five characters with a meaning there
    /// encoded, and the control characters no text needs left out; æøå and the rest stay as UTF-8.</summary>
    internal static string H(string text)
    {
        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': encoded.Append("&amp;"); break;
                case '<': encoded.Append("&lt;"); break;
                case '>': encoded.Append("&gt;"); break;
                case '"': encoded.Append("&quot;"); break;
                case '\'': encoded.Append("&#39;"); break;
                case '\n' or '\t': encoded.Append(' '); break;
                default:
                    if (!char.IsControl(c))
                    {
                        encoded.Append(c);
                    }
                    break;
            }
        }
        return encoded.ToString();
    }

    /// <summary>The document's style: readable on screen, A4 on paper with a page per part.</summary>
    private const string Style = """

        @page { size: A4; margin: 16mm 14mm; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #1f1f1f; background: #fff; margin: 0 auto; max-width: 820px; padding: 24px; font-size: 14px; line-height: 1.45; }
        h1 { font-size: 28px; margin: 0 0 4px; }
        h2 { font-size: 22px; border-bottom: 2px solid #1f5f8b; padding-bottom: 4px; margin: 32px 0 12px; }
        h3 { font-size: 17px; margin: 24px 0 8px; }
        .kicker { text-transform: uppercase; letter-spacing: .08em; color: #555; margin: 0; font-size: 12px; }
        .unit { font-size: 18px; margin: 0 0 16px; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 16px; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        .note { background: #f3f6f9; border-left: 4px solid #1f5f8b; padding: 8px 12px; }
        figure { margin: 12px 0 24px; break-inside: avoid; page-break-inside: avoid; }
        figure svg { display: block; width: 100%; height: auto; }
        figure svg text { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; }
        figcaption { font-style: italic; color: #444; margin: 6px 0 10px; }
        table { border-collapse: collapse; width: 100%; font-size: 12px; }
        table.wide { font-size: 10px; table-layout: fixed; }
        table.wide th, table.wide td { overflow-wrap: anywhere; hyphens: auto; padding: 3px 4px; }
        table.wide thead th:first-child { width: 18%; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        th, td { border: 1px solid #c9c9c9; padding: 3px 6px; text-align: left; vertical-align: top; }
        thead th { background: #eef2f6; }
        td.num { text-align: right; white-space: nowrap; }
        td.suppressed { color: #555; font-style: italic; background: #f2f2f2; }
        td.none { color: #666; }
        p.suppressed { font-style: italic; }
        th.depth-1 { padding-left: 18px; } th.depth-2 { padding-left: 30px; } th.depth-3 { padding-left: 42px; }
        th.depth-4 { padding-left: 54px; } th.depth-5 { padding-left: 66px; } th.depth-6 { padding-left: 78px; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11pt; }
          .instrument { break-before: page; page-break-before: always; }
          .part + .part { break-before: page; page-break-before: always; }
          h2, h3 { break-after: avoid; page-break-after: avoid; }
          figure + figure { break-before: page; page-break-before: always; }
        }

        """;
}
