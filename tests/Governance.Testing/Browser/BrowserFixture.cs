using System.Collections.Concurrent;
using OpenQA.Selenium.Chrome;

namespace Governance.Testing.Browser;

/// <summary>
/// Chromium for the tests of a collection: for each <see cref="Open"/> a chromedriver and through it a
/// new headless Chromium (its own profile, cookies and storage), both stopped when the session is disposed.
/// The programs are <c>GOVERNANCE_TEST_CHROMIUM</c> and <c>GOVERNANCE_TEST_CHROMEDRIVER</c> (set by
/// <c>scripts/test.sh</c>), or Debian's <c>/usr/bin/chromium</c> and <c>/usr/bin/chromedriver</c>.
/// Missing, a test that opens a browser fails in CI and is skipped elsewhere; the fixture itself never
/// throws for it, so the reason reaches each test. xunit takes a collection's definition from the test
/// assembly only: each assembly with browser tests defines its collection of this fixture.
/// </summary>
public sealed class BrowserFixture : IDisposable
{
    public const string ChromiumVariable = "GOVERNANCE_TEST_CHROMIUM";
    public const string ChromeDriverVariable = "GOVERNANCE_TEST_CHROMEDRIVER";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly ConcurrentDictionary<BrowserSession, byte> sessions = new();

    public BrowserFixture()
        : this(FromEnvironment(ChromiumVariable, "/usr/bin/chromium"), FromEnvironment(ChromeDriverVariable, "/usr/bin/chromedriver"))
    {
    }

    /// <summary>With other programs than the environment names (the harness's own tests). A factory, not a
    /// constructor: xunit wants a collection fixture to have exactly one public constructor.</summary>
    public static BrowserFixture WithPrograms(string chromiumPath, string chromeDriverPath) => new(chromiumPath, chromeDriverPath);

    private BrowserFixture(string chromiumPath, string chromeDriverPath)
    {
        ChromiumPath = chromiumPath;
        ChromeDriverPath = chromeDriverPath;
        var missing = new[] { (ChromiumPath, ChromiumVariable), (ChromeDriverPath, ChromeDriverVariable) }
            .Where(p => !File.Exists(p.Item1)).Select(p => $"{p.Item1} (or {p.Item2})").ToList();
        if (missing.Count > 0)
        {
            UnavailableReason = $"No browser for the tests: {string.Join(" and ", missing)} not found " +
                "(./scripts/test.sh installs Debian's chromium and chromium-driver and sets the variables).";
        }
    }

    public string ChromiumPath { get; }

    public string ChromeDriverPath { get; }

    /// <summary>Why no browser can be had; null when one can.</summary>
    public string? UnavailableReason { get; }

    /// <summary>Fails the test in CI (skips it elsewhere) when there is no browser.</summary>
    public void RequireBrowser()
    {
        if (UnavailableReason is not null)
        {
            TestEnvironment.FailOrSkip(UnavailableReason);
        }
    }

    /// <summary>
    /// A new headless Chromium whose viewport is <paramref name="size"/> (<see cref="WindowSize.Desktop"/>
    /// when null) in CSS pixels, speaking Danish. Dispose it when done (the fixture quits any left open).
    /// </summary>
    public BrowserSession Open(WindowSize? size = null)
    {
        RequireBrowser();
        var viewport = size ?? WindowSize.Desktop;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless=new",
            // CI runs as root, where Chromium's sandbox cannot start; the pages are the tests' own.
            "--no-sandbox",
            // Containers often have a small /dev/shm; Chromium then crashes on larger pages.
            "--disable-dev-shm-usage",
            "--disable-gpu",
            // The machines have no way out: without these Chromium keeps trying to reach Google.
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--no-first-run", "--disable-features=Translate,MediaRouter",
            // One CSS pixel is one screenshot pixel, on any machine.
            "--force-device-scale-factor=1",
            "--lang=da-DK",
            $"--window-size={viewport.Width},{viewport.Height}");
        options.AddUserProfilePreference("intl.accept_languages", "da-DK,da");
        // A chromedriver of its own: Selenium stops a driver's service when the driver quits. Its path is
        // given, so Selenium Manager (which would try to download one) never runs.
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        ChromeDriver driver;
        try
        {
            driver = new ChromeDriver(service, options, CommandTimeout);
        }
        catch
        {
            service.Dispose();
            throw;
        }
        var session = new BrowserSession(driver, viewport, s => sessions.TryRemove(s, out _));
        sessions[session] = 0;
        try
        {
            // Headless Chromium keeps its window at least 500 pixels wide: the viewport is set through
            // DevTools, exactly and as on a desktop (the layout width is the viewport's, whatever the
            // page's meta viewport says), for the tab's whole life.
            driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
            {
                ["width"] = viewport.Width, ["height"] = viewport.Height, ["deviceScaleFactor"] = 1, ["mobile"] = false,
            });
        }
        catch
        {
            session.Dispose();
            throw;
        }
        return session;
    }

    public void Dispose()
    {
        foreach (var session in sessions.Keys)
        {
            session.Dispose();
        }
    }

    private static string FromEnvironment(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path ? path : fallback;
}
