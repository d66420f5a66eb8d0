using Governance.Meetings.V1;

namespace Governance.Host.Tests.Telemetry;

/// <summary>
/// The outbox as operations see it while the broker is unreachable (the network to RabbitMQ cut by a gate):
/// the relay's failures count up, the waiting rows show as the backlog and the oldest one's age grows; once
/// the broker is back they go out, and the backlog and the age return to 0.
/// </summary>
public sealed class OutboxMetricsTests : IAsyncLifetime
{
    private readonly PostgresStores _stores = new();
    private TcpGate? _gate;
    private GovernanceTestHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly (string, string) Meetings = ("governance_service", "Meetings");

    public async ValueTask InitializeAsync()
    {
        await _stores.InitializeAsync();
        var broker = await RabbitMqServer.GetAsync();
        if (!_stores.IsAvailable || !broker.IsAvailable)
        {
            return;
        }
        _gate = new TcpGate(broker.Uri!.Host, broker.Uri.Port);
        _host = await GovernanceTestHost.StartAsync(_stores.ConnectionStrings, settings: new Dictionary<string, string?>
        {
            // Meetings alone: what is watched is its outbox.
            ["Governance:Services"] = "meetings",
            ["Governance:Meetings:VerifyJournalNumbers"] = "false",
            ["Governance:Messaging:PublishTimeout"] = "00:00:01",
            ["Governance:Messaging:RelayMaxBackoff"] = "00:00:01",
            ["ConnectionStrings:RabbitMq"] = new UriBuilder(broker.Uri) { Host = "127.0.0.1", Port = _gate.Port }.Uri.ToString(),
        });
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
        await _stores.DisposeAsync();
    }

    [Fact]
    public async Task The_backlog_its_age_and_the_relay_failures_show_while_the_broker_is_away()
    {
        _stores.RequireServer();
        (await RabbitMqServer.GetAsync()).RequireServer();
        var host = _host!;
        var meetings = new MeetingsService.MeetingsServiceClient(host.Channel);
        var body = await meetings.CreateBodyAsync(new CreateBodyRequest
        {
            Body = new Body { DisplayName = "Direktionen", ShortName = "DIR" }, BodyId = $"direktionen-{Guid.NewGuid():N}"[..20],
        }, cancellationToken: Ct);
        var before = await Scrape.UntilAsync(host, s => s.Of("governance_outbox_pending", Meetings).Count == 1
            && s.Sum("governance_outbox_pending", Meetings) == 0, "an empty outbox", Ct);

        _gate!.Close();
        for (var day = 9; day <= 11; day++)
        {
            await meetings.ScheduleMeetingAsync(new ScheduleMeetingRequest
            {
                Meeting = new Meeting { Body = body.Name, Start = new Google.Type.DateTime { Year = 2027, Month = 3, Day = day, Hours = 8, Minutes = 30 } },
            }, cancellationToken: Ct);
        }
        var away = await Scrape.UntilAsync(host, s => s.Sum("governance_outbox_pending", Meetings) >= 3
            && s.Sum("governance_outbox_oldest_age_seconds", Meetings) >= 2
            && s.Sum("governance_outbox_relay_failures_total", Meetings) > before.Sum("governance_outbox_relay_failures_total", Meetings),
            "the scheduled meetings' events waiting, ageing, and the relay failing", Ct);

        _gate.Open();
        var back = await Scrape.UntilAsync(host, s => s.Sum("governance_outbox_pending", Meetings) == 0
            && s.Sum("governance_outbox_oldest_age_seconds", Meetings) == 0, "the outbox drained", Ct, TimeSpan.FromSeconds(90));
        Assert.True(back.Sum("governance_outbox_published_total", Meetings) >= before.Sum("governance_outbox_published_total", Meetings) + 3);
        Assert.True(away.Sum("governance_outbox_oldest_age_seconds", Meetings) < 120, "the age is the oldest waiting row's, not the process's");
    }
}
