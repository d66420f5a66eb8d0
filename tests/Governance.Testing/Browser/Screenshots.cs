using System.Globalization;
using System.Text.RegularExpressions;
using OpenQA.Selenium.Chrome;

namespace Governance.Testing.Browser;

/// <summary>
/// Screenshots kept as test artefacts: PNG files under <c>artifacts/browser/</c> at the repository root
/// (git-ignored; <c>scripts/test.sh</c> empties the folder before each run).
/// </summary>
public static partial class Screenshots
{
    public static readonly string Directory = RepositoryRoot.Combine("artifacts", "browser");

    // Chromium cannot paint a taller bitmap in one piece.
    private const int MaxHeight = 16_384;

    /// <summary>
    /// The whole page, not only what the viewport shows, as <c>artifacts/browser/NAME.png</c> (a name of
    /// letters, digits, '.', '-' and '_'; an earlier file of that name is replaced). Returns the path.
    /// </summary>
    public static string Save(ChromeDriver driver, string name)
    {
        if (!SafeName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a file name of letters, digits, '.', '-' and '_'.", nameof(name));
        }
        var size = (IReadOnlyCollection<object>)driver.ExecuteScript("""
            const root = document.documentElement;
            return [Math.max(root.scrollWidth, root.clientWidth),
                    Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0, root.clientHeight)];
            """)!;
        var (width, height) = (Convert.ToInt32(size.First(), CultureInfo.InvariantCulture), Convert.ToInt32(size.Last(), CultureInfo.InvariantCulture));
        // Through DevTools: WebDriver's own screenshot holds only the viewport.
        var shot = (Dictionary<string, object>)driver.ExecuteCdpCommand("Page.captureScreenshot", new Dictionary<string, object?>
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new Dictionary<string, object?>
            {
                ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = Math.Min(height, MaxHeight), ["scale"] = 1,
            },
        })!;
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        File.WriteAllBytes(path, Convert.FromBase64String((string)shot["data"]));
        return path;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();
}
