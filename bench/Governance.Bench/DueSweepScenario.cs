using System.Diagnostics;
using System.Globalization;
using Dapper;
using Governance.Data.Connections;
using Governance.Data.Migrations;
using Governance.Messaging.Outbox;
using Governance.Reminders;
using Governance.Reminders.Data;
using Governance.Reminders.Domain;
using Governance.Reminders.Due;
using Governance.Reminders.V1;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static Governance.Reminders.Domain.ExpectedTime;
using ExpectedTime = Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Bench;

/// <summary>One run of the due sweep scenario: what was seeded, what the sweep did, and its ceiling.</summary>
internal sealed record DueSweepRun(int Reminders, int Scanned, int Swept, int Published, int DueNotices, int OverdueNotices, long OutboxRows,
    TimeSpan Sweep, TimeSpan Ceiling, TimeSpan IdleSweep, int IdlePublished, Cpu SweepCpu)
{
    /// <summary>Reminders the sweep took a second.</summary>
    public double PerSecond => Swept / Sweep.TotalSeconds;

    /// <summary>Rows the plain scan read a second.</summary>
    public double CeilingPerSecond => Scanned / Ceiling.TotalSeconds;

    public double Ratio => PerSecond / CeilingPerSecond;
}

/// <summary>The seeded reminders of a store (a template database or file each run copies) and the runs.</summary>
internal sealed record DueSweepResult(int Reminders, int Bodies, TimeSpan SeedTime, List<DueSweepRun> Runs);

/// <summary>
/// The Reminders due sweep over a large store (issue 11): 100,000 open reminders (<c>--sweep-reminders</c>) of mixed
/// expected times, entered on <see cref="Entered"/>, swept as of <see cref="SweepAt"/> (the first
/// sweep since: after a bulk import, or after the service was down for four weeks), so that a
/// realistic share of them has come due, with catch-up for the recurrences. The sweep is the
/// service's own code path (<see cref="DueSweep.SweepAsync"/>: every batch until nothing is due,
/// its due notices and outbox rows included; no relay runs, so the outbox rows stay as written), in
/// the bench process on a fresh copy of the seeded database each run. Its ceiling, measured in the
/// same run on the same copy right before it: a plain scan of the same rows, the sweep's SELECT
/// (same columns, same WHERE, as of the same instant) without its LIMIT and row locks, every value
/// read. Ratio = reminders swept a second ÷ rows scanned a second; what the sweep adds to the read it
/// cannot do without is its planning (recurrences expanded by Ical.Net), its notices, its outbox rows
/// and its updates.
/// </summary>
internal static class DueSweepScenario
{
    /// <summary>Lowest acceptable ratio of the median run (see bench/README.md, "The Reminders due sweep").</summary>
    public const double Target = 0.01;

