using Governance.Host;
using Xunit;

namespace Governance.Testing;

/// <summary>
/// A fresh PostgreSQL database (<see cref="PostgresDatabase"/>) for every service in the host's
/// catalog, keyed by service name: each service has its own, as in production, and a service added to
/// the catalog gets one in every test host without a change here. Use as an xunit fixture or from
/// another fixture's lifetime.
/// </summary>
public sealed class PostgresStores : IAsyncLifetime
{
    private readonly Dictionary<string, PostgresDatabase> _databases =
        GovernanceHost.ServiceNames.ToDictionary(name => name, _ => new PostgresDatabase(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The services, by their catalog name ("meetings", "cases").</summary>
    public IReadOnlyCollection<string> Services => _databases.Keys;

    /// <summary>The database of <paramref name="service"/> (a catalog name, any case).</summary>
    public PostgresDatabase this[string service] =>
        _databases.TryGetValue(service, out var database)
            ? database
            : throw new ArgumentException($"'{service}' is not in the host's catalog ({string.Join(", ", _databases.Keys)}).", nameof(service));

    public bool IsAvailable => _databases.Values.All(d => d.IsAvailable);

    /// <summary>The connection string of every service's database, keyed by service name, for
    /// <see cref="GovernanceTestHost.StartAsync"/>. Without a server, reading it fails the test in CI
    /// and skips it elsewhere.</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings =>
        _databases.ToDictionary(d => d.Key, d => d.Value.ConnectionString, StringComparer.OrdinalIgnoreCase);

    /// <summary>When a database is unavailable: fails the test in CI, skips it otherwise.</summary>
    public void RequireServer()
    {
        foreach (var database in _databases.Values)
        {
            database.RequireServer();
        }
    }

    public async ValueTask InitializeAsync()
    {
        foreach (var database in _databases.Values)
        {
            await database.InitializeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases.Values)
        {
            await database.DisposeAsync();
        }
    }
}
