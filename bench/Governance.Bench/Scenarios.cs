using Governance.Cases.V1;
using Governance.Meetings.V1;
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
}

/// <summary>A scenario: one RPC called with data of the seeded set, at the given numbers of calls in flight.</summary>
internal sealed record Scenario(string Name, Ceiling Ceiling, double Target, int[] InFlight, Func<HostUnderTest, DataSet, Call> Create,
    string? PgBenchScript = null)
{
    /// <summary>The first word of the name, as <c>--scenarios</c> takes it (<c>GetMinutes</c>, <c>Health/Check</c>).</summary>
    public string ShortName => Name.Split(' ')[0];

    public bool Matches(string shortName) => string.Equals(ShortName, shortName, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Every scenario of the suite. A new service adds its reads (beside the bare call) and writes
    /// (beside pgbench with a script of the rows it writes, in <see cref="PgBench"/>) here; its data
    /// goes into <see cref="DataSet.SeedAsync"/>.
    /// </summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("Health/Check (bare)", Ceiling.None, 0, [1, 64], (h, _) =>
        {
            var health = new Health.HealthClient(h.BareChannel);
            return async (_, ct) => await health.CheckAsync(new HealthCheckRequest(), cancellationToken: ct);
        }),
        new("GetMeeting", Ceiling.BareCall, 0.40, [1, 64], (h, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(h.Channel);
            return async (i, ct) => await client.GetMeetingAsync(new GetMeetingRequest { Name = d.Meetings[(int)(i % d.Meetings.Count)] }, cancellationToken: ct);
        }),
        new("GetAgendaItem", Ceiling.BareCall, 0.40, [1, 64], (h, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(h.Channel);
            return async (i, ct) => await client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = d.Items[(int)(i % d.Items.Count)] }, cancellationToken: ct);
        }),
        new("ListMeetings (page 50)", Ceiling.BareCall, 0.20, [1, 64], (h, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(h.Channel);
            return async (i, ct) => await client.ListMeetingsAsync(new ListMeetingsRequest { Body = d.Bodies[(int)(i % d.Bodies.Count)], PageSize = 50 },
                cancellationToken: ct);
        }),
        new("GetMinutes (30 items)", Ceiling.BareCall, 0.10, [1, 64], (h, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(h.Channel);
            return async (i, ct) => await client.GetMinutesAsync(new GetMinutesRequest
            {
                Meeting = d.DecidedMeetings[(int)(i % d.DecidedMeetings.Count)],
                Audience = Audience.Members,
            }, cancellationToken: ct);
        }),
        new("GetCase", Ceiling.BareCall, 0.40, [1, 64], (h, d) =>
        {
            var client = new CasesService.CasesServiceClient(h.Channel);
            return async (i, ct) => await client.GetCaseAsync(new GetCaseRequest { Name = d.Cases[(int)(i % d.Cases.Count)] }, cancellationToken: ct);
        }),
        new("GetReminder", Ceiling.BareCall, 0.40, [1, 64], (h, d) =>
        {
            var client = new Governance.Reminders.V1.RemindersService.RemindersServiceClient(h.Channel);
            return async (i, ct) => await client.GetReminderAsync(new Governance.Reminders.V1.GetReminderRequest { Name = d.Reminders[(int)(i % d.Reminders.Count)] },
                cancellationToken: ct);
        }),
        new("GetReminderList (20 rows, 3 sections)", Ceiling.BareCall, 0, [1, 64], (h, d) =>
        {
            var client = new Governance.Reminders.V1.RemindersService.RemindersServiceClient(h.Channel);
            return async (i, ct) => await client.GetReminderListAsync(new Governance.Reminders.V1.GetReminderListRequest
            {
                Body = d.ReminderLists[(int)(i % d.ReminderLists.Count)],
                AsOf = new Google.Type.Date { Year = 2027, Month = 1, Day = 4 },
            }, cancellationToken: ct);
        }),
        new("SearchCases", Ceiling.BareCall, 0, [1, 64], (h, d) =>
        {
            var client = new CasesService.CasesServiceClient(h.Channel);
            return async (_, ct) => await client.SearchCasesAsync(new SearchCasesRequest { Query = d.SearchWord, PageSize = 20 }, cancellationToken: ct);
        }),
        new("AddAgendaItem", Ceiling.PgBench, 0.50, [1, 8, 64], (h, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(h.Channel);
            return async (i, ct) => await client.AddAgendaItemAsync(new AddAgendaItemRequest
            {
                Parent = d.WriteMeetings[(int)(i % d.WriteMeetings.Count)],
                Item = DataSet.Item(d.Journals[(int)(i % d.Journals.Count)], (int)(i % 30)),
                RequestId = Guid.NewGuid().ToString(),
            }, cancellationToken: ct);
        }, "add-agenda-item"),
        new("RecordDecision", Ceiling.PgBench, 0.50, [1, 8, 64], (h, d) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(h.Channel);
            return async (i, ct) => await client.RecordDecisionAsync(DataSet.Decide(d.DecidableItems[(int)(i % d.DecidableItems.Count)]), cancellationToken: ct);
        }, "record-decision"),
    ];

    /// <summary>Scenarios also run open loop (at half their closed-loop rate at the highest concurrency).</summary>
    public static IReadOnlyList<string> OpenLoop { get; } = ["Health/Check (bare)", "GetMeeting", "RecordDecision"];
}
