using Governance.Host.Tests.Telemetry;
using System.Text.RegularExpressions;
using Governance.Testing.Prometheus;

namespace Governance.Host.Tests.Observability;

/// <summary>
/// observability/prometheus/ as promtool reads it: the alert rules (check rules, and their unit tests in
/// alerts.test.yml), the scrape configuration (check config, as shipped and as made for the tests); and
/// each alert's shape: a `for`, a severity, a summary, a description and a runbook entry in
/// docs/operations.md under its own name.
/// </summary>
public sealed partial class AlertRuleFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PrometheusPrograms Programs => PrometheusPrograms.Current;

    [Fact]
    public async Task Promtool_check_rules_passes_with_every_alert()
    {
        var (exit, output) = await Programs.PromtoolAsync(ObservabilityFiles.PrometheusDirectory, Ct, "check", "rules", "alerts.yml");

        Assert.True(exit == 0, $"promtool check rules alerts.yml exited {exit}:\n{output}");
        Assert.Contains($"SUCCESS: {ObservabilityFiles.AlertNames().Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_test_rules_passes_and_covers_every_alert_firing_and_not_firing()
    {
        var (exit, output) = await Programs.PromtoolAsync(ObservabilityFiles.PrometheusDirectory, Ct, "test", "rules", "alerts.test.yml");

        Assert.True(exit == 0, $"promtool test rules alerts.test.yml exited {exit}:\n{output}");
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        // Each case: an alert at a time, and whether it is expected to fire (a list of alerts) or not ([]).
        var cases = EvalCase().Matches(File.ReadAllText(ObservabilityFiles.AlertTests))
            .Select(m => (Alert: m.Groups["alert"].Value, Fires: m.Groups["expected"].Value.Trim() != "[]")).ToList();
        foreach (var alert in ObservabilityFiles.AlertNames())
        {
            Assert.True(cases.Contains((alert, true)), $"alerts.test.yml never expects {alert} to fire.");
            Assert.True(cases.Contains((alert, false)), $"alerts.test.yml never expects {alert} to stay quiet.");
        }
    }

    [Fact]
    public async Task Promtool_check_config_passes_for_the_shipped_and_the_test_scrape_configuration()
    {
        var (exit, output) = await Programs.PromtoolAsync(ObservabilityFiles.PrometheusDirectory, Ct, "check", "config", "prometheus.yml");
        Assert.True(exit == 0, $"promtool check config prometheus.yml exited {exit}:\n{output}");
        Assert.Contains("SUCCESS: 1 rule files found", output, StringComparison.Ordinal);

        // The configuration the Prometheus of ObservedHost runs, with alerts.yml beside it as in the repository.
        using var directory = new TemporaryDirectory();
        var config = ObservabilityFiles.TestScrapeConfig("127.0.0.1:5081");
        await File.WriteAllTextAsync(Path.Combine(directory.Path, "prometheus.yml"), config, Ct);
        File.Copy(ObservabilityFiles.Alerts, Path.Combine(directory.Path, "alerts.yml"));
        (exit, output) = await Programs.PromtoolAsync(directory.Path, Ct, "check", "config", "prometheus.yml");
        Assert.True(exit == 0, $"promtool check config of the test configuration exited {exit}:\n{output}\n{config}");
        Assert.Contains("job_name: governance", config, StringComparison.Ordinal);
        Assert.Contains("- 127.0.0.1:5081", config, StringComparison.Ordinal);
        Assert.DoesNotContain("meetings:8081", config, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(config, @"(?m)^\s+(scrape_interval|scrape_timeout|evaluation_interval): 1s$"));
    }

    [Fact]
    public void Every_alert_has_a_for_a_severity_a_summary_a_description_and_a_runbook_entry_under_its_name()
    {
        var anchors = ObservabilityFiles.RunbookAnchors();
        var blocks = ObservabilityFiles.AlertBlocks();
        Assert.NotEmpty(blocks);
        foreach (var (alert, block) in blocks)
        {
            Assert.Matches(@"(?m)^\s+expr: ", block);
            Assert.Matches(@"(?m)^\s+for: [1-9][0-9]*[smh]\s*$", block);
            Assert.Matches(@"(?m)^\s+severity: (critical|warning)\s*$", block);
            Assert.Matches(@"(?m)^\s+summary: \S", block);
            Assert.Matches(@"(?m)^\s+description: \S", block);
            var runbook = Regex.Match(block, @"(?m)^\s+runbook: docs/operations\.md#(\S+)\s*$");
            Assert.True(runbook.Success, $"{alert} has no runbook annotation pointing into docs/operations.md.");
            Assert.Equal(ObservabilityFiles.Anchor(alert), runbook.Groups[1].Value);
            Assert.Contains(runbook.Groups[1].Value, anchors);
        }
        // And no runbook entry for an alert that no longer exists.
        Assert.Equal(blocks.Keys.Select(ObservabilityFiles.Anchor).Order(), anchors.Order());
    }

    [GeneratedRegex(@"- eval_time: \S+\s+alertname: (?<alert>\S+)\s+exp_alerts:(?<expected>\s*\[\]|\s*\n\s+- exp_labels:)")]
    private static partial Regex EvalCase();
}
