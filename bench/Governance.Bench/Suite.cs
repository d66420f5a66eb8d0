using System.Globalization;

namespace Governance.Bench;

/// <summary>Settings of a suite run (command line of <c>suite</c>; see bench/README.md).</summary>
internal sealed record SuiteOptions(string[] Stores, int Runs, TimeSpan Duration, TimeSpan WarmUp, DataSetSize Size, int SeedParallel,
    double OpenLoopShare, string HostDll, string? Output, string Commit, bool Quick)
{
    /// <summary>Only these scenarios (by name or its first word, case-insensitive; "Events" is the events part); null: all.</summary>
    public IReadOnlySet<string>? Scenarios { get; init; }

    /// <summary>Outbox rows of the relay throughput measurement (the backlog it drains).</summary>
    public int EventBacklog { get; init; } = 3000;

    /// <summary>Open reminders of the due sweep scenario.</summary>
    public int SweepReminders { get; init; } = 100_000;

    /// <summary>Respondents of the Surveys scenario's round (each answers every item).</summary>
    public int SurveyRespondents { get; init; } = 3000;

    /// <summary>SaveAnswers calls in flight in the Surveys scenario (and connections of its ceiling).</summary>
    public int SurveyInFlight { get; init; } = 64;

    public bool Includes(string scenario) => Scenarios is null || Scenarios.Contains(scenario) || Scenarios.Contains(scenario.Split(' ')[0]);
}

/// <summary>One scenario at one concurrency in one store: its measurement and its ceiling's, per run.</summary>
internal sealed class Cell(string store, Scenario scenario, int inFlight)
{
    public string Store { get; } = store;

    public Scenario Scenario { get; } = scenario;

    public int InFlight { get; } = inFlight;

    public List<Measurement> Runs { get; } = [];

    public List<Measurement> Ceilings { get; } = [];

    public IEnumerable<double> Ratios => Runs.Zip(Ceilings, (r, c) => c.PerSecond > 0 ? r.PerSecond / c.PerSecond : double.NaN);

    /// <summary>Each run's latency at <paramref name="percentile"/> over its ceiling's (HTTP/JSON over gRPC: above 1 is slower).</summary>
    public IEnumerable<double> LatencyRatios(double percentile) => Runs.Zip(Ceilings, (r, c) =>
        c.Latency.TotalCount > 0 && r.Latency.TotalCount > 0 ? Suite.Ms(r.Latency, percentile) / Suite.Ms(c.Latency, percentile) : double.NaN);
}

internal sealed record StoreResult(string Store, DataSet Data, TimeSpan StartToServing, double? RssAfterMb, List<Cell> Cells,
    List<EventsResult> Events, List<BacklogResult> Backlogs, List<(string Scenario, double Rate, Measurement Open)> OpenLoop, DueSweepResult? DueSweep,
    SurveysResult? Surveys);

/// <summary>
/// The whole suite: for each store, the host as its own process, the seeded data set, then every
/// scenario at each concurrency beside its ceiling measured right before it in the same run, the
/// events scenario (PostgreSQL + RabbitMQ), the Reminders due sweep beside its plain scan, the Surveys
/// round beside its plain inserts and GROUP BY, open-loop runs, memory at the end; repeated, medians reported.
/// </summary>
internal static class Suite
{
    public static async Task<int> RunAsync(SuiteOptions options)
    {
        var servers = BenchServers.FromEnvironment();
        var pgbenchBinary = PgBench.FindBinary();
        var machine = await Machine.DescribeAsync(servers);
        Console.WriteLine(machine.Markdown());
        var results = new List<StoreResult>();
        PgBench? pgbench = null;
        try
        {
            if (servers.PostgresAdmin is not null && pgbenchBinary is not null)
            {
                pgbench = await PgBench.CreateAsync(servers.PostgresAdmin, pgbenchBinary);
                Console.WriteLine($"pgbench: {pgbench.Version}");
            }
            else
            {
                Console.WriteLine("pgbench or GOVERNANCE_TEST_POSTGRES missing: writes are shown without their pgbench ceiling.");
            }
            var databaseCpu = ProcessCpu.ServerCpu(servers.PostgresPort);
            foreach (var store in options.Stores)
            {
                results.Add(await RunStoreAsync(store, options, servers, pgbench, databaseCpu));
            }
        }
        finally
        {
            if (pgbench is not null)
            {
                await pgbench.DisposeAsync();
            }
        }
        var report = Report.Markdown(options, machine, pgbench?.Version, results);
        Console.WriteLine();
        Console.WriteLine(report);
        if (options.Output is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
            await File.WriteAllTextAsync(options.Output, report);
            Console.WriteLine($"written to {options.Output}");
        }
        return 0;
    }

