using System.Net.Sockets;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Clients;
using Governance.ServiceDefaults.Security;
using Governance.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(Governance.BuildingBlocks.Tests.HostFixture))]

namespace Governance.BuildingBlocks.Tests;

/// <summary>One real host (embedded default) for every test here; each test gets its own gate and client.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("governance-clients-").FullName;

    public GovernanceTestHost Host { get; private set; } = null!;

    public string DataDirectory => _dataDirectory;

    public TokenIssuer Tokens => Host.Tokens!;

    /// <summary>A token the host accepts that may read.</summary>
    public string ReaderToken() => Tokens.Issue("alice", [MeetingsRoles.EmployeeReader]);

    public TcpGate Gate() => new("127.0.0.1", Host.GrpcAddress.Port);

    public async ValueTask InitializeAsync()
    {
        Host = await GovernanceTestHost.StartAsync(null, _dataDirectory);
        // The first call warms the host up (JIT, store); tests with one-second deadlines should not pay for it.
        await new MeetingsService.MeetingsServiceClient(Host.Channel).ListBodiesAsync(new ListBodiesRequest());
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}

/// <summary>Counts HTTP requests the client sends: what actually reaches the network.</summary>
public sealed class RequestCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public DelegatingHandler Handler() => new Counting(this);

    private sealed class Counting(RequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter._count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>A clock the test moves.</summary>
public sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The calling side: its own service collection with the registration under test, as a
/// service host would have it, calling the Meetings service through <c>Governance:Clients:Meetings</c>.</summary>
public sealed class CallingService : IDisposable
{
    private readonly ServiceProvider _provider;

    public CallingService(int port, IDictionary<string, string?>? settings = null, TokenIssuer? developmentIssuer = null,
        IHttpContextAccessor? httpContext = null, TimeProvider? time = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Governance:Clients:Meetings:Address"] = $"http://127.0.0.1:{port}",
            ["Governance:Clients:Meetings:Deadline"] = "00:00:01",
            ["Governance:Clients:Meetings:RetryDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        // What the host registers before the client: the development issuer (embedded default) and the accessor.
        if (developmentIssuer is not null)
        {
            services.AddSingleton(developmentIssuer);
        }
        if (httpContext is not null)
        {
            services.AddSingleton(httpContext);
        }
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        services.AddGovernanceGrpcClient<MeetingsService.MeetingsServiceClient>(configuration, "Meetings")
            .AddHttpMessageHandler(() => Requests.Handler());
        _provider = services.BuildServiceProvider();
    }

    public RequestCounter Requests { get; } = new();

    public MeetingsService.MeetingsServiceClient Client => _provider.GetRequiredService<MeetingsService.MeetingsServiceClient>();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public void Dispose() => _provider.Dispose();
}

/// <summary>An accessor that says a request with this Authorization header is being served.</summary>
public static class Serving
{
    public static IHttpContextAccessor Request(string? authorization)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }
        return new FixedAccessor { HttpContext = context };
    }

    public static IHttpContextAccessor Nothing() => new FixedAccessor();

    // HttpContextAccessor flows through async locals; a fixed one stays put across the test's awaits.
    private sealed class FixedAccessor : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; }
    }
}

/// <summary>A server that accepts connections and never answers: a hung dependency.</summary>
public sealed class BlackHole : IDisposable
{
    private readonly TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public BlackHole()
    {
        _listener.Start();
        _ = HoldAsync();
    }

    public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task HoldAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_held)
                {
                    _held.Add(socket);
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(s => s.Dispose());
        }
        _stop.Dispose();
    }
}
