using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Governance.Messaging.Outbox;
using HdrHistogram;
using Governance.Meetings.Events;
using Governance.Meetings.V1;
using MassTransit;
using Npgsql;

namespace Governance.Bench;

/// <summary>What the event path gave at one concurrency, beside the bare broker round trip.</summary>
internal sealed record EventsResult(int InFlight, Measurement Path, double EventsPerSecond, Measurement Broker,
    Measurement BrokerConfirm, double OldestPendingMs, TimeSpan BacklogDrain)
{
    /// <summary>Event latency from the write call's answer (its commit is visible) to the event's arrival.</summary>
    public required LongHistogram FromAnswer { get; init; }
}

/// <summary>The relay draining a backlog of <paramref name="Rows"/> outbox rows over <paramref name="Keys"/>
/// ordering keys committed at once: time from the commit to the first and to the last arrival, beside the
/// bare broker round trip at <paramref name="CeilingInFlight"/> publishes in flight.</summary>
internal sealed record BacklogResult(int Rows, int Keys, int Arrived, TimeSpan FirstArrival, TimeSpan LastArrival, int CeilingInFlight,
    Measurement Broker, Measurement BrokerConfirm)
{
    /// <summary>Relay throughput: rows a second from the commit to the last arrival.</summary>
    public double EventsPerSecond => Arrived / LastArrival.TotalSeconds;

    public double Ratio => EventsPerSecond / Broker.PerSecond;
}

