using Governance.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Integration.Tests.Support;

/// <summary>
/// Like <see cref="ServerHost"/> (PostgreSQL per service, RabbitMQ), but for one test class with
/// settings of its own (retry limits, timeouts) and, when <c>gated</c>, a <see cref="TcpGate"/>
/// between the host and the broker that the test can close to cut the network. The test class owns
/// it: call <see cref="InitializeAsync"/> and <see cref="DisposeAsync"/> from its own lifetime.
/// </summary>
public sealed class DedicatedServerHost(IDictionary<string, string?>? settings = null, bool gated = false) : IIntegrationHost, IAsyncLifetime
{
    private GovernanceTestHost? _host;
    private RabbitMqServer? _broker;
    private TcpGate? _gate;

    public PostgresDatabase Meetings { get; } = new();

    public PostgresDatabase Cases { get; } = new();

    public string Kind => gated ? "PostgreSQL + RabbitMQ behind a gate" : "PostgreSQL + RabbitMQ";

    public GovernanceTestHost Server
    {
        get
        {
            Meetings.RequireServer();
            Cases.RequireServer();
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
        await Meetings.InitializeAsync();
        await Cases.InitializeAsync();
        _broker = await RabbitMqServer.GetAsync();
        if (!Meetings.IsAvailable || !Cases.IsAvailable || !_broker.IsAvailable)
        {
            return;
        }
        var config = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:Cases"] = Cases.ConnectionString,
        };
        if (gated)
        {
            var broker = _broker.Uri!;
            _gate = new TcpGate(broker.Host, broker.Port);
            config["ConnectionStrings:RabbitMq"] = new UriBuilder(broker) { Host = "127.0.0.1", Port = _gate.Port }.Uri.ToString();
        }
        _host = await GovernanceTestHost.StartAsync(Meetings.ConnectionString, settings: config);
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
        await Meetings.DisposeAsync();
        await Cases.DisposeAsync();
    }
}