    private static async Task<StoreResult> RunStoreAsync(string store, SuiteOptions options, BenchServers servers, PgBench? pgbench,
        Func<double>? databaseCpu)
    {
        Console.WriteLine($"\n== {store}: starting the host ({options.HostDll})");
        await using var host = await HostUnderTest.StartAsync(options.HostDll, store, servers);
        var cells = Scenario.All.Where(s => options.Includes(s.Name)).SelectMany(s => s.InFlight.Select(c => new Cell(store, s, c))).ToList();
        var eventsChosen = store == "postgres" && servers.RabbitMq is not null && options.Includes("Events");
        // The meetings, cases and reminder lists serve the RPC scenarios and the events; the due sweep and
        // the Surveys round bring their own data, so a run of those alone does not wait for this.
        Console.WriteLine($"   SERVING after {host.StartToServing.TotalSeconds:F2} s{(cells.Count > 0 || eventsChosen ? "; seeding" : "")}");
        var data = cells.Count > 0 || eventsChosen
            ? await DataSet.SeedAsync(host.Channel, options.Size, options.SeedParallel, p => Console.WriteLine($"   seeded {p}"))
            : DataSet.NotSeeded;
        Console.WriteLine($"   {data.Description}");
        // On SQLite the database is inside the host: its CPU is the host's.
        var meter = new CpuMeter(host.CpuMilliseconds, store == "postgres" ? databaseCpu : null);
        var dbOnly = new CpuMeter(() => 0, databaseCpu);
        var events = new List<EventsResult>();
        var backlogs = new List<BacklogResult>();
        var bare = Scenario.All.Single(s => s.Ceiling == Ceiling.None);
        // The due sweep's reminders, seeded once into a template each run copies (null: not chosen).
        await using var sweepTemplate = options.Includes(DueSweepScenario.Name(options.SweepReminders))
            ? await DueSweepScenario.SeedAsync(store, servers.PostgresAdmin, options.SweepReminders)
            : null;
        var sweep = sweepTemplate is null ? null : new DueSweepResult(sweepTemplate.Reminders, sweepTemplate.Bodies, sweepTemplate.SeedTime, []);
        if (sweepTemplate is not null)
        {
            Console.WriteLine($"   {DueSweepScenario.Name(options.SweepReminders)}: seeded through the service's store in {sweepTemplate.SeedTime.TotalSeconds:F0} s");
        }
        // The Surveys round: the organisation and the instrument through the API, and a small round run once unmeasured.
        var surveys = options.Includes(SurveysScenario.Name(options.SurveyRespondents))
            ? await SurveysScenario.SeedAsync(host, options.SurveyRespondents, options.SurveyInFlight)
            : null;
        if (surveys is not null)
        {
            Console.WriteLine($"   {SurveysScenario.Name(options.SurveyRespondents)}: organisation, instrument and a warm-up round through the API in " +
                $"{surveys.SeedTime.TotalSeconds:F0} s; {surveys.Data.Description}");
        }
        for (var run = 1; run <= options.Runs; run++)
        {
            // The previous run's writes leave events for the in-process consumers (timeline, search
            // index): measured reads start once they are handled, not while they run.
            var quiet = await host.QuiesceAsync(TimeSpan.FromMinutes(5));
            Console.WriteLine($"   run {run}/{options.Runs} (host quiet after {quiet.TotalSeconds:F1} s)");
            foreach (var cell in cells)
            {
                var ceiling = cell.Scenario.Ceiling switch
                {
                    Ceiling.BareCall => await Load.ClosedLoopAsync(bare.Call(host, data), cell.InFlight, options.WarmUp, options.Duration, meter),
                    Ceiling.Grpc => await Load.ClosedLoopAsync(Scenario.Named(cell.Scenario.GrpcTwin!).Call(host, data), cell.InFlight, options.WarmUp,
                        options.Duration, meter),
                    Ceiling.PgBench when pgbench is not null => await pgbench.RunAsync(cell.Scenario.PgBenchScript!, cell.InFlight,
                        (int)Math.Max(1, options.Duration.TotalSeconds), dbOnly),
                    _ => null,
                };
                var measured = await Load.ClosedLoopAsync(cell.Scenario.Call(host, data), cell.InFlight, options.WarmUp, options.Duration, meter);
                cell.Runs.Add(measured);
                if (ceiling is not null)
                {
                    cell.Ceilings.Add(ceiling);
                }
                Console.WriteLine($"     {cell.Scenario.Name,-24} x{cell.InFlight,-3} {measured.PerSecond,9:F1}/s  p50 {measured.P50Ms,7:F2} ms  p99 {measured.P99Ms,8:F2} ms" +
                    (ceiling is null ? "" : $"  ceiling {ceiling.PerSecond,9:F1}/s  ratio {measured.PerSecond / ceiling.PerSecond:F2}") +
                    (ceiling is null || cell.Scenario.Ceiling != Ceiling.Grpc ? "" :
                        $"  (gRPC p50 {ceiling.P50Ms:F2} p95 {ceiling.P95Ms:F2} ms; JSON p95 {measured.P95Ms:F2} ms; p50 x{measured.P50Ms / ceiling.P50Ms:F2}, p95 x{measured.P95Ms / ceiling.P95Ms:F2})") +
                    (measured.Errors > 0 ? $"  errors {measured.Errors}: {measured.FirstError}" : ""));
            }
            if (eventsChosen && servers.RabbitMq is not null)
            {
                var b = await EventsScenario.RunBacklogAsync(host, servers.RabbitMq, options.EventBacklog, new Governance.Messaging.Hosting.MessagingOptions().OutboxBatchSize, options.WarmUp,
                    options.Duration, meter);
                backlogs.Add(b);
                Console.WriteLine($"     events backlog of {b.Rows} rows over {b.Keys} keys: {b.Arrived} arrived, first after {b.FirstArrival.TotalMilliseconds:F0} ms, " +
                    $"last after {b.LastArrival.TotalMilliseconds:F0} ms: {b.EventsPerSecond:F1}/s (broker x{b.CeilingInFlight} {b.Broker.PerSecond:F1}/s, ratio {b.Ratio:F2})");
                foreach (var inFlight in new[] { 8, 64 })
                {
                    var e = await EventsScenario.RunAsync(host, data, servers.RabbitMq, inFlight, options.WarmUp, options.Duration, meter);
                    events.Add(e);
                    Console.WriteLine($"     events x{inFlight}: {e.EventsPerSecond:F1}/s (broker {e.Broker.PerSecond:F1}/s), from answer p50 {Ms(e.FromAnswer, 50):F1} p99 {Ms(e.FromAnswer, 99):F1} ms, " +
                        $"from start p99 {e.Path.P99Ms:F1} ms (broker publish→consume p99 {e.Broker.P99Ms:F1} ms, confirm p99 {e.BrokerConfirm.P99Ms:F1} ms), oldest pending {e.OldestPendingMs:F0} ms");
                }
            }
            if (sweepTemplate is not null)
            {
                // The sweep runs in this process: its CPU is the client's; the database's as for the others.
                sweep!.Runs.Add(await DueSweepScenario.RunAsync(sweepTemplate, new CpuMeter(() => 0, store == "postgres" ? databaseCpu : null)));
            }
            if (surveys is not null)
            {
                surveys.Runs.Add(await SurveysScenario.RunAsync(host, surveys, run, meter, dbOnly));
            }
        }

        var open = new List<(string, double, Measurement)>();
        foreach (var name in Scenario.OpenLoop.Where(options.Includes))
        {
            var cell = cells.Where(c => c.Scenario.Name == name).MaxBy(c => c.InFlight)!;
            var rate = Math.Max(1, Median(cell.Runs.Select(r => r.PerSecond)) * options.OpenLoopShare);
            var measured = await Load.OpenLoopAsync(cell.Scenario.Call(host, data), rate, options.WarmUp, options.Duration, meter);
            open.Add((name, rate, measured));
            Console.WriteLine($"     open loop {name} at {rate:F0}/s: p50 {measured.P50Ms:F2} ms, p99 {measured.P99Ms:F2} ms");
        }
        var rss = host.RssMegabytes();
        Console.WriteLine($"   host RSS after the bench: {rss:F0} MB");
        return new StoreResult(store, data, host.StartToServing, rss, cells, events, backlogs, open, sweep, surveys);
    }

