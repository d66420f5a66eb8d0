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

/// <summary>Production-like: each service on its own PostgreSQL database, RabbitMQ as the bus.</summary>
public sealed class ServerHost : IIntegrationHost, IAsyncLifetime
{
    private GovernanceTestHost? host;
    private RabbitMqServer? broker;

    public PostgresDatabase Meetings { get; } = new();

    public PostgresDatabase Cases { get; } = new();

    public string Kind => "PostgreSQL + RabbitMQ";

    public GovernanceTestHost Server
    {
        get
        {
            Meetings.RequireServer();
            Cases.RequireServer();
            broker?.RequireServer();
            return host ?? throw new InvalidOperationException("The host is not started.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        await Meetings.InitializeAsync();
        await Cases.InitializeAsync();
        broker = await RabbitMqServer.GetAsync();
        if (Meetings.IsAvailable && Cases.IsAvailable && broker.IsAvailable)
        {
            host = await GovernanceTestHost.StartAsync(Meetings.ConnectionString,
                settings: new Dictionary<string, string?> { ["ConnectionStrings:Cases"] = Cases.ConnectionString });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        await Meetings.DisposeAsync();
        await Cases.DisposeAsync();
    }
}
