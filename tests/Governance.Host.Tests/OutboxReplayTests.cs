using System.Collections.Concurrent;
using Dapper;
using Governance.Cases.Events;
using Governance.Cases.V1;
using Governance.Messaging.Inbox;
using Governance.Messaging.Outbox;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace Governance.Host.Tests;

/// <summary>
/// A department that subscribes late (issue 14): the CaseOpened events of cases created before its queue
/// existed reach it when operations run <c>Governance.Host outbox replay</c> to that queue, with their
/// original message ids, so its inbox drops what it had already seen (a case created after it subscribed,
/// and everything of a second replay): each case has one effect. A subscriber that was there all along
/// gets no copy (the replay is a send to one queue, not a publish). PostgreSQL and RabbitMQ.
/// </summary>
public sealed class OutboxReplayTests : IAsyncLifetime
{
    private readonly ServerBackends _backends = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _backends.InitializeAsync();

    public ValueTask DisposeAsync() => _backends.DisposeAsync();

    [Fact]
    public async Task A_late_subscriber_gets_the_earlier_events_with_their_ids_and_its_inbox_makes_each_effect_once()
    {
        var broker = await _backends.RequireServersAsync();
        var prefix = $"replay{Guid.NewGuid().ToString("N")[..8]}-";
        await using var host = await GovernanceTestHost.StartAsync(_backends.Stores.ConnectionStrings, _backends.DataDirectory,
            new Dictionary<string, string?> { ["Governance:Messaging:Prefix"] = prefix });
        var command = await ServerHostEnvironment.CommandAsync("cases", _backends, Ct);
        var earlyQueue = $"{prefix}dept-early";
        var lateQueue = $"{prefix}dept-late";
        var late = new Subscriber(Path.Combine(_backends.DataDirectory, "department.db"));
        var early = new ConcurrentBag<Guid>();
        // The other department's bus: it binds its queues to the platform's exchanges (same prefix).
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker.Uri);
            cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, prefix));
            cfg.ReceiveEndpoint(earlyQueue, e => e.Handler<CaseOpened>(context =>
            {
                early.Add(context.MessageId!.Value);
                return Task.CompletedTask;
            }));
        });
        await bus.StartAsync(Ct);
        try
        {
            var cases = new CasesService.CasesServiceClient(host.Channel);
            var since = DateTime.UtcNow.AddSeconds(-1);
            var before = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                before.Add((await cases.CreateCaseAsync(new CreateCaseRequest { Case = new Case { Title = $"Før {i}", Unit = "ØDC" } },
                    cancellationToken: Ct)).Name);
            }
            await Eventually(() => early.Count == 2, "the early subscriber to get both cases");

            // The late department binds its queue now: it sees what comes next, not what went before.
            var handle = bus.ConnectReceiveEndpoint(lateQueue, e => e.Handler<CaseOpened>(late.HandleAsync));
            await handle.Ready;
            var after = (await cases.CreateCaseAsync(new CreateCaseRequest { Case = new Case { Title = "Efter", Unit = "ØDC" } },
                cancellationToken: Ct)).Name;
            await Eventually(() => late.Received.Count == 1, "the late subscriber to get the case created after it bound its queue");
            Assert.Equal([after], late.Effects());

            var type = Outbox.UrnOf(typeof(CaseOpened));
            var replay = await OutboxCommandTests.OutboxAsync(command, "replay", "--service", "cases", "--since", since.ToString("O"),
                "--queue", lateQueue, "--type", type, "--actor", "ops-anna");
            Assert.True(replay.ExitCode == 0, replay.Error);
            Assert.Contains($"Replayed 3 of 3 sent events of cases created since", replay.Output, StringComparison.Ordinal);
            await Eventually(() => late.Received.Count == 4, "the replayed events to reach the late subscriber");

            // With their original ids: the outbox rows' message ids.
            var database = host.App.Services.GetServices<ServiceOutbox>().Single(o => o.Service == "cases").Database;
            await using var connection = await database.OpenAsync(Ct);
            var ids = (await connection.QueryAsync<string>($"SELECT message_id FROM {Outbox.Table} WHERE message_type = @type", new { type }))
                .Select(Guid.Parse).ToHashSet();
            Assert.Equal(3, ids.Count);
            Assert.Equal(ids, late.Received.Select(r => r.MessageId).ToHashSet());
            // Each case once: the inbox dropped the copy of the one it had seen.
            Assert.Equal([.. before.Append(after).Order(StringComparer.Ordinal)], late.Effects().Order(StringComparer.Ordinal));

            // A second replay: everything is a copy, the inbox drops it all.
            replay = await OutboxCommandTests.OutboxAsync(command, "replay", "--service", "cases", "--since", since.ToString("O"),
                "--queue", lateQueue, "--actor", "ops-anna");
            Assert.True(replay.ExitCode == 0, replay.Error);
            await Eventually(() => late.Received.Count == 7, "the second replay to reach the late subscriber");
            Assert.Equal(3, late.Effects().Count);
            Assert.Equal(4, late.Dropped);

            // The subscriber that was there all along got each event once, from the publish alone.
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            Assert.Equal(3, early.Count);
            Assert.Equal(ids, early.ToHashSet());

            // A queue that does not exist is refused: the replay would create it and fill it for no one.
            var missing = await OutboxCommandTests.OutboxAsync(command, "replay", "--service", "cases", "--since", since.ToString("O"),
                "--queue", $"{prefix}no-such-queue");
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains($"RabbitMQ has no queue {prefix}no-such-queue", missing.Error, StringComparison.Ordinal);

            // Each replay is one audit entry in Cases, with its counts.
            var audited = (await connection.QueryAsync<(string Subject, string Detail)>(
                "SELECT subject, detail FROM audit_entries WHERE method = @method ORDER BY occurred_at", new { method = OutboxOperations.ReplayMethod })).ToList();
            Assert.Equal(2, audited.Count);
            Assert.All(audited, a => Assert.Equal("ops-anna", a.Subject));
            Assert.StartsWith($"replayed 3 of 3 sent events created since", audited[0].Detail, StringComparison.Ordinal);
            Assert.Contains($"of type {type} to queue {lateQueue}", audited[0].Detail, StringComparison.Ordinal);
            Assert.Contains($"to queue {lateQueue}", audited[1].Detail, StringComparison.Ordinal);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
            await DeleteQueuesAsync(broker.Uri!, earlyQueue, lateQueue);
        }
    }

    /// <summary>The late department: an inbox and the effect of each CaseOpened (the case, noted once), in a
    /// database of its own.</summary>
    private sealed class Subscriber
    {
        private readonly string _connectionString;
        private int _dropped;

        public Subscriber(string file)
        {
            _connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString;
            using var connection = new SqliteConnection(_connectionString);
            connection.Execute(
                $"CREATE TABLE {Inbox.Table} (consumer TEXT NOT NULL, message_id TEXT NOT NULL, processed_at TEXT NOT NULL, PRIMARY KEY (consumer, message_id));" +
                "CREATE TABLE effects (case_name TEXT NOT NULL);");
        }

        public ConcurrentQueue<(Guid MessageId, string Case)> Received { get; } = new();

        public int Dropped => Volatile.Read(ref _dropped);

        public async Task HandleAsync(ConsumeContext<CaseOpened> context)
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(context.CancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            if (await Inbox.TryRecordAsync(connection, transaction, "dept-late", context.MessageId!.Value, DateTime.UtcNow))
            {
                await connection.ExecuteAsync("INSERT INTO effects (case_name) VALUES (@case)", new { @case = context.Message.Case }, transaction);
            }
            else
            {
                Interlocked.Increment(ref _dropped);
            }
            await transaction.CommitAsync(context.CancellationToken);
            Received.Enqueue((context.MessageId!.Value, context.Message.Case));
        }

        public List<string> Effects()
        {
            using var connection = new SqliteConnection(_connectionString);
            return [.. connection.Query<string>("SELECT case_name FROM effects")];
        }
    }

    private static async Task Eventually(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Never saw {what}.");
            await Task.Delay(100, Ct);
        }
    }

    private static async Task DeleteQueuesAsync(Uri broker, params string[] queues)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync(CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in queues)
        {
            await channel.QueueDeleteAsync(queue);
        }
    }
}