    public static double Ms(HdrHistogram.LongHistogram latency, double percentile) =>
        latency.TotalCount == 0 ? double.NaN : latency.GetValueAtPercentile(percentile) / 1000.0;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>The machine the numbers came from.</summary>
internal sealed record Machine(int Cores, string Model, string Memory, string Kernel, string DotNet, string Postgres, string Os, string LoadAtStart)
{
    public static async Task<Machine> DescribeAsync(BenchServers servers)
    {
        var cpuinfo = File.Exists("/proc/cpuinfo") ? await File.ReadAllLinesAsync("/proc/cpuinfo") : [];
        var model = cpuinfo.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : "0";
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? (await File.ReadAllTextAsync("/proc/sys/kernel/osrelease")).Trim() : Environment.OSVersion.VersionString;
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? ""
            : "";
        var postgres = "not used";
        if (servers.PostgresAdmin is not null)
        {
            try
            {
                await using var connection = new Npgsql.NpgsqlConnection(servers.PostgresAdmin);
                await connection.OpenAsync();
                await using var version = connection.CreateCommand();
                version.CommandText = "SHOW server_version";
                postgres = $"PostgreSQL {await version.ExecuteScalarAsync()}";
            }
            catch (Npgsql.NpgsqlException e)
            {
                postgres = $"unreachable ({e.Message})";
            }
        }
        return new Machine(Environment.ProcessorCount, model,
            $"{long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:F1} GiB", kernel,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, postgres, os, LoadAverage());
    }

    public string Markdown() =>
        $"- CPU: {Cores} cores, {Model}\n- Memory: {Memory}\n- Kernel: Linux {Kernel} ({Os})\n- .NET: {DotNet}\n- Database: {Postgres}\n" +
        $"- Load: {LoadAtStart} (load average 1/5/15 min at the start; other work on the machine skews absolute numbers)";

    private static string LoadAverage() => File.Exists("/proc/loadavg")
        ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "unknown";
}
