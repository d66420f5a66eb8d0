using Governance.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Integration.Tests.Support;

/// <summary>A running host for integration tests: the embedded default (SQLite, in-memory bus) or
/// production-like (PostgreSQL, RabbitMQ).</summary>
public interface IIntegrationHost
{
    string Kind { get; }

    GovernanceTestHost Server { get; }

    /// <summary>The process's bus, to attach probes to.</summary>
    IBus Bus => Server.App.Services.GetRequiredService<IBus>();
}

/// <summary>The embedded default: SQLite stores, the in-memory bus.</summary>
public sealed class EmbeddedHost : IIntegrationHost, IAsyncLifetime
{
    private GovernanceTestHost? host;

    public string Kind => "SQLite + in-memory bus";

    public GovernanceTestHost Server => host ?? throw new InvalidOperationException("The host is not started.");

    public async ValueTask InitializeAsync() => host = await GovernanceTestHost.StartAsync(null);

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}

/// <summary>
/// Production-like: each service on its own PostgreSQL database, RabbitMQ as the bus. As a class
/// fixture it has the default settings; <see cref="With"/> makes one for a single test class with
/// settings of its own (retry limits, timeouts) and, when <c>gated</c>, a <see cref="TcpGate"/>
/// between the host and the broker that the test can close to cut the network.
/// </summary>
public sealed class ServerHost : IIntegrationHost, IAsyncLifetime
{
    private readonly IDictionary<string, string?> _settings;
    private readonly bool _gated;
    private GovernanceTestHost? _host;
    private RabbitMqServer? _broker;
    private TcpGate? _gate;

    public ServerHost()
        : this(new Dictionary<string, string?>(), gated: false)
    {
    }

    private ServerHost(IDictionary<string, string?> settings, bool gated)
    {
        _settings = settings;
        _gated = gated;
    }

    /// <summary>A host for one test class, which calls <see cref="InitializeAsync"/> and
    /// <see cref="DisposeAsync"/> from its own lifetime.</summary>
    public static ServerHost With(IDictionary<string, string?> settings, bool gated = false) => new(settings, gated);

    /// <summary>Each service's database, by service name.</summary>
    public PostgresStores Stores { get; } = new();

    public string Kind => _gated ? "PostgreSQL + RabbitMQ behind a gate" : "PostgreSQL + RabbitMQ";

    public GovernanceTestHost Server
    {
        get
        {
            Stores.RequireServer();
            _broker?.RequireServer();
            return _host ?? throw new InvalidOperationException("The host is not started.");
        }
    }

    /// <summary>The process's bus, to publish on and attach probes to.</summary>
    public IBus Bus => Server.App.Services.GetRequiredService<IBus>();

    /// <summary>The gate in front of the broker (only when gated).</summary>
    public TcpGate Gate => _gate ?? throw new InvalidOperationException("This host was started without a gate.");

    public async ValueTask InitializeAsync()
    {
        await Stores.InitializeAsync();
        _broker = await RabbitMqServer.GetAsync();
        if (!Stores.IsAvailable || !_broker.IsAvailable)
        {
            return;
        }
        var config = new Dictionary<string, string?>(_settings);
        if (_gated)
        {
            var broker = _broker.Uri!;
            _gate = new TcpGate(broker.Host, broker.Port);
            config["ConnectionStrings:RabbitMq"] = new UriBuilder(broker) { Host = "127.0.0.1", Port = _gate.Port }.Uri.ToString();
        }
        _host = await GovernanceTestHost.StartAsync(Stores.ConnectionStrings, settings: config);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_gate is not null)
        {
            await _gate.DisposeAsync();
        }
        await Stores.DisposeAsync();
    }
}
