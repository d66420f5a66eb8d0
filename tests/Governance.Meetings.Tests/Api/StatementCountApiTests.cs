using Governance.Meetings.V1;
using Grpc.Core;

namespace Governance.Meetings.Tests.Api;

/// <summary>
/// A call runs a fixed number of SQL statements whatever the size of its data: each RPC is counted
/// (<see cref="StatementCounting"/>) on a small meeting and on a large one of the same shape, and the
/// counts must be equal. A deterministic guard against a statement per item, decision or row.
/// </summary>
public abstract class StatementCountApiTests(IApiHost host) : ApiTestBase(host)
{
    private const int Small = 2;
    private const int Large = 12;

    /// <summary>A meeting of one body with <paramref name="items"/> items: half of them carried there by
    /// postponements from an earlier meeting, half of them closed; each decided once, the agenda
    /// published and the meeting held. The body has <paramref name="items"/> + 1 meetings, and as many
    /// other bodies have a meeting in a year of their own (<see cref="MeetingData.Year"/>).</summary>
    private async Task<MeetingData> MeetingOfAsync(int items)
    {
        var year = 2030 + Interlocked.Increment(ref _years);
        var body = await CreateBodyAsync();
        var earlier = await ScheduleAsync(body, Local(2017, 3, 2));
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        for (var i = 1; i < items; i++)
        {
            await ScheduleAsync(body, Local(2017, 4, i));
        }
        for (var i = 1; i <= items; i++)
        {
            await ScheduleAsync(await CreateBodyAsync($"Udvalg {i}"), Local(year, 5, i));
        }
        var origins = new List<AgendaItem>();
        for (var i = 0; i < items / 2; i++)
        {
            origins.Add(await AddItemAsync(earlier, $"Budgetopfølgning {i}", journalNumber: "16/25345"));
        }
        earlier = await PublishAsync(earlier);
        var carried = new List<string>();
        foreach (var origin in origins)
        {
            carried.Add((await DecideAsync(origin, DecisionOutcome.Postponed, "Udskudt.", d => d.PostponedTo = meeting.Name)).CarriedItem);
        }
        var closed = new List<AgendaItem>();
        for (var i = 0; i < items - items / 2; i++)
        {
            closed.Add(await AddItemAsync(meeting, $"Fortrolig personalesag {i}", ItemKind.Closed, "16/26739"));
        }
        meeting = await PublishAsync(meeting);
        var agenda = await ListItemsAsync(meeting);
        Assert.Equal(items, agenda.Count);
        var decisions = new List<Decision>();
        foreach (var item in agenda)
        {
            decisions.Add(await DecideAsync(item, DecisionOutcome.Approved, $"Godkendt: {item.Title}."));
        }
        return new(body, await HoldAsync(meeting), agenda, agenda.First(i => i.Name == carried[0]),
            decisions.First(d => d.Name.StartsWith(closed[0].Name + "/", StringComparison.Ordinal)), year);
    }

    private static int _years;

    private Task AssertFixedAsync<TData>(Func<int, Task<TData>> arrange, params (string Rpc, Func<TData, Metadata, Task> Call)[] reads) =>
        StatementCounting.AssertFixedAsync(Host, Small, Large, arrange, reads);

    /// <summary>What <see cref="MeetingOfAsync"/> made: the item a postponement carried to the meeting,
    /// and the decision on its closed item.</summary>
    private sealed record MeetingData(Body Body, Meeting Meeting, IReadOnlyList<AgendaItem> Items, AgendaItem Carried, Decision OnClosedItem, int Year);

    private static GetMinutesRequest Minutes(Meeting meeting, Audience audience) => new() { Meeting = meeting.Name, Audience = audience };

    [Fact]
    public async Task Draft_minutes_take_a_fixed_number_of_statements()
    {
        await AssertFixedAsync(MeetingOfAsync,
            ("GetMinutes members", (d, h) => Client.GetMinutesAsync(Minutes(d.Meeting, Audience.Members), h, cancellationToken: Ct).ResponseAsync),
            ("GetMinutes public", (d, h) => Client.GetMinutesAsync(Minutes(d.Meeting, Audience.Public), h, cancellationToken: Ct).ResponseAsync));
    }

    [Fact]
    public async Task Approved_minutes_take_a_fixed_number_of_statements()
    {
        await AssertFixedAsync(async size =>
            {
                var (_, meeting, items, _, _, _) = await MeetingOfAsync(size);
                meeting = await ApproveAsync(meeting);
                // Corrections after the approval are added to the record: one for each item.
                foreach (var item in items)
                {
                    var original = (await ListDecisionsAsync(item))[0];
                    await DecideAsync(item, DecisionOutcome.ApprovedWithRemarks, "Rettet.", d => d.Corrects = original.Name);
                }
                return meeting;
            },
            ("GetMinutes members, approved", (m, h) => Client.GetMinutesAsync(Minutes(m, Audience.Members), h, cancellationToken: Ct).ResponseAsync),
            ("GetMinutes public, approved", (m, h) => Client.GetMinutesAsync(Minutes(m, Audience.Public), h, cancellationToken: Ct).ResponseAsync));
    }