    /// <summary>When the reminders were entered: their next due times are what CreateReminder sets that day.</summary>
    public static readonly DateTime Entered = new(2027, 1, 4, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>The sweep's "now": four weeks later.</summary>
    public static readonly DateTime SweepAt = new(2027, 2, 1, 9, 0, 0, DateTimeKind.Utc);

    private static readonly string[] Topics =
    [
        "Budgetopfølgning", "Kvalitetsrapport", "Årsregnskab til revisionen", "Status på klimaplanen", "Sygefravær", "Lokalplan for bymidten",
        "Ældreplejens tilsyn", "Daginstitutionernes kapacitet", "Digitaliseringsstrategi", "Kollektiv trafik", "Skoleudbygning", "Personalepolitik",
    ];

    private static readonly string[] Units = ["ØDC", "HRC", "BYC", "SOC", "KFC", "PA", "BYC/AM", "ØDC/LK"];

    private static readonly string[] FreeTexts = ["Efter budgetforliget", "Løbende", "Når høringen er afsluttet", "Primo næste år", "Afventer KL"];

    public static string Name(int count) => $"Reminders due sweep ({count.ToString("N0", CultureInfo.InvariantCulture)} reminders)";

    /// <summary>The share of each kind of expected time, as the results file states it.</summary>
    public const string MixText =
        "30 % dates (1 Nov 2026 - 31 Oct 2027), 20 % months (Nov 2026 - Oct 2027), 10 % weekly rules (half FREQ=WEEKLY, half every " +
        "2nd week), 10 % monthly (half FREQ=MONTHLY, half BYDAY=2MO), 8 % quarterly (FREQ=MONTHLY;INTERVAL=3), 7 % yearly (half " +
        "FREQ=YEARLY, half BYMONTH/BYMONTHDAY), rules started on a day of 2025-2026 at 08:00, 09:30 or 13:00; 15 % free text; " +
        "1 in 10 closed (lukket); 1-2 responsible units each";

    /// <summary>
    /// Seeds <paramref name="count"/> open reminders into a new template store (a PostgreSQL database or a
    /// SQLite file) migrated by the service's own migrations. Seeded through the service's store
    /// (<see cref="RemindersSession.InsertReminderAsync"/>, records made by <see cref="ReminderEdits.New"/>,
    /// so the rows and their next due times are what CreateReminder writes on <see cref="Entered"/>),
    /// not through the API: 100,000 CreateReminder calls would take longer than the rest of the bench.
    /// What the API writes besides (audit entries, idempotency keys, ReminderCreated outbox rows) the
    /// sweep does not read and is left out.
    /// </summary>
    public static async Task<DueSweepTemplate> SeedAsync(string store, string? postgresAdmin, int count)
    {
        var started = Stopwatch.GetTimestamp();
        var template = store == "postgres"
            ? DueSweepTemplate.Postgres(postgresAdmin ?? throw new InvalidOperationException("The postgres store needs GOVERNANCE_TEST_POSTGRES."),
                await CreateDatabaseAsync(postgresAdmin, "gov_bench_sweep_tpl_" + Guid.NewGuid().ToString("N")[..8], null))
            : DueSweepTemplate.Sqlite(Directory.CreateTempSubdirectory("governance-bench-sweep-").FullName);
        var bodies = Math.Max(1, count / 1000);
        try
        {
            await using var database = template.Database();
            await DatabaseMigrator.MigrateAsync(database, typeof(RemindersServiceRegistration).Assembly, NullLogger.Instance);
            var reminders = new RemindersStore(database);
            var rows = Rows(count, bodies).GroupBy(r => r.BodyId).ToList();
            // One transaction a body's list, as many at once as the store takes writers.
            await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = store == "postgres" ? 4 : 1 }, async (list, ct) =>
            {
                await using var s = await reminders.BeginAsync(write: true, ct);
                await s.LockListAsync(list.Key);
                foreach (var r in list)
                {
                    await s.InsertReminderAsync(r);
                }
                await s.CommitAsync(ct);
            });
            await using var connection = await database.OpenAsync();
            // What autovacuum and autoanalyze give a table of this size before anyone sweeps it.
            await connection.ExecuteAsync(store == "postgres" ? "VACUUM ANALYZE reminders" : "ANALYZE main");
        }
        catch
        {
            await template.DisposeAsync();
            throw;
        }
        await DueSweepTemplate.CloseAsync();
        return template with { Reminders = count, Bodies = bodies, SeedTime = Stopwatch.GetElapsedTime(started) };
    }

    /// <summary>
    /// One run: a fresh copy of the template; the ceiling (the plain scan, once to warm the cache as
    /// the sweep's first batch would, then the median of five); the sweep, timed; a second sweep at
    /// the same instant (nothing is due any more: it must publish nothing; its time is the idle sweep
    /// every minute over a large store); then the notices and outbox rows it left, counted.
    /// </summary>
    public static async Task<DueSweepRun> RunAsync(DueSweepTemplate template, CpuMeter meter)
    {
        var copy = await template.CopyAsync();
        try
        {
            await using var database = copy.Database();
            var scans = new List<(TimeSpan Time, int Rows)>();
            for (var i = 0; i < 6; i++)
            {
                scans.Add(await ScanAsync(database));
            }
            var ceiling = scans.Skip(1).OrderBy(s => s.Time).ElementAt(2);

            var sweep = new DueSweep(new RemindersStore(database), new OutboxSignal(), new DueSweepOptions());
            var stopCpu = meter.Start();
            var began = Stopwatch.GetTimestamp();
            var published = await sweep.SweepAsync(SweepAt, CancellationToken.None);
            var sweepTime = Stopwatch.GetElapsedTime(began);
            var cpu = stopCpu();

            began = Stopwatch.GetTimestamp();
            var idlePublished = await sweep.SweepAsync(SweepAt, CancellationToken.None);
            var idleTime = Stopwatch.GetElapsedTime(began);

            await using var connection = await database.OpenAsync();
            var kinds = (await connection.QueryAsync<(string Kind, long Count)>("SELECT kind, COUNT(*) FROM due_notices GROUP BY kind"))
                .ToDictionary(k => k.Kind, k => (int)k.Count);
            var swept = (int)await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT reminder_id) FROM due_notices");
            var outbox = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {Outbox.Table}");
            var r = new DueSweepRun(template.Reminders, ceiling.Rows, swept, published, kinds.GetValueOrDefault("due"), kinds.GetValueOrDefault("overdue"),
                outbox, sweepTime, ceiling.Time, idleTime, idlePublished, cpu);
            Console.WriteLine($"     reminders due sweep: {r.Swept} of {r.Reminders} reminders in {r.Sweep.TotalSeconds:F2} s ({r.PerSecond:F0}/s), " +
                $"{r.Published} notices ({r.DueNotices} due, {r.OverdueNotices} overdue), {r.OutboxRows} outbox rows; ceiling: scan of {r.Scanned} rows " +
                $"in {r.Ceiling.TotalMilliseconds:F1} ms ({r.CeilingPerSecond:F0}/s); ratio {r.Ratio:F4}; idle sweep {r.IdleSweep.TotalMilliseconds:F1} ms");
            return r;
        }
        finally
        {
            await copy.DropAsync();
        }
    }

    /// <summary>The scenario alone (<c>due-sweep</c>): no host, only the store; for profiling the sweep.</summary>
    public static async Task<int> RunAloneAsync(SuiteOptions options)
    {
        var servers = BenchServers.FromEnvironment();
        var databaseCpu = ProcessCpu.ServerCpu(servers.PostgresPort);
        var md = new System.Text.StringBuilder();
        foreach (var store in options.Stores)
        {
            Console.WriteLine($"== {store}");
            await using var template = await SeedAsync(store, servers.PostgresAdmin, options.SweepReminders);
            Console.WriteLine($"   {Name(template.Reminders)}: seeded through the service's store in {template.SeedTime.TotalSeconds:F0} s");
            var result = new DueSweepResult(template.Reminders, template.Bodies, template.SeedTime, []);
            for (var run = 0; run < options.Runs; run++)
            {
                result.Runs.Add(await RunAsync(template, new CpuMeter(() => 0, store == "postgres" ? databaseCpu : null)));
            }
            md.AppendLine().AppendLine( $"## Store: {store}");
            Report.DueSweepTable(md, result);
        }
        Console.WriteLine(md);
        return 0;
    }

    /// <summary>
    /// The ceiling: the sweep's own SELECT (<see cref="RemindersSession.DueRemindersAsync"/>: the same
    /// columns and WHERE, as of the same instant, in the same order) without its LIMIT and FOR UPDATE
    /// SKIP LOCKED, every value of every row read through the data reader: the read the sweep cannot
    /// do without, in one statement. Keep it in step with that query.
    /// </summary>
    private static async Task<(TimeSpan, int)> ScanAsync(ServiceDatabase database)
    {
        var began = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.ExecuteReaderAsync(
            """
            SELECT reminders.*, announced_due_at AS pending_announced_due_at, overdue_key AS pending_key, overdue_due_at AS pending_due_at,
              next_overdue_at AS pending_overdue_at
            FROM reminders WHERE state = @Open
              AND ((next_due_at <= @now AND (announced_due_at IS NULL OR next_due_at <> announced_due_at)) OR next_overdue_at <= @now)
            ORDER BY id
            """, new { Open = nameof(ReminderState.Open), now = SweepAt });
        var values = new object[reader.FieldCount];
        var rows = 0;
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows++;
        }
        return (Stopwatch.GetElapsedTime(began), rows);
    }

    /// <summary>The seeded reminders, the same every run (a fixed seed): <see cref="MixText"/>, 1,000 a body.</summary>
    private static IEnumerable<ReminderRecord> Rows(int count, int bodies)
    {
        var random = new Random(11);
        for (var n = 0; n < count; n++)
        {
            var body = n % bodies;
            var draft = new ReminderDraft(
                $"{Topics[random.Next(Topics.Length)]} - opfølgning nr. {n}",
                new Responsible([.. Enumerable.Range(0, 1 + (random.Next(3) == 0 ? 1 : 0)).Select(_ => Units[random.Next(Units.Length)]).Distinct()],
                    random.Next(10) == 0),
                Time(random),
                "", random.Next(10) == 0, 0, "", "", "");
            // Ids in the service's form (32 hex digits), in entry order as its time-ordered ids are.
            yield return ReminderEdits.New(draft, n.ToString("x32", CultureInfo.InvariantCulture), $"bench-sweep-{body:D3}", (n / bodies) + 1,
                ReminderOrigin.Manual, null, Entered);
        }
    }

    private static ExpectedTime Time(Random random)
    {
        var share = random.Next(100);
        var month = random.Next(12);
        var ruleStart = new DateTime(2025, 1, 1).AddDays(random.Next(730)).AddMinutes(random.Next(3) switch { 0 => 8 * 60, 1 => (9 * 60) + 30, _ => 13 * 60 });
        return share switch
        {
            < 30 => new OnDate(new DateOnly(2026, 11, 1).AddDays(random.Next(365))),
            < 50 => new InMonth(2026 + ((10 + month) / 12), 1 + ((10 + month) % 12)),
            < 60 => new Recurring(share % 2 == 0 ? "FREQ=WEEKLY" : "FREQ=WEEKLY;INTERVAL=2", ruleStart),
            < 70 => new Recurring(share % 2 == 0 ? "FREQ=MONTHLY" : "FREQ=MONTHLY;BYDAY=2MO", ruleStart),
            < 78 => new Recurring("FREQ=MONTHLY;INTERVAL=3", ruleStart),
            < 85 => share % 2 == 0
                ? new Recurring("FREQ=YEARLY", ruleStart)
                : new Recurring($"FREQ=YEARLY;BYMONTH={ruleStart.Month};BYMONTHDAY={Math.Min(ruleStart.Day, 28)}", ruleStart),
            _ => new FreeText(FreeTexts[random.Next(FreeTexts.Length)]),
        };
    }

    internal static async Task<string> CreateDatabaseAsync(string admin, string name, string? template)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();
        create.CommandText = template is null
            ? $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"
            : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await create.ExecuteNonQueryAsync();
        return name;
    }
}

