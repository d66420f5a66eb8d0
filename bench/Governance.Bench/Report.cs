using System.Globalization;
using System.Text;

namespace Governance.Bench;

/// <summary>The results file: machine, settings, data set, and per store the scenarios beside their
/// ceilings (medians of the runs), the events, the open-loop runs, memory and start-up, each with its target.</summary>
internal static class Report
{
    public static string Markdown(SuiteOptions o, Machine machine, string? pgbench, IReadOnlyList<StoreResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine( $"# Load bench {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {o.Commit}{(o.Quick ? " (quick run: not for comparison)" : "")}");
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine(machine.Markdown());
        md.AppendLine( $"- pgbench: {pgbench ?? "not available"}");
        md.AppendLine();
        md.AppendLine("## Settings");
        md.AppendLine(
            $"{o.Runs} run(s) of every scenario, each {o.WarmUp.TotalSeconds:F0} s warm-up then {o.Duration.TotalSeconds:F0} s measured, right after its ceiling " +
            "for the same time at the same concurrency. Numbers are medians over the runs (ratios: the median of each run's ratio). " +
            "Closed loop: N callers, each starts its next call when the last answered. CPU is milliseconds a call: the host process, the " +
            "database server's processes (PostgreSQL; on SQLite the store is inside the host), the client (this process; pgbench itself for its rows).");
        foreach (var r in results)
        {
            md.AppendLine();
            md.AppendLine( $"## Store: {(r.Store == "sqlite" ? "SQLite (embedded default, in-memory bus)" : "PostgreSQL + RabbitMQ")}");
            md.AppendLine();
            md.AppendLine( $"Data set: {r.Data.Description}.");
            md.AppendLine();
            if (r.Cells.Count > 0)
            {
                md.AppendLine("| Scenario | in flight | calls/s | p50 ms | p99 ms | ceiling | ceiling calls/s | ceiling p99 ms | ratio | target | CPU ms/call host / db / client | errors |");
                md.AppendLine("|---|--:|--:|--:|--:|---|--:|--:|--:|---|---|--:|");
            }
            foreach (var c in r.Cells)
            {
                var ratio = Suite.Median(c.Ratios);
                var target = c.Scenario.Target > 0 && c.InFlight == 64 ? $"≥ {c.Scenario.Target:F2} {(ratio >= c.Scenario.Target ? "met" : "**not met**")}" : "";
                var ceiling = c.Scenario.Ceiling switch
                {
                    Ceiling.BareCall => "bare call",
                    Ceiling.PgBench => c.Ceilings.Count > 0 ? "pgbench" : "pgbench n/a",
                    Ceiling.Grpc => "the call over gRPC",
                    _ => "",
                };
                var cpu = MedianCpu(c.Runs);
                md.AppendLine(
                    $"| {c.Scenario.Name} | {c.InFlight} | {Med(c.Runs, m => m.PerSecond):F1} | {Med(c.Runs, m => m.P50Ms):F2} | {Med(c.Runs, m => m.P99Ms):F2} | " +
                    $"{ceiling} | {F(Med(c.Ceilings, m => m.PerSecond), "F1")} | {F(Med(c.Ceilings, m => m.P99Ms), "F2")} | {F(ratio, "F2")} | {target} | " +
                    $"{cpu.HostMs:F3} / {cpu.DatabaseMs:F3} / {cpu.ClientMs:F3} | {c.Runs.Sum(m => m.Errors)} |");
            }
            var pgCells = r.Cells.Where(c => c.Scenario.Ceiling == Ceiling.PgBench && c.Ceilings.Count > 0).ToList();
            if (pgCells.Count > 0)
            {
                md.AppendLine();
                md.AppendLine("pgbench CPU ms a transaction (db / pgbench): " + string.Join(", ", pgCells.Select(c =>
                {
                    var cpu = MedianCpu(c.Ceilings);
                    return string.Create(CultureInfo.InvariantCulture, $"{c.Scenario.PgBenchScript} x{c.InFlight} {cpu.DatabaseMs:F3} / {cpu.ClientMs:F3}");
                })) + ".");
            }
            HttpJsonTable(md, r.Cells.Where(c => c.Scenario.Ceiling == Ceiling.Grpc && c.Ceilings.Count > 0).ToList());
            var failures = r.Cells.SelectMany(c => c.Runs.Where(m => m.FirstError is not null && m.Errors > 0).Select(m => $"{c.Scenario.Name} x{c.InFlight}: {m.FirstError}")).Distinct().ToList();
            foreach (var f in failures.Take(10))
            {
                md.AppendLine( $"- error: {f}");
            }
            if (r.Backlogs.Count > 0)
            {
                md.AppendLine();
                md.AppendLine("Events, relay throughput: a backlog of outbox rows (DecisionRecorded bodies of the seeded meetings, interleaved over their " +
                    "ordering keys) committed at once into the Meetings database; time from that commit to the last arrival at a subscriber " +
                    "(the relay finds the rows at its next poll: another process's commit cannot wake it), beside the bare MassTransit " +
                    "publish-confirm-consume round trip with as many publishes in flight as the relay can have (one a key, at most a batch):");
                md.AppendLine();
                md.AppendLine("| rows | keys | arrived | first arrival ms | last arrival ms | events/s | broker in flight | broker round trips/s | ratio (target ≥ 0.60) |");
                md.AppendLine("|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
                var b = r.Backlogs;
                var ratio = Suite.Median(b.Select(x => x.Ratio));
                md.AppendLine(
                    $"| {b[0].Rows} | {b[0].Keys} | {Suite.Median(b.Select(x => (double)x.Arrived)):F0} | {Suite.Median(b.Select(x => x.FirstArrival.TotalMilliseconds)):F0} | " +
                    $"{Suite.Median(b.Select(x => x.LastArrival.TotalMilliseconds)):F0} | {Suite.Median(b.Select(x => x.EventsPerSecond)):F1} | {b[0].CeilingInFlight} | " +
                    $"{Suite.Median(b.Select(x => x.Broker.PerSecond)):F1} | {ratio:F2} {(ratio >= 0.60 ? "met" : "**not met**")} |");
            }
            if (r.Events.Count > 0)
            {
                md.AppendLine();
                md.AppendLine("Events under sustained writes (RecordDecision in a closed loop → outbox → relay → RabbitMQ → a subscriber): event latency from the " +
                    "write call's answer (its commit is visible) to the event's arrival, beside the bare round trip at the same concurrency (publish → " +
                    "consume, and the publish's confirm); the outbox's oldest pending row polled every 100 ms. \"From start\" counts from the write call's " +
                    "start (it includes the write's own latency; the older measure). Events/s here is bounded by the write rate, not the relay's:");
                md.AppendLine();
                md.AppendLine("| in flight | writes/s | events/s | event p50 ms (from answer) | event p99 ms (from answer) | broker publish→consume p99 ms | broker confirm p99 ms | p99 / confirm p99 (target ≤ 3) | event p50 / p99 ms from start | oldest pending outbox ms (target < 1000) | backlog drained before, s |");
                md.AppendLine("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
                foreach (var g in r.Events.GroupBy(e => e.InFlight))
                {
                    var e = g.ToList();
                    var tail = Suite.Median(e.Select(x => Suite.Ms(x.FromAnswer, 99) / x.BrokerConfirm.P99Ms));
                    var oldest = Suite.Median(e.Select(x => x.OldestPendingMs));
                    md.AppendLine(
                        $"| {g.Key} | {Suite.Median(e.Select(x => x.Path.PerSecond)):F1} | {Suite.Median(e.Select(x => x.EventsPerSecond)):F1} | " +
                        $"{Suite.Median(e.Select(x => Suite.Ms(x.FromAnswer, 50))):F1} | {Suite.Median(e.Select(x => Suite.Ms(x.FromAnswer, 99))):F1} | " +
                        $"{Suite.Median(e.Select(x => x.Broker.P99Ms)):F1} | {Suite.Median(e.Select(x => x.BrokerConfirm.P99Ms)):F1} | {tail:F2} {(tail <= 3 ? "met" : "**not met**")} | " +
                        $"{Suite.Median(e.Select(x => x.Path.P50Ms)):F1} / {Suite.Median(e.Select(x => x.Path.P99Ms)):F1} | " +
                        $"{oldest:F0} {(oldest < 1000 ? "met" : "**not met**")} | {Suite.Median(e.Select(x => x.BacklogDrain.TotalSeconds)):F1} |");
                }
            }
            if (r.DueSweep is { Runs.Count: > 0 } sweep)
            {
                DueSweepTable(md, sweep);
            }
            if (r.Surveys is { Runs.Count: > 0 } surveys)
            {
                SurveysTable(md, surveys);
            }
            if (r.OpenLoop.Count > 0)
            {
                md.AppendLine();
                md.AppendLine("Open loop (calls start on a fixed schedule at half the closed-loop rate at the highest concurrency; latency from the intended start, so no coordinated omission):");
                md.AppendLine();
                md.AppendLine("| Scenario | offered calls/s | answered calls/s | p50 ms | p99 ms | p99.9 ms | errors |");
                md.AppendLine("|---|--:|--:|--:|--:|--:|--:|");
                foreach (var (name, rate, m) in r.OpenLoop)
                {
                    md.AppendLine(
                        $"| {name} | {rate:F0} | {m.PerSecond:F1} | {m.P50Ms:F2} | {m.P99Ms:F2} | {(m.Latency.TotalCount == 0 ? double.NaN : m.Latency.GetValueAtPercentile(99.9) / 1000.0):F2} | {m.Errors} |");
                }
            }
            md.AppendLine();
            md.AppendLine(
                $"Host: start → SERVING {r.StartToServing.TotalSeconds:F2} s (target ≤ 3 s: {(r.StartToServing.TotalSeconds <= 3 ? "met" : "**not met**")}); " +
                $"RSS after the bench {F(r.RssAfterMb ?? double.NaN, "F0")} MB (target ≤ 200 MB: {(r.RssAfterMb <= 200 ? "met" : "**not met**")}).");
        }
        return md.ToString();
    }

    /// <summary>The calls over HTTP/JSON beside the same calls over gRPC measured right before them (medians of each run's ratio).</summary>
    public static void HttpJsonTable(StringBuilder md, IReadOnlyList<Cell> cells)
    {
        if (cells.Count == 0)
        {
            return;
        }
        md.AppendLine();
        md.AppendLine("HTTP/JSON (gRPC JSON transcoding on the `Http` endpoint, HTTP/1.1) beside the same call over gRPC (HTTP/2) on the same host " +
            "and data, the gRPC call measured right before it for the same time at the same concurrency. Latency ratios are JSON ÷ gRPC " +
            "(above 1: JSON is slower). Targets at 64 in flight: throughput JSON ÷ gRPC, and the p95 ratio. CPU ms a call of the host (the " +
            "cost of the path to the server) and of the client (the bench's `HttpJsonCallInvoker` builds and parses the JSON; it shares the " +
            "machine with the host), JSON / gRPC:");
        md.AppendLine();
        md.AppendLine("| Call | in flight | JSON calls/s | gRPC calls/s | throughput ratio | target | JSON p50 / p95 ms | gRPC p50 / p95 ms | p50 ratio | p95 ratio | host CPU ms/call JSON / gRPC | client CPU ms/call JSON / gRPC |");
        md.AppendLine("|---|--:|--:|--:|--:|---|--:|--:|--:|--:|---|---|");
        foreach (var c in cells)
        {
            var ratio = Suite.Median(c.Ratios);
            var p95 = Suite.Median(c.LatencyRatios(95));
            var target = c.InFlight == 64
                ? $"throughput ≥ {c.Scenario.Target:F2} {(ratio >= c.Scenario.Target ? "met" : "**not met**")}; " +
                  $"p95 ≤ {Scenario.HttpJsonP95Budget:F2} {(p95 <= Scenario.HttpJsonP95Budget ? "met" : "**not met**")}"
                : "";
            var (json, grpc) = (MedianCpu(c.Runs), MedianCpu(c.Ceilings));
            md.AppendLine(
                $"| {c.Scenario.GrpcTwin} | {c.InFlight} | {Med(c.Runs, m => m.PerSecond):F1} | {Med(c.Ceilings, m => m.PerSecond):F1} | {F(ratio, "F2")} | {target} | " +
                $"{Med(c.Runs, m => m.P50Ms):F2} / {Med(c.Runs, m => m.P95Ms):F2} | {Med(c.Ceilings, m => m.P50Ms):F2} / {Med(c.Ceilings, m => m.P95Ms):F2} | " +
                $"{F(Suite.Median(c.LatencyRatios(50)), "F2")} | {F(p95, "F2")} | " +
                $"{json.HostMs:F3} / {grpc.HostMs:F3} | {json.ClientMs:F3} / {grpc.ClientMs:F3} |");
        }
    }

    /// <summary>The Reminders due sweep beside its plain scan (medians of the runs), and any check a run failed.</summary>
    public static void DueSweepTable(StringBuilder md, DueSweepResult sweep)
    {
        var runs = sweep.Runs;
        double M(Func<DueSweepRun, double> value) => Suite.Median(runs.Select(value));
        md.AppendLine();
        md.AppendLine(
            $"{DueSweepScenario.Name(sweep.Reminders)} (bench/README.md): open reminders in {sweep.Bodies} lists ({DueSweepScenario.MixText}), " +
            $"seeded through the service's store as CreateReminder makes them on {DueSweepScenario.Entered:d MMM yyyy}, in {sweep.SeedTime.TotalSeconds:F0} s. " +
            $"Swept as of {DueSweepScenario.SweepAt:d MMM yyyy HH:mm} UTC by the service's `DueSweep` (batches of 100 until nothing is due; notices, " +
            "outbox rows, due state; no relay) on a fresh copy each run, beside the ceiling in the same run: the sweep's SELECT of the same rows " +
            "in one statement, without LIMIT and locks (median of five). Ratio = reminders swept a second ÷ rows scanned a second. Idle sweep: a " +
            "second sweep at the same instant (must publish nothing). CPU: the bench process (the sweep) / the database server:");
        md.AppendLine();
        md.AppendLine( $"| reminders | due (rows scanned) | swept | notices due / overdue | outbox rows | sweep s | reminders/s | ceiling ms | ceiling rows/s | ratio (target ≥ {DueSweepScenario.Target:F2}) | CPU s sweep / db | idle sweep ms |");
        md.AppendLine("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|");
        var ratio = M(x => x.Ratio);
        md.AppendLine(
            $"| {sweep.Reminders} | {M(x => x.Scanned):F0} | {M(x => x.Swept):F0} | {M(x => x.DueNotices):F0} / {M(x => x.OverdueNotices):F0} | {M(x => x.OutboxRows):F0} | " +
            $"{M(x => x.Sweep.TotalSeconds):F2} | {M(x => x.PerSecond):F0} | {M(x => x.Ceiling.TotalMilliseconds):F1} | {M(x => x.CeilingPerSecond):F0} | " +
            $"{ratio:F4} {(ratio >= DueSweepScenario.Target ? "met" : "**not met**")} | {M(x => x.SweepCpu.ClientMs) / 1000:F1} / {M(x => x.SweepCpu.DatabaseMs) / 1000:F1} | " +
            $"{M(x => x.IdleSweep.TotalMilliseconds):F1} |");
        foreach (var (run, n) in runs.Select((x, i) => (x, i + 1)))
        {
            if (run.IdlePublished != 0)
            {
                md.AppendLine( $"- run {n}: **the second sweep published {run.IdlePublished} notices** (nothing should have been left)");
            }
            if (run.OutboxRows != run.Published || run.DueNotices + run.OverdueNotices != run.Published)
            {
                md.AppendLine( $"- run {n}: **{run.Published} published, {run.DueNotices + run.OverdueNotices} notices recorded, {run.OutboxRows} outbox rows** (should be equal)");
            }
            if (run.Scanned != run.Swept)
            {
                md.AppendLine( $"- run {n}: the scan read {run.Scanned} rows, the sweep gave notices to {run.Swept} reminders: is the ceiling's WHERE still the sweep's?");
            }
        }
    }

    /// <summary>The Surveys round (medians of the runs): the ingest beside its plain inserts, the aggregation
    /// beside its GROUP BY, and any run whose SQL numbers differ from the API's or whose calls failed.</summary>
    public static void SurveysTable(StringBuilder md, SurveysResult surveys)
    {
        var runs = surveys.Runs;
        double M(Func<SurveysRun, double> value) => Suite.Median(runs.Select(value));
        md.AppendLine();
        md.AppendLine(
            $"{SurveysScenario.Name(surveys.Data.Respondents.Count)} (bench/README.md, \"The Surveys round\"): {surveys.Data.Description}. The organisation, the " +
            $"instrument and a warm-up round of 60 through the API in {surveys.SeedTime.TotalSeconds:F0} s; each run a new round of everyone, opened " +
            "through the API and its invitation e-mails read for the tokens (not measured: \"invitations s\"). **Ingest**: every respondent's " +
            $"SaveAnswers(submit) with {surveys.InFlight} in flight, beside the ceiling right before it: the same response and answer rows (a multi-row " +
            "INSERT, a transaction a response, the service's own transaction kind) written straight into a scratch database of the same store, " +
            "migrated by the service's migrations, with the same driver at the same concurrency. CPU ms a response: the host / the database server " +
            "(PostgreSQL) / the client; for the ceiling the database server / the bench process (on SQLite the store is in it):");
        md.AppendLine();
        md.AppendLine("| respondents × items | answer rows | in flight | invitations s | ingest s | responses/s | p50 ms | p99 ms | ceiling s | ceiling responses/s | ratio | CPU ms/response host / db / client | ceiling CPU db / client | errors |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|--:|");
        var n = runs[0].Respondents;
        md.AppendLine(
            $"| {runs[0].Respondents} × {runs[0].Items} | {runs[0].AnswerRows} | {surveys.InFlight} | {M(x => x.Invitations.TotalSeconds):F1} | {M(x => x.Ingest.TotalSeconds):F2} | " +
            $"{M(x => x.PerSecond):F1} | {M(x => Suite.Ms(x.IngestLatency, 50)):F1} | {M(x => Suite.Ms(x.IngestLatency, 99)):F1} | {M(x => x.IngestCeiling.TotalSeconds):F2} | " +
            $"{M(x => x.CeilingPerSecond):F1} | {M(x => x.IngestRatio):F2} | {M(x => x.IngestCpu.HostMs / n):F2} / {M(x => x.IngestCpu.DatabaseMs / n):F2} / " +
            $"{M(x => x.IngestCpu.ClientMs / n):F2} | {M(x => x.IngestCeilingCpu.DatabaseMs / n):F2} / {M(x => x.IngestCeilingCpu.ClientMs / n):F2} | " +
            $"{runs.Sum(x => x.IngestErrors)} |");
        md.AppendLine();
        md.AppendLine(
            "**Aggregation**, after CloseRound and ReleaseRound through the API (the release time moved to the close time in the store between " +
            "the two: the one step outside the API, see the README): ListGroupResults over every unit the round went to (all pages of " +
            "200), the first after release (it computes the results and keeps them) and warm (median of five), beside the ceiling right before " +
            "them on the same store: a hand-written SQL GROUP BY of the same answer rows per unit and item (answers, sum of points, the count " +
            "of each point, texts), rolled up to every unit above by summing each unit's aggregates over its ancestors (a recursive CTE over " +
            "the kept organisation version), every value read (once to warm, then the median of three). Ratio = the SQL's time ÷ the call's " +
            "(= answer rows aggregated a second ÷ the SQL's). Check: every shown group's respondents and every shown item's distribution, " +
            "text count and score against the SQL's sums:");
        md.AppendLine();
        md.AppendLine("| groups (suppressed) | answer rows | first ListGroupResults ms | warm ms | SQL GROUP BY ms | SQL rows | ratio first | ratio warm | answer rows/s first / warm / SQL | numbers checked, differing |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|---|---|");
        md.AppendLine(
            $"| {M(x => x.Groups):F0} ({M(x => x.SuppressedGroups):F0}) | {runs[0].AnswerRows} | {M(x => x.Cold.TotalMilliseconds):F0} | {M(x => x.Warm.TotalMilliseconds):F0} | " +
            $"{M(x => x.Sql.TotalMilliseconds):F0} | {M(x => x.SqlRows):F0} | {M(x => x.ColdRatio):F2} | {M(x => x.WarmRatio):F2} | " +
            $"{M(x => x.AnswerRows / x.Cold.TotalSeconds):F0} / {M(x => x.AnswerRows / x.Warm.TotalSeconds):F0} / {M(x => x.AnswerRows / x.Sql.TotalSeconds):F0} | " +
            $"{M(x => x.Checked):F0}, {runs.Sum(x => x.Mismatches)} |");
        foreach (var (run, i) in runs.Select((x, i) => (x, i + 1)))
        {
            if (run.IngestErrors > 0)
            {
                md.AppendLine( $"- run {i}: **{run.IngestErrors} SaveAnswers calls failed** (first: {run.FirstError})");
            }
            if (run.ResponseCount != run.Respondents)
            {
                md.AppendLine( $"- run {i}: **the round counts {run.ResponseCount} responses of {run.Respondents}**");
            }
            if (run.Mismatches > 0)
            {
                md.AppendLine( $"- run {i}: **{run.Mismatches} of {run.Checked} numbers differ between the API and the SQL** (first: {run.FirstMismatch})");
            }
        }
    }

    private static double Med(IEnumerable<Measurement> runs, Func<Measurement, double> value) => Suite.Median(runs.Select(value));

    private static Cpu MedianCpu(IReadOnlyList<Measurement> runs)
    {
        var perCall = runs.Select(m => m.Cpu.PerCall(m.Calls)).ToList();
        return new Cpu(Suite.Median(perCall.Select(c => c.HostMs)), Suite.Median(perCall.Select(c => c.DatabaseMs)), Suite.Median(perCall.Select(c => c.ClientMs)));
    }

    private static string F(double value, string format) => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);
}
