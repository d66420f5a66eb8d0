using Governance.Meetings.Events;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Telemetry;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Host.Tests.Telemetry;

/// <summary>The host for the /metrics tests: every service, with a fast round sweep and short consumer retries.</summary>
public abstract class MetricsHost : IAsyncLifetime
{
    public const int RetryLimit = 2;

    private GovernanceTestHost? _host;

    public TemporaryDirectory Data { get; } = new();

    public abstract string Kind { get; }

    public GovernanceTestHost Server
    {
        get
        {
            RequireServers();
            return _host ?? throw new InvalidOperationException("The host is not started.");
        }
    }

    protected virtual void RequireServers()
    {
    }

    protected async Task StartAsync(IReadOnlyDictionary<string, string>? stores) =>
        _host = await GovernanceTestHost.StartAsync(stores, Data.Path, new Dictionary<string, string?>
        {
            ["Governance:Surveys:SweepInterval"] = "00:00:00.200",
            ["Governance:Messaging:ConsumerRetryLimit"] = RetryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Governance:Messaging:ConsumerRetryMinInterval"] = "00:00:00.050",
            ["Governance:Messaging:ConsumerRetryMaxInterval"] = "00:00:00.200",
        });

    public abstract ValueTask InitializeAsync();

    public virtual async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        Data.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class EmbeddedMetricsHost : MetricsHost
{
    public override string Kind => "SQLite + in-memory bus";

    public override async ValueTask InitializeAsync() => await StartAsync(null);
}

public sealed class ServerMetricsHost : MetricsHost
{
    private readonly PostgresStores _stores = new();
    private RabbitMqServer? _broker;

    public override string Kind => "PostgreSQL + RabbitMQ";

    protected override void RequireServers()
    {
        _stores.RequireServer();
        _broker?.RequireServer();
    }

