using System.Text;
using System.Text.Json;
using OpenQA.Selenium.Chrome;
using Xunit;

namespace Governance.Testing.Browser;

/// <summary>A rule axe-core found broken on a page, with the elements that break it.</summary>
public sealed record AxeViolation(string Id, string? Impact, string Help, string HelpUrl, IReadOnlyList<AxeNode> Nodes)
{
    /// <summary>Serious or critical: what the pages may not have (issue 13).</summary>
    public bool IsSerious => Impact is "serious" or "critical";
}

/// <summary>An element that breaks a rule: its CSS selector, its HTML, and what axe-core says to fix.</summary>
public sealed record AxeNode(string Target, string Html, string? FailureSummary);

/// <summary>
/// Runs axe-core (the npm package, <c>node_modules/axe-core/axe.min.js</c> at the repository root, which
/// <c>npm ci</c> installs) in the page a driver shows. The script is handed to the page through
/// WebDriver, which evaluates it through DevTools: a Content-Security-Policy without script-src does
/// not stop it (BrowserHarnessTests proves it under <c>default-src 'none'</c>).
/// </summary>
public static class Axe
{
    public static readonly string ScriptPath = RepositoryRoot.Combine("node_modules", "axe-core", "axe.min.js");

    private static readonly Lazy<string?> Script = new(() => File.Exists(ScriptPath) ? File.ReadAllText(ScriptPath) : null);

    private const string RunScript = """
        const done = arguments[arguments.length - 1];
        window.axe.run(document, { resultTypes: ['violations'] })
            .then(results => done(JSON.stringify({ violations: results.violations })))
            .catch(error => done(JSON.stringify({ error: String((error && error.stack) || error) })));
        """;

    /// <summary>Every violation axe-core finds on the page as it is now (all rules, all impacts).</summary>
    public static IReadOnlyList<AxeViolation> Run(ChromeDriver driver)
    {
        var script = Script.Value;
        if (script is null)
        {
            TestEnvironment.FailOrSkip($"axe-core is not installed: no {ScriptPath} (run npm ci at the repository root; ./scripts/test.sh does).");
        }
        // Once per document: a navigation gives a new one without axe.
        if (driver.ExecuteScript("return !!(window.axe && typeof window.axe.run === 'function');") is not true)
        {
            driver.ExecuteScript(script);
        }
        var json = driver.ExecuteAsyncScript(RunScript) as string
            ?? throw new InvalidOperationException("axe-core returned nothing (was it loaded into the page?).");
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"axe-core failed in {driver.Url}: {error.GetString()}");
        }
        return [.. document.RootElement.GetProperty("violations").EnumerateArray().Select(Violation)];
    }

    /// <summary>Fails when axe-core finds a serious or critical violation on the page, listing each
    /// with its rule, impact, help text and the elements concerned.</summary>
    public static void AssertNoSeriousViolations(ChromeDriver driver, string page)
    {
        var serious = Run(driver).Where(v => v.IsSerious).ToList();
        if (serious.Count > 0)
        {
            Assert.Fail($"axe-core found {serious.Count} serious or critical accessibility violation(s) on {page} ({driver.Url}):\n{Describe(serious)}");
        }
    }

    /// <summary>One paragraph per violation: "- id (impact): help [url]" and the elements beneath.</summary>
    public static string Describe(IEnumerable<AxeViolation> violations)
    {
        var text = new StringBuilder();
        foreach (var violation in violations)
        {
            text.Append($"- {violation.Id} ({violation.Impact ?? "no impact given"}): {violation.Help} [{violation.HelpUrl}]\n");
            foreach (var node in violation.Nodes)
            {
                text.Append($"    at {node.Target}: {node.Html}\n");
                if (!string.IsNullOrWhiteSpace(node.FailureSummary))
                {
                    text.Append($"      {node.FailureSummary.ReplaceLineEndings("\n      ")}\n");
                }
            }
        }
        return text.ToString();
    }

    private static AxeViolation Violation(JsonElement v) => new(
        v.GetProperty("id").GetString()!,
        v.TryGetProperty("impact", out var impact) && impact.ValueKind == JsonValueKind.String ? impact.GetString() : null,
        v.GetProperty("help").GetString() ?? "",
        v.TryGetProperty("helpUrl", out var url) ? url.GetString() ?? "" : "",
        [.. v.GetProperty("nodes").EnumerateArray().Select(n => new AxeNode(
            Target(n.GetProperty("target")),
            n.TryGetProperty("html", out var html) ? html.GetString() ?? "" : "",
            n.TryGetProperty("failureSummary", out var summary) && summary.ValueKind == JsonValueKind.String ? summary.GetString() : null))]);

    // A selector per frame or shadow root, each a string or (inside shadow DOM) a list of strings.
    private static string Target(JsonElement target) => target.ValueKind switch
    {
        JsonValueKind.Array => string.Join(" >> ", target.EnumerateArray().Select(Target)),
        JsonValueKind.String => target.GetString()!,
        _ => target.GetRawText(),
    };
}
