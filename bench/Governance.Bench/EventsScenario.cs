using System.Collections.Concurrent;
using System.Diagnostics;
using Governance.Meetings.Events;
using Governance.Meetings.V1;
using MassTransit;
using Npgsql;

namespace Governance.Bench;

/// <summary>What the event path gave at one concurrency, beside the bare broker round trip.</summary>
internal sealed record EventsResult(int InFlight, Measurement Path, double EventsPerSecond, Measurement Broker,
    Measurement BrokerConfirm, double OldestPendingMs, TimeSpan BacklogDrain);

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
        var starts = new ConcurrentDictionary<string, long>();
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
                starts[decision.Name] = start;
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
        foreach (var (name, start) in starts)
        {
            if (arrivals.TryGetValue(name, out var arrived) && start >= windowStart && start <= windowEnd)
            {
                latency.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(start, arrived).TotalMicroseconds));
            }
        }
        // Only this scenario's events: ones of earlier scenarios may still arrive from the outbox.
        var inWindow = starts.Keys.Count(k => arrivals.TryGetValue(k, out var a) && a >= windowStart && a <= windowEnd);
        var eventPath = path with { Latency = latency };
        var (round, confirm) = await BrokerRoundTripAsync(broker, inFlight, warmUp, duration, meter);
        return new EventsResult(inFlight, eventPath, inWindow / path.Seconds, round, confirm, oldestPending, backlogDrain);
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
