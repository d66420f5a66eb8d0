using System.Diagnostics;
using Governance.Messaging.Tracing;
using Grpc.Core;

namespace Governance.Host.Tests.Telemetry;

/// <summary>The host for the trace tests, with an in-memory exporter on its tracer.</summary>
public abstract class TracedHost : IAsyncLifetime
{
    private GovernanceTestHost? _host;

    public ExportCapture Export { get; } = new();

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
        _host = await GovernanceTestHost.StartAsync(stores, configure: Export.AddTo);

    public abstract ValueTask InitializeAsync();

    public virtual async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

public sealed class EmbeddedTracedHost : TracedHost
{
    public override string Kind => "SQLite + in-memory bus";

    public override async ValueTask InitializeAsync() => await StartAsync(null);
}

public sealed class ServerTracedHost : TracedHost
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
/// One trace from a gRPC call to the consumer of the event it queued, as an exporter receives it: the
/// Meetings server span (with its rpc.* attributes), its gRPC client call to Cases (the journal number's
/// check) and Cases' server span of it, the outbox relay's publish, and the consume of AgendaItemAdded by
/// Cases, all with the trace id the caller sent.
/// </summary>
public abstract class TraceContinuityTests(TracedHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_trace_runs_from_the_call_through_the_outbox_to_the_consumer()
    {
        var trace = ActivityTraceId.CreateRandom();
        var headers = new Metadata { { TraceHeaders.TraceParent, $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01" } };

        await Traffic.AgendaItemForCaseAsync(host.Server.Channel, Ct, headers);

        var spans = await SpansAsync(trace, s => s.Any(IsConsume), "the consume of AgendaItemAdded");
        // The RPC semantic conventions as the ASP.NET Core instrumentation writes them (1.4x: the method with its service).
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server && Tag(s, "rpc.method") == "governance.meetings.v1.MeetingsService/AddAgendaItem");
        Assert.Equal(("grpc", "OK"), (Tag(server, "rpc.system.name"), Tag(server, "rpc.response.status_code")));
        var client = Assert.Single(spans, s => s.Source.Name == "Grpc.Net.Client" && Tag(s, "grpc.method")?.StartsWith("/governance.cases.v1.CasesService/", StringComparison.Ordinal) == true);
        Assert.Equal(ActivityKind.Client, client.Kind);
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http" && s.ParentSpanId == client.SpanId);
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && Tag(s, "rpc.method")?.StartsWith("governance.cases.v1.CasesService/", StringComparison.Ordinal) == true);
        var publish = Assert.Single(spans, s => s.Source.Name == MessagingActivities.PublishSource && s.DisplayName.Contains("agenda-item-added", StringComparison.Ordinal));
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        var consume = spans.First(IsConsume);
        Assert.True(consume.StartTimeUtc >= publish.StartTimeUtc, "the consume starts after the publish");
    }

    /// <summary>A consumer span of Cases' AgendaItemAdded: MassTransit's own, or the platform's where MassTransit's did not continue the trace.</summary>
    private static bool IsConsume(Activity span) =>
        span.Kind == ActivityKind.Consumer && ExportCapture.Describe(span).Contains("AgendaItemAdded", StringComparison.Ordinal);

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    private async Task<IReadOnlyList<Activity>> SpansAsync(ActivityTraceId trace, Func<IReadOnlyList<Activity>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var spans = host.Export.Spans.Where(s => s.TraceId == trace).ToList();
            if (done(spans))
            {
                return spans;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The trace never showed {what} ({host.Kind}). Its spans:\n{string.Join('\n', spans.Select(ExportCapture.Describe))}");
            await Task.Delay(100, Ct);
        }
    }
}

public sealed class EmbeddedTraceContinuityTests(EmbeddedTracedHost host) : TraceContinuityTests(host), IClassFixture<EmbeddedTracedHost>;

public sealed class ServerTraceContinuityTests(ServerTracedHost host) : TraceContinuityTests(host), IClassFixture<ServerTracedHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>On PostgreSQL the statements are in the trace too (Npgsql's own source).</summary>
    [Fact]
    public async Task The_statements_of_a_call_are_in_its_trace()
    {
        var trace = ActivityTraceId.CreateRandom();
        var headers = new Metadata { { TraceHeaders.TraceParent, $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01" } };
        await new Meetings.V1.MeetingsService.MeetingsServiceClient(host.Server.Channel)
            .ListBodiesAsync(new Meetings.V1.ListBodiesRequest(), headers, cancellationToken: Ct);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!host.Export.Spans.Any(s => s.TraceId == trace && s.Source.Name == "Npgsql"))
        {
            Assert.True(DateTime.UtcNow < deadline, "No Npgsql span in the call's trace.");
            await Task.Delay(100, Ct);
        }
    }
}
