using System.Globalization;
using OpenQA.Selenium.Chrome;
using Xunit;

namespace Governance.Testing.Browser;

/// <summary>How wide a page is against its viewport: <see cref="ClientWidth"/> is the width the page has
/// (the viewport less a scrollbar), <see cref="ScrollWidth"/> how wide its content is, and
/// <see cref="Overflowing"/> the elements (up to ten, outermost first) whose right edge lies beyond the viewport.</summary>
public sealed record PageWidth(int ViewportWidth, int ClientWidth, int ScrollWidth, IReadOnlyList<string> Overflowing)
{
    /// <summary>The page scrolls sideways: its content is wider than the width it has.</summary>
    public bool ScrollsHorizontally => ScrollWidth > ClientWidth;

    public override string ToString() =>
        $"viewport {ViewportWidth} px, page {ClientWidth} px, content {ScrollWidth} px" +
        (Overflowing.Count > 0 ? $"; beyond the right edge: {string.Join(", ", Overflowing)}" : "");
}

/// <summary>The 360-pixel check of issue 13: a page read on a small phone must not scroll sideways.</summary>
public static class PageLayout
{
    private const string MeasureScript = """
        const root = document.documentElement;
        const limit = root.clientWidth;
        const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
            Array.from(e.classList).map(c => '.' + c).join('') + ' (right edge ' + Math.ceil(e.getBoundingClientRect().right) + ')';
        const wide = Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > limit + 0.5);
        const set = new Set(wide);
        const overflowing = wide.filter(e => !set.has(e.parentElement)).slice(0, 10).map(describe);
        return [window.innerWidth, root.clientWidth, root.scrollWidth, overflowing];
        """;

    public static PageWidth Measure(ChromeDriver driver)
    {
        var values = ((IReadOnlyCollection<object>)driver.ExecuteScript(MeasureScript)!).ToList();
        return new PageWidth(
            Convert.ToInt32(values[0], CultureInfo.InvariantCulture),
            Convert.ToInt32(values[1], CultureInfo.InvariantCulture),
            Convert.ToInt32(values[2], CultureInfo.InvariantCulture),
            [.. ((IEnumerable<object>)values[3]).Select(o => (string)o)]);
    }

    /// <summary>Fails, naming what sticks out, when the page scrolls horizontally.</summary>
    public static void AssertNoHorizontalScroll(ChromeDriver driver, string page)
    {
        var width = Measure(driver);
        if (width.ScrollsHorizontally)
        {
            Assert.Fail($"{page} ({driver.Url}) scrolls horizontally: {width}.");
        }
    }
}
