using Grpc.Net.Client;
using Xunit;

namespace Governance.Testing;

/// <summary>
/// The real Governance host for one test class (an xunit class fixture, so it starts once per class,
/// not once per test), on one of the two stores. Tests create their own resources with unique ids
/// (or fresh numbers), so they do not depend on each other or on the order they run in.
/// </summary>
public interface IApiHost
{
    /// <summary>"SQLite" or "PostgreSQL".</summary>
    string Store { get; }

    /// <summary>The running host (tokens, other channels). On PostgreSQL, reading it without a server
    /// fails the test in CI and skips it elsewhere.</summary>
    GovernanceTestHost Server { get; }

    /// <summary>The channel to the host, with a token of every role for every body.</summary>
    GrpcChannel Channel { get; }
}

/// <summary>The embedded default: no connection string, the SQLite file under the data directory.</summary>
public sealed class SqliteApiHost : IApiHost, IAsyncLifetime
{
    private readonly SqliteDatabase directory = new();
    private GovernanceTestHost? host;

    public string Store => "SQLite";

    /// <summary>The host's data directory; each service's store is <c>{service}.db</c> in it (<c>meetings.db</c>, <c>cases.db</c>).</summary>
    public string DataDirectory => directory.DirectoryPath;

    public GovernanceTestHost Server => host ?? throw new InvalidOperationException("The host is not started.");

    public GrpcChannel Channel => Server.Channel;

    /// <summary>The services' clock: the real time until a test moves it on.</summary>
    public TestClock Clock { get; } = new();

    public async ValueTask InitializeAsync() => host = await GovernanceTestHost.StartAsync(null, directory.DirectoryPath, ApiHostSettings.Common(), clock: Clock);

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        directory.Dispose();
    }
}

/// <summary>A fresh PostgreSQL database for each service (see <see cref="PostgresStores"/>) and the
/// host on them, with the test RabbitMQ broker as its bus (see <see cref="RabbitMqServer"/>).</summary>
public sealed class PostgresApiHost : IApiHost, IAsyncLifetime
{
    private GovernanceTestHost? host;
    private RabbitMqServer? broker;

    /// <summary>Each service's database, by service name: each has its own, as in production.</summary>
    public PostgresStores Stores { get; } = new();

    public string Store => "PostgreSQL";

    /// <summary>The services' clock: the real time until a test moves it on.</summary>
    public TestClock Clock { get; } = new();

    public GovernanceTestHost Server
    {
        get
        {
            Stores.RequireServer();
            broker?.RequireServer();
            return host ?? throw new InvalidOperationException("The host is not started.");
        }
    }

    public GrpcChannel Channel => Server.Channel;

    public async ValueTask InitializeAsync()
    {
        await Stores.InitializeAsync();
        broker = await RabbitMqServer.GetAsync();
        // Without a server the tests skip (or fail in CI) when they first touch the channel.
        if (Stores.IsAvailable && broker.IsAvailable)
        {
            host = await GovernanceTestHost.StartAsync(Stores.ConnectionStrings, settings: ApiHostSettings.Common(), clock: Clock);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        await Stores.DisposeAsync();
    }
}

/// <summary>What the API host fixtures set beyond the defaults.</summary>
internal static class ApiHostSettings
{
    /// <summary>Each service's API tests test that service: Meetings' use the journal numbers of the
    /// sample minutes without registering cases, so its check with Cases is off here. The check itself
    /// is tested with both services in tests/Governance.Integration.Tests.</summary>
    public static Dictionary<string, string?> Common() => new() { ["Governance:Meetings:VerifyJournalNumbers"] = "false" };
}
