using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Testing.Browser;

namespace Governance.Host.Tests.Observability;

/// <summary>The files of observability/ (Prometheus's scrape configuration and alert rules, Grafana's
/// dashboard) and the runbook in docs/operations.md, as the tests read them.</summary>
public static partial class ObservabilityFiles
{
    public static string PrometheusDirectory => RepositoryRoot.Combine("observability", "prometheus");

    public static string Alerts => Path.Combine(PrometheusDirectory, "alerts.yml");

    public static string AlertTests => Path.Combine(PrometheusDirectory, "alerts.test.yml");

    public static string ScrapeConfig => Path.Combine(PrometheusDirectory, "prometheus.yml");

    public static string Dashboard => RepositoryRoot.Combine("observability", "grafana", "dashboards", "governance.json");

    public static string Operations => RepositoryRoot.Combine("docs", "operations.md");

    /// <summary>The repository's scrape configuration made for a test: every interval 1 s, and its targets
    /// replaced by <paramref name="target"/> (host:port). The rule file stays <c>alerts.yml</c> beside it.</summary>
    public static string TestScrapeConfig(string target)
    {
        var text = File.ReadAllText(ScrapeConfig);
        foreach (var setting in new[] { "scrape_interval", "scrape_timeout", "evaluation_interval" })
        {
            text = ReplaceOnce(text, new Regex($@"(?m)^(\s+{setting}:) \S+$"), "$1 1s", setting);
        }
        return ReplaceOnce(text, Targets(), $"$1$2- {target}\n", "the targets");
    }

    /// <summary>The alert names of alerts.yml, in order.</summary>
    public static IReadOnlyList<string> AlertNames() => [.. AlertLine().Matches(File.ReadAllText(Alerts)).Select(m => m.Groups[1].Value)];

    /// <summary>The alert rules of alerts.yml, each as its text (from its <c>- alert:</c> line to the next).</summary>
    public static IReadOnlyDictionary<string, string> AlertBlocks()
    {
        var text = File.ReadAllText(Alerts);
        var starts = AlertLine().Matches(text).ToList();
        return starts.Select((m, i) => (m.Groups[1].Value, text[m.Index..(i + 1 < starts.Count ? starts[i + 1].Index : text.Length)]))
            .ToDictionary(b => b.Item1, b => b.Item2);
    }

    /// <summary>The anchors of the headings under "## Runbook" in docs/operations.md (as GitHub makes them:
    /// lower case, spaces to hyphens, other punctuation dropped).</summary>
    public static IReadOnlyList<string> RunbookAnchors()
    {
        var text = File.ReadAllText(Operations);
        var section = RunbookSection().Match(text);
        Assert.True(section.Success, "docs/operations.md has no \"## Runbook\" section.");
        return [.. EntryHeading().Matches(section.Groups[1].Value).Select(m => Anchor(m.Groups[1].Value))];
    }

    public static string Anchor(string heading) =>
        AnchorDropped().Replace(heading.Trim().ToLowerInvariant(), "").Replace(' ', '-');

    /// <summary>The dashboard's panels, rows included, and the panels inside collapsed rows.</summary>
    public static IReadOnlyList<JsonElement> Panels(JsonElement dashboard) =>
        [.. dashboard.GetProperty("panels").EnumerateArray().SelectMany(p =>
            p.TryGetProperty("panels", out var nested) ? [p, .. nested.EnumerateArray()] : new[] { p })];

    public static JsonElement ReadDashboard() => JsonDocument.Parse(File.ReadAllText(Dashboard)).RootElement.Clone();

    /// <summary>The value Grafana gives each of the dashboard's template variables when it opens (the
    /// datasource aside): its "All" value when it has one and is on All, otherwise its current value.</summary>
    public static IReadOnlyDictionary<string, string> VariableDefaults(JsonElement dashboard)
    {
        var values = new Dictionary<string, string>();
        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() == "datasource")
            {
                continue;
            }
            var current = variable.GetProperty("current").GetProperty("value");
            var value = current.ValueKind == JsonValueKind.Array ? current[0].GetString()! : current.GetString()!;
            values[variable.GetProperty("name").GetString()!] = value == "$__all" ? variable.GetProperty("allValue").GetString()! : value;
        }
        return values;
    }

    /// <summary><paramref name="expression"/> with Grafana's variables replaced: the dashboard's by
    /// <paramref name="variables"/>, <c>$__rate_interval</c> by 1m, <c>$__interval</c> by 15s and
    /// <c>$__range</c> by 5m. A variable neither knows fails the test.</summary>
    public static string Substitute(string expression, IReadOnlyDictionary<string, string> variables) =>
        VariableReference().Replace(expression, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            return name switch
            {
                "__rate_interval" => "1m",
                "__interval" => "15s",
                "__range" => "5m",
                _ when variables.TryGetValue(name, out var value) => value,
                _ => throw new InvalidOperationException($"The dashboard's expression {expression} uses ${name}, which is not one of its variables."),
            };
        });

    private static string ReplaceOnce(string text, Regex pattern, string replacement, string what)
    {
        Assert.True(pattern.Count(text) == 1, $"observability/prometheus/prometheus.yml should have {what} exactly once.");
        return pattern.Replace(text, replacement);
    }

    [GeneratedRegex(@"(?m)^(\s*- targets:\n)(\s+)- \S+\n(?:\s+- \S+\n)*")]
    private static partial Regex Targets();

    [GeneratedRegex(@"(?m)^\s*- alert: (\S+)\s*$")]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"(?ms)^## Runbook\s*$(.*?)(?=^## |\z)")]
    private static partial Regex RunbookSection();

    [GeneratedRegex(@"(?m)^### (.+)$")]
    private static partial Regex EntryHeading();

    [GeneratedRegex(@"[^\p{L}\p{N} _-]")]
    private static partial Regex AnchorDropped();

    [GeneratedRegex(@"\$(?:\{(?<braced>\w+)(?::\w+)?\}|(?<plain>\w+))")]
    private static partial Regex VariableReference();
}

