using System.Diagnostics;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Clients;
using Governance.ServiceDefaults.Hosting;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.BuildingBlocks.Tests;

/// <summary>Retries, deadlines and the circuit breaker against the real host behind a gate.</summary>
public sealed class ResilienceTests(HostFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private CallingService Caller(int port, IDictionary<string, string?>? settings = null) =>
        new(port, settings, fixture.Tokens);

    [Fact]
    public async Task An_unreachable_service_is_unavailable_after_the_configured_retries_without_hanging()
    {
        await using var gate = fixture.Gate();
        using var caller = Caller(gate.Port, new Dictionary<string, string?> { ["Governance:Clients:Meetings:RetryAttempts"] = "3" });
        await caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel);
        var before = caller.Requests.Count;
        gate.Close();

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<RpcException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(1 + 3, caller.Requests.Count - before);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_blocking_call_is_retried_the_same_way()
    {
        await using var gate = fixture.Gate();
        using var caller = Caller(gate.Port, new Dictionary<string, string?> { ["Governance:Clients:Meetings:RetryAttempts"] = "2" });
        gate.Close();

        var ex = Assert.Throws<RpcException>(() => caller.Client.ListBodies(new ListBodiesRequest(), cancellationToken: Cancel));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(1 + 2, caller.Requests.Count);
    }

    [Fact]
    public async Task A_service_that_never_answers_hits_the_attempt_deadline_once()
    {
        using var hole = new BlackHole();
        using var caller = Caller(hole.Port);

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<RpcException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(1, caller.Requests.Count);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_sooner_deadline_of_the_caller_wins()
    {
        using var hole = new BlackHole();
        using var caller = Caller(hole.Port, new Dictionary<string, string?> { ["Governance:Clients:Meetings:Deadline"] = "00:00:30" });

        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<RpcException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(),
            deadline: DateTime.UtcNow.AddMilliseconds(500), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Repeated_failures_open_the_circuit_which_fails_fast_and_recovers_after_the_break()
    {
        await using var gate = fixture.Gate();
        using var caller = Caller(gate.Port, new Dictionary<string, string?>
        {
            ["Governance:Clients:Meetings:RetryAttempts"] = "2",
            ["Governance:Clients:Meetings:FailureRatio"] = "0.5",
            ["Governance:Clients:Meetings:MinimumThroughput"] = "3",
            ["Governance:Clients:Meetings:SamplingDuration"] = "00:00:30",
            ["Governance:Clients:Meetings:BreakDuration"] = "00:00:01",
        });
        gate.Close();

        // Three failed attempts (one call and its two retries) open the circuit.
        var first = await Assert.ThrowsAsync<RpcException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, first.StatusCode);
        Assert.Equal(3, caller.Requests.Count);

        var clock = Stopwatch.StartNew();
        var open = await Assert.ThrowsAsync<RpcException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, open.StatusCode);
        Assert.Contains("circuit to Meetings is open", open.Status.Detail);
        Assert.Equal(3, caller.Requests.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"took {clock.Elapsed}");

        gate.Open();
        // Still open: the service is back, but the break has not passed.
        await Assert.ThrowsAsync<RpcException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(3, caller.Requests.Count);

        await Task.Delay(TimeSpan.FromSeconds(1.2), Cancel);
        await caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel);
        await caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel);
        Assert.Equal(5, caller.Requests.Count);
    }

    [Fact]
    public async Task Not_found_is_an_answer_and_not_retried()
    {
        await using var gate = fixture.Gate();
        using var caller = Caller(gate.Port);

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            caller.Client.GetBodyAsync(new GetBodyRequest { Name = "bodies/findes-ikke" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Contains("bodies/findes-ikke", ex.Status.Detail);
        Assert.Equal(1, caller.Requests.Count);
    }

    [Fact]
    public async Task Unauthenticated_is_not_retried_and_does_not_open_the_circuit()
    {
        await using var gate = fixture.Gate();
        using var caller = new CallingService(gate.Port, new Dictionary<string, string?>
        {
            ["Governance:Clients:Meetings:MinimumThroughput"] = "2",
        }, fixture.Tokens, Serving.Request("Bearer not-a-token"));

        for (var i = 1; i <= 3; i++)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => caller.Client.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Cancel).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
            Assert.Equal(i, caller.Requests.Count);
        }
    }

    [Fact]
    public void A_client_without_an_address_fails_at_startup_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().Build();
        var ex = Assert.Throws<StartupConfigurationException>(() =>
            new ServiceCollection().AddGovernanceGrpcClient<MeetingsService.MeetingsServiceClient>(configuration, "Cases"));
        Assert.Contains("Governance:Clients:Cases:Address", ex.Message);
    }

    [Fact]
    public void The_default_address_is_used_when_none_is_configured()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddLogging();
        services.AddGovernanceGrpcClient<MeetingsService.MeetingsServiceClient>(configuration, "Cases", "http://cases.internal:5080");
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<global::Grpc.Net.ClientFactory.GrpcClientFactoryOptions>>()
            .Get(nameof(MeetingsService.MeetingsServiceClient));
        Assert.Equal(new Uri("http://cases.internal:5080"), options.Address);
    }

    [Theory]
    [InlineData("BreakDuration", "00:00:00")]
    [InlineData("FailureRatio", "2")]
    [InlineData("Deadline", "00:00:00")]
    public void Bad_resilience_settings_fail_at_startup(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Governance:Clients:Cases:Address"] = "http://cases.internal:5080",
            [$"Governance:Clients:Cases:{key}"] = value,
        }).Build();
        var ex = Assert.Throws<StartupConfigurationException>(() =>
            new ServiceCollection().AddGovernanceGrpcClient<MeetingsService.MeetingsServiceClient>(configuration, "Cases"));
        Assert.Contains("Governance:Clients:Cases", ex.Message);
    }
}
