using System.Security.Cryptography;
using Governance.ServiceDefaults.Security;

namespace Governance.Host.Tests;

/// <summary>
/// The settings of a host process as production runs it: the test's PostgreSQL stores, RabbitMQ with a
/// prefix of the test's own (a restarted host finds its queues again), and a token authority whose public
/// keys are in a JWKS file in the data directory; the returned issuer signs the test's tokens. And those of a
/// <c>Governance.Host</c> command as an operator runs it.
/// </summary>
public static class ServerHostEnvironment
{
    public static async Task<(Dictionary<string, string> Environment, TokenIssuer Authority)> CreateAsync(
        ServerBackends backends, string prefix, CancellationToken cancellationToken)
    {
        var dataDirectory = backends.DataDirectory;
        var authority = GovernanceTestHost.NewAuthority();
        var jwks = Path.Combine(dataDirectory, "jwks.json");
        await File.WriteAllTextAsync(jwks, authority.PublicJwks(), cancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["Governance__DataDirectory"] = dataDirectory,
            ["ConnectionStrings__RabbitMq"] = backends.Broker.Uri!.ToString(),
            ["Governance__Messaging__Prefix"] = $"{prefix}{Guid.NewGuid().ToString("N")[..10]}-",
            ["Governance__Auth__SigningKeysFile"] = jwks,
            ["Governance__Auth__Issuer"] = authority.Issuer,
        };
        foreach (var (service, connectionString) in backends.Stores.ConnectionStrings)
        {
            environment[$"ConnectionStrings__{service}"] = connectionString;
        }
        return (environment, authority);
    }

    /// <summary>
    /// The settings of a <c>Governance.Host</c> command (<c>outbox</c>) as an operator runs it: with the
    /// configuration of <paramref name="service"/> alone, its store, RabbitMQ and the data directory. The signing
    /// keys are a set of their own: the command serves no calls, but a host outside the embedded default starts
    /// only with an authority.
    /// </summary>
    public static async Task<Dictionary<string, string>> CommandAsync(
        string service, ServerBackends backends, CancellationToken cancellationToken)
    {
        var jwks = Path.Combine(backends.DataDirectory, "command-jwks.json");
        await File.WriteAllTextAsync(jwks, new TokenIssuer(GovernanceTestHost.TestAuthorityIssuer, RSA.Create(2048), "governance").PublicJwks(),
            cancellationToken);
        return new Dictionary<string, string>
        {
            ["Governance__Services"] = service,
            [$"ConnectionStrings__{service}"] = backends.Stores[service].ConnectionString,
            ["ConnectionStrings__RabbitMq"] = backends.Broker.Uri!.ToString(),
            ["Governance__DataDirectory"] = backends.DataDirectory,
            ["Governance__Auth__Issuer"] = GovernanceTestHost.TestAuthorityIssuer,
            ["Governance__Auth__SigningKeysFile"] = jwks,
        };
    }
}

/// <summary>
/// What a host outside the embedded default runs on: the test's PostgreSQL stores (a database per service),
/// the shared RabbitMQ broker and a data directory. <see cref="RequireServersAsync"/> fails the test in CI
/// when PostgreSQL or RabbitMQ is missing, and skips it elsewhere. Use from a test's own lifetime
/// (<see cref="InitializeAsync"/>, <see cref="DisposeAsync"/>) or, in one go, <see cref="StartAsync"/>.
/// </summary>
public sealed class ServerBackends : IAsyncLifetime
{
    private readonly SqliteDatabase _directory = new();
    private RabbitMqServer? _broker;

    public PostgresStores Stores { get; } = new();

    public string DataDirectory => _directory.DirectoryPath;

    /// <summary>The broker, once <see cref="RequireServersAsync"/> has required it.</summary>
    public RabbitMqServer Broker => _broker ?? throw new InvalidOperationException("Call RequireServersAsync first.");

    /// <summary>Creates the stores and requires both servers.</summary>
    public static async Task<ServerBackends> StartAsync()
    {
        var backends = new ServerBackends();
        try
        {
            await backends.InitializeAsync();
            await backends.RequireServersAsync();
            return backends;
        }
        catch
        {
            await backends.DisposeAsync();
            throw;
        }
    }

    /// <summary>Requires PostgreSQL and RabbitMQ; returns the broker.</summary>
    public async Task<RabbitMqServer> RequireServersAsync()
    {
        Stores.RequireServer();
        var broker = await RabbitMqServer.GetAsync();
        broker.RequireServer();
        return _broker = broker;
    }

    public ValueTask InitializeAsync() => Stores.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await Stores.DisposeAsync();
        _directory.Dispose();
    }
}
