using System.Net;
using System.Net.Sockets;
using Governance.Host;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Governance.Testing;

/// <summary>
/// The real Governance host, started in-process on free loopback ports (h2c gRPC and HTTP/1.1), with
/// the Meetings store given by a connection string (SQLite file or PostgreSQL database). Calls go
/// through a real HTTP/2 socket with the generated clients.
/// </summary>
public sealed class GovernanceTestHost : IAsyncDisposable
{
    private GovernanceTestHost(WebApplication app, Uri grpcAddress, Uri httpAddress)
    {
        App = app;
        GrpcAddress = grpcAddress;
        HttpAddress = httpAddress;
        Channel = GrpcChannel.ForAddress(grpcAddress);
    }

    public WebApplication App { get; }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Starts the host. <paramref name="meetingsConnectionString"/> null means the embedded
    /// default (SQLite under <paramref name="dataDirectory"/>).</summary>
    public static async Task<GovernanceTestHost> StartAsync(string? meetingsConnectionString, string? dataDirectory = null,
        IDictionary<string, string?>? settings = null)
    {
        var grpcPort = FreePort();
        var httpPort = FreePort();
        var config = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{httpPort}",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (meetingsConnectionString is not null)
        {
            config["ConnectionStrings:Meetings"] = meetingsConnectionString;
        }
        if (dataDirectory is not null)
        {
            config["Governance:DataDirectory"] = dataDirectory;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }
        var app = await GovernanceHost.BuildAsync([], configure: b => b.Configuration.AddInMemoryCollection(config));
        await app.StartAsync();
        return new GovernanceTestHost(app, new Uri($"http://127.0.0.1:{grpcPort}"), new Uri($"http://127.0.0.1:{httpPort}"));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
