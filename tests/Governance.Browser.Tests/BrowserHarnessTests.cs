using System.Buffers.Binary;
using Xunit.Sdk;

namespace Governance.Browser.Tests;

/// <summary>
/// The harness itself, in the real browser: Chromium reaches the real host over HTTP; axe-core finds
/// what is wrong on a page (and nothing on a right one), also under the survey pages' strict
/// Content-Security-Policy; a screenshot is the whole page as a PNG under artifacts/browser/; the
/// phone window is 360 CSS pixels wide and a page too wide for it is caught.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserHarnessTests(BrowserFixture browsers) : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Head = """<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">""";

    /// <summary>An image without alternative text and a field without a label: two critical violations.</summary>
    private const string Inaccessible = $"""
        <!doctype html><html lang="da"><head>{Head}<title>Uden tekst</title></head>
        <body><main><h1>Tilmelding</h1><img src="/logo.png" width="80" height="40">
        <form><input type="text" name="navn"><button type="submit">Send</button></form></main></body></html>
        """;

    private const string Accessible = $"""
        <!doctype html><html lang="da"><head>{Head}<title>Med tekst</title></head>
        <body><main><h1>Tilmelding</h1><img src="/logo.png" width="80" height="40" alt="Kommunens logo">
        <form><label for="navn">Navn</label> <input type="text" id="navn" name="navn"><button type="submit">Send</button></form></main></body></html>
        """;

    /// <summary>The policy the survey pages send: no script at all, styles from the page's own origin.</summary>
    private const string StrictPolicy = "default-src 'none'; style-src 'self'";

    private LocalPages pages = null!;

    public async ValueTask InitializeAsync() => pages = await LocalPages.StartAsync();

    public ValueTask DisposeAsync() => pages.DisposeAsync();

    [Fact]
    public async Task Chromium_opens_the_real_hosts_health_endpoint_over_http()
    {
        using var browser = browsers.Open();
        await using var host = await GovernanceTestHost.StartAsync(stores: null);

        browser.GoTo(new Uri(host.HttpAddress, "/healthz"));

        Assert.Equal("Healthy", browser.Text.Trim());
    }

    [Fact]
    public void Axe_finds_an_image_without_alt_and_a_field_without_a_label_and_the_assertion_lists_them()
    {
        using var browser = browsers.Open();
        browser.GoTo(pages.Add("/uden-tekst", Inaccessible));

        var serious = browser.RunAxe().Where(v => v.IsSerious).ToList();
        Assert.Contains(serious, v => v.Id == "image-alt" && v.Impact == "critical" && v.Nodes.Any(n => n.Target == "img"));
        Assert.Contains(serious, v => v.Id == "label" && v.Impact == "critical" && v.Nodes.Any(n => n.Html.Contains("name=\"navn\"", StringComparison.Ordinal)));

        var failure = Assert.Throws<FailException>(() => browser.AssertAccessible("the page without texts"));
        Assert.Contains("on the page without texts", failure.Message, StringComparison.Ordinal);
        Assert.Contains("- image-alt (critical): Images must have alternative text", failure.Message, StringComparison.Ordinal);
        Assert.Contains("- label (critical): Form elements must have labels", failure.Message, StringComparison.Ordinal);
        Assert.Contains("    at img: <img src=\"/logo.png\"", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Axe_finds_nothing_serious_on_a_page_with_texts_and_labels_after_one_without()
    {
        using var browser = browsers.Open();
        browser.GoTo(pages.Add("/uden-tekst", Inaccessible));
        Assert.Contains(browser.RunAxe(), v => v.IsSerious);

        // A new document: axe-core is loaded into it again and judges it alone.
        browser.GoTo(pages.Add("/med-tekst", Accessible));

        Assert.DoesNotContain(browser.RunAxe(), v => v.IsSerious);
        browser.AssertAccessible("the page with texts");
    }

    [Fact]
    public void Axe_runs_under_a_policy_that_allows_no_script()
    {
        using var browser = browsers.Open();
        // An inline script that would mark the page: under the policy it must not run.
        var page = Inaccessible.Replace("</body>", "<script>document.documentElement.dataset.ran = 'yes';</script></body>", StringComparison.Ordinal);
        var url = pages.Add("/streng", page, new Dictionary<string, string> { ["Content-Security-Policy"] = StrictPolicy });

        browser.GoTo(url);

        Assert.Null(browser.Driver.ExecuteScript("return document.documentElement.dataset.ran ?? null;"));
        Assert.Contains(browser.RunAxe(), v => v.Id == "image-alt" && v.IsSerious);
    }

    [Fact]
    public void A_screenshot_is_the_whole_page_as_a_png_under_artifacts_browser()
    {
        using var browser = browsers.Open(WindowSize.Desktop);
        var sections = string.Concat(Enumerable.Range(1, 4).Select(i => $"""<section style="height:700px"><h2>Afsnit {i}</h2></section>"""));
        browser.GoTo(pages.Add("/lang", $"""<!doctype html><html lang="da"><head>{Head}<title>Lang side</title></head><body><main><h1>Lang side</h1>{sections}</main></body></html>"""));
        var pageHeight = Convert.ToInt32(browser.Driver.ExecuteScript("return document.documentElement.scrollHeight;"), System.Globalization.CultureInfo.InvariantCulture);
        var width = browser.MeasureWidth();
        var path = Path.Combine(Screenshots.Directory, "harness-long-page.png");
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        Assert.Equal(path, browser.Screenshot("harness-long-page"));

        var png = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        var (pngWidth, pngHeight) = (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Equal(width.ClientWidth, pngWidth);
        Assert.Equal(pageHeight, pngHeight);
        Assert.True(pngHeight > WindowSize.Desktop.Height, $"The screenshot is {pngHeight} px high: only the viewport, not the whole page.");
        Assert.Throws<ArgumentException>(() => browser.Screenshot("../outside"));
    }

    [Fact]
    public void The_phone_window_is_360_pixels_wide_and_a_page_too_wide_for_it_is_caught()
    {
        using var browser = browsers.Open(WindowSize.Phone);
        browser.GoTo(pages.Add("/smal", Accessible));
        var narrow = browser.MeasureWidth();
        Assert.Equal(360, narrow.ViewportWidth);
        Assert.Equal(740L, browser.Driver.ExecuteScript("return window.innerHeight;"));
        Assert.False(narrow.ScrollsHorizontally, narrow.ToString());
        browser.AssertNoHorizontalScroll("the narrow page");

        var wideTable = """<table id="resultater" style="width:600px"><tr><td>Trivsel</td><td>72</td></tr></table>""";
        browser.GoTo(pages.Add("/bred", Accessible.Replace("</main>", wideTable + "</main>", StringComparison.Ordinal)));
        var wide = browser.MeasureWidth();
        Assert.True(wide.ScrollsHorizontally, wide.ToString());
        Assert.True(wide.ScrollWidth >= 600, wide.ToString());
        Assert.Contains("table#resultater (right edge 608)", wide.Overflowing);
        var failure = Assert.Throws<FailException>(() => browser.AssertNoHorizontalScroll("the wide page"));
        Assert.Contains("the wide page", failure.Message, StringComparison.Ordinal);
        Assert.Contains("table#resultater", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_programs_a_browser_test_fails_in_ci_and_is_skipped_elsewhere()
    {
        using var missing = BrowserFixture.WithPrograms("/nonexistent/chromium", "/nonexistent/chromedriver");

        Assert.Contains("/nonexistent/chromium (or GOVERNANCE_TEST_CHROMIUM)", missing.UnavailableReason, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/chromedriver (or GOVERNANCE_TEST_CHROMEDRIVER)", missing.UnavailableReason, StringComparison.Ordinal);
        // Caught by hand: Assert.Throws passes a skip on, which would skip this test.
        Exception? thrown = null;
        try
        {
            missing.Open().Dispose();
        }
        catch (Exception exception)
        {
            thrown = exception;
        }
        Assert.IsType(TestEnvironment.IsCi ? typeof(InvalidOperationException) : typeof(SkipException), thrown);
        Assert.Contains(missing.UnavailableReason!, thrown!.Message, StringComparison.Ordinal);
    }
}

/// <summary>The harness's tests share the fixture and run one after another: two cores are enough.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
