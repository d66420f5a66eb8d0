using Governance.Cases.V1;
using Governance.Meetings.V1;
using Grpc.Core;
using Grpc.Health.V1;

namespace Governance.Bench;

/// <summary>Which ceiling a scenario is set beside.</summary>
internal enum Ceiling
{
    /// <summary>None: the scenario is the bare call itself.</summary>
    None,

    /// <summary><c>grpc.health.v1.Health/Check</c> through the same host: no auth, no store.</summary>
    BareCall,

    /// <summary>pgbench writing the same rows (script name in <see cref="Scenario.PgBenchScript"/>).</summary>
    PgBench,

    /// <summary>The same call over gRPC (<see cref="Scenario.GrpcTwin"/>): the cost of the HTTP/JSON path.</summary>
    Grpc,
}

/// <summary>
/// A scenario: one RPC called with data of the seeded set, at the given numbers of calls in flight.
/// <c>Create</c> builds its client on the invoker it is given: the host's gRPC channel, or its HTTP/JSON
/// paths for a scenario of <see cref="HttpJson"/> (the same request, the same data).
/// </summary>
internal sealed record Scenario(string Name, Ceiling Ceiling, double Target, int[] InFlight, Func<HostUnderTest, CallInvoker, DataSet, Call> Create,
    string? PgBenchScript = null)
{
    /// <summary>The gRPC scenario this one makes over HTTP/JSON (its ceiling), or null.</summary>
    public string? GrpcTwin { get; init; }

    /// <summary>One call of the scenario on <paramref name="host"/>, over gRPC or over HTTP/JSON.</summary>
    public Call Call(HostUnderTest host, DataSet data) =>
        Create(host, GrpcTwin is null ? host.Channel.CreateCallInvoker() : host.HttpJson, data);

    /// <summary>The first word of the name, as <c>--scenarios</c> takes it (<c>GetMinutes</c>, <c>Health/Check</c>).</summary>
    public string ShortName => Name.Split(' ')[0];

    public bool Matches(string shortName) => string.Equals(ShortName, shortName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every scenario of the suite: the calls over gRPC, then those also made over HTTP/JSON.</summary>
    public static IReadOnlyList<Scenario> All { get; } = [.. OverGrpc(), .. HttpJson()];

    public static Scenario Named(string name) => All.Single(s => s.Name == name);

    /// <summary>
    /// The budget of the HTTP/JSON path's tail: its p95 at 64 in flight at most this many times the same
    /// call's over gRPC (medians of each run's ratio). Transcoding adds a JSON parse and write and an
    /// HTTP/1.1 exchange to the same service work; twice the latency would mean that path, not the
    /// service, is what a department waits for.
    /// </summary>
    public const double HttpJsonP95Budget = 2.0;

    /// <summary>
    /// The common reads and a write again over HTTP/JSON (gRPC JSON transcoding on the <c>Http</c>
    /// endpoint), each set beside the same call over gRPC in the same run. Targets at 64 in flight:
    /// throughput ≥ the given share of gRPC's, and p95 ≤ <see cref="HttpJsonP95Budget"/> × gRPC's. The client is
    /// <c>HttpJsonCallInvoker</c> (HTTP/1.1, a connection a call in flight, JSON both ways), as a
    /// department with an HTTP library would call.
    /// </summary>
    private static IEnumerable<Scenario> HttpJson()
    {
        Scenario Json(string grpc, double target)
        {
            var twin = OverGrpc().Single(s => s.Name == grpc);
            return twin with { Name = $"HTTP/JSON {grpc}", Ceiling = Ceiling.Grpc, Target = target, PgBenchScript = null, GrpcTwin = grpc };
        }
        return
        [
            Json("GetMeeting", 0.50),
            Json("ListMeetings (page 50)", 0.50),
            Json("GetCase", 0.50),
            Json("RecordDecision", 0.50),
        ];
    }

    /// <summary>
    /// The calls over gRPC. A new service adds its reads (beside the bare call) and writes (beside
    /// pgbench with a script of the rows it writes, in <see cref="PgBench"/>) here; its data goes into
    /// <see cref="DataSet.SeedAsync"/>.
    /// </summary>
    private static Scenario[] OverGrpc() =>
    [
        new("Health/Check (bare)", Ceiling.None, 0, [1, 64], (h, _, _) =>
        {
            var health = new Health.HealthClient(h.BareChannel);
            return async (_, ct) => await health.CheckAsync(new HealthCheckRequest(), cancellationToken: ct);
        }),
        new("GetMeeting", Ceiling.BareCall, 0.40, [1, 64], (_, api, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(api);
            return async (i, ct) => await client.GetMeetingAsync(new GetMeetingRequest { Name = d.Meetings[(int)(i % d.Meetings.Count)] }, cancellationToken: ct);
        }),
        new("GetAgendaItem", Ceiling.BareCall, 0.40, [1, 64], (_, api, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(api);
            return async (i, ct) => await client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = d.Items[(int)(i % d.Items.Count)] }, cancellationToken: ct);
        }),
        new("ListMeetings (page 50)", Ceiling.BareCall, 0.20, [1, 64], (_, api, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(api);
            return async (i, ct) => await client.ListMeetingsAsync(new ListMeetingsRequest { Body = d.Bodies[(int)(i % d.Bodies.Count)], PageSize = 50 },
                cancellationToken: ct);
        }),
        new("GetMinutes (30 items)", Ceiling.BareCall, 0.10, [1, 64], (_, api, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(api);
            return async (i, ct) => await client.GetMinutesAsync(new GetMinutesRequest
            {
                Meeting = d.DecidedMeetings[(int)(i % d.DecidedMeetings.Count)],
                Audience = Audience.Members,
            }, cancellationToken: ct);
        }),
        new("GetCase", Ceiling.BareCall, 0.40, [1, 64], (_, api, d) =>
        {
            var client = new CasesService.CasesServiceClient(api);
            return async (i, ct) => await client.GetCaseAsync(new GetCaseRequest { Name = d.Cases[(int)(i % d.Cases.Count)] }, cancellationToken: ct);
        }),
        new("GetReminder", Ceiling.BareCall, 0.40, [1, 64], (_, api, d) =>
        {
            var client = new Governance.Reminders.V1.RemindersService.RemindersServiceClient(api);
            return async (i, ct) => await client.GetReminderAsync(new Governance.Reminders.V1.GetReminderRequest { Name = d.Reminders[(int)(i % d.Reminders.Count)] },
                cancellationToken: ct);
        }),
        new("GetReminderList (20 rows, 3 sections)", Ceiling.BareCall, 0, [1, 64], (_, api, d) =>
        {
            var client = new Governance.Reminders.V1.RemindersService.RemindersServiceClient(api);
            return async (i, ct) => await client.GetReminderListAsync(new Governance.Reminders.V1.GetReminderListRequest
            {
                Body = d.ReminderLists[(int)(i % d.ReminderLists.Count)],
                AsOf = new Google.Type.Date { Year = 2027, Month = 1, Day = 4 },
            }, cancellationToken: ct);
        }),
        new("SearchCases", Ceiling.BareCall, 0, [1, 64], (_, api, d) =>
        {
            var client = new CasesService.CasesServiceClient(api);
            return async (_, ct) => await client.SearchCasesAsync(new SearchCasesRequest { Query = d.SearchWord, PageSize = 20 }, cancellationToken: ct);
        }),
        new("AddAgendaItem", Ceiling.PgBench, 0.50, [1, 8, 64], (_, api, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(api);
            return async (i, ct) => await client.AddAgendaItemAsync(new AddAgendaItemRequest
            {
                Parent = d.WriteMeetings[(int)(i % d.WriteMeetings.Count)],
                Item = DataSet.Item(d.Journals[(int)(i % d.Journals.Count)], (int)(i % 30)),
                RequestId = Guid.NewGuid().ToString(),
            }, cancellationToken: ct);
        }, "add-agenda-item"),
        new("RecordDecision", Ceiling.PgBench, 0.50, [1, 8, 64], (_, api, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(api);
            return async (i, ct) => await client.RecordDecisionAsync(DataSet.Decide(d.DecidableItems[(int)(i % d.DecidableItems.Count)]), cancellationToken: ct);
        }, "record-decision"),
    ];

    /// <summary>Scenarios also run open loop (at half their closed-loop rate at the highest concurrency).</summary>
    public static IReadOnlyList<string> OpenLoop { get; } = ["Health/Check (bare)", "GetMeeting", "RecordDecision"];
}
