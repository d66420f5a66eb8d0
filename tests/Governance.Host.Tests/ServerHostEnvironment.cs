using Governance.ServiceDefaults.Security;

namespace Governance.Host.Tests;

/// <summary>
/// The settings of a host process as production runs it: the test's PostgreSQL stores, RabbitMQ with a
/// prefix of the test's own (a restarted host finds its queues again), and a token authority whose public
/// keys are in a JWKS file in the data directory; the returned issuer signs the test's tokens.
/// </summary>
public static class ServerHostEnvironment
{
    public static async Task<(Dictionary<string, string> Environment, TokenIssuer Authority)> CreateAsync(
        PostgresStores stores, RabbitMqServer broker, string dataDirectory, string prefix, CancellationToken cancellationToken)
    {
        var authority = GovernanceTestHost.NewAuthority();
        var jwks = Path.Combine(dataDirectory, "jwks.json");
        await File.WriteAllTextAsync(jwks, authority.PublicJwks(), cancellationToken);
        var environment = new Dictionary<string, string>
        {
            ["Governance__DataDirectory"] = dataDirectory,
            ["ConnectionStrings__RabbitMq"] = broker.Uri!.ToString(),
            ["Governance__Messaging__Prefix"] = $"{prefix}{Guid.NewGuid().ToString("N")[..10]}-",
            ["Governance__Auth__SigningKeysFile"] = jwks,
            ["Governance__Auth__Issuer"] = authority.Issuer,
        };
        foreach (var (service, connectionString) in stores.ConnectionStrings)
        {
            environment[$"ConnectionStrings__{service}"] = connectionString;
        }
        return (environment, authority);
    }
}