    [Fact]
    public async Task Reads_of_meetings_items_and_decisions_take_a_fixed_number_of_statements()
    {
        await AssertFixedAsync(MeetingOfAsync,
            ("GetBody", (d, h) => Client.GetBodyAsync(new GetBodyRequest { Name = d.Body.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("ListBodies", (d, h) => Client.ListBodiesAsync(new ListBodiesRequest { PageSize = 50 }, h, cancellationToken: Ct).ResponseAsync),
            ("GetMeeting", (d, h) => Client.GetMeetingAsync(new GetMeetingRequest { Name = d.Meeting.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("ListMeetings", (d, h) => Client.ListMeetingsAsync(new ListMeetingsRequest { Body = d.Body.Name, PageSize = 50 }, h, cancellationToken: Ct).ResponseAsync),
            ("ListMeetings of many bodies", (d, h) => Client.ListMeetingsAsync(new ListMeetingsRequest
                { StartDate = Date(d.Year, 1, 1), EndDate = Date(d.Year, 12, 31), PageSize = 50 }, h, cancellationToken: Ct).ResponseAsync),
            ("GetAgendaItem", (d, h) => Client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = d.Carried.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("ListAgendaItems", (d, h) => Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = d.Meeting.Name, PageSize = 200 }, h, cancellationToken: Ct).ResponseAsync),
            ("GetDecision", (d, h) => Client.GetDecisionAsync(new GetDecisionRequest { Name = d.OnClosedItem.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("ListDecisions", (d, h) => Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = d.Carried.Name, PageSize = 50 }, h, cancellationToken: Ct).ResponseAsync),
            ("ListAuditEntries", (d, h) => Client.ListAuditEntriesAsync(new Audit.V1.ListAuditEntriesRequest { Resource = d.Meeting.Name, PageSize = 200 }, h, cancellationToken: Ct).ResponseAsync));
    }

    [Fact]
    public async Task Writes_to_an_agenda_take_a_fixed_number_of_statements()
    {
        await StatementCounting.AssertFixedAsync(Host, Small, Large, async size =>
            {
                var meeting = await ScheduleAsync(await CreateBodyAsync());
                var items = new List<AgendaItem>();
                for (var i = 0; i < size; i++)
                {
                    items.Add(await AddItemAsync(meeting, $"Sag nummer {i}"));
                }
                meeting = await PublishAsync(meeting);
                foreach (var item in items.Skip(1))
                {
                    await DecideAsync(item);
                }
                return (meeting, Undecided: items[0]);
            },
            ("AddAgendaItem", (d, h) => Client.AddAgendaItemAsync(new AddAgendaItemRequest
                { Parent = d.meeting.Name, Item = NewItem("Eftersendt sag"), RequestId = NewRequestId() }, h, cancellationToken: Ct).ResponseAsync),
            ("RecordDecision", (d, h) => Client.RecordDecisionAsync(new RecordDecisionRequest
                { Parent = d.Undecided.Name, Decision = new Decision { Outcome = DecisionOutcome.Approved, Text = "Godkendt." }, RequestId = NewRequestId() },
                h, cancellationToken: Ct).ResponseAsync));
    }

    /// <summary>What one write costs, pinned per store (see <see cref="StatementCounting.AssertCountAsync"/>):
    /// an item added with a request_id, and a decision recorded with one.</summary>
    [Fact]
    public async Task Adding_an_item_and_recording_a_decision_take_a_pinned_number_of_statements()
    {
        var meeting = await ScheduleAsync(await CreateBodyAsync());
        var first = await AddItemAsync(meeting, "Regnskab 2016");
        await AddItemAsync(meeting, "Budget 2017");
        await StatementCounting.AssertCountAsync(Host, "AddAgendaItem", AddAgendaItemStatements, h => Client.AddAgendaItemAsync(new AddAgendaItemRequest
            { Parent = meeting.Name, Item = NewItem("Eftersendt sag"), RequestId = NewRequestId() }, h, cancellationToken: Ct).ResponseAsync);
        await PublishAsync(meeting);
        await StatementCounting.AssertCountAsync(Host, "RecordDecision", RecordDecisionStatements, h => Client.RecordDecisionAsync(new RecordDecisionRequest
            { Parent = first.Name, Decision = new Decision { Outcome = DecisionOutcome.Approved, Text = "Godkendt." }, RequestId = NewRequestId() },
            h, cancellationToken: Ct).ResponseAsync);
    }

    /// <summary>(SQLite, PostgreSQL). SQLite counts BEGIN and COMMIT, and each statement of the final
    /// batch (outbox row, idempotency key, audit entry: DbSession.Tail), which PostgreSQL counts as one
    /// command (one round trip). The connection's two PRAGMAs run once per pooled handle (not per call)
    /// and are not counted; before that: 11 and 5. Before the batch and the meeting read with its body:
    /// AddAgendaItem 12 and 8, RecordDecision 12 and 8.</summary>
    private static readonly (int Sqlite, int Postgres) AddAgendaItemStatements = (9, 5);
    private static readonly (int Sqlite, int Postgres) RecordDecisionStatements = (9, 5);
}

public sealed class StatementCountApiSqliteTests(SqliteApiHost host) : StatementCountApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class StatementCountApiPostgresTests(PostgresApiHost host) : StatementCountApiTests(host), IClassFixture<PostgresApiHost>;
