using System.Data.Common;
using Governance.Surveys.V1;
using Microsoft.Data.Sqlite;
using MimeKit;
using Npgsql;

namespace Governance.Surveys.Tests.Api;

/// <summary>
/// The real host for the round tests, on one store, with a clock the tests move on (<see cref="Clock"/>)
/// and a fast round sweep, so a round closes, reminds and is released by the clock as it would over
/// days. E-mail goes to .eml files under the data directory (<see cref="MailDirectory"/>), read back as the
/// respondents would read them. <see cref="OpenStoreAsync"/> opens the Surveys database itself, for
/// the tests that look at what is stored (unlinkability).
/// </summary>
public abstract class RoundHost : IAsyncLifetime
{
    private readonly SqliteDatabase directory = new();
    private GovernanceTestHost? host;

    public TestClock Clock { get; } = new();

    public GovernanceTestHost Server
    {
        get
        {
            RequireServers();
            return host ?? throw new InvalidOperationException("The host is not started.");
        }
    }

    /// <summary>Fails the test in CI (skips it elsewhere) when a server the host needs is missing.</summary>
    protected virtual void RequireServers()
    {
    }

    public abstract string Store { get; }

    /// <summary>The folder the host writes its e-mails to.</summary>
    public string MailDirectory => Path.Combine(directory.DirectoryPath, "mail");

    public SurveysService.SurveysServiceClient Client => new(Server.Channel);

    /// <summary>A client as a caller with only <paramref name="role"/> and <paramref name="claims"/> (e.g.
    /// <c>SurveysClaims.ForManager("odc-leder-1")</c>).</summary>
    public SurveysService.SurveysServiceClient ClientAs(string role, params ServiceDefaults.Security.TokenClaim[] claims) =>
        ClientAs([role], claims);

    /// <summary>A client as a caller with several roles.</summary>
    public SurveysService.SurveysServiceClient ClientAs(string[] roles, params ServiceDefaults.Security.TokenClaim[] claims) =>
        new(Server.CreateChannel(Server.Tokens!.Issue($"{roles[0]}-{Guid.NewGuid():N}"[..20], roles, claims)));

    /// <summary>The respondents' client: no bearer token at all.</summary>
    public SurveyAnsweringService.SurveyAnsweringServiceClient Answering => new(Server.CreateChannel(bearerToken: null));

    protected static Dictionary<string, string?> Settings() => new()
    {
        ["Governance:Meetings:VerifyJournalNumbers"] = "false",
        ["Governance:Surveys:SweepInterval"] = "00:00:00.200",
        ["Governance:Surveys:AnswerUrl"] = "https://trivsel.kommune.test/survey",
    };

    /// <summary>Starts the host; <paramref name="settings"/> add to (or override) <see cref="Settings"/>, and
    /// <paramref name="logs"/>, when given, receives its log entries.</summary>
    protected async Task StartAsync(IReadOnlyDictionary<string, string>? stores, IDictionary<string, string?>? settings = null,
        Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        var all = Settings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        host = await GovernanceTestHost.StartAsync(stores, directory.DirectoryPath, all, logs: logs, clock: Clock);
    }

    public abstract ValueTask InitializeAsync();

    /// <summary>A connection to the Surveys database.</summary>
    public abstract Task<DbConnection> OpenStoreAsync();

    public virtual async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        directory.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The e-mails sent so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Mails() =>
        Directory.Exists(MailDirectory)
            ? [.. Directory.GetFiles(MailDirectory, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))]
            : [];

    /// <summary>Waits (up to a minute) until <paramref name="done"/> holds of the e-mails sent.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMailsAsync(Func<IReadOnlyList<MimeMessage>, bool> done, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var mails = Mails();
            if (done(mails))
            {
                return mails;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The e-mails expected did not arrive within a minute ({mails.Count} arrived).");
            }
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Waits (up to a minute) until the round is in <paramref name="state"/>: the sweep's work.</summary>
    public async Task<Round> WaitForStateAsync(string round, RoundState state, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var r = await Client.GetRoundAsync(new GetRoundRequest { Name = round }, cancellationToken: ct);
            if (r.State == state)
            {
                return r;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{round} is {r.State}, not {state}, after a minute.");
            }
            await Task.Delay(100, ct);
        }
    }
}

public sealed class SqliteRoundHost : RoundHost
{
    public override string Store => "SQLite";

    public override async ValueTask InitializeAsync() => await StartAsync(null);

    public override async Task<DbConnection> OpenStoreAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(Path.GetDirectoryName(MailDirectory)!, "surveys.db")}");
        await connection.OpenAsync();
        return connection;
    }
}

public sealed class PostgresRoundHost : RoundHost
{
    private readonly PostgresStores stores = new();

    public override string Store => "PostgreSQL";

    public override async ValueTask InitializeAsync()
    {
        await stores.InitializeAsync();
        var broker = await RabbitMqServer.GetAsync();
        if (stores.IsAvailable && broker.IsAvailable)
        {
            await StartAsync(stores.ConnectionStrings);
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
