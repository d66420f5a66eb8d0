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

    /// <summary>A meeting of one body with <paramref name="items"/> items, one of them closed and one
    /// carried there by a postponement from an earlier meeting, each decided once; the agenda published
    /// and the meeting held. The body has <paramref name="items"/> meetings in all.</summary>
    private async Task<MeetingData> MeetingOfAsync(int items)
    {
        var body = await CreateBodyAsync();
        var earlier = await ScheduleAsync(body, Local(2017, 3, 2));
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        for (var i = 2; i < items; i++)
        {
            await ScheduleAsync(body, Local(2017, 4, i));
        }
        var origin = await AddItemAsync(earlier, "Budgetopfølgning 2017", journalNumber: "16/25345");
        earlier = await PublishAsync(earlier);
        var postponed = await DecideAsync(origin, DecisionOutcome.Postponed, "Udskudt.", d => d.PostponedTo = meeting.Name);
        var closed = await AddItemAsync(meeting, "Fortrolig personalesag", ItemKind.Closed, "16/26739");
        for (var i = 2; i < items; i++)
        {
            await AddItemAsync(meeting, $"Sag nummer {i}", journalNumber: "16/26764");
        }
        meeting = await PublishAsync(meeting);
        var agenda = await ListItemsAsync(meeting);
        Assert.Equal(items, agenda.Count);
        Assert.Contains(agenda, i => i.Name == postponed.CarriedItem);
        var decisions = new List<Decision>();
        foreach (var item in agenda)
        {
            decisions.Add(await DecideAsync(item, DecisionOutcome.Approved, $"Godkendt: {item.Title}."));
        }
        return new(body, await HoldAsync(meeting), agenda, agenda.Single(i => i.Name == postponed.CarriedItem),
            decisions.Single(d => d.Name.StartsWith(closed.Name + "/", StringComparison.Ordinal)));
    }

    private Task AssertFixedAsync<TData>(Func<int, Task<TData>> arrange, params (string Rpc, Func<TData, Metadata, Task> Call)[] reads) =>
        StatementCounting.AssertFixedAsync(Host, Small, Large, arrange, reads);

    /// <summary>What <see cref="MeetingOfAsync"/> made: the item a postponement carried to the meeting,
    /// and the decision on its closed item.</summary>
    private sealed record MeetingData(Body Body, Meeting Meeting, IReadOnlyList<AgendaItem> Items, AgendaItem Carried, Decision OnClosedItem);

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
                var (_, meeting, items, _, _) = await MeetingOfAsync(size);
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
            ("GetAgendaItem", (d, h) => Client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = d.Carried.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("ListAgendaItems", (d, h) => Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = d.Meeting.Name, PageSize = 200 }, h, cancellationToken: Ct).ResponseAsync),
            ("GetDecision", (d, h) => Client.GetDecisionAsync(new GetDecisionRequest { Name = d.OnClosedItem.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("ListDecisions", (d, h) => Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = d.Carried.Name, PageSize = 50 }, h, cancellationToken: Ct).ResponseAsync),
            ("ListAuditEntries", (d, h) => Client.ListAuditEntriesAsync(new Audit.V1.ListAuditEntriesRequest { Resource = d.Meeting.Name, PageSize = 200 }, h, cancellationToken: Ct).ResponseAsync));
    }
}

public sealed class StatementCountApiSqliteTests(SqliteApiHost host) : StatementCountApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class StatementCountApiPostgresTests(PostgresApiHost host) : StatementCountApiTests(host), IClassFixture<PostgresApiHost>;
