using System.Text.Json;
using System.Text.RegularExpressions;
using Governance.Testing.Prometheus;

namespace Governance.Host.Tests.Observability;

/// <summary>
/// The dashboard and the alert rules against a real Prometheus scraping a host under a little traffic
/// (<see cref="ObservedHost"/>): the scrape works, the server loaded every rule and evaluates it without
/// error, and every panel's every query and every alert's expression without its threshold returns at
/// least one series with a number (not only NaN), so no panel or alert shows nothing for want of a
/// metric, a label or a value.
/// </summary>
public sealed partial class PrometheusScrapeTests(ObservedHost host) : IClassFixture<ObservedHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prometheus_scrapes_the_host_under_the_job_the_rules_expect()
    {
        var target = Assert.Single(await host.Prometheus.TargetsAsync(Ct));
        Assert.Equal(("governance", "up"), (target.Labels["job"], target.Health));
        var up = Assert.Single(await host.Prometheus.QueryAsync("up{job=\"governance\"}", Ct));
        Assert.Equal(1, up.Value);
        Assert.Equal(host.Host.HttpAddress.Authority, up.Labels["instance"]);
    }

    [Fact]
    public async Task Prometheus_loads_every_alert_rule_and_evaluates_it_without_error()
    {
        var rules = await host.Prometheus.RulesAsync(Ct);

        Assert.Equal(ObservabilityFiles.AlertNames().Order(), rules.Select(r => r.Name).Order());
        Assert.All(rules, rule =>
        {
            Assert.True(rule.Health == "ok", $"{rule.Name}: health {rule.Health} {rule.LastError}");
            Assert.Equal("alerting", rule.Type);
            Assert.True(rule.DurationSeconds > 0, $"{rule.Name} has no for.");
            Assert.Contains(rule.Labels["severity"], new[] { "critical", "warning" });
            Assert.Equal(["description", "runbook", "summary"], rule.Annotations.Keys.Order());
            Assert.Equal($"docs/operations.md#{ObservabilityFiles.Anchor(rule.Name)}", rule.Annotations["runbook"]);
        });
        // Nothing fires on a healthy host under a little traffic (pending: its for has not passed).
        var firing = await host.Prometheus.QueryAsync("ALERTS{alertstate=\"firing\"}", Ct);
        Assert.True(firing.Count == 0, $"Alerts fire on a healthy host: {string.Join("; ", firing)}");
    }

    [Fact]
    public async Task Every_alert_expression_returns_a_series_without_its_threshold()
    {
        var rules = await host.Prometheus.RulesAsync(Ct);
        var empty = new List<string>();
        foreach (var rule in rules)
        {
            var parts = PromQl.WithoutThresholds(rule.Query);
            // Something was taken off: a rule without a threshold would fire always, or never.
            Assert.True(parts.Count > 1 || parts[0] != rule.Query.Trim(), $"{rule.Name}: no threshold found in {rule.Query}");
            foreach (var part in parts)
            {
                if (Nothing(await host.Prometheus.QueryAsync(part, Ct)) is { } nothing)
                {
                    empty.Add($"{rule.Name}: {nothing}: {part}");
                }
            }
        }
        Assert.True(empty.Count == 0, $"These alert expressions show nothing:\n{string.Join('\n', empty)}");
    }

    [Fact]
    public async Task Every_dashboard_panel_query_returns_a_series()
    {
        var dashboard = ObservabilityFiles.ReadDashboard();
        var variables = ObservabilityFiles.VariableDefaults(dashboard);
        var empty = new List<string>();
        var queried = 0;
        foreach (var panel in ObservabilityFiles.Panels(dashboard).Where(p => p.TryGetProperty("targets", out _)))
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expression = ObservabilityFiles.Substitute(target.GetProperty("expr").GetString()!, variables);
                queried++;
                if (Nothing(await host.Prometheus.QueryAsync(expression, Ct)) is { } nothing)
                {
                    empty.Add($"\"{panel.GetProperty("title").GetString()}\" {target.GetProperty("refId").GetString()}: {nothing}: {expression}");
                }
            }
        }
        Assert.True(empty.Count == 0, $"These panels' queries show nothing:\n{string.Join('\n', empty)}");
        Assert.True(queried > 40, $"Only {queried} queries.");
    }

    [Fact]
    public async Task Every_dashboard_variable_finds_the_host()
    {
        var dashboard = ObservabilityFiles.ReadDashboard();
        var variables = ObservabilityFiles.VariableDefaults(dashboard);
        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query"))
        {
            var query = variable.GetProperty("query");
            var text = ObservabilityFiles.Substitute(query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!, variables);
            var labelValues = LabelValues().Match(text);
            Assert.True(labelValues.Success, $"Variable {variable.GetProperty("name")}: not a label_values(metric, label) query: {text}");
            var series = await host.Prometheus.QueryAsync(labelValues.Groups["metric"].Value, Ct);
            var values = series.Select(s => s.Labels.GetValueOrDefault(labelValues.Groups["label"].Value)).OfType<string>().ToList();
            Assert.True(values.Count > 0, $"Variable {variable.GetProperty("name")} would have no values: {text}");
            // The value Grafana starts with is among them (or matches them, for All).
            var start = variables[variable.GetProperty("name").GetString()!];
            Assert.Contains(values, v => Regex.IsMatch(v, $"^(?:{start})$"));
        }
    }

    /// <summary>Why a panel or alert would show nothing: no series, or only NaN (0/0, a quantile of no
    /// observations: Grafana draws a gap); null when it shows something.</summary>
    private static string? Nothing(IReadOnlyList<PrometheusSeries> series) =>
        series.Count == 0 ? "no series" : series.All(s => double.IsNaN(s.Value)) ? $"only NaN ({series.Count} series)" : null;

    [GeneratedRegex(@"^label_values\((?<metric>.+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValues();
}
