using System.Collections.Concurrent;
using System.Diagnostics;
using Governance.Meetings;
using Governance.Meetings.Events;
using Governance.Meetings.V1;
using Governance.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Bench;

/// <summary>
/// The event path: a decision recorded through gRPC travels through the Meetings outbox, the relay
/// and RabbitMQ to a subscriber. Printed beside the ceiling measured in the same run: a bare
/// MassTransit publish (with publisher confirms) and consume of a similar event on the same broker.
/// Latency is measured one at a time; throughput with <see cref="Concurrency"/> calls in flight.
/// </summary>
internal static class EventPathBench
{
    private const int Concurrency = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.SkipWhile(a => a != "--count").Skip(1).Select(int.Parse).FirstOrDefault(100);
        var broker = await RabbitMqServer.GetAsync();
        var postgres = await PostgresServer.GetAsync();
        if (!broker.IsAvailable || !postgres.IsAvailable)
        {
            await Console.Error.WriteLineAsync($"Needs RabbitMQ and PostgreSQL: {broker.UnavailableReason} {postgres.UnavailableReason}".Trim());
            return 2;
        }
        Console.WriteLine($"event path bench: {count} events each way, broker {broker.Source}, PostgreSQL {postgres.Source}");

        var (ceilingLatency, ceilingThroughput) = await BrokerRoundTripAsync(broker.Uri!, count);
        var (pathLatency, pathThroughput) = await EventPathAsync(count);

