using Governance.ServiceDefaults.Security;
using Governance.Testing;

namespace Governance.Integration.Tests.Support;

/// <summary>
/// One installation in two processes: one host runs a dependency (Cases, Reminders), the other the
/// service that calls it over gRPC, through a <see cref="TcpGate"/> a test closes to cut the network
/// between them. One broker (with one prefix) carries the events between them, and one identity
/// provider signs the tokens both accept. The caller's client has a short deadline, two retries and a
/// circuit breaker that opens after three failures for two seconds, so an outage shows quickly.
/// </summary>
public sealed class GatedDependency : IAsyncDisposable
{
    private readonly SqliteDatabase _data = new();

    private GatedDependency()
    {
    }

    /// <summary>The host running the dependency.</summary>
    public GovernanceTestHost Dependency { get; private set; } = null!;

    /// <summary>The host running the calling service.</summary>
    public GovernanceTestHost Caller { get; private set; } = null!;

    public TcpGate Gate { get; private set; } = null!;

    /// <param name="dependency">The service the first host runs ("cases").</param>
    /// <param name="client">The caller's client settings' name (<c>Governance:Clients:{client}</c>, "Cases").</param>
    /// <param name="caller">The service the second host runs ("meetings").</param>
    /// <param name="callerSettings">What else the calling host needs.</param>
    public static async Task<GatedDependency> StartAsync(string dependency, string client, string caller,
        IDictionary<string, string?>? callerSettings = null)
    {
        // Without the broker the hosts refuse to start: on the in-memory bus every event between them would be lost.
        var broker = await RabbitMqServer.GetAsync();
        broker.RequireServer();
        var authority = GovernanceTestHost.NewAuthority();
        var installation = new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = broker.Uri!.ToString(),
            ["Governance:Messaging:Prefix"] = $"t{Guid.NewGuid().ToString("N")[..10]}-",
        };
        var hosts = new GatedDependency();
        try
        {
            await hosts.StartHostsAsync(installation, authority, dependency, client, caller, callerSettings);
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }
        return hosts;
    }

    private async Task StartHostsAsync(Dictionary<string, string?> installation, TokenIssuer authority, string dependency, string client,
        string caller, IDictionary<string, string?>? callerSettings)
    {
        var hosts = this;
        hosts.Dependency = await GovernanceTestHost.StartAsync(null, hosts._data.DirectoryPath,
            new Dictionary<string, string?>(installation) { ["Governance:Services"] = dependency }, authority);
        hosts.Gate = new TcpGate(hosts.Dependency.GrpcAddress.Host, hosts.Dependency.GrpcAddress.Port);
        var settings = new Dictionary<string, string?>(installation)
        {
            ["Governance:Services"] = caller,
            [$"Governance:Clients:{client}:Address"] = $"http://127.0.0.1:{hosts.Gate.Port}",
            [$"Governance:Clients:{client}:Deadline"] = "00:00:01",
            [$"Governance:Clients:{client}:RetryAttempts"] = "2",
            [$"Governance:Clients:{client}:RetryDelay"] = "00:00:00.050",
            [$"Governance:Clients:{client}:MinimumThroughput"] = "3",
            [$"Governance:Clients:{client}:BreakDuration"] = "00:00:02",
        };
        foreach (var (key, value) in callerSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        hosts.Caller = await GovernanceTestHost.StartAsync(null, hosts._data.DirectoryPath, settings, authority);
    }

    public async ValueTask DisposeAsync()
    {
        if (Caller is not null)
        {
            await Caller.DisposeAsync();
        }
        if (Gate is not null)
        {
            await Gate.DisposeAsync();
        }
        if (Dependency is not null)
        {
            await Dependency.DisposeAsync();
        }
        _data.Dispose();
    }
}
