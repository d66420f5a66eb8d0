using System.Data.Common;
using System.Net;
using Governance.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration;

namespace Governance.ServiceDefaults.Security;

/// <summary>
/// The embedded default is one process on a developer's machine: SQLite stores only, and every
/// endpoint on a loopback address. Only there may the host run without an OIDC authority.
/// </summary>
public static class EmbeddedMode
{
    public static bool IsEmbedded(IConfiguration configuration) => Reason(configuration) is null;

    /// <summary>The broker's connection string: <c>ConnectionStrings:RabbitMq</c>. Every other connection
    /// string is a service's store.</summary>
    public const string BrokerConnectionName = "RabbitMq";

    /// <summary>Why the configuration is not the embedded default, or null when it is. A connection
    /// string that is neither a store's nor the broker's is a <see cref="StartupConfigurationException"/>:
    /// it would otherwise count as "a server" and be reported as a missing token authority.</summary>
    public static string? Reason(IConfiguration configuration)
    {
        foreach (var connection in configuration.GetSection("ConnectionStrings").GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(connection.Value))
            {
                CheckConnectionString(connection.Key, connection.Value);
            }
            if (!string.IsNullOrWhiteSpace(connection.Value) && !IsSqlite(connection.Value))
            {
                return $"ConnectionStrings:{connection.Key} names a server (a database or the message broker)";
            }
        }
        var urls = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => (Name: $"Kestrel:Endpoints:{e.Key}:Url", Url: e["Url"]))
            .Concat((configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(u => (Name: "urls", Url: (string?)u)));
        foreach (var (name, url) in urls)
        {
            if (url is not null && !IsLoopback(url))
            {
                return $"{name} ({url}) is not a loopback address";
            }
        }
        return null;
    }

    /// <summary>A SQLite connection string ("Data Source=..."), as opposed to a server's ("Host=...").
    /// The keys are parsed, so a word inside a value (a password, say) does not count.</summary>
    public static bool IsSqlite(string connectionString)
    {
        var keys = new DbConnectionStringBuilder();
        try
        {
            keys.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return false;
        }
        return !keys.ContainsKey("Host") && !keys.ContainsKey("Server")
            && (keys.ContainsKey("Data Source") || keys.ContainsKey("DataSource") || keys.ContainsKey("Filename"));
    }

    /// <summary>Throws a one-line <see cref="StartupConfigurationException"/> unless <paramref name="value"/> is
    /// what <c>ConnectionStrings:{name}</c> must be: an amqp(s) URI for the broker, otherwise SQLite's
    /// <c>Data Source=...</c> or PostgreSQL's <c>Host=...</c>. The value is never echoed (it may hold a password).</summary>
    public static void CheckConnectionString(string name, string value)
    {
        if (string.Equals(name, BrokerConnectionName, StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var broker) || (broker.Scheme != "amqp" && broker.Scheme != "amqps")
                || string.IsNullOrEmpty(broker.Host))
            {
                throw new StartupConfigurationException(
                    $"ConnectionStrings:{name} is not an amqp:// or amqps:// URI: set ConnectionStrings__{name} like amqp://user:password@rabbitmq:5672/governance.");
            }
            return;
        }
        var keys = new DbConnectionStringBuilder();
        try
        {
            keys.ConnectionString = value;
        }
        catch (ArgumentException)
        {
            keys.Clear();
        }
        var store = keys.ContainsKey("Host") || keys.ContainsKey("Server")
            || keys.ContainsKey("Data Source") || keys.ContainsKey("DataSource") || keys.ContainsKey("Filename");
        if (!store)
        {
            throw new StartupConfigurationException(
                $"ConnectionStrings:{name} is not a connection string: set ConnectionStrings__{name} to \"Data Source=PATH\" (SQLite) " +
                $"or \"Host=...;Database=...;Username=...;Password=...\" (PostgreSQL), or leave it unset for SQLite under {DataDirectory.Variable}.");
        }
    }

    private static bool IsLoopback(string url)
    {
        // Kestrel accepts wildcards that Uri does not parse: they mean every interface.
        var host = url.Replace("://*", "://wildcard.invalid", StringComparison.Ordinal).Replace("://+", "://wildcard.invalid", StringComparison.Ordinal);
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri))
        {
            return false;
        }
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