/// <summary>Where the seeded reminders are kept between runs: a PostgreSQL database used as a template
/// (CREATE DATABASE ... TEMPLATE copies it in a moment) or a SQLite file copied.</summary>
internal sealed record DueSweepTemplate(string Store, string? Admin, string Location) : IAsyncDisposable
{
    public int Reminders { get; init; }

    public int Bodies { get; init; }

    public TimeSpan SeedTime { get; init; }

    public static DueSweepTemplate Postgres(string admin, string database) => new("postgres", admin, database);

    public static DueSweepTemplate Sqlite(string directory) => new("sqlite", null, Path.Combine(directory, "reminders.db"));

    public ServiceDatabase Database() => Store == "postgres"
        ? new ServiceDatabase("reminders", StoreDialect.Postgres, new NpgsqlConnectionStringBuilder(Admin) { Database = Location }.ConnectionString)
        : new ServiceDatabase("reminders", StoreDialect.Sqlite, new SqliteConnectionStringBuilder { DataSource = Location }.ToString());

    /// <summary>Lets go of every connection, so the template can be copied.</summary>
    public static Task CloseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // The last connection closed checkpoints the WAL into the file.
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    /// <summary>A fresh copy for one run.</summary>
    public async Task<DueSweepTemplate> CopyAsync()
    {
        if (Store == "postgres")
        {
            var name = await DueSweepScenario.CreateDatabaseAsync(Admin!, "gov_bench_sweep_" + Guid.NewGuid().ToString("N")[..8], Location);
            return this with { Location = name };
        }
        var file = Path.Combine(Path.GetDirectoryName(Location)!, $"run-{Guid.NewGuid().ToString("N")[..8]}.db");
        File.Copy(Location, file);
        return this with { Location = file };
    }

    public async Task DropAsync()
    {
        await CloseAsync();
        if (Store == "postgres")
        {
            try
            {
                await HostUnderTest.DropDatabaseAsync(Admin!, Location);
            }
            catch (NpgsqlException e)
            {
                await Console.Error.WriteLineAsync($"warning: could not drop {Location}: {e.Message}");
            }
        }
        else
        {
            foreach (var file in new[] { Location, Location + "-wal", Location + "-shm" }.Where(File.Exists))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Drops the template itself (and the SQLite directory).</summary>
    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        if (Store == "sqlite")
        {
            Directory.Delete(Path.GetDirectoryName(Location)!, recursive: true);
        }
    }
}
