using Dapper;
using FluentMigrator;
using Governance.Data.Connections;
using Governance.Data.Migrations;
using Governance.Integration.Tests.Support;
using Governance.Meetings.Events;
using Governance.Messaging.Hosting;
using Governance.Messaging.Inbox;
using Governance.Messaging.Outbox;
using Governance.Testing;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Governance.Integration.Tests.Messaging;

/// <summary>The outbox and inbox tables alone, for relay and housekeeping tests on a bare database.</summary>
[Migration(1, "Test: outbox and inbox")]
public sealed class MessagingTablesOnly : Migration
{
    public override void Up()
    {
        Outbox.CreateTable(this);
        Outbox.AddOrderingKey(this);
        Outbox.AddParking(this);
        Inbox.CreateTable(this);
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}

/// <summary>
/// Relays side by side on one PostgreSQL outbox (as replicas of a service run them) publish every row
/// exactly once, oldest first within each batch, to RabbitMQ; housekeeping purges only what is past
/// retention and never a pending row.
/// </summary>
public sealed class OutboxRelayTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private RabbitMqServer? _broker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _broker = await RabbitMqServer.GetAsync();
    }

    private async Task<ServiceDatabase> MigratedAsync()
    {
        _database.RequireServer();
        var database = new ServiceDatabase("Relaytest", StoreDialect.Postgres, _database.ConnectionString);
        await DatabaseMigrator.MigrateAsync(database, typeof(MessagingTablesOnly).Assembly, NullLogger.Instance, Ct);
        return database;
    }

    /// <summary>Writes a MeetingScheduled outbox row for each (meeting, version), in that order, in one transaction.</summary>
    private static async Task AppendScheduledAsync(ServiceDatabase database, IEnumerable<(string Meeting, long Version)> rows)
    {
        await using var connection = await database.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        foreach (var (meeting, version) in rows)
        {
            var scheduled = new MeetingScheduled(meeting, "bodies/direktionen", "Direktionen", DateTimeOffset.UtcNow, "Møde", "B105",
                DateTimeOffset.UtcNow, version);
            await Outbox.AppendAsync(connection, transaction, scheduled, scheduled.Meeting, DateTime.UtcNow);
        }
        await transaction.CommitAsync(Ct);
    }

    /// <summary>A bus on the test broker with publisher confirms, its exchanges under a prefix of its own.</summary>
    private IBusControl ConfirmingBus()
    {
        var prefix = $"t{Guid.NewGuid().ToString("N")[..10]}-";
        return Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(_broker!.Uri!, h => h.PublisherConfirmation = true);
            cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, prefix));
        });
    }

    [Fact]
    public async Task Two_relays_publish_every_row_exactly_once()
    {
        var database = await MigratedAsync();
        _broker!.RequireServer();
        const int Rows = 120;
        await AppendScheduledAsync(database, Enumerable.Range(0, Rows).Select(i => ($"meetings/m{i:D4}", 1L)));

        var bus = ConfirmingBus();
        await bus.StartAsync(Ct);
        try
        {
            await using var probe = await EventProbe.ConnectAsync(bus, typeof(MeetingScheduled));
            var options = new MessagingOptions { OutboxBatchSize = 10 };
            var types = new OutboxMessageTypes([typeof(MeetingScheduled).Assembly]);
            var relays = Enumerable.Range(0, 2)
                .Select(_ => new OutboxRelay(database, types, bus, options, NullLogger.Instance)).ToList();
            // Both relays take batches at the same time until the outbox is empty.
            var published = await Task.WhenAll(relays.Select(async relay =>
            {
                var total = 0;
                int batch;
                while ((batch = await relay.RelayBatchAsync(Ct)) > 0)
                {
                    total += batch;
                }
                return total;
            }));
            Assert.Equal(Rows, published.Sum());

            var received = await probe.WaitAsync(r => r.Count >= Rows, TimeSpan.FromSeconds(60));
            await Task.Delay(500, Ct);
            received = probe.All;
            Assert.Equal(Rows, received.Count);
            Assert.Equal(Rows, received.Select(r => r.MessageId).Distinct().Count());
            await using var check = await database.OpenAsync(Ct);
            Assert.Equal(0L, await check.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Outbox.Table} WHERE sent_at IS NULL"));
            // The message id on the wire is the row's: a consumer's inbox recognises a republished row.
            var ids = (await check.QueryAsync<string>($"SELECT message_id FROM {Outbox.Table}")).Select(Guid.Parse).ToHashSet();
            Assert.All(received, r => Assert.Contains(r.MessageId!.Value, ids));
        }
        finally
        {
            await bus.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task One_meetings_events_go_out_in_order_while_different_meetings_go_out_side_by_side()
    {
        var database = await MigratedAsync();
        _broker!.RequireServer();
        const int Meetings = 12;
        const int PerMeeting = 10;
        // Interleaved, as concurrent calls write them: meeting 0 version 1, meeting 1 version 1, ...
        await AppendScheduledAsync(database,
            from version in Enumerable.Range(1, PerMeeting) from m in Enumerable.Range(0, Meetings) select ($"meetings/m{m:D2}", (long)version));

        var bus = ConfirmingBus();
        var publishes = new PublishOrder();
        bus.ConnectPublishObserver(publishes);
        await bus.StartAsync(Ct);
        try
        {
            var relay = new OutboxRelay(database, new OutboxMessageTypes([typeof(MeetingScheduled).Assembly]), bus,
                new MessagingOptions { OutboxBatchSize = 40 }, NullLogger.Instance);
            var total = 0;
            int batch;
            while ((batch = await relay.RelayBatchAsync(Ct)) > 0)
            {
                total += batch;
            }
            Assert.Equal(Meetings * PerMeeting, total);
        }
        finally
        {
            await bus.StopAsync(Ct);
        }

        // Each meeting's versions were published (and confirmed) one after another, in the order written...
        foreach (var meeting in publishes.Started.GroupBy(p => p.Meeting))
        {
            Assert.Equal(Enumerable.Range(1, PerMeeting).Select(v => (long)v), meeting.Select(p => p.Version));
        }
        // ...while the publishes of different meetings overlapped, waiting for their confirms together.
        Assert.True(publishes.MostInFlight > 1, $"At most {publishes.MostInFlight} publish was in flight at a time.");
    }

    [Fact]
    public async Task The_running_relay_keeps_each_meetings_order_across_batches_it_has_out_at_once()
    {
        var database = await MigratedAsync();
        _broker!.RequireServer();
        const int Meetings = 6;
        const int PerMeeting = 25;
        // Runs of one meeting's events, so each meeting spans several small batches.
        await AppendScheduledAsync(database,
            from run in Enumerable.Range(0, PerMeeting / 5) from m in Enumerable.Range(0, Meetings) from v in Enumerable.Range(1, 5)
            select ($"meetings/m{m:D2}", (long)((run * 5) + v)));

        var bus = ConfirmingBus();
        var publishes = new PublishOrder();
        bus.ConnectPublishObserver(publishes);
        await bus.StartAsync(Ct);
        try
        {
            using var relay = new OutboxRelay(database, new OutboxMessageTypes([typeof(MeetingScheduled).Assembly]), bus,
                new MessagingOptions { OutboxBatchSize = 7, OutboxBatchesInFlight = 4, OutboxPollInterval = TimeSpan.FromMilliseconds(50) },
                NullLogger.Instance);
            await relay.StartAsync(Ct);
            await using var connection = await database.OpenAsync(Ct);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Outbox.Table} WHERE sent_at IS NULL") > 0
                && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Ct);
            }
            await relay.StopAsync(Ct);
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Outbox.Table} WHERE sent_at IS NULL"));
        }
        finally
        {
            await bus.StopAsync(Ct);
        }

        // Every row once, each meeting's in the order written, and each publish started only after the one
        // before it of its meeting was confirmed, though that one was in another batch.
        Assert.Equal(Meetings * PerMeeting, publishes.Started.Count);
        foreach (var meeting in publishes.Started.GroupBy(p => p.Meeting))
        {
            Assert.Equal(Enumerable.Range(1, PerMeeting).Select(v => (long)v), meeting.Select(p => p.Version));
        }
        Assert.Empty(publishes.StartedBeforeTheOneBeforeWasConfirmed);
        Assert.True(publishes.MostInFlight > 1, $"At most {publishes.MostInFlight} publish was in flight at a time.");
    }

    /// <summary>The order publishes start in, and how many were waiting for their confirm at once.</summary>
    private sealed class PublishOrder : IPublishObserver
    {
        private readonly Lock _lock = new();
        private readonly List<(string Meeting, long Version)> _started = [];
        private readonly Dictionary<string, long> _confirmed = [];
        private readonly List<(string Meeting, long Version)> _early = [];
        private int _inFlight;

        /// <summary>Publishes that started while the version before them of their meeting had not been confirmed.</summary>
        public IReadOnlyList<(string Meeting, long Version)> StartedBeforeTheOneBeforeWasConfirmed
        {
            get
            {
                lock (_lock)
                {
                    return [.. _early];
                }
            }
        }

        public int MostInFlight { get; private set; }

        public IReadOnlyList<(string Meeting, long Version)> Started
        {
            get
            {
                lock (_lock)
                {
                    return [.. _started];
                }
            }
        }

        public Task PrePublish<T>(PublishContext<T> context) where T : class
        {
            if (context.Message is MeetingScheduled scheduled)
            {
                lock (_lock)
                {
                    if (scheduled.Version > 1 && _confirmed.GetValueOrDefault(scheduled.Meeting) != scheduled.Version - 1)
                    {
                        _early.Add((scheduled.Meeting, scheduled.Version));
                    }
                    _started.Add((scheduled.Meeting, scheduled.Version));
                    MostInFlight = Math.Max(MostInFlight, ++_inFlight);
                }
            }
            return Task.CompletedTask;
        }

        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            if (context.Message is MeetingScheduled scheduled)
            {
                lock (_lock)
                {
                    _confirmed[scheduled.Meeting] = Math.Max(_confirmed.GetValueOrDefault(scheduled.Meeting), scheduled.Version);
                }
            }
            return Done(context);
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Done(context);

        private Task Done<T>(PublishContext<T> context) where T : class
        {
            if (context.Message is MeetingScheduled)
            {
                lock (_lock)
                {
                    _inFlight--;
                }
            }
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Housekeeping_purges_old_sent_rows_and_old_inbox_rows_but_never_pending_ones()
    {
        var database = await MigratedAsync();
        var now = DateTime.UtcNow;
        var old = now.AddDays(-40);
        await using (var connection = await database.OpenAsync(Ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(Ct);
            var message = new MeetingCancelled("meetings/x", "bodies/y", "Direktionen", DateTimeOffset.UtcNow, "Aflyst", DateTimeOffset.UtcNow, 1);
            await Outbox.AppendAsync(connection, transaction, message, "meetings/m1", old);
            await Outbox.AppendAsync(connection, transaction, message, "meetings/m1", old);
            await Outbox.AppendAsync(connection, transaction, message, "meetings/m1", now);
            Assert.True(await Inbox.TryRecordAsync(connection, transaction, "probe", Guid.NewGuid(), old));
            var recent = Guid.NewGuid();
            Assert.True(await Inbox.TryRecordAsync(connection, transaction, "probe", recent, now));
            Assert.False(await Inbox.TryRecordAsync(connection, transaction, "probe", recent, now));
            // The first old row was sent long ago; the second old one is still pending.
            await connection.ExecuteAsync($"UPDATE {Outbox.Table} SET sent_at = @old WHERE sequence = (SELECT min(sequence) FROM {Outbox.Table})",
                new { old }, transaction);
            await transaction.CommitAsync(Ct);
        }

        var housekeeping = new MessagingHousekeeping(database, new MessagingOptions(), TimeProvider.System, NullLogger.Instance);
        Assert.Equal((1, 1), await housekeeping.PurgeAsync(Ct));
        Assert.Equal((0, 0), await housekeeping.PurgeAsync(Ct));
        await using var check = await database.OpenAsync(Ct);
        Assert.Equal(2L, await check.ExecuteScalarAsync<long>($"SELECT count(*) FROM {Outbox.Table} WHERE sent_at IS NULL"));
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();
}
