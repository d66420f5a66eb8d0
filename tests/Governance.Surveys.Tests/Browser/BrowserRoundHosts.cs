using System.Data.Common;
using Governance.Surveys.Tests.Api;
using Governance.Surveys.Tests.Web;
using Governance.Testing.Browser;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Governance.Surveys.Tests.Browser;

/// <summary>The browser tests share one Chromium fixture and run one after another (two cores).</summary>
[CollectionDefinition(Name)]
public sealed class SurveyBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Survey pages in Chromium";
}

/// <summary>
/// The round host for the browser: the invitation e-mails link to this host's own pages
/// (<c>http://127.0.0.1:port/survey/{token}</c>), so a test opens the very link the notifier wrote, and every
/// log entry at every level, Trace included, is captured whole (the hosts' <c>Logs</c>) for the test that looks
/// for a token in them.
/// </summary>
public static class BrowserRoundHost
{
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Governance:Surveys:AnswerUrl"] = $"{GovernanceTestHost.HttpAddressPlaceholder}/survey",
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore.Routing"] = "Trace",
        ["Logging:LogLevel:System"] = "Trace",
        ["Logging:LogLevel:Grpc"] = "Trace",
    };
}

public sealed class SqliteBrowserRoundHost : RoundHost
{
    public TraceCapture Logs { get; } = new();

    public override string Store => "SQLite";

    public override async ValueTask InitializeAsync() => await StartAsync(null, BrowserRoundHost.Settings(), Logs);

    public override async Task<DbConnection> OpenStoreAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(Path.GetDirectoryName(MailDirectory)!, "surveys.db")}");
        await connection.OpenAsync();
        return connection;
    }
}

public sealed class PostgresBrowserRoundHost : RoundHost
{
    private readonly PostgresStores stores = new();

    public TraceCapture Logs { get; } = new();

    public override string Store => "PostgreSQL";

    public override async ValueTask InitializeAsync()
    {
        await stores.InitializeAsync();
        var broker = await RabbitMqServer.GetAsync();
        if (stores.IsAvailable && broker.IsAvailable)
        {
            await StartAsync(stores.ConnectionStrings, BrowserRoundHost.Settings(), Logs);
        }
    }

    protected override void RequireServers() => stores.RequireServer();

    public override async Task<DbConnection> OpenStoreAsync()
    {
        var connection = new NpgsqlConnection(stores["surveys"].ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await stores.DisposeAsync();
    }
}
