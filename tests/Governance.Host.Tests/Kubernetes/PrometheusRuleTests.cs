using System.Text.Json.Nodes;
using Governance.Host.Tests.Observability;

namespace Governance.Host.Tests.Kubernetes;

/// <summary>The PrometheusRule of k8s/ is the alert rules of observability/prometheus/alerts.yml (which
/// promtool and a real Prometheus test), group for group, so the two cannot drift apart. After changing
/// alerts.yml: <c>node scripts/k8s-prometheusrule.mjs</c>.</summary>
public sealed class PrometheusRuleTests
{
    [Theory]
    [MemberData(nameof(Manifests.OverlayData), MemberType = typeof(Manifests))]
    public void The_PrometheusRule_has_exactly_the_groups_of_alerts_yml(string overlay)
    {
        var alerts = Manifests.ParseYaml(File.ReadAllText(ObservabilityFiles.Alerts))[0]!["groups"]!;
        var rule = Assert.Single(Manifests.App(overlay).OfKind("PrometheusRule"));
        Assert.Equal("monitoring.coreos.com/v1", (string)rule["apiVersion"]!);
        var groups = rule["spec"]!["groups"]!;
        Assert.True(JsonNode.DeepEquals(alerts, groups),
            "k8s/base/app/prometheusrule.yaml differs from observability/prometheus/alerts.yml: run `node scripts/k8s-prometheusrule.mjs`.\n" +
            $"alerts.yml: {alerts.ToJsonString()}\nPrometheusRule: {groups.ToJsonString()}");
        Assert.Equal(ObservabilityFiles.AlertNames(),
            groups.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => (string)r!["alert"]!));
    }
}
