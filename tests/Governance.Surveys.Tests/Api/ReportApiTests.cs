using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Governance.Audit.V1;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Grpc.Core;
using static Governance.Surveys.Tests.Api.ReleasedRounds;

namespace Governance.Surveys.Tests.Api;

/// <summary>
/// RenderResultsReport and ExportResultsCsv through the API, on a round answered through the API and the
/// round before it: ØDC afdeling 1 with six respondents (and two invited who never answer), afdeling 2 with
/// three (suppressed: too few), five placed in ØDC itself. The report has its charts as inline SVG, the
/// previous round beside, the heat map and the response rates, "For få besvarelser" and no number for
/// afdeling 2, nothing that runs or is fetched; the CSV is what Excel in Danish opens. Both keep to the
/// caller's scope and are audited. The report is written to artifacts/ for a person (or a browser) to look at.
/// </summary>
public abstract partial class ReportApiTests(RoundHost host, SharedFixtures rounds)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SurveysService.SurveysServiceClient Client => host.Client;

    /// <summary>Afdeling 2's three: their indoor climate 0, 25, 25 and noise (a demand) 25, 25, 0. Had the
    /// group shown, its physical environment would score 16,7 (and each item 16,7): a number that must not
    /// be anywhere.</summary>
    private const string HiddenScore = "16,7";

    /// <summary>A respondent's point on an item, varied by respondent and item so every theme has a score.</summary>
    private static int Point(int respondent, int item, int shift) => 1 + ((respondent * 3) + (item * 2) + shift) % 5;

    private static readonly string[] ScoredItems =
        ["stoej", "indeklima", "orden", "loeft", "hjaelpemidler", "indretning", "naerved", "brand", "tryghed", "beredskab", "tilrettelaeggelse", "betydning",
            "pauser", "kollegahjaelp", "aabenhed", "ekstraopgaver", "uenighed", "glad", "koble-af", "smerter"];

    private static Respondent Answering(string unit, int respondent, int shift) =>
        In(unit, [.. ScoredItems.Select((item, i) => (item, (object)Point(respondent, i, shift))), ("vold", 0), ("maal", Point(respondent, 0, shift))]);

    private static List<Respondent> Respondents(int shift)
    {
        var respondents = Enumerable.Range(0, 6).Select(i => Answering("odc-1", i, shift)).ToList();
        int[] indeklima = [1, 2, 2];
        int[] stoej = [4, 4, 5];
        respondents.AddRange(Enumerable.Range(0, 3).Select(i => In("odc-2", ("indeklima", indeklima[i]), ("stoej", stoej[i]), ("maal", 2))));
        respondents.AddRange(Enumerable.Range(0, 5).Select(i => Answering("odc", i + 10, shift)));
        return respondents;
    }

    /// <summary>The two rounds (the second compared with the first), made once per class by the first test.</summary>
    public sealed record Rounds(Round Previous, Round Round, Instrument Apv, Instrument Leadership);

    private Task<Rounds> RoundsAsync() => rounds.GetAsync(async () =>
    {
        var store = host.Store.ToLowerInvariant();
        var names = new Dictionary<string, string> { ["apv-trivsel-skabelon"] = "APV og trivsel", ["ledelsesevaluering-skabelon"] = "Ledelsesevaluering" };
        string[] sources = ["apv-trivsel-skabelon", "ledelsesevaluering-skabelon"];
        var builder = new ReleasedRounds(host);
        var first = await builder.RunAsync($"rapport-2016-{store}", sources, ["odc"], Respondents(0), Ct, displayName: "APV 2016",
            silent: ["odc-1", "odc-1"], instrumentNames: names);
        var second = await builder.RunAsync($"rapport-2017-{store}", sources, ["odc"], Respondents(2), Ct, previousRound: first.Round.Name,
            displayName: "APV 2017 (Økonomi & Digitalisering)", silent: ["odc-1", "odc-1"], instrumentNames: names);
        return new Rounds(first.Round, second.Round, second[InstrumentKind.ApvWellbeing], second[InstrumentKind.LeadershipEvaluation]);
    });

    private static string Id(GroupResults g) => g.Group[(g.Group.LastIndexOf('/') + 1)..];

    [GeneratedRegex(@"<svg[\s\S]*?</svg>")]
    private static partial Regex SvgPattern();

    [GeneratedRegex(@"<figure>[\s\S]*?</figure>")]
    private static partial Regex FigurePattern();

    /// <summary>The cells (not the row's heading) of every table row whose heading is <paramref name="name"/>.</summary>
    private static List<string> RowCells(string html, string name) =>
        [.. Regex.Matches(html, $@"<tr><th scope=""row""[^>]*>{Regex.Escape(name)}</th>(.*?)</tr>").Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task The_report_is_one_printable_document_with_charts_the_previous_round_a_heat_map_and_rates_and_nothing_of_a_suppressed_group()
    {
        var r = await RoundsAsync();
        var report = await Client.RenderResultsReportAsync(new RenderResultsReportRequest { Round = r.Round.Name, Unit = "odc" }, cancellationToken: Ct);
        var html = report.Html;
        var path = Path.Combine(AppContext.BaseDirectory, "artifacts", $"resultatrapport-{host.Store.ToLowerInvariant()}.html");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, html, new UTF8Encoding(false), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"The report: {path}");
        Assert.Equal($"{r.Round.Name["rounds/".Length..]}-odc.html", report.FileName);

        // One self-contained Danish document, printable, that runs nothing and fetches nothing.
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"da\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains("break-before: page", html, StringComparison.Ordinal);
        foreach (var forbidden in new[] { "<script", "http:", "https:", "//", "@import", "<link", "<img", "<iframe", "<object", "<embed", "xlink:", "javascript:" })
        {
            Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotMatch(@"url\((?!#figur-)", html);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
        // Every text is encoded: the round's "&" is the entity wherever it is text.
        Assert.Contains("APV 2017 (Økonomi &amp; Digitalisering)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Økonomi & Digitalisering", html, StringComparison.Ordinal);

        // Three charts (the themes of ØDC, the heat map, the rates), each accessible: a figure with its caption
        // and table, the SVG an image with a label and title. Ids are unique in the document.
        var figures = FigurePattern().Matches(html).Select(m => m.Value).ToList();
        var svgs = SvgPattern().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(3, svgs.Count);
        Assert.Equal(3, figures.Count);
        Assert.All(figures, f => Assert.Single(SvgPattern().Matches(f)));
        Assert.All(figures, f => Assert.Contains("<figcaption>", f, StringComparison.Ordinal));
        Assert.All(figures, f => Assert.Contains("<table", f, StringComparison.Ordinal));
        Assert.All(svgs, s => Assert.Matches(@"^<svg[^>]* role=""img""", s));
        Assert.All(svgs, s => Assert.Matches(@"^<svg[^>]* aria-label=""[^""]+""", s));
        Assert.All(svgs, s => Assert.Contains("<title>", s, StringComparison.Ordinal));
        var ids = Regex.Matches(html, @"\sid=""([^""]+)""").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        // The charts' text is Danish text, drawn as text.
        Assert.Contains(">Trivsel og sundhed<", svgs[0], StringComparison.Ordinal);
        Assert.Contains(">arbejdsmiljø<", svgs[0], StringComparison.Ordinal); // "Fysisk og kemisk" above it
        Assert.Contains("ØDC afdeling 1", svgs[1], StringComparison.Ordinal);

        var groups = (await Client.ListGroupResultsAsync(new ListGroupResultsRequest { Round = r.Round.Name, Instrument = r.Apv.Name, PageSize = 100 },
            cancellationToken: Ct)).GroupResults.ToDictionary(Id);
        Assert.Equal((false, false, true), (groups["odc"].Suppressed, groups["odc-1"].Suppressed, groups["odc-2"].Suppressed));
        var odc = groups["odc"];
        static string Score(double v) => v.ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',');

        // ØDC's scores per theme, each with the previous round's beside it, in the chart and its table.
        Assert.Contains("APV 2016", svgs[0], StringComparison.Ordinal);
        var themeTable = figures[0];
        foreach (var theme in odc.Themes.Where(t => t.Score.HasValue))
        {
            Assert.True(theme.Score.HasPreviousValue, $"{theme.ThemeId} has no previous value: the rounds are built so every theme has");
            var cells = RowCells(themeTable, theme.Title);
            Assert.Equal($"<td class=\"num\">{Score(theme.Score.Value)}</td><td class=\"num\">{Score(theme.Score.PreviousValue)}</td>" +
                $"<td class=\"num\">{theme.Score.RespondentCount}</td>", Assert.Single(cells));
            Assert.Contains($">{Score(theme.Score.Value)}<", svgs[0], StringComparison.Ordinal);
            Assert.Contains($">{Score(theme.Score.PreviousValue)}<", svgs[0], StringComparison.Ordinal);
        }
        // The theme with the sensitive items shows nothing below 20.
        Assert.Equal("<td class=\"suppressed\">For få besvarelser</td><td class=\"none\">Intet tal</td><td class=\"suppressed\">For få besvarelser</td>",
            Assert.Single(RowCells(themeTable, "Vold, trusler og tryghed på arbejdspladsen")));

        // The heat map: ØDC and the units below it × the themes, a cell per shown theme score, Danish decimals.
        var heat = figures[1];
        Assert.Contains("Skala 0-100", svgs[1], StringComparison.Ordinal);
        foreach (var id in new[] { "odc", "odc-1" })
        {
            var cells = Assert.Single(RowCells(heat, groups[id].GroupDisplayName));
            foreach (var theme in groups[id].Themes.Where(t => t.Score.HasValue))
            {
                Assert.Contains($"<td class=\"num\">{Score(theme.Score.Value)}</td>", cells, StringComparison.Ordinal);
                Assert.Contains($">{Score(theme.Score.Value)}<", svgs[1], StringComparison.Ordinal);
            }
        }
        Assert.DoesNotContain(">Kommunen<", heat, StringComparison.Ordinal); // above the report's unit

        // Afdeling 2: "For få besvarelser" in every table, and not one number in its rows or anywhere.
        var hidden = groups["odc-2"].GroupDisplayName;
        var rows = RowCells(html, hidden);
        Assert.Equal(2, rows.Count); // the heat map's table and the rates'
        Assert.All(rows, cells => Assert.Matches(@"^<td colspan=""\d+"" class=""suppressed"">For få besvarelser</td>$", cells));
        Assert.All(rows, cells => Assert.DoesNotMatch(@">[^<]*\d[^<]*<", cells));
        Assert.Contains(">For få<", svgs[1], StringComparison.Ordinal); // its heat map cells, grey
        Assert.All(groups.Values.Where(g => !g.Suppressed).SelectMany(g => g.Themes), t => Assert.NotEqual(HiddenScore, t.Score.HasValue ? Score(t.Score.Value) : ""));
        Assert.DoesNotContain(HiddenScore, html, StringComparison.Ordinal);

        // Response rates: afdeling 1's six of eight invited, ØDC's fourteen of sixteen.
        var rates = figures[2];
        Assert.Equal("<td class=\"num\">8</td><td class=\"num\">6</td><td class=\"num\">75 %</td>", Assert.Single(RowCells(rates, groups["odc-1"].GroupDisplayName)));
        Assert.Equal("<td class=\"num\">16</td><td class=\"num\">14</td><td class=\"num\">88 %</td>", Assert.Single(RowCells(rates, odc.GroupDisplayName)));
        Assert.Contains(">75 %<", svgs[2], StringComparison.Ordinal);

        // Only the instruments reported by unit: the leadership evaluation is read by manager.
        Assert.Contains("<h2>APV og trivsel</h2>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ledelsesevaluering", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<dt>Udskrevet</dt><dd>[^<]*</dd>")]
    private static partial Regex PrintedAt();

    [Fact]
    public async Task The_same_report_rendered_twice_is_the_same_bytes_and_each_chart_refers_only_to_its_own_ids()
    {
        var r = await RoundsAsync();
        var request = new RenderResultsReportRequest { Round = r.Round.Name, Unit = "odc" };
        var first = (await Client.RenderResultsReportAsync(request, cancellationToken: Ct)).Html;
        var second = (await Client.RenderResultsReportAsync(request, cancellationToken: Ct)).Html;
        if (PrintedAt().Match(first).Value != PrintedAt().Match(second).Value)
        {
            // The clock passed a minute between the two: the time printed is the report's, and differs. Two more
            // calls cannot both straddle a minute.
            first = second;
            second = (await Client.RenderResultsReportAsync(request, cancellationToken: Ct)).Html;
        }
        Assert.Equal(Encoding.UTF8.GetBytes(first), Encoding.UTF8.GetBytes(second));

        // Several charts, their ids still unique in the document, and every reference (a clip path's) to an id
        // defined exactly once, so each chart is clipped by its own.
        var svgs = SvgPattern().Matches(first).Select(m => m.Value).ToList();
        Assert.True(svgs.Count >= 3, $"{svgs.Count} charts");
        var ids = Regex.Matches(first, @"\sid=""([^""]+)""").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var svg in svgs)
        {
            var own = Regex.Matches(svg, @"\sid=""([^""]+)""").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var references = Regex.Matches(svg, @"url\(#([^)]+)\)|href=""#([^""]+)""")
                .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
            Assert.NotEmpty(references);
            Assert.All(references, id => Assert.Contains(id, own));
        }
    }

    [Fact]
    public async Task A_report_keeps_to_the_callers_scope_and_every_render_is_audited()
    {
        var r = await RoundsAsync();
        var leader = host.ClientAs("manager", SurveysClaims.ForManager("odc-leder-1"));
        var own = await leader.RenderResultsReportAsync(new RenderResultsReportRequest { Round = r.Round.Name, Unit = "odc-1", Instrument = r.Apv.Name },
            cancellationToken: Ct);
        Assert.Equal($"{r.Round.Name["rounds/".Length..]}-odc-1-{r.Apv.Name["instruments/".Length..]}.html", own.FileName);
        Assert.Contains("ØDC afdeling 1", own.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("ØDC afdeling 2", own.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Økonomi- og Digitaliseringscentret", own.Html, StringComparison.Ordinal);

        // A unit above the leader's, beside it, or outside the round: as if it were not there.
        foreach (var unit in new[] { "odc", "odc-2", "kommunen" })
        {
            await ApiAssert.RpcError(StatusCode.NotFound, () => leader.RenderResultsReportAsync(new RenderResultsReportRequest { Round = r.Round.Name, Unit = unit },
                cancellationToken: Ct), "GROUP_NOT_FOUND");
        }
        foreach (var unit in new[] { "byc-1", "findes-ikke" })
        {
            await ApiAssert.RpcError(StatusCode.NotFound, () => Client.RenderResultsReportAsync(new RenderResultsReportRequest { Round = r.Round.Name, Unit = unit },
                cancellationToken: Ct), "GROUP_NOT_FOUND");
        }
        // The working-environment group of afdeling 2 sees its own unit: suppressed, so the report says so and shows no chart of it.
        var group = host.ClientAs("work_environment_group", SurveysClaims.ForWorkEnvironmentUnits("odc-2"));
        var suppressed = (await group.RenderResultsReportAsync(new RenderResultsReportRequest { Round = r.Round.Name, Unit = "odc-2" }, cancellationToken: Ct)).Html;
        Assert.Contains("For få besvarelser: ØDC afdeling 2 har ingen resultater at vise.", suppressed, StringComparison.Ordinal);
        Assert.DoesNotContain(HiddenScore, suppressed, StringComparison.Ordinal);
        Assert.All(RowCells(suppressed, "ØDC afdeling 2"), cells => Assert.DoesNotMatch(@">[^<]*\d[^<]*<", cells));
        // Those who read no results may not ask.
        await AuthorizationAssert.PermissionDenied(() => host.ClientAs("service").RenderResultsReportAsync(
            new RenderResultsReportRequest { Round = r.Round.Name, Unit = "odc" }, cancellationToken: Ct).ResponseAsync,
            AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "the service role renders a report");

        // Each group the leader's report showed is audited as a read of its results, by the report's method.
        var instrument = r.Apv.Name["instruments/".Length..];
        var entries = (await Client.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = $"{r.Round.Name}/results/{instrument}/odc-1", PageSize = 200 },
            cancellationToken: Ct)).Entries;
        Assert.Contains(entries, e => e.Action == AuditAction.ClosedContentRead && e.Method.EndsWith("/RenderResultsReport", StringComparison.Ordinal)
            && e.Subject.StartsWith("manager-", StringComparison.Ordinal));
        var odc2 = (await Client.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = $"{r.Round.Name}/results/{instrument}/odc-2", PageSize = 200 },
            cancellationToken: Ct)).Entries;
        // (ClientAs names a caller by the first 20 characters of its role and a random id.)
        Assert.Contains(odc2, e => e.Action == AuditAction.ClosedContentRead && e.Method.EndsWith("/RenderResultsReport", StringComparison.Ordinal)
            && e.Subject.StartsWith("work_environment_gro", StringComparison.Ordinal));
        // The leader's report showed afdeling 1 alone: afdeling 2 was not read by them.
        var leaders = entries.Where(e => e.Subject.StartsWith("manager-", StringComparison.Ordinal)).Select(e => e.Subject).ToHashSet();
        Assert.DoesNotContain(odc2, e => leaders.Contains(e.Subject) && e.Action == AuditAction.ClosedContentRead);
    }

    [Fact]
    public async Task A_report_request_is_checked_as_the_other_results_reads_are()
    {
        var r = await RoundsAsync();
        await ApiAssert.InvalidArgument(() => Client.RenderResultsReportAsync(new RenderResultsReportRequest { Round = "runder/x", Unit = "odc" }, cancellationToken: Ct),
            "round");
        await ApiAssert.InvalidArgument(() => Client.RenderResultsReportAsync(new RenderResultsReportRequest { Round = r.Round.Name }, cancellationToken: Ct), "unit");
        await ApiAssert.InvalidArgument(() => Client.RenderResultsReportAsync(new RenderResultsReportRequest { Round = r.Round.Name, Unit = "ØDC" }, cancellationToken: Ct),
            "unit");
        await ApiAssert.InvalidArgument(() => Client.RenderResultsReportAsync(new RenderResultsReportRequest
        {
            Round = r.Round.Name, Unit = "odc", Instrument = "apv",
        }, cancellationToken: Ct), "instrument");
        // Not an instrument of the round, or one reported by manager.
        await ApiAssert.InvalidArgument(() => Client.RenderResultsReportAsync(new RenderResultsReportRequest
        {
            Round = r.Round.Name, Unit = "odc", Instrument = "instruments/apv-trivsel-skabelon",
        }, cancellationToken: Ct), "instrument");
        await ApiAssert.InvalidArgument(() => Client.RenderResultsReportAsync(new RenderResultsReportRequest
        {
            Round = r.Round.Name, Unit = "odc", Instrument = r.Leadership.Name,
        }, cancellationToken: Ct), "instrument");
        await ApiAssert.RpcError(StatusCode.NotFound, () => Client.RenderResultsReportAsync(new RenderResultsReportRequest { Round = "rounds/findes-ikke", Unit = "odc" },
            cancellationToken: Ct), "RESOURCE_NOT_FOUND");
        var draft = await Client.CreateRoundAsync(new CreateRoundRequest { Round = new Round { DisplayName = "Kladde", Instruments = { r.Apv.Name }, TargetUnits = { "odc" } } },
            cancellationToken: Ct);
        await ApiAssert.FailedPrecondition(() => Client.RenderResultsReportAsync(new RenderResultsReportRequest { Round = draft.Name, Unit = "odc" }, cancellationToken: Ct),
            "ROUND_NOT_OPENED");
        await ApiAssert.FailedPrecondition(() => Client.ExportResultsCsvAsync(new ExportResultsCsvRequest { Round = draft.Name, Instrument = r.Apv.Name }, cancellationToken: Ct),
            "ROUND_NOT_OPENED");
        await ApiAssert.InvalidArgument(() => Client.ExportResultsCsvAsync(new ExportResultsCsvRequest { Round = r.Round.Name }, cancellationToken: Ct), "instrument");
        await ApiAssert.InvalidArgument(() => Client.ExportResultsCsvAsync(new ExportResultsCsvRequest { Round = r.Round.Name, Instrument = r.Apv.Name, Group = "Odc" },
            cancellationToken: Ct), "group");
    }

    /// <summary>The CSV's rows as fields (the test data has no quoted field), after checking the file's form.</summary>
    private static List<string[]> Rows(ResultsCsv csv)
    {
        var bytes = csv.Csv.ToByteArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("[^\r]\n", text);
        var rows = text[..^2].Split("\r\n").Select(l => l.Split(';')).ToList();
        Assert.Equal(csv.RowCount, rows.Count - 1);
        Assert.Equal(["Gruppe-id", "Gruppe", "Tema-id", "Tema", "Score", "Forrige runde", "Respondenter (tema)", "Inviterede", "Besvarelser", "Bemærkning"], rows[0]);
        Assert.All(rows, row => Assert.Equal(10, row.Length));
        return rows[1..];
    }

    [Fact]
    public async Task The_csv_is_what_excel_in_danish_opens_with_the_same_scope_and_suppression_and_every_export_is_audited()
    {
        var r = await RoundsAsync();
        var export = await Client.ExportResultsCsvAsync(new ExportResultsCsvRequest { Round = r.Round.Name, Instrument = r.Apv.Name }, cancellationToken: Ct);
        Assert.Equal($"{r.Round.Name["rounds/".Length..]}-{r.Apv.Name["instruments/".Length..]}.csv", export.FileName);
        var rows = Rows(export);
        var groups = (await Client.ListGroupResultsAsync(new ListGroupResultsRequest { Round = r.Round.Name, Instrument = r.Apv.Name, PageSize = 100 },
            cancellationToken: Ct)).GroupResults.ToDictionary(Id);
        // HR: every group of the round, in tree order, a row per theme; afdeling 2 one row with its reason and no number.
        Assert.Equal(["kommunen", "odc", "odc-1", "odc-2"], rows.Select(x => x[0]).Distinct());
        Assert.Equal(["odc-2", "ØDC afdeling 2", "", "", "", "", "", "", "", "For få besvarelser"], Assert.Single(rows, x => x[0] == "odc-2"));
        Assert.DoesNotContain(rows, x => x.Any(f => f.Contains(HiddenScore, StringComparison.Ordinal)));
        foreach (var id in new[] { "kommunen", "odc", "odc-1" })
        {
            var g = groups[id];
            var own = rows.Where(x => x[0] == id).ToList();
            Assert.Equal(g.Themes.Select(t => t.ThemeId), own.Select(x => x[2]));
            foreach (var (theme, row) in g.Themes.Zip(own))
            {
                string Decimal(double v) => v.ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',');
                Assert.Equal([g.GroupDisplayName, theme.Title], row[1..2].Append(row[3]));
                Assert.Equal(theme.Score.HasValue ? [Decimal(theme.Score.Value), Decimal(theme.Score.PreviousValue), $"{theme.Score.RespondentCount}"] : ["", "", ""],
                    row[4..7]);
                Assert.Equal([$"{g.InvitedCount}", $"{g.ResponseCount}"], row[7..9]);
                Assert.Equal(theme.Score.HasValue ? "" : "For få besvarelser (følsomme spørgsmål)", row[9]);
            }
        }
        Assert.Contains(rows, x => x[4].Contains(',', StringComparison.Ordinal));

        // Afdeling 1's leader: afdeling 1 only, the same numbers; asked for ØDC, NOT_FOUND.
        var leader = host.ClientAs("manager", SurveysClaims.ForManager("odc-leder-1"));
        var mine = Rows(await leader.ExportResultsCsvAsync(new ExportResultsCsvRequest { Round = r.Round.Name, Instrument = r.Apv.Name }, cancellationToken: Ct));
        Assert.Equal(["odc-1"], mine.Select(x => x[0]).Distinct());
        Assert.Equal(rows.Where(x => x[0] == "odc-1").Select(x => string.Join(';', x)), mine.Select(x => string.Join(';', x)));
        await ApiAssert.RpcError(StatusCode.NotFound, () => leader.ExportResultsCsvAsync(new ExportResultsCsvRequest
        {
            Round = r.Round.Name, Instrument = r.Apv.Name, Group = "odc",
        }, cancellationToken: Ct), "GROUP_NOT_FOUND");
        // A group and those below it.
        var centre = Rows(await Client.ExportResultsCsvAsync(new ExportResultsCsvRequest { Round = r.Round.Name, Instrument = r.Apv.Name, Group = "odc" },
            cancellationToken: Ct));
        Assert.Equal(["odc", "odc-1", "odc-2"], centre.Select(x => x[0]).Distinct());

        // The leadership evaluation by manager: HR sees the municipality's total only; afdeling 1's leader their own group.
        var total = Rows(await Client.ExportResultsCsvAsync(new ExportResultsCsvRequest { Round = r.Round.Name, Instrument = r.Leadership.Name },
            cancellationToken: Ct));
        Assert.Equal(["kommunen"], total.Select(x => x[0]).Distinct());
        Assert.All(total, x => Assert.Equal("", x[7])); // invitations are not counted by manager
        var evaluated = Rows(await leader.ExportResultsCsvAsync(new ExportResultsCsvRequest { Round = r.Round.Name, Instrument = r.Leadership.Name },
            cancellationToken: Ct));
        Assert.Equal(["odc-leder-1"], evaluated.Select(x => x[0]).Distinct());

        // Each group exported is audited as a read of its results, by the export's method.
        var entries = (await Client.ListAuditEntriesAsync(new ListAuditEntriesRequest
        {
            Resource = $"{r.Round.Name}/results/{r.Apv.Name["instruments/".Length..]}/odc-2", PageSize = 200,
        }, cancellationToken: Ct)).Entries;
        Assert.Contains(entries, e => e.Action == AuditAction.ClosedContentRead && e.Method.EndsWith("/ExportResultsCsv", StringComparison.Ordinal));
    }
}

public sealed class ReportApiSqliteTests(SqliteRoundHost host, SharedFixtures rounds)
    : ReportApiTests(host, rounds), IClassFixture<SqliteRoundHost>, IClassFixture<SharedFixtures>;

public sealed class ReportApiPostgresTests(PostgresRoundHost host, SharedFixtures rounds)
    : ReportApiTests(host, rounds), IClassFixture<PostgresRoundHost>, IClassFixture<SharedFixtures>;
