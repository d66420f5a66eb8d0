using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Governance.Data.Connections;
using Governance.Data.Migrations;
using Governance.Meetings;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Governance.Bench;

/// <summary>
/// The write ceiling: pgbench, in one transaction a call, inserting the rows the RPC inserts (the
/// decision or the agenda item, its audit entry, its idempotency key, its outbox row) into the real
/// Meetings schema (migrated by the service's own migrations) of a scratch database, at the same
/// concurrency and for the same time as the RPC. What it leaves out is what the service adds: the
/// gRPC call, authorization, validation, the reads that check the meeting's state, the mapping.
/// </summary>
internal sealed partial class PgBench : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _database;
    private readonly string _directory;
    private readonly string _binary;

    private PgBench(string admin, string database, string directory, string binary)
    {
        (_admin, _database, _directory, _binary) = (admin, database, directory, binary);
    }

    public string Version { get; private set; } = "";

    public static string? FindBinary()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pgbench")).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? (File.Exists("/usr/bin/pgbench") ? "/usr/bin/pgbench" : null);
    }

    public static async Task<PgBench> CreateAsync(string admin, string binary)
    {
        var name = "gov_bench_pgbench_" + Guid.NewGuid().ToString("N")[..8];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0";
            await create.ExecuteNonQueryAsync();
        }
        var scratch = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        await DatabaseMigrator.MigrateAsync(new ServiceDatabase("meetings", StoreDialect.Postgres, scratch),
            typeof(MeetingsServiceRegistration).Assembly, NullLogger.Instance);
        await using (var connection = new NpgsqlConnection(scratch))
        {
            await connection.OpenAsync();
            await using var seed = connection.CreateCommand();
            seed.CommandText = """
                INSERT INTO bodies (id, display_name, short_name, members_json, usual_room, agenda_template_json, version, created_at, updated_at)
                VALUES ('b1', 'Direktionen', '', '[]', 'Mødelokale B105', '[]', 1, now(), now());
                INSERT INTO meetings (id, body_id, start_local, start_utc, title, room, participants_json, state, cancel_reason, version, created_at, updated_at)
                VALUES ('m1', 'b1', '2027-01-04T08:30:00', now(), 'Ordinært møde', 'Mødelokale B105', '[]', 'AGENDA_PUBLISHED', '', 1, now(), now());
                INSERT INTO agenda_items (id, meeting_id, position, journal_number, title, kind, sections_json, recommendation_json,
                    guests_json, attachments_json, supplement, origin_item_id, version, created_at, updated_at)
                VALUES ('i1', 'm1', 1, '26/00001', 'Budget', 'ORDINARY', '[]', NULL, '[]', '[]', false, NULL, 1, now(), now());
                """;
            await seed.ExecuteNonQueryAsync();
        }
        var directory = Directory.CreateTempSubdirectory("governance-pgbench-").FullName;
        var bench = new PgBench(admin, name, directory, binary);
        await File.WriteAllTextAsync(Path.Combine(directory, "record-decision.sql"), DecisionScript());
        await File.WriteAllTextAsync(Path.Combine(directory, "add-agenda-item.sql"), ItemScript());
        var version = await RunAsync(binary, ["--version"], null, directory);
        bench.Version = version.Output.Trim();
        return bench;
    }

    /// <summary>pgbench with <paramref name="script"/> ("record-decision" or "add-agenda-item") at
    /// <paramref name="clients"/> connections for <paramref name="seconds"/> s.</summary>
    public async Task<Measurement> RunAsync(string script, int clients, int seconds, CpuMeter databaseOnly)
    {
        var logs = Path.Combine(_directory, $"log-{script}-{clients}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(logs);
        var builder = new NpgsqlConnectionStringBuilder(_admin);
        var environment = new Dictionary<string, string?>
        {
            ["PGHOST"] = builder.Host,
            ["PGPORT"] = builder.Port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = builder.Username,
            ["PGPASSWORD"] = builder.Password,
            ["PGDATABASE"] = _database,
        };
        var threads = Math.Min(clients, Environment.ProcessorCount);
        // -l: a line per transaction (latency in µs, column 3) for p50/p99, as the RPC's histograms.
        string[] args = ["-n", "-M", "extended", "-c", $"{clients}", "-j", $"{threads}", "-T", $"{seconds}",
            "-l", "--log-prefix", Path.Combine(logs, "tx"), "-f", Path.Combine(_directory, $"{script}.sql")];
        var stopCpu = databaseOnly.Start();
        var result = await RunAsync(_binary, args, environment, logs);
        var cpu = stopCpu();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"pgbench exited with {result.ExitCode}: {result.Output}");
        }
        var histogram = Load.NewHistogram();
        long transactions = 0;
        foreach (var file in Directory.GetFiles(logs, "tx*"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var fields = line.Split(' ');
                if (fields.Length > 2 && long.TryParse(fields[2], out var micros))
                {
                    histogram.RecordValue(Math.Max(1, micros));
                    transactions++;
                }
            }
        }
        var tps = TpsLine().Match(result.Output);
        var failed = FailedLine().Match(result.Output);
        // The client's CPU is pgbench's own (user + system of the waited-for child, from the shell).
        var measured = new Cpu(0, cpu.DatabaseMs, result.ChildCpuMs);
        var perSecond = tps.Success ? double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture) : transactions / (double)seconds;
        Directory.Delete(logs, recursive: true);
        return new Measurement((long)Math.Round(perSecond * seconds), failed.Success ? long.Parse(failed.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            seconds, histogram, measured, null);
    }

    private sealed record Result(int ExitCode, string Output, double ChildCpuMs);

    /// <summary>Runs <paramref name="binary"/> under sh, which prints its own /proc stat after the child
    /// ended: cutime + cstime there are the child's CPU.</summary>
    private static async Task<Result> RunAsync(string binary, string[] args, Dictionary<string, string?>? environment, string directory)
    {
        var statFile = Path.Combine(directory, "sh.stat");
        var start = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("\"$0\" \"$@\"; rc=$?; cat /proc/$$/stat > " + statFile + "; exit $rc");
        start.ArgumentList.Add(binary);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        foreach (var (k, v) in environment ?? [])
        {
            start.Environment[k] = v;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        double childMs = 0;
        if (File.Exists(statFile))
        {
            var stat = await File.ReadAllTextAsync(statFile);
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // cutime and cstime are fields 16 and 17 (1-based), 13 and 14 after the ") ".
            childMs = (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) * 10.0;
            File.Delete(statFile);
        }
        return new Result(process.ExitCode, await output + await error, childMs);
    }

    private static string DecisionScript() => $"""
        BEGIN;
        INSERT INTO decisions (id, item_id, meeting_id, outcome, text, point_outcomes_json, follow_ups_json, referrals_json, version, created_at, updated_at)
          VALUES (md5(random()::text), 'i1', 'm1', 'APPROVED', 'Godkendt. Indstillingen følges, og sagen forelægges igen efter høringen.', '[]', {Literal("[{\"description\":\"Notat om økonomien til næste møde\",\"unit\":\"ØDC\"}]")}, '[]', 1, now(), now());
        {CommonRows("RecordDecision", "meetings/m1/items/i1/decisions/", "DecisionRecorded", 700)}
        COMMIT;
        """;

    private static string ItemScript()
    {
        var item = DataSet.Item("26/00001", 0);
        var sections = "[" + string.Join(',', item.Sections.Select(s => JsonFormatter.Default.Format(s))) + "]";
        var recommendation = JsonFormatter.Default.Format(item.Recommendation);
        return $"""
            BEGIN;
            INSERT INTO agenda_items (id, meeting_id, position, journal_number, title, kind, sections_json, recommendation_json,
                guests_json, attachments_json, supplement, origin_item_id, version, created_at, updated_at)
              VALUES (md5(random()::text), 'm1', 2, '26/00001', {Literal(item.Title)}, 'ORDINARY', {Literal(sections)}, {Literal(recommendation)}, '[]', '[]', false, NULL, 1, now(), now());
            {CommonRows("AddAgendaItem", "meetings/m1/items/", "AgendaItemAdded", 900)}
            COMMIT;
            """;
    }

    /// <summary>The audit entry, idempotency key and outbox row every write of the service appends.</summary>
    private static string CommonRows(string method, string resourcePrefix, string eventType, int eventBytes) => $"""
        INSERT INTO audit_entries (id, occurred_at, subject, roles, method, resource, action, request_id)
          VALUES (md5(random()::text), now(), 'bench', 'secretariat,body_member,case_handler', '/governance.meetings.v1.MeetingsService/{method}', '{resourcePrefix}' || md5(random()::text), 'create', gen_random_uuid()::text);
        INSERT INTO idempotency_keys (request_id, operation, request_hash, resource_name, created_at)
          VALUES (gen_random_uuid()::text, '{method}', md5(random()::text) || md5(random()::text), '{resourcePrefix}' || md5(random()::text), now());
        INSERT INTO outbox_messages (message_id, message_type, body, trace_parent, created_at, attempts)
          VALUES (gen_random_uuid()::text, 'Governance.Meetings.Events.{eventType}', {Literal("{\"payload\":\"" + new string('x', eventBytes) + "\"}")}, '00-' || md5(random()::text) || '-' || substr(md5(random()::text), 1, 16) || '-01', now(), 0);
        """;

    /// <summary>A one-line SQL string literal (pgbench reads a command per line unless it ends with ';').</summary>
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"number of failed transactions: ([0-9]+)")]
    private static partial Regex FailedLine();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await HostUnderTest.DropDatabaseAsync(_admin, _database);
        }
        catch (NpgsqlException e)
        {
            await Console.Error.WriteLineAsync($"warning: could not drop {_database}: {e.Message}");
        }
        Directory.Delete(_directory, recursive: true);
    }
}
