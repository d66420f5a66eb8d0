using System.Collections.Concurrent;
using System.Diagnostics;
using Governance.Cases.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Npgsql;

namespace Governance.Host.Tests;

/// <summary>
/// SIGTERM drains (issue 14): the host process on PostgreSQL and RabbitMQ, under writers creating cases,
/// gets SIGTERM as Kubernetes sends it. Readiness must turn NOT_SERVING first, calls arriving during the
/// drain delay must still be served, every call the host answered OK must be in the database after a
/// restart, every call that failed must have failed as UNAVAILABLE (never accepted and dropped), the host
/// must exit 0 by itself, and the events of every acknowledged case leave the outbox (at the latest after
/// the restart): nothing accepted is lost.
/// </summary>
public sealed class DrainTests(ITestOutputHelper output)
{
    private const int Writers = 6;
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LoadBeforeSignal = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Outcome(TimeSpan At, string RequestId, Case? Created, StatusCode? Failure);

    [Fact]
    public async Task Sigterm_under_load_turns_readiness_first_serves_the_drain_and_loses_no_accepted_call()
    {
        await using var backends = await ServerBackends.StartAsync();
        var (environment, authority) = await ServerHostEnvironment.CreateAsync(backends, "drain", Ct);
        environment["Governance__Shutdown__DrainDelay"] = DrainDelay.ToString();
        environment["Governance__Shutdown__Timeout"] = "00:00:20";
        environment["Logging__LogLevel__Default"] = "Warning";
        var token = authority.Issue("drain-test", HostClaims.Roles, HostClaims.Everywhere);

        var outcomes = new ConcurrentQueue<Outcome>();
        var clock = Stopwatch.StartNew();
        TimeSpan signalled, notServingSeen;
        int exitCode;
        string hostOutput;
        await using (var host = await RunningHost.StartAsync(backends.DataDirectory, environment, Ct))
        {
            using var channel = GovernanceTestHost.CreateChannel(host.GrpcAddress, token);
            using var probeChannel = GovernanceTestHost.CreateChannel(host.GrpcAddress, null);
            var cases = new CasesService.CasesServiceClient(channel);
            var health = new Health.HealthClient(probeChannel);
            using var stop = new CancellationTokenSource();

            async Task WriteAsync(int writer)
            {
                for (var n = 1; !stop.IsCancellationRequested; n++)
                {
                    var request = new CreateCaseRequest
                    {
                        Case = new Case { Title = $"Vejbelysning, etape {writer}.{n}", Unit = "TMF" },
                        RequestId = Guid.NewGuid().ToString(),
                    };
                    try
                    {
                        var created = await cases.CreateCaseAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: CancellationToken.None);
                        outcomes.Enqueue(new Outcome(clock.Elapsed, request.RequestId, created, null));
                    }
                    catch (RpcException ex)
                    {
                        outcomes.Enqueue(new Outcome(clock.Elapsed, request.RequestId, null, ex.StatusCode));
                        await Task.Delay(20, CancellationToken.None);
                    }
                }
            }

            // Readiness as a load balancer sees it: polled on its own connection.
            var notServing = TimeSpan.MaxValue;
            async Task ProbeAsync()
            {
                while (!stop.IsCancellationRequested && notServing == TimeSpan.MaxValue)
                {
                    try
                    {
                        var status = (await health.CheckAsync(new HealthCheckRequest { Service = "governance.cases.v1.CasesService" },
                            deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: CancellationToken.None)).Status;
                        if (status == HealthCheckResponse.Types.ServingStatus.NotServing)
                        {
                            notServing = clock.Elapsed;
                        }
                    }
                    catch (RpcException)
                    {
                        // Gone: the probe saw no NOT_SERVING before the host stopped answering.
                        return;
                    }
                    await Task.Delay(20, CancellationToken.None);
                }
            }

            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w), Ct)).ToArray();
            var probe = Task.Run(ProbeAsync, Ct);
            await Task.Delay(LoadBeforeSignal, Ct);
            Assert.True(outcomes.Any(o => o.Created is not null), "No case was created before the signal.");
            signalled = clock.Elapsed;
            host.Terminate();
            using (var exitTimeout = CancellationTokenSource.CreateLinkedTokenSource(Ct))
            {
                exitTimeout.CancelAfter(TimeSpan.FromSeconds(40));
                exitCode = await host.WaitForExitAsync(exitTimeout.Token);
            }
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            await probe;
            notServingSeen = notServing;
            hostOutput = host.Output;
        }

        var acknowledged = outcomes.Where(o => o.Created is not null).ToList();
        var failed = outcomes.Where(o => o.Failure is not null).ToList();
        var servedInDrain = acknowledged.Count(o => o.At > notServingSeen);
        output.WriteLine($"SIGTERM at {signalled.TotalSeconds:0.00} s; NOT_SERVING seen at {notServingSeen.TotalSeconds:0.00} s; " +
            $"{acknowledged.Count} cases acknowledged ({servedInDrain} after NOT_SERVING was seen), {failed.Count} calls failed " +
            $"({string.Join(", ", failed.GroupBy(f => f.Failure).Select(g => $"{g.Key}: {g.Count()}"))}), the first at " +
            $"{(failed.Count > 0 ? failed.Min(f => f.At).TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "-")} s.");

        Assert.True(exitCode == 0, $"The host exited with {exitCode} after SIGTERM. Its output:\n{hostOutput}");
        Assert.True(notServingSeen != TimeSpan.MaxValue, $"Readiness never answered NOT_SERVING after SIGTERM. Host output:\n{hostOutput}");
        Assert.True(servedInDrain > 0, "No call was served after readiness turned NOT_SERVING: the drain delay served nothing.");
        Assert.All(failed, f => Assert.True(f.Failure == StatusCode.Unavailable,
            $"A call failed with {f.Failure} during the shutdown: only UNAVAILABLE (not accepted) may happen."));
        Assert.True(failed.All(f => f.At > notServingSeen),
            "A call failed before readiness turned NOT_SERVING: the host stopped accepting before it told the load balancer.");

        // Every acknowledged case is there after a restart, and every event has left the outbox.
        await using var restarted = await RunningHost.StartAsync(backends.DataDirectory, environment, Ct);
        using var again = GovernanceTestHost.CreateChannel(restarted.GrpcAddress, token);
        var client = new CasesService.CasesServiceClient(again);
        foreach (var outcome in acknowledged)
        {
            var found = await client.GetCaseAsync(new GetCaseRequest { Name = outcome.Created!.Name }, cancellationToken: Ct);
            Assert.Equal(outcome.Created.Title, found.Title);
        }
        await using var connection = new NpgsqlConnection(backends.Stores.ConnectionStrings["Cases"]);
        await connection.OpenAsync(Ct);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long pending;
        do
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL", connection);
            pending = (long)(await count.ExecuteScalarAsync(Ct))!;
            if (pending > 0)
            {
                await Task.Delay(200, Ct);
            }
        }
        while (pending > 0 && DateTime.UtcNow < deadline);
        Assert.True(pending == 0, $"{pending} outbox rows of Cases are still pending 30 s after the restart.");
    }
}
