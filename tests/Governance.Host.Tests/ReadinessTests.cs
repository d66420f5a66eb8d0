using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Governance.Meetings.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Npgsql;

namespace Governance.Host.Tests;

/// <summary>
/// Readiness answers from each database's last known state, refreshed in the background: probes cost
/// no database round trip, and an outage still turns readiness NOT_SERVING within seconds (and back).
/// On PostgreSQL, with the Meetings database behind a gate the test can close; a call meanwhile is
/// UNAVAILABLE.
/// </summary>
public sealed class ReadinessTests(PostgresStores stores) : IClassFixture<PostgresStores>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string MeetingsHealth = "governance.meetings.v1.MeetingsService";

    [Fact]
    public async Task Probes_read_the_cached_state_and_an_outage_shows_within_seconds()
    {
        stores.RequireServer();
        var meetings = new NpgsqlConnectionStringBuilder(stores.ConnectionStrings["Meetings"]);
        await using var gate = new TcpGate(meetings.Host!, meetings.Port);
        meetings.Host = "127.0.0.1";
        meetings.Port = gate.Port;
        var connectionStrings = new Dictionary<string, string>(stores.ConnectionStrings, StringComparer.OrdinalIgnoreCase) { ["Meetings"] = meetings.ConnectionString };
        await using var host = await GovernanceTestHost.StartAsync(connectionStrings, settings: new Dictionary<string, string?>
        {
            ["Governance:Health:RefreshInterval"] = "00:00:01",
        });
        using var anonymous = host.CreateChannel(null);
        var health = new Health.HealthClient(anonymous);
        using var http = new HttpClient { BaseAddress = host.HttpAddress };

        // The readiness queries the process sends while 200 probes are answered.
        using var queries = new ReadinessQueries([stores["Meetings"].DatabaseName, stores["Cases"].DatabaseName]);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
                (await health.CheckAsync(new HealthCheckRequest { Service = "" }, cancellationToken: Ct)).Status);
            using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        var elapsed = watch.Elapsed;
        // The background refresh: one query per database and interval (1 s), whatever the number of probes.
        var allowed = 2 * ((int)Math.Ceiling(elapsed.TotalSeconds) + 1);
        Assert.True(queries.Count <= allowed, $"{queries.Count} readiness queries for 200 probes in {elapsed} (at most {allowed} expected).");

        gate.Close();
        await WaitForAsync(health, MeetingsHealth, HealthCheckResponse.Types.ServingStatus.NotServing, TimeSpan.FromSeconds(10));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing,
            (await health.CheckAsync(new HealthCheckRequest { Service = "" }, cancellationToken: Ct)).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new HealthCheckRequest { Service = "governance.cases.v1.CasesService" }, cancellationToken: Ct)).Status);
        using (var notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        }

        // A call meanwhile: the database is away, so UNAVAILABLE ("try again shortly"), not INTERNAL.
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new MeetingsService.MeetingsServiceClient(host.Channel).ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Equal("DATABASE_UNAVAILABLE", refused.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);

        gate.Open();
        await WaitForAsync(health, MeetingsHealth, HealthCheckResponse.Types.ServingStatus.Serving, TimeSpan.FromSeconds(10));
    }

    private static async Task WaitForAsync(Health.HealthClient health, string service, HealthCheckResponse.Types.ServingStatus status, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        HealthCheckResponse.Types.ServingStatus seen;
        do
        {
            seen = (await health.CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: Ct)).Status;
            if (seen == status)
            {
                return;
            }
            await Task.Delay(100, Ct);
        }
        while (deadline.Elapsed < within);
        Assert.Fail($"{service} stayed {seen} for {within}, expected {status}.");
    }

    /// <summary>Counts the readiness query (<c>SELECT 1</c>) on the given databases as Npgsql traces
    /// it in this process (other tests' hosts use other databases).</summary>
    private sealed class ReadinessQueries : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentBag<string> _seen = [];

        public ReadinessQueries(IReadOnlyCollection<string> databases)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    var text = activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement");
                    var database = activity.GetTagItem("db.namespace") ?? activity.GetTagItem("db.name");
                    if (text as string == "SELECT 1" && databases.Contains(database as string))
                    {
                        _seen.Add(activity.DisplayName);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count => _seen.Count;

        public void Dispose() => _listener.Dispose();
    }
}