/// <summary>
/// An alert expression without its thresholds, for checking that it returns series at all: each side of a
/// top-level <c>and</c> or <c>unless</c> on its own, cut at its top-level comparison (<c>X &gt; 0.05</c> is
/// <c>X</c>), and <c>absent(X)</c> as <c>X</c>.
/// </summary>
public static class PromQl
{
    private static readonly string[] Comparisons = ["==", "!=", ">=", "<=", ">", "<"];

    public static IReadOnlyList<string> WithoutThresholds(string expression) =>
        [.. SplitTopLevel(expression).Select(p => Unwrap(Cut(p.Trim())))];

    private static IEnumerable<string> SplitTopLevel(string expression)
    {
        var start = 0;
        foreach (var (index, length) in TopLevel(expression).Where(t => t.Token is "and" or "unless").Select(t => (t.Index, t.Token.Length)))
        {
            yield return expression[start..index];
            start = index + length;
        }
        yield return expression[start..];
    }

    /// <summary>The operand of the first top-level comparison that is not a number (<c>X &gt; 1</c>, <c>1 &lt; X</c>).</summary>
    private static string Cut(string expression)
    {
        var comparison = TopLevel(expression).FirstOrDefault(t => Comparisons.Contains(t.Token));
        if (comparison.Token is null)
        {
            return expression;
        }
        var left = expression[..comparison.Index].Trim();
        var right = expression[(comparison.Index + comparison.Token.Length)..].Trim();
        if (right.StartsWith("bool ", StringComparison.Ordinal))
        {
            right = right[5..].Trim();
        }
        return double.TryParse(left, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? right : left;
    }

    /// <summary>absent(X) and absent_over_time(X[d]) are X: the series whose absence they report.</summary>
    private static string Unwrap(string expression)
    {
        foreach (var function in new[] { "absent(", "absent_over_time(" })
        {
            if (expression.StartsWith(function, StringComparison.Ordinal) && Closing(expression, function.Length - 1) == expression.Length - 1)
            {
                var inner = expression[function.Length..^1].Trim();
                return function == "absent_over_time(" ? Regex.Replace(inner, @"\[[^\]]+\]$", "") : inner;
            }
        }
        return expression;
    }

    /// <summary>The index of the bracket that closes the one at <paramref name="open"/>; -1 when none does.</summary>
    private static int Closing(string expression, int open)
    {
        var depth = 0;
        foreach (var (index, c) in OutsideStrings(expression).Where(x => x.Index >= open))
        {
            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
            if (depth == 0)
            {
                return index;
            }
        }
        return -1;
    }

    /// <summary>The characters of <paramref name="expression"/> outside its string literals.</summary>
    private static IEnumerable<(int Index, char Char)> OutsideStrings(string expression)
    {
        char? quote = null;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quote is null && c is '"' or '\'' or '`')
            {
                quote = c;
            }
            else if (quote is not null)
            {
                if (c == '\\' && quote != '`')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }
            }
            else
            {
                yield return (i, c);
            }
        }
    }

    /// <summary>The operators and keywords outside any bracket and string, with their index.</summary>
    private static IEnumerable<(int Index, string Token)> TopLevel(string expression)
    {
        var depth = 0;
        var skipTo = -1;
        foreach (var (i, c) in OutsideStrings(expression))
        {
            if (i < skipTo)
            {
                continue;
            }
            if (c is '(' or '[' or '{')
            {
                depth++;
                continue;
            }
            if (c is ')' or ']' or '}')
            {
                depth--;
                continue;
            }
            if (depth > 0)
            {
                continue;
            }
            var two = i + 1 < expression.Length ? expression.Substring(i, 2) : "";
            if (two is "==" or "!=" or ">=" or "<=")
            {
                yield return (i, two);
                skipTo = i + 2;
            }
            else if (c is '>' or '<')
            {
                yield return (i, c.ToString());
            }
            else if (char.IsLetter(c) && (i == 0 || !IsWordChar(expression[i - 1])))
            {
                var end = i;
                while (end < expression.Length && IsWordChar(expression[end]))
                {
                    end++;
                }
                var word = expression[i..end];
                if (word is "and" or "unless")
                {
                    yield return (i, word);
                }
                skipTo = end;
            }
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or ':';
}
