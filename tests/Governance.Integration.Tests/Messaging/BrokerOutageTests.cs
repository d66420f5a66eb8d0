using Dapper;
using Governance.Integration.Tests.Support;
using Governance.Meetings.Events;
using Governance.Messaging.Outbox;
using Governance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Governance.Integration.Tests.Messaging;

/// <summary>
/// The broker goes away (the network to it is cut) while decisions are recorded: every change still
/// commits, its events wait in the outbox, and once the broker is reachable again every event arrives.
/// </summary>
public sealed class BrokerOutageTests : IAsyncLifetime
{
    private readonly PostgresDatabase _meetings = new();
    private TcpGate? _gate;
    private GovernanceTestHost? _host;
    private RabbitMqServer? _broker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _meetings.InitializeAsync();
        _broker = await RabbitMqServer.GetAsync();
        if (!_meetings.IsAvailable || !_broker.IsAvailable)
        {
            return;
        }
        var broker = _broker.Uri!;
        _gate = new TcpGate(broker.Host, broker.Port);
        var viaGate = new UriBuilder(broker) { Host = "127.0.0.1", Port = _gate.Port }.Uri;
        _host = await GovernanceTestHost.StartAsync(_meetings.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = viaGate.ToString(),
            // Short publish timeout and backoff so the test sees the relay come back within seconds.
            ["Governance:Messaging:PublishTimeout"] = "00:00:02",
            ["Governance:Messaging:RelayMaxBackoff"] = "00:00:01",
            ["Governance:Services"] = "meetings",
            ["Governance:Meetings:VerifyJournalNumbers"] = "false",
        });
    }

    [Fact]
    public async Task Nothing_is_lost_while_the_broker_is_unreachable()
    {
        _meetings.RequireServer();
        _broker!.RequireServer();
        var host = _host!;
        var meetings = new MeetingsDriver(host.Channel, withCases: false);
        await using var probe = await EventProbe.ConnectAsync(host.App.Services.GetRequiredService<MassTransit.IBus>(), typeof(DecisionRecorded));
        var body = await meetings.BodyAsync();
        var meeting = await meetings.MeetingAsync(body);
        var items = new List<Governance.Meetings.V1.AgendaItem>();
        for (var i = 1; i <= 5; i++)
        {
            items.Add(await meetings.ItemAsync(meeting, $"Punkt {i}: budgetopfølgning", $"17/{4240 + i}"));
        }
        await meetings.PublishAsync(meeting);

        _gate!.Close();
        var decided = new List<string>();
        foreach (var item in items)
        {
            // Each change commits although its event cannot be published now.
            decided.Add((await meetings.DecideAsync(item, $"Godkendt ({item.Number}).")).Name);
        }
        Assert.True(await PendingAsync() >= items.Count, "the decisions' events wait in the outbox");
        Assert.DoesNotContain(probe.Of<DecisionRecorded>(), d => decided.Contains(d.Decision));

        _gate.Open();
        var arrived = await probe.WaitForAsync<DecisionRecorded>(
            all => decided.All(name => all.Any(d => d.Decision == name)), TimeSpan.FromSeconds(90));
        Assert.Equal(decided.Order(StringComparer.Ordinal), arrived.Select(d => d.Decision).Where(decided.Contains).Distinct().Order(StringComparer.Ordinal));
        await WaitUntilAsync(async () => await PendingAsync() == 0, "the outbox to drain");
    }

    private async Task<long> PendingAsync()
    {
        await using var connection = new NpgsqlConnection(_meetings.ConnectionString);
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Outbox.Table} WHERE sent_at IS NULL");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}");
            await Task.Delay(100, Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_gate is not null)
        {
            await _gate.DisposeAsync();
        }
        await _meetings.DisposeAsync();
    }
}
