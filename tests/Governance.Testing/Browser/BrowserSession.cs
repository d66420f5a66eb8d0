using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Governance.Testing.Browser;

/// <summary>One headless Chromium with its own profile (from <see cref="BrowserFixture.Open"/>), and the
/// checks the page tests make on what it shows.</summary>
public sealed class BrowserSession : IDisposable
{
    private readonly Action<BrowserSession> closed;
    private int disposed;

    internal BrowserSession(ChromeDriver driver, WindowSize size, Action<BrowserSession> closed)
    {
        Driver = driver;
        Size = size;
        this.closed = closed;
        try
        {
            driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
            // axe-core on a long page takes a few seconds on a busy machine.
            driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(60);
        }
        catch
        {
            driver.Dispose();
            throw;
        }
    }

    /// <summary>The Selenium driver, for what the helpers here do not cover (finding, typing, clicking).</summary>
    public ChromeDriver Driver { get; }

    /// <summary>The viewport asked for.</summary>
    public WindowSize Size { get; }

    /// <summary>Opens <paramref name="url"/> and waits for the document to load.</summary>
    public void GoTo(Uri url) => Driver.Navigate().GoToUrl(url);

    /// <summary>The text the page shows (its body's rendered text).</summary>
    public string Text => Driver.FindElement(By.TagName("body")).Text;

    /// <summary>axe-core's violations on the page as it is now.</summary>
    public IReadOnlyList<AxeViolation> RunAxe() => Axe.Run(Driver);

    /// <summary>Fails, listing them, when axe-core finds serious or critical violations on the page.</summary>
    public void AssertAccessible(string page) => Axe.AssertNoSeriousViolations(Driver, page);

    /// <summary>Saves the whole page as artifacts/browser/<paramref name="name"/>.png; returns its path.</summary>
    public string Screenshot(string name) => Screenshots.Save(Driver, name);

    /// <summary>The page's widths now (does it scroll sideways, and what sticks out).</summary>
    public PageWidth MeasureWidth() => PageLayout.Measure(Driver);

    /// <summary>Fails, naming what sticks out, when the page scrolls horizontally.</summary>
    public void AssertNoHorizontalScroll(string page) => PageLayout.AssertNoHorizontalScroll(Driver, page);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        closed(this);
        Driver.Dispose();
    }
}
