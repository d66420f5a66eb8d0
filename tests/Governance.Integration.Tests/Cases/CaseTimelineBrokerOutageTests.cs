using Governance.Cases.V1;
using Governance.Integration.Tests.Support;

namespace Governance.Integration.Tests.Cases;

/// <summary>
/// Meetings and Cases on PostgreSQL with the network to RabbitMQ cut (a TcpGate) while decisions are
/// recorded: every decision commits, and once the broker is reachable again every one reaches its
/// case's timeline, each exactly once.
/// </summary>
public sealed class CaseTimelineBrokerOutageTests : IAsyncLifetime
{
    private readonly ServerHost _host = ServerHost.With(new Dictionary<string, string?>
    {
        // Short publish timeout and backoff so the relay comes back within seconds of the gate opening.
        ["Governance:Messaging:PublishTimeout"] = "00:00:02",
        ["Governance:Messaging:RelayMaxBackoff"] = "00:00:01",
    }, gated: true);

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Decisions_recorded_while_the_broker_is_unreachable_all_reach_the_timeline_once()
    {
        var meetings = new MeetingsDriver(_host.Server.Channel);
        var cases = CasesDriver.For(_host);
        var body = await meetings.BodyAsync();
        var meeting = await meetings.MeetingAsync(body);
        var items = new List<(Case Case, Governance.Meetings.V1.AgendaItem Item)>();
        for (var i = 1; i <= 5; i++)
        {
            var c = await cases.CreateAsync($"Budgetopfølgning {i}");
            items.Add((c, await meetings.ItemAsync(meeting, $"Budgetopfølgning {i}", c.JournalNumber)));
        }
        await meetings.PublishAsync(meeting);
        // The agenda is on every timeline before the cut: what follows is only the decisions.
        foreach (var (c, _) in items)
        {
            await cases.WaitForTimelineAsync(c, t => t.Any(e => e.Kind == TimelineEntryKind.AgendaItemAdded), what: "the agenda item");
        }

        _host.Gate.Close();
        var decided = new List<(Case Case, string Decision)>();
        foreach (var (c, item) in items)
        {
            // Each change commits although its event cannot be published now.
            decided.Add((c, (await meetings.DecideAsync(item, $"Godkendt ({item.Number}).")).Name));
        }
        foreach (var (c, decision) in decided)
        {
            Assert.DoesNotContain(await cases.TimelineAsync(c), e => e.Resource == decision);
        }

        _host.Gate.Open();
        foreach (var (c, decision) in decided)
        {
            var timeline = await cases.WaitForTimelineAsync(c, t => t.Any(e => e.Resource == decision), TimeSpan.FromSeconds(90),
                $"the decision {decision} recorded during the outage");
            var entry = Assert.Single(timeline, e => e.Kind == TimelineEntryKind.DecisionRecorded);
            Assert.Equal(decision, entry.Resource);
        }
        // Nothing arrives twice: every decision has one row in the whole Cases database, and each
        // case's timeline has its case, its agenda item and its decision.
        foreach (var (c, decision) in decided)
        {
            Assert.Equal(1, await cases.TimelineRowsOfAsync(decision));
            Assert.Equal([TimelineEntryKind.CaseOpened, TimelineEntryKind.AgendaItemAdded, TimelineEntryKind.DecisionRecorded],
                (await cases.TimelineAsync(c)).Select(e => e.Kind));
        }
    }
}
