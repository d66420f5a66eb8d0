using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Governance.Host;
using Governance.ServiceDefaults.Security;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Testing;

/// <summary>
/// The real Governance host, started in-process on free loopback ports (h2c gRPC and HTTP/1.1), with
/// each service's store given by a connection string keyed by service name (see <see cref="PostgresStores"/>),
/// or the embedded default: a SQLite file per service under the data directory. Calls go
/// through a real HTTP/2 socket with the generated clients. In the embedded default the channel
/// carries a token with every role for every body and every unit; <see cref="CreateChannel(string?)"/> makes others.
/// </summary>
public sealed class GovernanceTestHost : IAsyncDisposable
{
    /// <summary>The issuer of the stand-in identity provider used when the host is not the embedded default.</summary>
    public const string TestAuthorityIssuer = "urn:governance:test-authority";

    /// <summary>In the value of a setting, stands for the host's HTTP address (<c>http://127.0.0.1:port</c>),
    /// known only once its port is chosen: e.g. invitation links to the host's own pages.</summary>
    public const string HttpAddressPlaceholder = "{http-address}";

    private readonly string? _jwksFile;

    private GovernanceTestHost(WebApplication app, Uri grpcAddress, Uri httpAddress, TokenIssuer? authority, string? jwksFile)
    {
        _jwksFile = jwksFile;
        App = app;
        GrpcAddress = grpcAddress;
        HttpAddress = httpAddress;
        Tokens = authority ?? app.Services.GetService<TokenIssuer>();
        Channel = CreateChannel(Tokens?.Issue("test-all-roles", HostClaims.Roles, HostClaims.Everywhere));
    }

    /// <summary>Who issues tokens the host accepts: the development issuer in the embedded default, or
    /// the stand-in authority the test host configured (null when the caller configured auth itself).</summary>
    public TokenIssuer? Tokens { get; }

    /// <summary>A channel whose calls carry <paramref name="bearerToken"/>, or no token when null.</summary>
    public GrpcChannel CreateChannel(string? bearerToken) => CreateChannel(GrpcAddress, bearerToken);

