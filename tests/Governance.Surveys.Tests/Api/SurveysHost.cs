using System.Data.Common;
using Governance.Surveys.V1;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Governance.Surveys.Tests.Api;

/// <summary>
/// The real host for a Surveys test class (<see cref="RoundHost"/>, <see cref="MailHost"/>), on one store
/// (<see cref="HostStore"/>), in a data directory of its own and with a clock the tests move on
/// (<see cref="Clock"/>). Its kinds say what they start it with.
/// </summary>
public abstract class SurveysHost(HostStore store) : IAsyncLifetime
{
    private readonly SqliteDatabase directory = new();
    private GovernanceTestHost? host;

    public TestClock Clock { get; } = new();

    /// <summary>"SQLite" or "PostgreSQL".</summary>
    public string Store => store.Name;

    public GovernanceTestHost Server
    {
        get
        {
            RequireServers();
            return host ?? throw new InvalidOperationException("The host is not started.");
        }
    }

    /// <summary>The host's data directory (the SQLite files, the e-mails of the embedded default).</summary>
    protected string DataDirectory => directory.DirectoryPath;

    public SurveysService.SurveysServiceClient Client => new(Server.Channel);

    /// <summary>The respondents' client: no bearer token at all.</summary>
    public SurveyAnsweringService.SurveyAnsweringServiceClient Answering => new(Server.CreateChannel(bearerToken: null));

    /// <summary>Fails the test in CI (skips it elsewhere) when a server the host needs is missing.</summary>
    protected virtual void RequireServers() => store.RequireServers();

    public abstract ValueTask InitializeAsync();

    /// <summary>Starts the host on the store with <paramref name="settings"/>, its log entries to
    /// <paramref name="logs"/> when given; false, and nothing started, when a server of the store is missing
    /// (reading <see cref="Server"/> then fails the test in CI and skips it elsewhere).</summary>
    protected async Task<bool> StartHostAsync(IDictionary<string, string?> settings, ILoggerProvider? logs)
    {
        if (!await store.InitializeAsync())
        {
            return false;
        }
        host = await GovernanceTestHost.StartAsync(store.ConnectionStrings, directory.DirectoryPath, settings, logs: logs, clock: Clock);
        return true;
    }

    /// <summary>A connection to the Surveys database itself, for the tests that look at what is stored.</summary>
    public Task<DbConnection> OpenStoreAsync() => store.OpenSurveysAsync(directory.DirectoryPath);

    public virtual async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        directory.Dispose();
        await store.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>What a <see cref="SurveysHost"/> keeps its data in, the one thing its SQLite and PostgreSQL
/// variants differ in.</summary>
public abstract class HostStore : IAsyncDisposable
{
    /// <summary>"SQLite" or "PostgreSQL".</summary>
    public abstract string Name { get; }

    /// <summary>Each service's connection string for the host; null for the embedded default.</summary>
    public abstract IReadOnlyDictionary<string, string>? ConnectionStrings { get; }

    /// <summary>Makes the store ready; false when a server it needs is missing.</summary>
    public abstract Task<bool> InitializeAsync();

    /// <summary>Fails the test in CI (skips it elsewhere) when a server the store needs is missing.</summary>
    public virtual void RequireServers()
    {
    }

    /// <summary>A connection to the Surveys database of the host in <paramref name="dataDirectory"/>.</summary>
    public abstract Task<DbConnection> OpenSurveysAsync(string dataDirectory);

    public abstract ValueTask DisposeAsync();

    protected static async Task<DbConnection> OpenAsync(DbConnection connection)
    {
        await connection.OpenAsync();
        return connection;
    }
}

/// <summary>The embedded default: the SQLite files under the host's data directory, the in-memory bus.</summary>
public sealed class SqliteHostStore : HostStore
{
    public override string Name => "SQLite";

    public override IReadOnlyDictionary<string, string>? ConnectionStrings => null;

    public override Task<bool> InitializeAsync() => Task.FromResult(true);

    public override Task<DbConnection> OpenSurveysAsync(string dataDirectory) =>
        OpenAsync(new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "surveys.db")}"));

    /// <summary>Nothing of its own: the files go with the host's data directory.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A fresh PostgreSQL database for each service (<see cref="PostgresStores"/>) and the test RabbitMQ
/// broker as the bus.</summary>
public sealed class PostgresHostStore : HostStore
{
    private readonly PostgresStores stores = new();

    public override string Name => "PostgreSQL";

    public override IReadOnlyDictionary<string, string>? ConnectionStrings => stores.ConnectionStrings;

    public override async Task<bool> InitializeAsync()
    {
        await stores.InitializeAsync();
        var broker = await RabbitMqServer.GetAsync();
        return stores.IsAvailable && broker.IsAvailable;
    }

    public override void RequireServers() => stores.RequireServer();

    public override Task<DbConnection> OpenSurveysAsync(string dataDirectory) => OpenAsync(new NpgsqlConnection(stores["surveys"].ConnectionString));

    public override async ValueTask DisposeAsync() => await stores.DisposeAsync();
}