    public override async ValueTask InitializeAsync()
    {
        await _stores.InitializeAsync();
        _broker = await RabbitMqServer.GetAsync();
        if (_stores.IsAvailable && _broker.IsAvailable)
        {
            await StartAsync(_stores.ConnectionStrings);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _stores.DisposeAsync();
    }
}

/// <summary>
/// /metrics on the HTTP endpoint, as Prometheus scrapes it (no token): the text format (version 0.0.4)
/// with a help text for every governance_* metric after a little traffic: RED per RPC with the status
/// code a failing call got (one refused by the authentication policy, before any interceptor, too), the
/// outboxes, the consumers, the reminder sweep, the survey e-mails and the build. Labels are method names
/// and status codes, never the ids or names of what the calls made.
/// </summary>
public abstract class MetricsEndpointTests(MetricsHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Meetings = "governance.meetings.v1.MeetingsService";

    /// <summary>Every metric operations chart and alert on (docs/operations.md, "Telemetry").</summary>
    public static readonly string[] GovernanceMetrics =
    [
        "governance_rpc_server_calls_total",
        "governance_rpc_server_duration_seconds",
        "governance_outbox_pending",
        "governance_outbox_oldest_age_seconds",
        "governance_outbox_parked",
        "governance_outbox_published_total",
        "governance_outbox_relay_failures_total",
        "governance_consumer_handled_total",
        "governance_consumer_retried_total",
        "governance_consumer_faulted_total",
        "governance_reminders_due_sweep_lag_seconds",
        "governance_reminders_due_notices_published_total",
        "governance_surveys_mails_pending",
        "governance_surveys_mails_failed",
        "governance_build_info",
    ];

    /// <summary>The only labels the platform's metrics carry (besides the exporter's otel_scope_*): names of
    /// methods, services, queues and types, status codes, the build, histogram buckets.</summary>
    private static readonly string[] AllowedLabels =
        ["rpc_service", "rpc_method", "grpc_code", "governance_service", "consumer", "message_type", "version", "commit", "le"];

    [Fact]
    public async Task Metrics_answers_Prometheus_text_with_a_help_text_for_every_governance_metric()
    {
        var (c, item) = await Traffic.AgendaItemForCaseAsync(host.Server.Channel, Ct);
        var meetings = new MeetingsService.MeetingsServiceClient(host.Server.Channel);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            meetings.GetMeetingAsync(new GetMeetingRequest { Name = $"meetings/m-{Guid.NewGuid():N}" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        await HostCalls.Unauthenticated(() => HostCalls.ListBodiesAsync(host.Server, token: null, Ct));
        var (round, token) = await Traffic.OpenSurveyRoundAsync(host.Server, host.Data.Path, Ct);

        var scrape = await Scrape.UntilAsync(host.Server, s =>
            s.Sum("governance_consumer_handled_total", ("consumer", "cases-agenda-item-added")) >= 1
            && s.Sum("governance_outbox_published_total", ("governance_service", "Meetings")) >= 1
            && s.Of("governance_surveys_mails_pending").Count == 1
            && s.Of("governance_rpc_server_calls_total", ("rpc_method", "GetMeeting")).Count > 0,
            "the agenda item's event relayed and consumed, and the round's e-mails counted", Ct);

        Assert.StartsWith("text/plain; version=0.0.4", scrape.ContentType, StringComparison.Ordinal);
        foreach (var name in GovernanceMetrics)
        {
            Assert.True(scrape.Help.TryGetValue(name, out var help) && help.Length > 20, $"{name} has no # HELP line ({host.Kind}).");
        }

        // RED: every call by method and status code, HTTP's 200 notwithstanding.
        Assert.True(scrape.Sum("governance_rpc_server_calls_total", ("rpc_service", Meetings), ("rpc_method", "CreateBody"), ("grpc_code", "OK")) >= 1);
        Assert.True(scrape.Sum("governance_rpc_server_calls_total", ("rpc_service", Meetings), ("rpc_method", "GetMeeting"),
            ("grpc_code", "NOT_FOUND")) >= 1, "GetMeeting's NOT_FOUND is not counted");
        Assert.True(scrape.Sum("governance_rpc_server_calls_total", ("rpc_service", Meetings), ("rpc_method", "ListBodies"),
            ("grpc_code", "UNAUTHENTICATED")) >= 1, "a call refused by the authentication policy is not counted");
        var buckets = scrape.Of("governance_rpc_server_duration_seconds_bucket", ("rpc_service", Meetings), ("rpc_method", "AddAgendaItem"));
        Assert.Contains(buckets, b => b["le"] == "0.1");
        Assert.True(buckets.Single(b => b["le"] == "+Inf").Value >= 1);
        Assert.True(scrape.Sum("governance_rpc_server_duration_seconds_count", ("rpc_service", Meetings), ("rpc_method", "AddAgendaItem")) >= 1);

        // The event of the agenda item: out of Meetings' outbox, into Cases' consumer; nothing left waiting.
        Assert.Single(scrape.Of("governance_outbox_pending", ("governance_service", "Meetings")));
        Assert.Single(scrape.Of("governance_outbox_oldest_age_seconds", ("governance_service", "Meetings")));
        Assert.Single(scrape.Of("governance_outbox_relay_failures_total", ("governance_service", "Meetings")));
        Assert.Contains(scrape.Of("governance_consumer_faulted_total"), s => s["consumer"] == "cases-agenda-item-added" && s["message_type"] == "AgendaItemAdded");

        // The round's e-mail: sent by the sweep, nothing given up.
        Assert.Equal(0, scrape.Sum("governance_surveys_mails_failed"));
        Assert.Single(scrape.Of("governance_reminders_due_sweep_lag_seconds"));
        var build = Assert.Single(scrape.Of("governance_build_info"));
        Assert.Equal((BuildInfo.Current.Version, BuildInfo.Current.Commit, 1.0), (build["version"], build["commit"], build.Value));

        // Labels: names and codes only. Nothing of what the calls made, and not the survey link.
        var governance = scrape.Samples.Where(s => s.Name.StartsWith("governance_", StringComparison.Ordinal)).ToList();
        Assert.All(governance, s => Assert.All(s.Labels.Keys.Where(k => !k.StartsWith("otel_scope_", StringComparison.Ordinal)),
            label => Assert.Contains(label, AllowedLabels)));
        foreach (var secret in new[] { c.Name, c.JournalNumber, item.Name, item.Name.Split('/')[1], round.Name, token })
        {
            Assert.DoesNotContain(secret, scrape.Text, StringComparison.Ordinal);
        }
        // The scrapes themselves are not requests anyone needs to see.
        Assert.DoesNotContain(scrape.Samples, s => s.Name.StartsWith("http_server_request_duration", StringComparison.Ordinal)
            && s["http_route"] == GovernanceTelemetry.MetricsPath);
    }

    [Fact]
    public async Task A_call_over_HTTP_JSON_counts_as_its_RPC_with_the_status_code_its_caller_got()
    {
        using var http = new HttpClient { BaseAddress = host.Server.HttpAddress };
        var token = host.Server.Tokens!.Issue("json-metrics", ["secretariat"], HostClaims.Everywhere);
        async Task<System.Net.HttpStatusCode> SendAsync(HttpMethod method, string path, string? bearer, string? json = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (bearer is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            }
            if (json is not null)
            {
                request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            }
            using var response = await http.SendAsync(request, Ct);
            return response.StatusCode;
        }
        var before = await Scrape.UntilAsync(host.Server, _ => true, "a first scrape", Ct);
        double Count(Scrape scrape, string method, string code) =>
            scrape.Sum("governance_rpc_server_calls_total", ("rpc_service", Meetings), ("rpc_method", method), ("grpc_code", code));

        // OK; NOT_FOUND; UNAUTHENTICATED (refused before the method runs); INVALID_ARGUMENT (the method's answer).
        Assert.Equal(System.Net.HttpStatusCode.OK, await SendAsync(HttpMethod.Get, "/v1/bodies", token));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, await SendAsync(HttpMethod.Get, $"/v1/bodies/b{Guid.NewGuid():N}", token));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await SendAsync(HttpMethod.Get, "/v1/bodies", null));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, await SendAsync(HttpMethod.Post, "/v1/bodies?bodyId=Not%20valid", token, "{\"displayName\":\"\"}"));

        var after = await Scrape.UntilAsync(host.Server, s => Count(s, "ListBodies", "UNAUTHENTICATED") > Count(before, "ListBodies", "UNAUTHENTICATED"),
            "the HTTP/JSON calls counted", Ct);
        Assert.True(Count(after, "ListBodies", "OK") > Count(before, "ListBodies", "OK"), "ListBodies over HTTP/JSON is not counted OK");
        Assert.True(Count(after, "GetBody", "NOT_FOUND") > Count(before, "GetBody", "NOT_FOUND"), "GetBody over HTTP/JSON is not counted NOT_FOUND");
        Assert.True(Count(after, "CreateBody", "INVALID_ARGUMENT") > Count(before, "CreateBody", "INVALID_ARGUMENT"),
            "CreateBody with bad input over HTTP/JSON is not counted INVALID_ARGUMENT");
        Assert.True(after.Sum("governance_rpc_server_duration_seconds_count", ("rpc_service", Meetings), ("rpc_method", "GetBody"))
            > before.Sum("governance_rpc_server_duration_seconds_count", ("rpc_service", Meetings), ("rpc_method", "GetBody")));
    }

