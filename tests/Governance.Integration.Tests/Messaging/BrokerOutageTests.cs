using Dapper;
using Governance.Integration.Tests.Support;
using Governance.Meetings;
using Governance.Meetings.Events;
using Governance.Messaging.Outbox;
using Npgsql;

namespace Governance.Integration.Tests.Messaging;

/// <summary>
/// The broker goes away (the network to it is cut) while decisions are recorded: every change still
/// commits, its events wait in the outbox, and once the broker is reachable again every event arrives.
/// </summary>
public sealed class BrokerOutageTests : IAsyncLifetime
{
    // Meetings alone: what is tested is its outbox, not a consumer. Short publish timeout and backoff
    // so the test sees the relay come back within seconds of the gate opening.
    private readonly ServerHost _host = ServerHost.With(new Dictionary<string, string?>
    {
        ["Governance:Services"] = "meetings",
        ["Governance:Meetings:VerifyJournalNumbers"] = "false",
        ["Governance:Messaging:PublishTimeout"] = "00:00:02",
        ["Governance:Messaging:RelayMaxBackoff"] = "00:00:01",
    }, gated: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    [Fact]
    public async Task Nothing_is_lost_while_the_broker_is_unreachable()
    {
        var meetings = new MeetingsDriver(_host.Server.Channel, withCases: false);
        await using var probe = await EventProbe.ConnectAsync(_host.Bus, typeof(DecisionRecorded));
        var body = await meetings.BodyAsync();
        var meeting = await meetings.MeetingAsync(body);
        var items = new List<Governance.Meetings.V1.AgendaItem>();
        for (var i = 1; i <= 5; i++)
        {
            items.Add(await meetings.ItemAsync(meeting, $"Punkt {i}: budgetopfølgning", $"17/{4240 + i}"));
        }
        await meetings.PublishAsync(meeting);

        _host.Gate.Close();
        var decided = new List<string>();
        foreach (var item in items)
        {
            // Each change commits although its event cannot be published now.
            decided.Add((await meetings.DecideAsync(item, $"Godkendt ({item.Number}).")).Name);
        }
        Assert.True(await PendingAsync() >= items.Count, "the decisions' events wait in the outbox");
        Assert.DoesNotContain(probe.Of<DecisionRecorded>(), d => decided.Contains(d.Decision));

        _host.Gate.Open();
        var arrived = await probe.WaitForAsync<DecisionRecorded>(
            all => decided.All(name => all.Any(d => d.Decision == name)), TimeSpan.FromSeconds(90));
        Assert.Equal(decided.Order(StringComparer.Ordinal), arrived.Select(d => d.Decision).Where(decided.Contains).Distinct().Order(StringComparer.Ordinal));
        await Eventually.UntilAsync(async () => await PendingAsync() == 0, "the outbox to drain", TimeSpan.FromSeconds(60));
    }

    private async Task<long> PendingAsync()
    {
        await using var connection = new NpgsqlConnection(_host.Stores[MeetingsServiceRegistration.ServiceName].ConnectionString);
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Outbox.Table} WHERE sent_at IS NULL");
    }


    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
