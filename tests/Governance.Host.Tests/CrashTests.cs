using System.Collections.Concurrent;
using System.Diagnostics;
using Governance.Cases.V1;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Host.Tests;

/// <summary>
/// "Nothing committed is lost" (issue 9): writers add agenda items and record decisions through gRPC
/// while the host process is killed with SIGKILL; the host is started again on the same stores (and
/// broker prefix). Then every acknowledged write is there once, a retry of it with its request_id
/// returns it and creates nothing, and every item and decision that exists, acknowledged or not, has
/// exactly one entry on its case's timeline in Cases: its event went through the outbox, the bus and
/// the consumer's inbox once, across the crash.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Writers = 8;
    private const int CaseCount = 4;
    private const int MeetingCount = 3;

    /// <summary>How long the writers run before the kill (and at least until they have this many decisions).</summary>
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(3);
    private const int MinimumDecisions = 20;

    /// <summary>How long the events of the committed writes may take to reach the timelines after the restart.</summary>
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Embedded_default_keeps_every_committed_write_and_delivers_each_event_once_after_kill_9()
    {
        using var directory = new SqliteDatabase();
        var environment = new Dictionary<string, string> { ["Governance__DataDirectory"] = directory.DirectoryPath };
        // The host creates the development key in the data directory on its first start.
        await CrashAndRecoverAsync("SQLite + in-memory bus", directory.DirectoryPath, environment,
            () => TokenIssuer.LoadOrCreateDevelopment(directory.DirectoryPath, "governance"));
    }

    [Fact]
    public async Task Postgres_and_RabbitMq_keep_every_committed_write_and_deliver_each_event_once_after_kill_9()
    {
        await using var backends = await ServerBackends.StartAsync();
        // The restarted host must find the queues (and what waits in them) of the killed one: one prefix.
        var (environment, authority) = await ServerHostEnvironment.CreateAsync(backends, "crash", Ct);
        await CrashAndRecoverAsync("PostgreSQL + RabbitMQ", backends.DataDirectory, environment, () => authority);
    }

    private async Task CrashAndRecoverAsync(string kind, string dataDirectory, Dictionary<string, string> environment, Func<TokenIssuer> tokens)
    {
        environment["Logging__LogLevel__Default"] = "Warning";
        var clock = Stopwatch.StartNew();
        var phases = new List<string>();
        void Phase(string name)
        {
            phases.Add($"{name} {clock.Elapsed.TotalSeconds:0.0} s");
            clock.Restart();
        }
        Setup setup;
        Load load;
        await using (var first = await RunningHost.StartAsync(dataDirectory, environment, Ct))
        {
            Phase("start");
            using var channel = GovernanceTestHost.CreateChannel(first.GrpcAddress, Token(tokens()));
            setup = await SetUpAsync(channel);
            load = await WriteUntilKilledAsync(channel, setup, first);
            Phase("set-up and load");
        }

        await using var second = await RunningHost.StartAsync(dataDirectory, environment, Ct);
        Phase("restart");
        using var restarted = GovernanceTestHost.CreateChannel(second.GrpcAddress, Token(tokens()));
        var meetings = new MeetingsService.MeetingsServiceClient(restarted);
        var state = await ReadAsync(meetings, setup);
        AssertAcknowledgedOnce(load, state);

        // A client that did get its answer and retries anyway gets the same resource, and nothing new.
        foreach (var (request, item) in load.Items)
        {
            Assert.Equal(item.Name, (await meetings.AddAgendaItemAsync(request, cancellationToken: Ct)).Name);
        }
        foreach (var (request, decision) in load.Decisions)
        {
            Assert.Equal(decision.Name, (await meetings.RecordDecisionAsync(request, cancellationToken: Ct)).Name);
        }
        var afterRetries = await ReadAsync(meetings, setup);
        Assert.Equal(state.Items.Select(i => i.Name).Order(), afterRetries.Items.Select(i => i.Name).Order());
        Assert.Equal(state.Decisions.Select(d => d.Decision.Name).Order(), afterRetries.Decisions.Select(d => d.Decision.Name).Order());
        Phase("writes and retries checked");

        var cases = new CasesService.CasesServiceClient(restarted);
        var deliveries = await WaitForDeliveriesAsync(cases, setup, state);
        Phase("timelines checked");
        output.WriteLine($"{kind}: {load.Items.Count} items and {load.Decisions.Count} decisions acknowledged, " +
            $"{load.InFlight} calls in flight at the kill; after the restart {state.Items.Count} items and " +
            $"{state.Decisions.Count} decisions; timelines: {deliveries.AgendaEntries} AGENDA_ITEM_ADDED and " +
            $"{deliveries.DecisionEntries} DECISION_RECORDED entries.");
        output.WriteLine($"{kind}: {string.Join(", ", phases)}.");
        Assert.True(deliveries.Problems.Count == 0,
            $"{kind}: the timelines do not have exactly one entry for each item and decision after the restart:\n" +
            string.Join('\n', deliveries.Problems));
    }

    private static string Token(TokenIssuer issuer) => issuer.Issue("crash-test", HostClaims.Roles, HostClaims.Everywhere);

    private sealed record Setup(IReadOnlyList<Case> Cases, IReadOnlyList<Meeting> Meetings);

    /// <summary>The acknowledged writes, each with the request that made it, and how many calls failed in flight.</summary>
    private sealed record Load(IReadOnlyList<(AddAgendaItemRequest Request, AgendaItem Item)> Items,
        IReadOnlyList<(RecordDecisionRequest Request, Decision Decision)> Decisions, int InFlight);

    /// <summary>What the Meetings API lists: the items of the test's meetings and the decisions of each.</summary>
    private sealed record State(IReadOnlyList<AgendaItem> Items, IReadOnlyList<(AgendaItem Item, Decision Decision)> Decisions);

    private sealed record Deliveries(int AgendaEntries, int DecisionEntries, IReadOnlyList<string> Problems);

    /// <summary>Cases to put on agendas (Meetings accepts only journal numbers of existing cases) and
    /// published meetings of one body, on which items can be added and decisions recorded.</summary>
    private static async Task<Setup> SetUpAsync(GrpcChannel channel)
    {
        var cases = new CasesService.CasesServiceClient(channel);
        var meetings = new MeetingsService.MeetingsServiceClient(channel);
        var created = new List<Case>();
        for (var i = 1; i <= CaseCount; i++)
        {
            created.Add(await cases.CreateCaseAsync(new CreateCaseRequest
            {
                Case = new Case { Title = $"Kloakrenovering, etape {i}", Unit = "TMF" },
                RequestId = Guid.NewGuid().ToString(),
            }, cancellationToken: Ct));
        }
        var body = await meetings.CreateBodyAsync(new CreateBodyRequest
        {
            BodyId = "teknik-og-miljoe",
            Body = new Body { DisplayName = "Teknik- og Miljøudvalget" },
            RequestId = Guid.NewGuid().ToString(),
        }, cancellationToken: Ct);
        var scheduled = new List<Meeting>();
        for (var i = 0; i < MeetingCount; i++)
        {
            var meeting = await meetings.ScheduleMeetingAsync(new ScheduleMeetingRequest
            {
                Meeting = new Meeting { Body = body.Name, Start = new Google.Type.DateTime { Year = 2027, Month = 3, Day = 2 + (7 * i), Hours = 16 } },
                RequestId = Guid.NewGuid().ToString(),
            }, cancellationToken: Ct);
            // An agenda is published with at least one item.
            var first = new AddAgendaItemRequest
            {
                Parent = meeting.Name,
                Item = new AgendaItem { Title = "Status på kloakrenoveringen", JournalNumber = created[i % created.Count].JournalNumber, Kind = ItemKind.Ordinary },
                RequestId = Guid.NewGuid().ToString(),
            };
            await RetryingAsync(() => meetings.AddAgendaItemAsync(first, cancellationToken: Ct).ResponseAsync);
            scheduled.Add(await meetings.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name }, cancellationToken: Ct));
        }
        return new Setup(created, scheduled);
    }

    /// <summary>AddAgendaItem checks the journal number with Cases; on a loaded machine Cases may not answer
    /// in time, and the caller gets UNAVAILABLE ("try again shortly"). A real client tries again, with the
    /// same request_id, so the write still happens once.</summary>
    private static async Task<T> RetryingAsync<T>(Func<Task<T>> call, Func<bool>? stopped = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && attempt < 5 && stopped?.Invoke() != true)
            {
                await Task.Delay(200 * attempt, Ct);
            }
        }
    }

    /// <summary>Writers add items (on the test's cases) and record a decision on each, until the host is
    /// killed under them after <see cref="LoadTime"/>. A call that fails after the kill is in flight:
    /// its write may or may not have committed. A call that fails before it fails the test.</summary>
    private static async Task<Load> WriteUntilKilledAsync(GrpcChannel channel, Setup setup, RunningHost host)
    {
        var client = new MeetingsService.MeetingsServiceClient(channel);
        var items = new ConcurrentQueue<(AddAgendaItemRequest, AgendaItem)>();
        var decisions = new ConcurrentQueue<(RecordDecisionRequest, Decision)>();
        var killed = 0;
        using var stop = new CancellationTokenSource();

        async Task<int> WriteAsync(int writer)
        {
            var random = new Random(writer);
            for (var n = 1; !stop.IsCancellationRequested; n++)
            {
                var journalNumber = setup.Cases[random.Next(setup.Cases.Count)].JournalNumber;
                var add = new AddAgendaItemRequest
                {
                    Parent = setup.Meetings[(writer + n) % setup.Meetings.Count].Name,
                    Item = new AgendaItem { Title = $"Ledningsarbejde, strækning {writer}.{n}", JournalNumber = journalNumber, Kind = ItemKind.Ordinary },
                    RequestId = Guid.NewGuid().ToString(),
                };
                try
                {
                    var item = await RetryingAsync(() => client.AddAgendaItemAsync(add, cancellationToken: stop.Token).ResponseAsync,
                        () => Volatile.Read(ref killed) == 1);
                    items.Enqueue((add, item));
                    var decide = new RecordDecisionRequest
                    {
                        Parent = item.Name,
                        Decision = new Decision { Outcome = DecisionOutcome.Approved, Text = $"Udvalget godkendte strækning {writer}.{n}." },
                        RequestId = Guid.NewGuid().ToString(),
                    };
                    decisions.Enqueue((decide, await client.RecordDecisionAsync(decide, cancellationToken: stop.Token)));
                }
                catch (RpcException) when (Volatile.Read(ref killed) == 1)
                {
                    return 1;
                }
            }
            return 0;
        }

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w), Ct)).ToArray();
        var running = Stopwatch.StartNew();
        // Bounded: a machine too slow to reach the minimum still gets its kill.
        while ((running.Elapsed < LoadTime || decisions.Count < MinimumDecisions) && running.Elapsed < 4 * LoadTime
            && !writers.Any(w => w.IsCompleted))
        {
            await Task.Delay(50, Ct);
        }
        if (writers.FirstOrDefault(w => w.IsFaulted) is { } failed)
        {
            await failed; // A write refused or failed before the kill: its own error, not a crash result.
        }
        Volatile.Write(ref killed, 1);
        host.Kill();
        await stop.CancelAsync();
        var inFlight = (await Task.WhenAll(writers)).Sum();
        Assert.True(!decisions.IsEmpty, "The writers had no decision acknowledged before the kill.");
        return new Load([.. items], [.. decisions], inFlight);
    }

    private static async Task<State> ReadAsync(MeetingsService.MeetingsServiceClient meetings, Setup setup)
    {
        var items = new List<AgendaItem>();
        foreach (var meeting in setup.Meetings)
        {
            var token = "";
            do
            {
                var page = await meetings.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = 200, PageToken = token },
                    cancellationToken: Ct);
                items.AddRange(page.Items);
                token = page.NextPageToken;
            }
            while (token.Length > 0);
        }
        var decisions = new List<(AgendaItem, Decision)>();
        foreach (var item in items)
        {
            var token = "";
            do
            {
                var page = await meetings.ListDecisionsAsync(new ListDecisionsRequest { Parent = item.Name, PageSize = 200, PageToken = token },
                    cancellationToken: Ct);
                decisions.AddRange(page.Decisions.Select(d => (item, d)));
                token = page.NextPageToken;
            }
            while (token.Length > 0);
        }
        return new State(items, decisions);
    }

    private static void AssertAcknowledgedOnce(Load load, State state)
    {
        var items = state.Items.GroupBy(i => i.Name).ToDictionary(g => g.Key, g => g.Count());
        var decisions = state.Decisions.GroupBy(d => d.Decision.Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(items, i => Assert.True(i.Value == 1, $"{i.Key} is listed {i.Value} times."));
        Assert.All(decisions, d => Assert.True(d.Value == 1, $"{d.Key} is listed {d.Value} times."));
        var lostItems = load.Items.Where(a => !items.ContainsKey(a.Item.Name)).Select(a => a.Item.Name).ToList();
        var lostDecisions = load.Decisions.Where(a => !decisions.ContainsKey(a.Decision.Name)).Select(a => a.Decision.Name).ToList();
        Assert.True(lostItems.Count == 0 && lostDecisions.Count == 0,
            $"Acknowledged writes missing after the restart: {lostItems.Count} items ({string.Join(", ", lostItems.Take(10))}), " +
            $"{lostDecisions.Count} decisions ({string.Join(", ", lostDecisions.Take(10))}).");
        var byName = state.Items.ToDictionary(i => i.Name);
        Assert.All(load.Items, a => Assert.Equal(a.Request.Item.Title, byName[a.Item.Name].Title));
    }

    /// <summary>Reads every case's timeline until each item and decision of <paramref name="state"/> has
    /// its entry on the case of its journal number (or the time is up), and says what is missing,
    /// doubled, or there without a write behind it.</summary>
    private static async Task<Deliveries> WaitForDeliveriesAsync(CasesService.CasesServiceClient cases, Setup setup, State state)
    {
        var expected = state.Items.Select(i => (i.JournalNumber, Kind: TimelineEntryKind.AgendaItemAdded, Resource: i.Name))
            .Concat(state.Decisions.Select(d => (d.Item.JournalNumber, Kind: TimelineEntryKind.DecisionRecorded, Resource: d.Decision.Name)))
            .ToHashSet();
        var deadline = DateTime.UtcNow + DeliveryTimeout;
        var settled = false;
        while (true)
        {
            var seen = new List<(string JournalNumber, TimelineEntryKind Kind, string Resource)>();
            foreach (var @case in setup.Cases)
            {
                var token = "";
                do
                {
                    var page = await cases.ListCaseTimelineAsync(new ListCaseTimelineRequest { Parent = @case.Name, PageSize = 200, PageToken = token },
                        cancellationToken: Ct);
                    seen.AddRange(page.Entries.Where(e => e.Kind is TimelineEntryKind.AgendaItemAdded or TimelineEntryKind.DecisionRecorded)
                        .Select(e => (@case.JournalNumber, e.Kind, e.Resource)));
                    token = page.NextPageToken;
                }
                while (token.Length > 0);
            }
            var counted = seen.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
            var missing = expected.Where(e => !counted.ContainsKey(e)).ToList();
            if (missing.Count == 0 && !settled)
            {
                // Complete: one more reading a moment later, so that a second delivery of something
                // already there (a redelivery or a republished outbox row not kept out by the inbox) shows.
                settled = true;
                await Task.Delay(TimeSpan.FromSeconds(2), Ct);
                continue;
            }
            if (missing.Count == 0 || DateTime.UtcNow > deadline)
            {
                var doubled = counted.Where(c => c.Value > 1).ToList();
                var unexpected = counted.Keys.Where(k => !expected.Contains(k)).ToList();
                var problems = new List<string>();
                if (missing.Count > 0)
                {
                    problems.Add($"missing ({missing.Count}: {missing.Count(m => m.Kind == TimelineEntryKind.AgendaItemAdded)} AGENDA_ITEM_ADDED, " +
                        $"{missing.Count(m => m.Kind == TimelineEntryKind.DecisionRecorded)} DECISION_RECORDED): " +
                        string.Join(", ", missing.Take(10).Select(m => $"{m.Kind} {m.Resource} on {m.JournalNumber}")));
                }
                if (doubled.Count > 0)
                {
                    problems.Add($"doubled ({doubled.Count}): " + string.Join(", ", doubled.Take(10).Select(d => $"{d.Key.Kind} {d.Key.Resource} x{d.Value}")));
                }
                if (unexpected.Count > 0)
                {
                    problems.Add($"without a write behind them, or on another case ({unexpected.Count}): " +
                        string.Join(", ", unexpected.Take(10).Select(u => $"{u.Kind} {u.Resource} on {u.JournalNumber}")));
                }
                return new Deliveries(seen.Count(s => s.Kind == TimelineEntryKind.AgendaItemAdded),
                    seen.Count(s => s.Kind == TimelineEntryKind.DecisionRecorded), problems);
            }
            await Task.Delay(200, Ct);
        }
    }
}
