using System.Text.Json;

namespace Governance.Host.Tests.Observability;

/// <summary>
/// observability/grafana/dashboards/governance.json as Grafana loads it: valid JSON of a recent schema,
/// unique panel ids, an overview row and one row per service, every panel titled and on the data source
/// variable (no data source's uid written into it), and every query written for Prometheus with nothing
/// but the dashboard's own variables.
/// </summary>
public sealed class DashboardFileTests
{
    private const string DataSource = "${datasource}";

    private static readonly JsonElement Dashboard = ObservabilityFiles.ReadDashboard();

    [Fact]
    public void The_dashboard_is_a_recent_schema_with_a_prometheus_data_source_variable()
    {
        Assert.True(Dashboard.GetProperty("schemaVersion").GetInt32() >= 39, "schemaVersion older than Grafana 10.4's.");
        Assert.Equal("governance-platform", Dashboard.GetProperty("uid").GetString());
        Assert.False(string.IsNullOrWhiteSpace(Dashboard.GetProperty("title").GetString()));
        var variables = Dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        var source = Assert.Single(variables, v => v.GetProperty("type").GetString() == "datasource");
        Assert.Equal(("datasource", "prometheus"), (source.GetProperty("name").GetString(), source.GetProperty("query").GetString()));
        // The other variables ask the data source of the variable too, and have a value Grafana starts with.
        foreach (var variable in variables.Where(v => v.GetProperty("type").GetString() != "datasource"))
        {
            Assert.Equal(DataSource, variable.GetProperty("datasource").GetProperty("uid").GetString());
        }
        Assert.Equal(variables.Count - 1, ObservabilityFiles.VariableDefaults(Dashboard).Count);
    }

    [Fact]
    public void Every_panel_has_a_unique_id_a_title_and_the_data_source_variable()
    {
        var panels = ObservabilityFiles.Panels(Dashboard);
        Assert.True(panels.Count > 20, $"Only {panels.Count} panels.");
        var ids = panels.Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            Assert.False(string.IsNullOrWhiteSpace(title), $"Panel {panel.GetProperty("id")} has no title.");
            var source = panel.GetProperty("datasource");
            Assert.True(source.GetProperty("type").GetString() == "prometheus" && source.GetProperty("uid").GetString() == DataSource,
                $"Panel \"{title}\" does not use the data source variable: {source}");
            if (panel.GetProperty("type").GetString() == "row")
            {
                continue;
            }
            Assert.True(panel.TryGetProperty("description", out var description) && description.GetString()!.Length > 20, $"Panel \"{title}\" says nothing of what it shows.");
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.True(targets.Count > 0, $"Panel \"{title}\" has no query.");
            foreach (var target in targets)
            {
                Assert.Equal(DataSource, target.GetProperty("datasource").GetProperty("uid").GetString());
                Assert.False(string.IsNullOrWhiteSpace(target.GetProperty("expr").GetString()), $"Panel \"{title}\" has a target without an expression.");
                // Only the dashboard's variables and Grafana's own: a stray one would leave the panel empty.
                ObservabilityFiles.Substitute(target.GetProperty("expr").GetString()!, ObservabilityFiles.VariableDefaults(Dashboard));
            }
            Assert.Equal(targets.Count, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
        }
    }

    [Fact]
    public void An_overview_row_then_one_row_per_service_and_no_panels_on_top_of_each_other()
    {
        var panels = ObservabilityFiles.Panels(Dashboard);
        Assert.Equal(["Overview", "Meetings", "Cases", "Reminders", "Surveys"],
            panels.Where(p => p.GetProperty("type").GetString() == "row").Select(p => p.GetProperty("title").GetString()));
        var cells = new HashSet<(int X, int Y)>();
        foreach (var panel in panels)
        {
            var grid = panel.GetProperty("gridPos");
            var (x, y, w, h) = (grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            Assert.True(x >= 0 && w > 0 && x + w <= 24 && h > 0, $"Panel \"{panel.GetProperty("title")}\" is outside the 24 columns.");
            for (var column = x; column < x + w; column++)
            {
                for (var line = y; line < y + h; line++)
                {
                    Assert.True(cells.Add((column, line)), $"Panel \"{panel.GetProperty("title")}\" overlaps another at ({column}, {line}).");
                }
            }
        }
        // Each service's row has its own panels, titled after it.
        foreach (var service in new[] { "Meetings", "Cases", "Reminders", "Surveys" })
        {
            Assert.True(panels.Count(p => p.GetProperty("title").GetString()!.StartsWith($"{service}: ", StringComparison.Ordinal)) >= 7, $"{service} has too few panels.");
        }
    }
}