    /// <summary>A channel to the host at <paramref name="grpcAddress"/> (in this process or another)
    /// whose calls carry <paramref name="bearerToken"/>, or no token when null.</summary>
    public static GrpcChannel CreateChannel(Uri grpcAddress, string? bearerToken)
    {
        if (bearerToken is null)
        {
            return GrpcChannel.ForAddress(grpcAddress);
        }
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("Authorization", $"Bearer {bearerToken}");
            return Task.CompletedTask;
        });
        return GrpcChannel.ForAddress(grpcAddress, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            // h2c on loopback in tests; production clients use TLS.
            UnsafeUseInsecureChannelCallCredentials = true,
        });
    }

    public WebApplication App { get; }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public GrpcChannel Channel { get; }

    /// <summary>The statements of the calls that asked to be counted (<see cref="StatementCounting.Request"/>).</summary>
    public StatementCounting Statements => App.Services.GetRequiredService<StatementCounting>();

    /// <summary>A stand-in identity provider for hosts that are not the embedded default; hosts of one
    /// installation (split services) share one.</summary>
    public static TokenIssuer NewAuthority() => new(TestAuthorityIssuer, RSA.Create(2048), "governance");

    /// <summary>Starts the host. <paramref name="stores"/> are connection strings keyed by the
    /// service's catalog name (<see cref="GovernanceHost.ServiceNames"/>), set as
    /// <c>ConnectionStrings:{service}</c>; a service without one, and every service when it is null,
    /// keeps the embedded default (its SQLite file under <paramref name="dataDirectory"/>). Outside
    /// the embedded default the host trusts <paramref name="authority"/>, or a stand-in authority of its own.
    /// <paramref name="logs"/>, when given, receives the host's log entries (as filtered by Logging:LogLevel).
    /// <paramref name="clock"/>, when given, is the services' clock (e.g. a <see cref="TestClock"/> a test moves on).
    /// <paramref name="configure"/>, when given, adds to the host's builder before the services are added (e.g. an
    /// in-memory exporter of its traces).</summary>
    public static async Task<GovernanceTestHost> StartAsync(IReadOnlyDictionary<string, string>? stores, string? dataDirectory = null,
        IDictionary<string, string?>? settings = null, TokenIssuer? authority = null, ILoggerProvider? logs = null, TimeProvider? clock = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var unknown = (stores?.Keys ?? []).Where(k => !GovernanceHost.ServiceNames.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Stores for services not in the host's catalog: {string.Join(", ", unknown)} " +
                $"(the catalog: {string.Join(", ", GovernanceHost.ServiceNames)}).", nameof(stores));
        }
        var grpcPort = FreePort();
        var httpPort = FreePort();
        var config = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{httpPort}",
            ["Logging:LogLevel:Default"] = "Warning",
            // Nothing routes calls to a test host: it may stop accepting as soon as it is disposed.
            ["Governance:Shutdown:DrainDelay"] = "00:00:00",
        };
        foreach (var (service, connectionString) in stores ?? new Dictionary<string, string>())
        {
            config[$"ConnectionStrings:{service}"] = connectionString;
        }
        // Services without a connection string keep SQLite files under the data directory: a
        // private temporary one unless the test gives its own, never ./data of the working directory.
        string? temporaryDirectory = null;
        if (dataDirectory is null)
        {
            temporaryDirectory = Directory.CreateTempSubdirectory("governance-test-host-").FullName;
            dataDirectory = temporaryDirectory;
        }
        config["Governance:DataDirectory"] = dataDirectory;
        // Exchanges and queues of this host carry their own prefix: hosts sharing a broker stay apart.
        config["Governance:Messaging:Prefix"] = $"t{Guid.NewGuid().ToString("N")[..10]}-";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }
        // Outside the embedded default the host needs an authority: stand one in with static keys,
        // as a deployment configured with Governance:Auth:SigningKeysFile would have.
        string? jwks = null;
        var embedded = config.Where(c => c.Key.StartsWith("ConnectionStrings:", StringComparison.Ordinal) && c.Value is not null)
            .All(c => EmbeddedMode.IsSqlite(c.Value!));
        if (embedded || config.Keys.Any(k => k.StartsWith(AuthOptions.Section, StringComparison.Ordinal)))
        {
            authority = null;
        }
        else
        {
            authority ??= NewAuthority();
            jwks = Path.Combine(Path.GetTempPath(), $"governance-test-jwks-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(jwks, authority.PublicJwks());
            config[$"{AuthOptions.Section}:SigningKeysFile"] = jwks;
            config[$"{AuthOptions.Section}:Issuer"] = TestAuthorityIssuer;
        }
        // Outside the embedded default the bus is RabbitMQ: the test broker, unless the test names one.
        if (!embedded && !config.ContainsKey("ConnectionStrings:RabbitMq"))
        {
            var broker = await RabbitMqServer.GetAsync();
            broker.RequireServer();
            config["ConnectionStrings:RabbitMq"] = broker.Uri!.ToString();
        }
        // A free port can be taken by another process between the check and the bind (parallel test
        // runs on one machine): then start again on other ports.
        // Only the ports this method chose: a test that sets its own endpoints keeps them.
        var ownPorts = settings is null || !settings.Keys.Any(k => k.StartsWith("Kestrel:Endpoints:", StringComparison.Ordinal));
        WebApplication app;
        for (var attempt = 1; ; attempt++)
        {
            if (ownPorts)
            {
                config["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{grpcPort}";
                config["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{httpPort}";
            }
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                if (value is not null && value.Contains(HttpAddressPlaceholder, StringComparison.Ordinal))
                {
                    config[key] = value.Replace(HttpAddressPlaceholder, config["Kestrel:Endpoints:Http:Url"], StringComparison.Ordinal);
                }
            }
            app = await GovernanceHost.BuildAsync([], configure: b =>
            {
                b.Configuration.AddInMemoryCollection(config);
                // First, so it is the outermost interceptor: it counts everything the call runs.
                b.Services.AddSingleton<StatementCounting>();
                b.Services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<StatementCounting>());
                if (logs is not null)
                {
                    b.Logging.AddProvider(logs);
                }
                if (clock is not null)
                {
                    // Before the services' TryAdd of the system clock, which then leaves it.
                    b.Services.AddSingleton(clock);
                }
                configure?.Invoke(b);
            });
            try
            {
                await app.StartAsync();
                break;
            }
            catch (IOException bindFailure) when (ownPorts && attempt < 3 && bindFailure.InnerException is AddressInUseException)
            {
                await app.DisposeAsync();
                (grpcPort, httpPort) = (FreePort(), FreePort());
            }
        }
        return new GovernanceTestHost(app, new Uri($"http://127.0.0.1:{grpcPort}"), new Uri($"http://127.0.0.1:{httpPort}"), authority, jwks)
        {
            _temporaryDirectory = temporaryDirectory,
        };
    }

    private string? _temporaryDirectory;

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_jwksFile is not null)
        {
            File.Delete(_jwksFile);
        }
        if (_temporaryDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_temporaryDirectory, recursive: true);
        }
    }

    /// <summary>A loopback port free at the moment of asking (another process may take it before the bind).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