        Console.WriteLine(ceilingLatency.Line());
        Console.WriteLine(pathLatency.Line());
        Console.WriteLine(ceilingThroughput.Line());
        Console.WriteLine(pathThroughput.Line());
        Console.WriteLine($"ratio latency p50 (event path / broker round trip): {pathLatency.Percentile(50) / ceilingLatency.Percentile(50):F2}");
        Console.WriteLine($"ratio latency p95 (event path / broker round trip): {pathLatency.Percentile(95) / ceilingLatency.Percentile(95):F2}");
        Console.WriteLine($"ratio throughput (event path / broker round trip): {pathThroughput.PerSecond / ceilingThroughput.PerSecond:F2}");
        return 0;
    }

    /// <summary>The ceiling: publish with confirm, then consume, on a bus of its own.</summary>
    private static async Task<(Stats Latency, Stats Throughput)> BrokerRoundTripAsync(Uri brokerUri, int count)
    {
        var arrivals = new ConcurrentDictionary<string, long>();
        var prefix = $"bench{Guid.NewGuid().ToString("N")[..8]}-";
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(brokerUri, h => h.PublisherConfirmation = true);
            cfg.MessageTopology.SetEntityNameFormatter(new PrefixEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, prefix));
            cfg.ReceiveEndpoint($"{prefix}ceiling", e =>
            {
                e.AutoDelete = true;
                e.Handler<MeetingScheduled>(context =>
                {
                    arrivals[context.Message.Meeting] = Stopwatch.GetTimestamp();
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        try
        {
            static MeetingScheduled Event(string name) =>
                new(name, "bodies/direktionen", "Direktionen", DateTimeOffset.UtcNow, "Direktionsmøde", "Mødelokale B105", DateTimeOffset.UtcNow, 1);
            var latencies = new List<double>();
            for (var i = 0; i < count; i++)
            {
                var name = $"meetings/latency-{i}";
                var start = Stopwatch.GetTimestamp();
                await bus.Publish(Event(name));
                latencies.Add(await ArrivalAsync(arrivals, name, start));
            }
            var began = Stopwatch.GetTimestamp();
            var names = Enumerable.Range(0, count).Select(i => $"meetings/throughput-{i}").ToList();
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (name, ct) => await bus.Publish(Event(name), ct));
            foreach (var name in names)
            {
                await ArrivalAsync(arrivals, name, began);
            }
            var seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
            return (new Stats("broker round trip, latency", latencies, 0),
                new Stats("broker round trip, throughput", [], count / seconds));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>The path under test: RecordDecision → outbox → relay → RabbitMQ → subscriber.</summary>
    private static async Task<(Stats Latency, Stats Throughput)> EventPathAsync(int count)
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var host = await GovernanceTestHost.StartAsync(new Dictionary<string, string> { [MeetingsServiceRegistration.ServiceName] = database.ConnectionString },
            settings: new Dictionary<string, string?>
            {
                ["Governance:Services"] = "meetings",
                // Decisions are what is measured; the items they are on need no case in Cases here.
                ["Governance:Meetings:VerifyJournalNumbers"] = "false",
            });
        var arrivals = new ConcurrentDictionary<string, long>();
        var bus = host.App.Services.GetRequiredService<IBus>();
        var handle = bus.ConnectReceiveEndpoint($"bench-{Guid.NewGuid():N}", e =>
        {
            if (e is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.AutoDelete = true;
            }
            e.Handler<DecisionRecorded>(context =>
            {
                arrivals[context.Message.Decision] = Stopwatch.GetTimestamp();
                return Task.CompletedTask;
            });
        });
        await handle.Ready;
        try
        {
            var client = new MeetingsService.MeetingsServiceClient(host.Channel);
            var latencyItems = await AgendaAsync(client, count, day: 9);
            var throughputItems = await AgendaAsync(client, count, day: 16);

            var latencies = new List<double>();
            foreach (var item in latencyItems)
            {
                var start = Stopwatch.GetTimestamp();
                var decision = await client.RecordDecisionAsync(Decide(item));
                latencies.Add(await ArrivalAsync(arrivals, decision.Name, start));
            }
            var began = Stopwatch.GetTimestamp();
            var decided = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(throughputItems, new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
                async (item, ct) => decided.Add((await client.RecordDecisionAsync(Decide(item), cancellationToken: ct)).Name));
            foreach (var name in decided)
            {
                await ArrivalAsync(arrivals, name, began);
            }
            var seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
            return (new Stats("event path (gRPC→outbox→RabbitMQ)", latencies, 0),
                new Stats("event path, throughput", [], count / seconds));
        }
        finally
        {
            await handle.StopAsync();
        }
    }

    private static RecordDecisionRequest Decide(AgendaItem item) =>
        new() { Parent = item.Name, Decision = new Decision { Outcome = DecisionOutcome.Approved, Text = "Godkendt. Indstillingen følges." } };

    /// <summary>A published agenda of <paramref name="count"/> items to record decisions on.</summary>
    private static async Task<IReadOnlyList<AgendaItem>> AgendaAsync(MeetingsService.MeetingsServiceClient client, int count, int day)
    {
        var body = await client.CreateBodyAsync(new CreateBodyRequest
        {
            BodyId = $"bench-{Guid.NewGuid():N}"[..18],
            Body = new Body { DisplayName = "Direktionen", Members = { new BodyMember { DisplayName = "Lars Holte", Role = MemberRole.Member } } },
        });
        var meeting = await client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = new Google.Type.DateTime { Year = 2027, Month = 3, Day = day, Hours = 8, Minutes = 30 } },
        });
        var items = new List<AgendaItem>();
        for (var i = 1; i <= count; i++)
        {
            items.Add(await client.AddAgendaItemAsync(new AddAgendaItemRequest
            {
                Parent = meeting.Name,
                Item = new AgendaItem { Title = $"Punkt {i}: opfølgning på budget", JournalNumber = $"17/{1000 + i}", Kind = ItemKind.Ordinary },
            }));
        }
        await client.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name });
        return items;
    }

    /// <summary>Milliseconds from <paramref name="start"/> until <paramref name="key"/> arrived (waits up to a minute).</summary>
    private static async Task<double> ArrivalAsync(ConcurrentDictionary<string, long> arrivals, string key, long start)
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        long arrived;
        while (!arrivals.TryGetValue(key, out arrived))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{key} did not arrive within a minute");
            }
            await Task.Delay(1);
        }
        return Stopwatch.GetElapsedTime(start, arrived).TotalMilliseconds;
    }
}