    [Fact]
    public async Task A_consumer_that_keeps_failing_is_counted_retried_then_moved_to_its_error_queue()
    {
        const string Queue = "cases-decision-recorded";
        var before = await Scrape.UntilAsync(host.Server, s => s.Of("governance_consumer_faulted_total", ("consumer", Queue)).Count == 1,
            "the consumer's series", Ct);
        var bus = host.Server.App.Services.GetRequiredService<IBus>();
        // A decision naming a journal number that is not one (a trailing blank): Cases' consumer throws every time.
        var message = new DecisionRecorded($"meetings/m-{Guid.NewGuid():N}/items/i1/decisions/d1", "meetings/m1", "bodies/direktionen", "Direktionen",
            new DateTimeOffset(2027, 3, 9, 7, 30, 0, TimeSpan.Zero), new AgendaEntry("meetings/m1/items/i1", 1, "26/00001 ", false, "Budget 2028-31"),
            "APPROVED", "Godkendt", "Godkendt.", [], [], null, DateTimeOffset.UtcNow, 1);

        await bus.Publish(message, Ct);

        var after = await Scrape.UntilAsync(host.Server, s =>
            s.Sum("governance_consumer_faulted_total", ("consumer", Queue)) >= before.Sum("governance_consumer_faulted_total", ("consumer", Queue)) + 1,
            "the message moved to the error queue", Ct);
        Assert.True(after.Sum("governance_consumer_retried_total", ("consumer", Queue), ("message_type", "DecisionRecorded"))
            >= before.Sum("governance_consumer_retried_total", ("consumer", Queue)) + MetricsHost.RetryLimit,
            $"{MetricsHost.RetryLimit} retries before the error queue ({host.Kind})");
    }
}

public sealed class EmbeddedMetricsEndpointTests(EmbeddedMetricsHost host) : MetricsEndpointTests(host), IClassFixture<EmbeddedMetricsHost>;

public sealed class ServerMetricsEndpointTests(ServerMetricsHost host) : MetricsEndpointTests(host), IClassFixture<ServerMetricsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>PostgreSQL's connection pools through Npgsql's own meter, one per service's database, named after it.</summary>
    [Fact]
    public async Task The_database_pools_are_in_the_metrics()
    {
        await new MeetingsService.MeetingsServiceClient(host.Server.Channel).ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Ct);
        var scrape = await Scrape.UntilAsync(host.Server, s => s.Samples.Any(x => x.Name.StartsWith("db_client_connection", StringComparison.Ordinal)),
            "Npgsql's pool metrics", Ct);
        var pools = scrape.Samples.Where(x => x.Name.StartsWith("db_client_connection", StringComparison.Ordinal)).ToList();
        Assert.Contains(pools, p => p.Labels.Values.Contains("Meetings"));
        Assert.Contains(scrape.Help.Keys, k => k.StartsWith("db_client_connection", StringComparison.Ordinal));
    }
}
