using System.Text.Json;

namespace Governance.Host.Tests;

/// <summary>The runtime settings the built host starts with: its runtimeconfig.json, which
/// <c>dotnet Governance.Host.dll</c> reads.</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_host_runs_the_workstation_garbage_collector()
    {
        // The Web SDK turns server GC on unless ServerGarbageCollection says otherwise; a misspelt property
        // once left it on, and the host's RSS after the load bench was 460 MB instead of about 200.
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Governance.Host.runtimeconfig.json")));
        var settings = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(settings.GetProperty("System.GC.Server").GetBoolean());
    }
}
