using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Governance.Host;
using Governance.ServiceDefaults.Security;
using Governance.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Governance.Bench;

/// <summary>
/// The built host run as its own process, as an operator runs it (only the settings given here; none
/// inherited), so that its CPU and memory are its own. Two stores: the embedded default (SQLite files
/// under a temp data directory, in-memory bus, the development issuer's key in that directory) or
/// PostgreSQL (a fresh database for each service: Meetings, Cases, Reminders, Surveys) with RabbitMQ
/// (its own exchange prefix) and a stand-in authority.
/// </summary>
internal sealed class HostUnderTest : IAsyncDisposable
{
    public const string StandInIssuer = "urn:governance:bench-authority";

    private readonly Process _process;
    private readonly string _root;
    private readonly List<string> _databases;
    private readonly string? _adminConnectionString;
    private readonly StreamWriter _log;
    private readonly string? _casesConnectionString;
    private readonly string? _remindersConnectionString;
    private readonly string? _surveysConnectionString;

    private HostUnderTest(Process process, string root, StreamWriter log, Uri grpc, Uri http, string token, string store,
        List<string> databases, string? adminConnectionString, string? meetingsConnectionString, string? casesConnectionString,
        string? remindersConnectionString, string? surveysConnectionString, string? messagingPrefix, TimeSpan toServing)
    {
        _casesConnectionString = casesConnectionString;
        _remindersConnectionString = remindersConnectionString;
        _surveysConnectionString = surveysConnectionString;
        _process = process;
        _root = root;
        _log = log;
        _databases = databases;
        _adminConnectionString = adminConnectionString;
        GrpcAddress = grpc;
        Store = store;
        MeetingsConnectionString = meetingsConnectionString;
        MessagingPrefix = messagingPrefix;
        StartToServing = toServing;
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("Authorization", $"Bearer {token}");
            return Task.CompletedTask;
        });
        Channel = GrpcChannel.ForAddress(grpc, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = true,
            // One HTTP/2 connection would cap 64 in flight at its stream limit and one socket's lock.
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        BareChannel = GrpcChannel.ForAddress(grpc, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        HttpAddress = http;
        HttpJson = new HttpJsonCallInvoker(http, token, Governance.Meetings.V1.MeetingsService.Descriptor, Governance.Cases.V1.CasesService.Descriptor,
            Governance.Reminders.V1.RemindersService.Descriptor, Governance.Surveys.V1.SurveysService.Descriptor);
    }

    /// <summary>"sqlite" or "postgres".</summary>
    public string Store { get; }

    public Uri GrpcAddress { get; }

    /// <summary>Calls carry a token with every role for every body and unit.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>No token: for the bare call (health checks need none).</summary>
    public GrpcChannel BareChannel { get; }

    /// <summary>The <c>Http</c> endpoint: the RPCs as HTTP/JSON.</summary>
    public Uri HttpAddress { get; }

    /// <summary>The generated clients over the RPCs' HTTP/JSON paths, with the same token as <see cref="Channel"/>.</summary>
    public HttpJsonCallInvoker HttpJson { get; }

    public int Pid => _process.Id;

    public string? MeetingsConnectionString { get; }

    public string? MessagingPrefix { get; }

    /// <summary>The host's data directory: its SQLite files, and the e-mails it writes (<c>mail/</c>) when
    /// no SMTP server is set, on either store.</summary>
    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>A directory of the run for scratch files (removed with the host).</summary>
    public string ScratchDirectory => _root;

    /// <summary>The Surveys service's own database (its PostgreSQL database or its SQLite file), opened
    /// beside the host as the service opens it: for the ceilings that read the same rows.</summary>
    public Governance.Data.Connections.ServiceDatabase SurveysDatabase() => Store == "postgres"
        ? new("surveys", Governance.Data.Connections.StoreDialect.Postgres, _surveysConnectionString!)
        : new("surveys", Governance.Data.Connections.StoreDialect.Sqlite,
            new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataDirectory, "surveys.db") }.ToString());

    /// <summary>The PostgreSQL server's admin connection string (null on SQLite).</summary>
    public string? PostgresAdmin => _adminConnectionString;

    /// <summary>
    /// Waits until the host is quiet: no pending outbox row in any service's database and the in-process
    /// consumers idle (no new inbox row for a second), so that one scenario's events are not handled
    /// during the next one's measurement. Reads the databases directly (the SQLite files in WAL mode
    /// take a reader beside the host). Returns how long it waited (at most <paramref name="limit"/>).
    /// </summary>
    public async Task<TimeSpan> QuiesceAsync(TimeSpan limit)
    {
        var began = Stopwatch.GetTimestamp();
        var databases = Store == "postgres"
            ? new[] { MeetingsConnectionString!, _casesConnectionString!, _remindersConnectionString!, _surveysConnectionString! }
                .Select(c => (DbConnection)new NpgsqlConnection(c)).ToList()
            : new[] { "meetings", "cases", "reminders", "surveys" }.Select(s => (DbConnection)new SqliteConnection(
                new SqliteConnectionStringBuilder { DataSource = Path.Combine(_root, "data", $"{s}.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString())).ToList();
        try
        {
            foreach (var database in databases)
            {
                await database.OpenAsync();
            }
            long lastInbox = -1;
            var quietSince = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(began) < limit)
            {
                long pending = 0, inbox = 0;
                foreach (var database in databases)
                {
                    await using var query = database.CreateCommand();
                    query.CommandText = "SELECT (SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL), (SELECT count(*) FROM inbox_messages)";
                    await using var reader = await query.ExecuteReaderAsync();
                    await reader.ReadAsync();
                    pending += reader.GetInt64(0);
                    inbox += reader.GetInt64(1);
                }
                if (pending > 0 || inbox != lastInbox)
                {
                    quietSince = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetElapsedTime(quietSince) >= TimeSpan.FromSeconds(1))
                {
                    break;
                }
                lastInbox = inbox;
                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }
        }
        return Stopwatch.GetElapsedTime(began);
    }

    /// <summary>From process start until grpc.health.v1 answered SERVING (empty store, migrations included).</summary>
    public TimeSpan StartToServing { get; }

    public double CpuMilliseconds() => ProcessCpu.Milliseconds(_process.Id);

    public double? RssMegabytes() => ProcessCpu.RssMegabytes(_process.Id);

    public static async Task<HostUnderTest> StartAsync(string hostDll, string store, BenchServers servers)
    {
        var root = Directory.CreateTempSubdirectory("governance-bench-").FullName;
        var dataDirectory = Path.Combine(root, "data");
        var environment = new Dictionary<string, string>
        {
            ["Governance__DataDirectory"] = dataDirectory,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var databases = new List<string>();
        string? meetings = null, cases = null, reminders = null, surveys = null, prefix = null;
        TokenIssuer? authority = null;
        if (store == "postgres")
        {
            var admin = servers.PostgresAdmin ?? throw new InvalidOperationException("The postgres store needs GOVERNANCE_TEST_POSTGRES.");
            var broker = servers.RabbitMq ?? throw new InvalidOperationException("The postgres store needs GOVERNANCE_TEST_RABBITMQ.");
            meetings = await CreateDatabaseAsync(admin, databases);
            cases = await CreateDatabaseAsync(admin, databases);
            // Every service on PostgreSQL: one without a connection string would run on a SQLite file.
            reminders = await CreateDatabaseAsync(admin, databases);
            surveys = await CreateDatabaseAsync(admin, databases);
            prefix = $"bench{Guid.NewGuid().ToString("N")[..8]}-";
            authority = new TokenIssuer(StandInIssuer, RSA.Create(2048), "governance");
            var jwks = Path.Combine(root, "jwks.json");
            await File.WriteAllTextAsync(jwks, authority.PublicJwks());
            environment["ConnectionStrings__Meetings"] = meetings;
            environment["ConnectionStrings__Cases"] = cases;
            environment["ConnectionStrings__Reminders"] = reminders;
            environment["ConnectionStrings__Surveys"] = surveys;
            environment["ConnectionStrings__RabbitMq"] = broker.ToString();
            environment["Governance__Messaging__Prefix"] = prefix;
            environment["Governance__Auth__SigningKeysFile"] = jwks;
            environment["Governance__Auth__Issuer"] = StandInIssuer;
        }

        var (grpcPort, httpPort) = (FreePort(), FreePort());
        environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}";
        environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}";
        var log = new StreamWriter(Path.Combine(root, "host.log")) { AutoFlush = true };
        var started = Stopwatch.GetTimestamp();
        var process = Start(hostDll, root, environment, log);
        var grpc = new Uri($"http://127.0.0.1:{grpcPort}");
        try
        {
            await WaitServingAsync(process, grpc, root);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var toServing = Stopwatch.GetElapsedTime(started);
        // The embedded default signs with the development key the host wrote into its data directory.
        authority ??= TokenIssuer.LoadOrCreateDevelopment(dataDirectory, "governance");
        var token = authority.Issue("bench", HostClaims.Roles, HostClaims.Everywhere, TimeSpan.FromHours(12));
        return new HostUnderTest(process, root, log, grpc, new Uri($"http://127.0.0.1:{httpPort}/"), token, store, databases, servers.PostgresAdmin, meetings, cases, reminders, surveys, prefix, toServing);
    }

    private static Process Start(string hostDll, string root, Dictionary<string, string> environment, StreamWriter log)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        start.ArgumentList.Add(hostDll);
        // Nothing inherited may configure the host (as tests/Governance.Host.Tests/HostProcess.cs).
        foreach (var key in start.Environment.Keys.Where(k =>
            k.StartsWith("Governance__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
            || k.Equals("urls", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitServingAsync(Process process, Uri grpc, string root)
    {
        using var channel = GrpcChannel.ForAddress(grpc);
        var health = new Health.HealthClient(channel);
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 120);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {process.ExitCode}; see {Path.Combine(root, "host.log")}:\n" +
                    string.Join('\n', File.ReadLines(Path.Combine(root, "host.log")).TakeLast(30)));
            }
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException)
            {
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("The host did not answer SERVING within 120 s.");
    }

    private static async Task<string> CreateDatabaseAsync(string admin, List<string> created)
    {
        var name = "gov_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0";
            await create.ExecuteNonQueryAsync();
        }
        created.Add(name);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 200 }.ConnectionString;
    }

    /// <summary>Drops a bench database (pools of this process cleared first).</summary>
    public static async Task DropDatabaseAsync(string admin, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        BareChannel.Dispose();
        HttpJson.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM lets the host stop cleanly (ends the relay, closes the bus).
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        await _log.DisposeAsync();
        foreach (var name in _databases)
        {
            try
            {
                await DropDatabaseAsync(_adminConnectionString!, name);
            }
            catch (NpgsqlException e)
            {
                await Console.Error.WriteLineAsync($"warning: could not drop {name}: {e.Message}");
            }
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The servers the bench uses: as scripts/test.sh provides them (environment variables).</summary>
internal sealed record BenchServers(string? PostgresAdmin, Uri? RabbitMq)
{
    public static BenchServers FromEnvironment() => new(
        Environment.GetEnvironmentVariable("GOVERNANCE_TEST_POSTGRES") is { Length: > 0 } pg ? pg : null,
        Environment.GetEnvironmentVariable("GOVERNANCE_TEST_RABBITMQ") is { Length: > 0 } mq ? new Uri(mq) : null);

    public int PostgresPort => PostgresAdmin is null ? 0 : new NpgsqlConnectionStringBuilder(PostgresAdmin).Port;
}
