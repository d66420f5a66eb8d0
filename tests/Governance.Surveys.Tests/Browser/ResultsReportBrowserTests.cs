using System.Text.RegularExpressions;
using Governance.Surveys.Security;
using Governance.Surveys.Tests.Api;
using Governance.Surveys.V1;
using Governance.Testing.Browser;
using static Governance.Surveys.Tests.Api.ReleasedRounds;

namespace Governance.Surveys.Tests.Browser;

/// <summary>
/// A results report as ØDC's head renders it, opened in Chromium: a round released after the one before it,
/// ØDC afdeling 1 with six respondents, afdeling 2 with three (suppressed), five in ØDC itself. The page
/// is kept as a full-page screenshot and a PDF (artifacts/browser/); its charts are drawn with a size,
/// the heat map is there, the previous round is beside, every "For få besvarelser" and the suppressed
/// group's rows hold no digit and its would-be score is nowhere; axe-core finds no serious or critical
/// violation; printed, each part starts a page.
/// </summary>
[Collection(SurveyBrowserCollection.Name)]
public sealed partial class ResultsReportBrowserTests(SqliteRoundHost host, BrowserFixture browsers) : IClassFixture<SqliteRoundHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Afdeling 2's physical environment had it shown: indoor climate 1, 2, 2 (0, 25, 25) and noise,
    /// a demand, 4, 4, 5 (25, 25, 0): respondent means 12.5, 25, 12.5.</summary>
    private const string HiddenScore = "16,7";

    private static readonly string[] ScoredItems =
        ["stoej", "indeklima", "kemi", "orden", "loeft", "hjaelpemidler", "indretning", "naerved", "brand", "tryghed", "beredskab",
            "tilrettelaeggelse", "betydning", "pauser", "kollegahjaelp", "aabenhed", "ekstraopgaver", "uenighed", "glad", "koble-af", "smerter"];

    private static Respondent Answering(string unit, int respondent, int shift) =>
        In(unit, [.. ScoredItems.Select((item, i) => (item, (object)(1 + ((respondent * 3) + (i * 2) + shift) % 5))), ("vold", 0)]);

    private static List<Respondent> Respondents(int shift)
    {
        var respondents = Enumerable.Range(0, 6).Select(i => Answering("odc-1", i, shift)).ToList();
        int[] indeklima = [1, 2, 2];
        int[] stoej = [4, 4, 5];
        respondents.AddRange(Enumerable.Range(0, 3).Select(i => In("odc-2", ("indeklima", indeklima[i]), ("stoej", stoej[i]))));
        // ØDC's own five: without them ØDC less afdeling 1 would be afdeling 2's three, and one of the two hidden too.
        respondents.AddRange(Enumerable.Range(0, 5).Select(i => Answering("odc", i + 10, shift)));
        return respondents;
    }

    [GeneratedRegex(@"/Type\s*/Page(?!s)")]
    private static partial Regex PdfPage();

    [Fact]
    public async Task A_report_opened_in_chromium_shows_its_charts_and_no_number_for_a_suppressed_group()
    {
        browsers.RequireBrowser();
        var builder = new ReleasedRounds(host);
        string[] sources = ["apv-trivsel-skabelon"];
        var names = new Dictionary<string, string> { ["apv-trivsel-skabelon"] = "APV og trivsel" };
        var first = await builder.RunAsync("browser-rapport-2016", sources, ["odc"], Respondents(0), Ct, displayName: "APV 2016", instrumentNames: names);
        var second = await builder.RunAsync("browser-rapport-2017", sources, ["odc"], Respondents(2), Ct, previousRound: first.Round.Name,
            displayName: "APV 2017", instrumentNames: names);
        var head = host.ClientAs("manager", SurveysClaims.ForManager("odc-chef"));
        var report = await head.RenderResultsReportAsync(new RenderResultsReportRequest { Round = second.Round.Name, Unit = "odc" }, cancellationToken: Ct);
        var hidden = (await head.GetGroupResultsAsync(new GetGroupResultsRequest
        {
            Round = second.Round.Name, Instrument = second[InstrumentKind.ApvWellbeing].Name, Group = "odc-2",
        }, cancellationToken: Ct));
        Assert.True(hidden.Suppressed);

        await using var pages = await LocalPages.StartAsync();
        using var browser = browsers.Open(WindowSize.Desktop);
        browser.GoTo(pages.Add("/" + report.FileName, report.Html));
        Assert.Equal("da", browser.Driver.ExecuteScript("return document.documentElement.lang;"));
        var shot = browser.Screenshot("resultatrapport-odc");
        Assert.True(new FileInfo(shot).Length > 10_000, $"{shot} is too small to hold the report.");

        // The charts: the themes beside the previous round, the heat map, the response rates, each drawn with a size.
        var charts = Script<IReadOnlyCollection<object>>(browser, """
            return Array.from(document.querySelectorAll('figure svg')).map(s => {
                const r = s.getBoundingClientRect();
                return [Math.round(r.width), Math.round(r.height), s.getAttribute('aria-label') || '', s.textContent];
            });
            """).Cast<IReadOnlyCollection<object>>().Select(c => c.ToList()).ToList();
        Assert.True(charts.Count >= 3, $"{charts.Count} charts in the report; expected the themes, the heat map and the response rates.");
        Assert.All(charts, c => Assert.True(Convert.ToInt64(c[0]) > 200 && Convert.ToInt64(c[1]) > 100, $"A chart ({c[2]}) is drawn {c[0]}×{c[1]} px."));
        Assert.Contains("APV 2016", (string)charts[0][3], StringComparison.Ordinal);
        var heat = Script<IReadOnlyCollection<object>>(browser, """
            const part = Array.from(document.querySelectorAll('section.part')).find(p => p.querySelector('h3').textContent.startsWith('Varmekort'));
            const svg = part && part.querySelector('figure svg');
            return svg ? [svg.getBoundingClientRect().width, svg.getBoundingClientRect().height, svg.textContent] : [];
            """).ToList();
        Assert.Equal(3, heat.Count);
        Assert.True(Convert.ToDouble(heat[0]) > 200 && Convert.ToDouble(heat[1]) > 100, $"The heat map is drawn {heat[0]}×{heat[1]} px.");
        Assert.Contains("ØDC afdeling 1", (string)heat[2], StringComparison.Ordinal);
        Assert.Contains("For få", (string)heat[2], StringComparison.Ordinal);

        // Every element that says "For få" (the innermost; not the note that explains the rule with its
        // thresholds), and afdeling 2's rows, hold no digit.
        var tooFew = Script<IReadOnlyCollection<object>>(browser, """
            const all = Array.from(document.querySelectorAll('body *')).filter(e => e.textContent.includes('For få') && !e.closest('.note'));
            return all.filter(e => !Array.from(e.children).some(c => c.textContent.includes('For få'))).map(e => e.textContent);
            """).Cast<string>().ToList();
        Assert.True(tooFew.Count >= 3, $"Only {tooFew.Count} places say \"For få\": the heat map's and the tables' cells of afdeling 2 should.");
        Assert.All(tooFew, t => Assert.DoesNotMatch(@"\d", t));
        var rows = Script<IReadOnlyCollection<object>>(browser, """
            return Array.from(document.querySelectorAll('tr')).filter(r => {
                const th = r.querySelector('th[scope=row]');
                return th && th.textContent.trim() === 'ØDC afdeling 2';
            }).map(r => Array.from(r.querySelectorAll('td')).map(td => td.textContent).join(' | '));
            """).Cast<string>().ToList();
        Assert.Equal(2, rows.Count); // the heat map's table and the response rates'
        Assert.All(rows, r => Assert.Contains("For få besvarelser", r, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.DoesNotMatch(@"\d", r));
        Assert.DoesNotContain(HiddenScore, Script<string>(browser, "return document.documentElement.textContent;"), StringComparison.Ordinal);

        browser.AssertAccessible("the results report");

        // Printed: each part after the first starts a page, and the PDF has a page per part at least.
        browser.Driver.ExecuteCdpCommand("Emulation.setEmulatedMedia", new Dictionary<string, object?> { ["media"] = "print" });
        Assert.Equal("page", Script<string>(browser, "return getComputedStyle(document.querySelector('.part + .part')).breakBefore;"));
        browser.Driver.ExecuteCdpCommand("Emulation.setEmulatedMedia", new Dictionary<string, object?> { ["media"] = "" });
        Assert.Equal("auto", Script<string>(browser, "return getComputedStyle(document.querySelector('.part + .part')).breakBefore;"));
        var pdf = (Dictionary<string, object>)browser.Driver.ExecuteCdpCommand("Page.printToPDF", new Dictionary<string, object?> { ["preferCSSPageSize"] = true })!;
        var bytes = Convert.FromBase64String((string)pdf["data"]);
        var parts = Script<long>(browser, "return document.querySelectorAll('section.part').length;");
        var pageCount = PdfPage().Count(System.Text.Encoding.Latin1.GetString(bytes));
        Assert.True(pageCount >= parts, $"The printed report has {pageCount} pages for {parts} parts, each of which starts a page.");
        Directory.CreateDirectory(Screenshots.Directory);
        await File.WriteAllBytesAsync(Path.Combine(Screenshots.Directory, "resultatrapport-odc.pdf"), bytes, Ct);
    }

    private static T Script<T>(BrowserSession browser, string script) => (T)browser.Driver.ExecuteScript(script)!;
}