/// <summary>
/// The events scenario against the host process on PostgreSQL + RabbitMQ: RecordDecision calls in a
/// closed loop; a subscriber of this process (on the host's exchange prefix) receives each
/// DecisionRecorded. Event latency is from the call's start until the event arrived; throughput is
/// events that arrived in the measured window a second; the outbox's oldest pending row is polled
/// throughout. The ceiling, measured right after on the same broker: a bare MassTransit publish with
/// publisher confirms and consume of an event of similar size, at the same concurrency.
/// </summary>
internal static class EventsScenario
{
    public static async Task<EventsResult> RunAsync(HostUnderTest host, DataSet data, Uri broker, int inFlight, TimeSpan warmUp,
        TimeSpan duration, CpuMeter meter)
    {
        var arrivals = new ConcurrentDictionary<string, long>();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, host.MessagingPrefix!));
            cfg.ReceiveEndpoint($"{host.MessagingPrefix}bench-events-{inFlight}", e =>
            {
                e.AutoDelete = true;
                e.Handler<DecisionRecorded>(context =>
                {
                    arrivals[context.Message.Decision] = Stopwatch.GetTimestamp();
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        var starts = new ConcurrentDictionary<string, (long Start, long Answered)>();
        double oldestPending = 0;
        TimeSpan backlogDrain;
        Measurement path;
        long windowStart = 0, windowEnd = 0;
        try
        {
            var client = new MeetingsService.MeetingsServiceClient(host.Channel);
            // Start from an empty outbox: the write scenarios before this one may have left a backlog.
            backlogDrain = await DrainAsync(host.MeetingsConnectionString!, TimeSpan.FromMinutes(5));
            using var polling = new CancellationTokenSource();
            var poller = PollOldestPendingAsync(host.MeetingsConnectionString!, ms => oldestPending = Math.Max(oldestPending, ms), polling.Token);
            path = await Load.ClosedLoopAsync(async (i, ct) =>
            {
                var start = Stopwatch.GetTimestamp();
                var decision = await client.RecordDecisionAsync(DataSet.Decide(data.DecidableItems[(int)(i % data.DecidableItems.Count)]), cancellationToken: ct);
                starts[decision.Name] = (start, Stopwatch.GetTimestamp());
            }, inFlight, warmUp, duration, meter);
            (windowStart, windowEnd) = (path.WindowStart, path.WindowEnd);
            // Let the tail arrive (at most 30 s), so that every measured call's event is counted.
            var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 30);
            while (starts.Keys.Any(k => !arrivals.ContainsKey(k)) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(50);
            }
            await polling.CancelAsync();
            await poller;
        }
        finally
        {
            await bus.StopAsync();
        }
        var latency = Load.NewHistogram();
        var fromAnswer = Load.NewHistogram();
        foreach (var (name, (start, answered)) in starts)
        {
            if (arrivals.TryGetValue(name, out var arrived) && start >= windowStart && start <= windowEnd)
            {
                latency.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(start, arrived).TotalMicroseconds));
                // An event can arrive before the bench has seen the answer (the relay is woken at commit).
                fromAnswer.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(answered, arrived).TotalMicroseconds));
            }
        }
        // Only this scenario's events: ones of earlier scenarios may still arrive from the outbox.
        var inWindow = starts.Keys.Count(k => arrivals.TryGetValue(k, out var a) && a >= windowStart && a <= windowEnd);
        var eventPath = path with { Latency = latency };
        var (round, confirm) = await BrokerRoundTripAsync(broker, inFlight, warmUp, duration, meter);
        return new EventsResult(inFlight, eventPath, inWindow / path.Seconds, round, confirm, oldestPending, backlogDrain) { FromAnswer = fromAnswer };
    }

    /// <summary>
    /// Relay throughput, apart from the write rate: once the outbox is empty, commits <paramref name="rows"/>
    /// outbox rows in one transaction, written as <see cref="Outbox.AppendAsync"/> writes them (copies of the
    /// DecisionRecorded bodies and ordering keys the seeded meetings' decisions wrote, each with a new message
    /// id, interleaved over the meetings), and times from the commit until the last of them arrived at a
    /// subscriber. The host's relay finds them at its next poll (another process's commit cannot wake it).
    /// The ceiling, right after: the bare round trip with as many publishes in flight as the relay can have
    /// (one a key, at most a batch).
    /// </summary>
    public static async Task<BacklogResult> RunBacklogAsync(HostUnderTest host, Uri broker, int rows, int batchSize, TimeSpan warmUp,
        TimeSpan duration, CpuMeter meter)
    {
        var meetings = host.MeetingsConnectionString!;
        await DrainAsync(meetings, TimeSpan.FromMinutes(5));
        var urn = Outbox.UrnOf(typeof(DecisionRecorded));
        List<(string Body, string Key)> sources;
        await using (var connection = new NpgsqlConnection(meetings))
        {
            sources = [.. (await connection.QueryAsync<(string, string)>(
                $"SELECT body, ordering_key FROM {Outbox.Table} WHERE message_type = @urn AND ordering_key IS NOT NULL ORDER BY sequence LIMIT 2000",
                new { urn }))];
        }
        if (sources.Count == 0)
        {
            throw new InvalidOperationException("No DecisionRecorded rows in the outbox to copy: the data set records decisions when seeding.");
        }
        // Interleave the meetings, as concurrent writers would: round robin over the keys.
        var byKey = sources.GroupBy(s => s.Key).Select(g => g.ToList()).ToList();
        var picked = Enumerable.Range(0, rows).Select(n => byKey[n % byKey.Count][n / byKey.Count % byKey[n % byKey.Count].Count]).ToList();
        var ids = picked.Select(_ => NewId.NextGuid().ToString()).ToArray();
        var pending = new ConcurrentDictionary<string, byte>(ids.Select(id => KeyValuePair.Create(id, (byte)0)));
        long first = 0, last = 0;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker);
            cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, host.MessagingPrefix!));
            cfg.ReceiveEndpoint($"{host.MessagingPrefix}bench-backlog", e =>
            {
                e.AutoDelete = true;
                e.PrefetchCount = 256;
                e.Handler<DecisionRecorded>(context =>
                {
                    if (context.MessageId is { } id && pending.TryRemove(id.ToString(), out _))
                    {
                        var now = Stopwatch.GetTimestamp();
                        Interlocked.CompareExchange(ref first, now, 0);
                        Volatile.Write(ref last, now);
                    }
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        long committed;
        try
        {
            await using (var connection = new NpgsqlConnection(meetings))
            {
                await connection.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await connection.ExecuteAsync(
                    $"INSERT INTO {Outbox.Table} (message_id, message_type, body, trace_parent, trace_state, created_at, attempts, ordering_key) " +
                    "SELECT id, @urn, body, NULL, NULL, @now, 0, key FROM unnest(@ids, @bodies, @keys) AS r(id, body, key)",
                    new { urn, now = DateTime.UtcNow, ids, bodies = picked.Select(p => p.Body).ToArray(), keys = picked.Select(p => p.Key).ToArray() },
                    transaction);
                await transaction.CommitAsync();
                committed = Stopwatch.GetTimestamp();
            }
            var deadline = committed + (Stopwatch.Frequency * 120);
            while (!pending.IsEmpty && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(20);
            }
        }
        finally
        {
            await bus.StopAsync();
        }
        var arrived = rows - pending.Count;
        var keys = picked.Select(p => p.Key).Distinct().Count();
        var ceilingInFlight = Math.Min(keys, batchSize);
        var (round, confirm) = await BrokerRoundTripAsync(broker, ceilingInFlight, warmUp, duration, meter);
        return new BacklogResult(rows, keys, arrived, Stopwatch.GetElapsedTime(committed, first), Stopwatch.GetElapsedTime(committed, last),
            ceilingInFlight, round, confirm);
    }

    /// <summary>Waits until the outbox has no pending row (at most <paramref name="limit"/>); returns how long that took.</summary>
    private static async Task<TimeSpan> DrainAsync(string meetings, TimeSpan limit)
    {
        var began = Stopwatch.GetTimestamp();
        await using var connection = new NpgsqlConnection(meetings);
        await connection.OpenAsync();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL";
        while (Convert.ToInt64(await query.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0
            && Stopwatch.GetElapsedTime(began) < limit)
        {
            await Task.Delay(200);
        }
        return Stopwatch.GetElapsedTime(began);
    }

    private static async Task PollOldestPendingAsync(string meetings, Action<double> observe, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(meetings);
        await connection.OpenAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT EXTRACT(EPOCH FROM (clock_timestamp() - min(created_at))) * 1000 FROM outbox_messages WHERE sent_at IS NULL";
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await query.ExecuteScalarAsync(CancellationToken.None) is decimal ms)
            {
                observe((double)ms);
            }
            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The ceiling: publish (awaiting the broker's confirm) and consume, on a bus and prefix of
    /// its own. Returns the round trip (rate, latency publish→consume) and the confirm latency.</summary>
    public static async Task<(Measurement RoundTrip, Measurement Confirm)> BrokerRoundTripAsync(Uri broker, int inFlight, TimeSpan warmUp,
        TimeSpan duration, CpuMeter meter)
    {
        var arrivals = new ConcurrentDictionary<string, long>();
        var prefix = $"bench{Guid.NewGuid().ToString("N")[..8]}-";
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker, h => h.PublisherConfirmation = true);
            cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, prefix));
            cfg.ReceiveEndpoint($"{prefix}ceiling", e =>
            {
                e.AutoDelete = true;
                e.Handler<DecisionRecorded>(context =>
                {
                    arrivals[context.Message.Decision] = Stopwatch.GetTimestamp();
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        try
        {
            var starts = new ConcurrentDictionary<string, long>();
            var confirm = await Load.ClosedLoopAsync(async (i, ct) =>
            {
                var name = $"meetings/m/items/i/decisions/{i}";
                starts[name] = Stopwatch.GetTimestamp();
                await bus.Publish(new DecisionRecorded(name, "meetings/m", "bodies/direktionen", "Direktionen", DateTimeOffset.UtcNow,
                    new AgendaEntry("meetings/m/items/i", 1, "26/00001", false, "Budget 2027: status og videre proces"), "APPROVED", "Godkendt",
                    "Godkendt. Indstillingen følges, og sagen forelægges igen efter høringen.",
                    [new FollowUpInfo("Notat om økonomien til næste møde", "ØDC", null)], [], null, DateTimeOffset.UtcNow, 1), ct);
            }, inFlight, warmUp, duration, meter);
            var (windowStart, windowEnd) = (confirm.WindowStart, confirm.WindowEnd);
            var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 30);
            while (starts.Keys.Any(k => !arrivals.ContainsKey(k)) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(50);
            }
            var latency = Load.NewHistogram();
            foreach (var (name, start) in starts)
            {
                if (start >= windowStart && start <= windowEnd && arrivals.TryGetValue(name, out var arrived))
                {
                    latency.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(start, arrived).TotalMicroseconds));
                }
            }
            var consumed = arrivals.Values.Count(a => a >= windowStart && a <= windowEnd);
            return (confirm with { Calls = consumed, Latency = latency }, confirm);
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
