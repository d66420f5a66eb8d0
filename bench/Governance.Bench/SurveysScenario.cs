using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Governance.Data.Connections;
using Governance.Data.Migrations;
using Governance.Surveys;
using Governance.Surveys.Data;
using Governance.Surveys.V1;
using Grpc.Core;
using HdrHistogram;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Npgsql;

namespace Governance.Bench;

/// <summary>One run of the Surveys scenario: a round answered through the API and its results read, each beside its ceiling.</summary>
internal sealed record SurveysRun(int Respondents, int Items, long AnswerRows, int InFlight, TimeSpan Invitations,
    TimeSpan Ingest, LongHistogram IngestLatency, long IngestErrors, string? FirstError, Cpu IngestCpu,
    TimeSpan IngestCeiling, Cpu IngestCeilingCpu,
    int Groups, int SuppressedGroups, TimeSpan Cold, TimeSpan Warm, TimeSpan Sql, long SqlRows, int Checked, int Mismatches, string? FirstMismatch,
    int ResponseCount)
{
    /// <summary>Responses submitted a second through SaveAnswers.</summary>
    public double PerSecond => Respondents / Ingest.TotalSeconds;

    /// <summary>Responses (a response row and its answer rows, one transaction each) the plain inserts wrote a second.</summary>
    public double CeilingPerSecond => Respondents / IngestCeiling.TotalSeconds;

    public double IngestRatio => PerSecond / CeilingPerSecond;

    /// <summary>The SQL's time over the first ListGroupResults' (both aggregate the same answer rows).</summary>
    public double ColdRatio => Sql.TotalSeconds / Cold.TotalSeconds;

    public double WarmRatio => Sql.TotalSeconds / Warm.TotalSeconds;
}

/// <summary>The Surveys scenario of one store: its data set, what seeding it took, and the runs.</summary>
internal sealed record SurveysResult(SurveysDataSet Data, int InFlight, TimeSpan SeedTime, List<SurveysRun> Runs);

/// <summary>
/// The Surveys scenario (issue 12): a round of 3,000 respondents × 80 items (<see cref="SurveysDataSet"/>) run
/// through the API of the host process, each run a new round. Measured, each right after its ceiling in the
/// same run on the same store:
/// <list type="bullet">
/// <item><b>Ingest</b>: every respondent's SaveAnswers(submit) with the token from their invitation e-mail,
/// <c>--survey-in-flight</c> (64) calls in flight, as responses a second; beside the ceiling: the same rows
/// (a response row and its 80 answer rows in one multi-row INSERT, a transaction a response, the service's
/// own transaction kind) written straight into a scratch database of the same store, migrated by the
/// service's migrations, through the same driver at the same concurrency.</item>
/// <item><b>Aggregation</b>: ListGroupResults over every unit (all pages), the first after release (it
/// computes the results and keeps them) and warm (median of five); beside a hand-written SQL GROUP BY on the
/// same rows in the host's store: per unit and item the answers, the sum of points and the count of each
/// point, rolled up to every unit above by summing each unit's aggregates over its ancestors (a recursive
/// CTE over the kept organisation version). The SQL's numbers are checked against what the API shows.</item>
/// </list>
/// One step is not through the API: the host runs on the real clock, a round's release time must lie at
/// least a day after it opens (<c>Rounds.CheckReady</c>) and ReleaseRound refuses before it, and the host has
/// no clock setting. So once the round is closed (CloseRound, through the API), the bench sets its
/// <c>release_time</c> to its close time in the store, and then releases it with ReleaseRound.
/// </summary>
internal static partial class SurveysScenario
{
    public static string Name(int respondents) =>
        $"Surveys round ({respondents.ToString("N0", CultureInfo.InvariantCulture)} respondents × {SurveysDataSet.Themes * SurveysDataSet.ItemsPerTheme} items)";

    private const int PageSize = 200;
    private const int WarmUpRespondents = 60;

    [GeneratedRegex(@"/survey/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    /// <summary>Imports the organisation, creates the instrument, and runs a small round of the first
    /// respondents through every step once, unmeasured (the host's and the bench's code paths warm).</summary>
    public static async Task<SurveysResult> SeedAsync(HostUnderTest host, int respondents, int inFlight)
    {
        var began = Stopwatch.GetTimestamp();
        var data = SurveysDataSet.Create(respondents);
        var client = new SurveysService.SurveysServiceClient(host.Channel);
        await client.ImportOrganisationAsync(data.Organisation);
        await client.CreateInstrumentAsync(new CreateInstrumentRequest { Instrument = data.Instrument, InstrumentId = SurveysDataSet.BenchInstrumentId });
        var warmUp = data.Respondents.Take(WarmUpRespondents).ToList();
        var (round, tokens, _) = await OpenRoundAsync(host, "bench-opvarmning", warmUp);
        await IngestAsync(host, warmUp, tokens, 8, new CpuMeter(() => 0, null));
        var released = await CloseAndReleaseAsync(host, round);
        await ListAllAsync(client, released);
        await ListAllAsync(client, released);
        await using (var database = host.SurveysDatabase())
        {
            await AggregateSqlAsync(database, released);
        }
        return new SurveysResult(data, inFlight, Stopwatch.GetElapsedTime(began), []);
    }

    /// <summary>One run: a new round of every respondent, opened and its invitations e-mailed (not measured);
    /// the ingest ceiling, then the ingest; closing and release; the SQL ceiling, then ListGroupResults cold
    /// and warm; the check of the SQL's numbers against the API's.</summary>
    public static async Task<SurveysRun> RunAsync(HostUnderTest host, SurveysResult result, int run, CpuMeter meter, CpuMeter databaseOnly)
    {
        var data = result.Data;
        var (round, tokens, invitations) = await OpenRoundAsync(host, $"bench-runde-{run}-{Guid.NewGuid().ToString("N")[..6]}", data.Respondents);

        Console.WriteLine($"     surveys: {round.Name} open, {invitations.TotalSeconds:F1} s to its {tokens.Length} invitation e-mails; the ingest ceiling");
        var (ceilingTime, ceilingCpu) = await IngestCeilingAsync(host, data, result.InFlight, host.Store == "postgres" ? databaseOnly : new CpuMeter(() => 0, null));
        Console.WriteLine($"     surveys: ceiling {ceilingTime.TotalSeconds:F2} s; SaveAnswers x{result.InFlight}");
        var ingest = await IngestAsync(host, data.Respondents, tokens, result.InFlight, meter);
        var released = await CloseAndReleaseAsync(host, round);

        var client = new SurveysService.SurveysServiceClient(host.Channel);
        await using var database = host.SurveysDatabase();
        if (host.Store == "postgres")
        {
            // What autoanalyze does after a round's inserts, before either reads them: plans from current statistics.
            await using var connection = await database.OpenAsync();
            await connection.ExecuteAsync("ANALYZE responses, response_answers");
        }
        await AggregateSqlAsync(database, released);
        var sqlRuns = new List<(TimeSpan Time, Dictionary<(string, string), long[]> Rows)>();
        for (var i = 0; i < 3; i++)
        {
            sqlRuns.Add(await AggregateSqlAsync(database, released));
        }
        var sql = sqlRuns.OrderBy(s => s.Time).ElementAt(1);
        var (cold, groups) = await ListAllAsync(client, released);
        var warm = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            warm.Add((await ListAllAsync(client, released)).Time);
        }
        var (check, mismatches, first) = Compare(data, groups, sql.Rows);
        var r = new SurveysRun(data.Respondents.Count, data.Items, data.AnswerRows, result.InFlight, invitations,
            ingest.Time, ingest.Latency, ingest.Errors, ingest.FirstError, ingest.Cpu, ceilingTime, ceilingCpu,
            groups.Count, groups.Count(g => g.Suppressed), cold, warm.Order().ElementAt(2), sql.Time, sql.Rows.Count, check, mismatches, first,
            released.ResponseCount);
        Console.WriteLine(
            $"     surveys: {r.Respondents} SaveAnswers x{r.InFlight} in {r.Ingest.TotalSeconds:F2} s ({r.PerSecond:F1}/s, p50 {Ms(r.IngestLatency, 50):F1} " +
            $"p99 {Ms(r.IngestLatency, 99):F1} ms, errors {r.IngestErrors}); ceiling {r.IngestCeiling.TotalSeconds:F2} s ({r.CeilingPerSecond:F1}/s); " +
            $"ratio {r.IngestRatio:F2}");
        Console.WriteLine(
            $"     surveys: ListGroupResults of {r.Groups} groups ({r.SuppressedGroups} suppressed) cold {r.Cold.TotalMilliseconds:F0} ms, warm " +
            $"{r.Warm.TotalMilliseconds:F0} ms; SQL GROUP BY {r.Sql.TotalMilliseconds:F0} ms ({r.SqlRows} rows); ratio cold {r.ColdRatio:F2}, warm " +
            $"{r.WarmRatio:F2}; {r.Checked} numbers checked, {r.Mismatches} differ{(first is null ? "" : $" (first: {first})")}");
        return r;
    }

    /// <summary>Creates, schedules and opens a round of <paramref name="respondents"/> (answer window 1 day,
    /// release a day and an hour on: the earliest the rules allow) and waits for their e-mails; returns the
    /// round, each respondent's token (by index), and how long the invitations took from OpenRound.</summary>
    private static async Task<(Round Round, string[] Tokens, TimeSpan Invitations)> OpenRoundAsync(HostUnderTest host, string id,
        IReadOnlyList<SurveyRespondent> respondents)
    {
        var client = new SurveysService.SurveysServiceClient(host.Channel);
        var now = DateTime.UtcNow;
        var round = await client.CreateRoundAsync(new CreateRoundRequest
        {
            RoundId = id,
            Round = new Round
            {
                DisplayName = $"Load bench {id}", Instruments = { $"instruments/{SurveysDataSet.BenchInstrumentId}" }, TargetUnits = { "kommunen" },
                AnswerDays = 1, PlannedOpenTime = Timestamp.FromDateTime(now), ReleaseTime = Timestamp.FromDateTime(now.AddDays(1).AddHours(1)),
            },
        });
        round = await client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round.Name });
        var addresses = respondents.Select((_, i) => $"svar-{i}.{id}@bench.kommune.test").ToArray();
        var began = Stopwatch.GetTimestamp();
        round = await client.OpenRoundAsync(new OpenRoundRequest
        {
            Name = round.Name,
            Invitees = { respondents.Select((r, i) => new Invitee { Unit = r.Unit, Email = addresses[i] }) },
        }, deadline: DateTime.UtcNow.AddMinutes(5));
        var tokens = await WaitForTokensAsync(Path.Combine(host.DataDirectory, "mail"), addresses, TimeSpan.FromMinutes(15));
        return (round, tokens, Stopwatch.GetElapsedTime(began));
    }

    /// <summary>Reads the invitation e-mails the host writes (.eml files) until every address has its link.</summary>
    private static async Task<string[]> WaitForTokensAsync(string directory, string[] addresses, TimeSpan limit)
    {
        var index = addresses.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i, StringComparer.OrdinalIgnoreCase);
        var tokens = new string?[addresses.Length];
        var found = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (found < addresses.Length)
        {
            var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.eml") : [];
            foreach (var file in files.Where(seen.Add))
            {
                var mail = await MimeMessage.LoadAsync(file);
                foreach (var to in mail.To.Mailboxes)
                {
                    if (index.TryGetValue(to.Address, out var i) && tokens[i] is null
                        && LinkPattern().Match(mail.TextBody ?? "") is { Success: true } link)
                    {
                        tokens[i] = link.Groups[1].Value;
                        found++;
                    }
                }
            }
            if (found < addresses.Length)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"{found} of {addresses.Length} invitation e-mails arrived in {limit.TotalMinutes:F0} minutes (in {directory}).");
                }
                await Task.Delay(200);
            }
        }
        return tokens!;
    }

    private sealed record Ingest(TimeSpan Time, LongHistogram Latency, long Errors, string? FirstError, Cpu Cpu);

    /// <summary>Every respondent's answers in one SaveAnswers(submit) each, <paramref name="inFlight"/> at a time,
    /// on a channel without a bearer token (the invitation token is the credential).</summary>
    private static async Task<Ingest> IngestAsync(HostUnderTest host, IReadOnlyList<SurveyRespondent> respondents, string[] tokens, int inFlight,
        CpuMeter meter)
    {
        var answering = new SurveyAnsweringService.SurveyAnsweringServiceClient(host.BareChannel);
        var histograms = Enumerable.Range(0, inFlight).Select(_ => Load.NewHistogram()).ToArray();
        long next = -1, errors = 0;
        string? firstError = null;
        var stopCpu = meter.Start();
        var began = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(w => Task.Run(async () =>
        {
            for (var i = (int)Interlocked.Increment(ref next); i < respondents.Count; i = (int)Interlocked.Increment(ref next))
            {
                var request = new SaveAnswersRequest { InvitationToken = tokens[i], Submit = true, Answers = { respondents[i].Answers } };
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await answering.SaveAnswersAsync(request);
                    histograms[w].RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds));
                }
                catch (RpcException e)
                {
                    Interlocked.CompareExchange(ref firstError, $"{e.StatusCode}: {e.Status.Detail}", null);
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var time = Stopwatch.GetElapsedTime(began);
        var cpu = stopCpu();
        var latency = Load.NewHistogram();
        foreach (var h in histograms)
        {
            latency.Add(h);
        }
        return new Ingest(time, latency, errors, firstError, cpu);
    }

    /// <summary>
    /// The ingest ceiling: the rows a submission stores (its response row, and its answer rows in one
    /// multi-row INSERT, as the service's own insert does) written straight into a scratch database of the
    /// same store, migrated by the service's own migrations, through the service's store code for the
    /// connection and transaction (SQLite BEGIN IMMEDIATE, as the service's writers), a transaction a
    /// response, at the same concurrency. What it leaves out is what the service adds: gRPC, the token's
    /// lookup, the round and its frozen instruments read, the answers checked, the response counted on the
    /// round (a row lock every submission of the round takes), the draft deleted, the invitation marked.
    /// </summary>
    private static async Task<(TimeSpan Time, Cpu Cpu)> IngestCeilingAsync(HostUnderTest host, SurveysDataSet data, int inFlight, CpuMeter meter)
    {
        var postgres = host.Store == "postgres";
        var name = "gov_bench_surveys_" + Guid.NewGuid().ToString("N")[..8];
        var sqliteFile = Path.Combine(host.ScratchDirectory, name + ".db");
        if (postgres)
        {
            await DueSweepScenario.CreateDatabaseAsync(host.PostgresAdmin!, name, null);
        }
        var database = postgres
            ? new ServiceDatabase("surveys", StoreDialect.Postgres, new NpgsqlConnectionStringBuilder(host.PostgresAdmin) { Database = name, MaxPoolSize = 200 }.ConnectionString)
            : new ServiceDatabase("surveys", StoreDialect.Sqlite, new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = sqliteFile }.ToString());
        try
        {
            await DatabaseMigrator.MigrateAsync(database, typeof(SurveysServiceRegistration).Assembly, NullLogger.Instance);
            var store = new SurveysStore(database);
            var rows = data.Respondents.Select(r => (r.Unit, Rows: r.Answers.Select(a => (
                a.ItemId,
                Point: a.ValueCase switch { Answer.ValueOneofCase.Scale => (object)a.Scale, Answer.ValueOneofCase.Yes => a.Yes ? 1 : 0, _ => DBNull.Value },
                Text: a.ValueCase == Answer.ValueOneofCase.Text ? (object)a.Text : DBNull.Value)).ToArray())).ToList();
            var answerSql = MultiRowInsert("response_answers", ["response_id", "instrument_id", "item_id", "point", "text"], data.Items);
            var responseSql = MultiRowInsert("responses", ["id", "round_id", "unit_id", "manager_id"], 1);

            async Task WriteAsync(string roundId, int i)
            {
                var (unit, answers) = rows[i];
                var id = Guid.NewGuid().ToString("N");
                await using var s = await store.BeginAsync(write: true, CancellationToken.None);
                await using (var response = Command(s, responseSql))
                {
                    Add(response, "p0_0", id);
                    Add(response, "p0_1", roundId);
                    Add(response, "p0_2", unit);
                    Add(response, "p0_3", DBNull.Value);
                    await response.ExecuteNonQueryAsync();
                }
                await using (var insert = Command(s, answerSql))
                {
                    for (var a = 0; a < answers.Length; a++)
                    {
                        Add(insert, $"p{a}_0", id);
                        Add(insert, $"p{a}_1", SurveysDataSet.BenchInstrumentId);
                        Add(insert, $"p{a}_2", answers[a].ItemId);
                        Add(insert, $"p{a}_3", answers[a].Point);
                        Add(insert, $"p{a}_4", answers[a].Text);
                    }
                    await insert.ExecuteNonQueryAsync();
                }
                await s.CommitAsync(CancellationToken.None);
            }

            // A few unmeasured first (connections opened, statements and code warm), under a round of their own.
            await RunConcurrentlyAsync(Math.Min(inFlight, rows.Count), Math.Min(inFlight, 8), i => WriteAsync("ceiling-opvarmning", i));
            var stopCpu = meter.Start();
            var began = Stopwatch.GetTimestamp();
            await RunConcurrentlyAsync(rows.Count, inFlight, i => WriteAsync("ceiling", i));
            var time = Stopwatch.GetElapsedTime(began);
            return (time, stopCpu());
        }
        finally
        {
            await database.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (postgres)
            {
                await HostUnderTest.DropDatabaseAsync(host.PostgresAdmin!, name);
            }
            else
            {
                foreach (var file in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" }.Where(File.Exists))
                {
                    File.Delete(file);
                }
            }
        }
    }

    private static async Task RunConcurrentlyAsync(int count, int inFlight, Func<int, Task> work)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await work(i);
            }
        })));
    }

    private static string MultiRowInsert(string table, string[] columns, int rows)
    {
        var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (").AppendJoin(", ", columns.Select((_, c) => $"@p{r}_{c}")).Append(')');
        }
        return sql.ToString();
    }

    private static DbCommand Command(SurveysSession s, string sql)
    {
        var command = s.Connection.CreateCommand();
        command.Transaction = s.Transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>CloseRound through the API; the release time moved to the close time in the store (the one
    /// step outside the API: see the class); ReleaseRound through the API (or the round sweep, if it came first).</summary>
    private static async Task<Round> CloseAndReleaseAsync(HostUnderTest host, Round round)
    {
        var client = new SurveysService.SurveysServiceClient(host.Channel);
        var closed = await client.CloseRoundAsync(new CloseRoundRequest { Name = round.Name });
        await using (var database = host.SurveysDatabase())
        await using (var connection = await database.OpenAsync())
        {
            var moved = await connection.ExecuteAsync("UPDATE rounds SET release_time = close_time WHERE id = @id AND state = 'Closed'",
                new { id = closed.Name["rounds/".Length..] });
            if (moved != 1)
            {
                throw new InvalidOperationException($"{closed.Name} is not closed in the store ({moved} rows).");
            }
        }
        try
        {
            return await client.ReleaseRoundAsync(new ReleaseRoundRequest { Name = round.Name });
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            var now = await client.GetRoundAsync(new GetRoundRequest { Name = round.Name });
            return now.State == RoundState.Released ? now : throw new InvalidOperationException($"{round.Name} could not be released: {e.Status.Detail}");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>ListGroupResults of the round's instrument over every group the caller sees (HR: every unit), all pages.</summary>
    private static async Task<(TimeSpan Time, List<GroupResults> Groups)> ListAllAsync(SurveysService.SurveysServiceClient client, Round round)
    {
        var groups = new List<GroupResults>();
        var request = new ListGroupResultsRequest { Round = round.Name, Instrument = round.Instruments[0], PageSize = PageSize };
        var began = Stopwatch.GetTimestamp();
        do
        {
            var page = await client.ListGroupResultsAsync(request);
            groups.AddRange(page.GroupResults);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return (Stopwatch.GetElapsedTime(began), groups);
    }

    /// <summary>The aggregation ceiling's one statement (see <see cref="AggregateSqlAsync"/>).</summary>
    private const string AggregateSql =
        """
        WITH RECURSIVE up (unit_id, group_id) AS (
          SELECT unit_id, unit_id FROM org_units WHERE version = @version
          UNION ALL
          SELECT up.unit_id, u.parent_id FROM up JOIN org_units u ON u.version = @version AND u.unit_id = up.group_id
          WHERE u.parent_id IS NOT NULL
        ),
        per_unit AS (
          SELECT r.unit_id, a.item_id, COUNT(*) AS answers, SUM(a.point) AS points,
            SUM(CASE WHEN a.point = 5 THEN 1 ELSE 0 END) AS p5, SUM(CASE WHEN a.point = 4 THEN 1 ELSE 0 END) AS p4,
            SUM(CASE WHEN a.point = 3 THEN 1 ELSE 0 END) AS p3, SUM(CASE WHEN a.point = 2 THEN 1 ELSE 0 END) AS p2,
            SUM(CASE WHEN a.point = 1 THEN 1 ELSE 0 END) AS p1, SUM(CASE WHEN a.point = 0 THEN 1 ELSE 0 END) AS p0,
            COUNT(a.text) AS texts
          FROM responses r JOIN response_answers a ON a.response_id = r.id
          WHERE r.round_id = @roundId AND a.instrument_id = @instrumentId
          GROUP BY r.unit_id, a.item_id
        )
        SELECT up.group_id, p.item_id, SUM(p.answers), SUM(p.points), SUM(p.p5), SUM(p.p4), SUM(p.p3), SUM(p.p2), SUM(p.p1), SUM(p.p0), SUM(p.texts)
        FROM per_unit p JOIN up ON up.unit_id = p.unit_id
        GROUP BY up.group_id, p.item_id
        """;

    /// <summary>
    /// The aggregation ceiling: per unit and item, the answers, the sum of their points, the count of each
    /// point (5 .. 1 of a scale, 1 and 0 of yes/no) and of texts, over the round's rows, then summed up to
    /// every unit above (each unit's aggregates joined to its ancestors and itself, found by a recursive CTE
    /// over the organisation version the round kept). Sums of counts and points are exact at every level
    /// (what the service's tallies merge), so each group's numbers are those of every answer below it.
    /// Every value of every row is read. Left out, as the SQL cannot do them in a GROUP BY: the respondents'
    /// theme scores (a mean per respondent), suppression, and the mapping.
    /// </summary>
    private static async Task<(TimeSpan Time, Dictionary<(string Group, string Item), long[]> Rows)> AggregateSqlAsync(ServiceDatabase database, Round round)
    {
        var version = long.Parse(round.OrganisationVersion[(round.OrganisationVersion.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        var began = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenAsync();
        await using var reader = await connection.ExecuteReaderAsync(AggregateSql,
            new { version, roundId = round.Name["rounds/".Length..], instrumentId = SurveysDataSet.BenchInstrumentId });
        var rows = new Dictionary<(string, string), long[]>();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows[((string)values[0], (string)values[1])] = [.. values.Skip(2).Select(v => v is DBNull ? 0 : Convert.ToInt64(v, CultureInfo.InvariantCulture))];
        }
        return (Stopwatch.GetElapsedTime(began), rows);
    }

    /// <summary>What the API shows beside what the SQL counted, for every group and item shown: the
    /// respondents, each item's distribution (or its number of texts) and its score (from the sum of points).
    /// Returns the numbers compared, how many differ and the first that does.</summary>
    private static (int Checked, int Mismatches, string? First) Compare(SurveysDataSet data, IReadOnlyList<GroupResults> groups,
        Dictionary<(string Group, string Item), long[]> sql)
    {
        var items = data.Instrument.Themes.SelectMany(t => t.Items).ToDictionary(i => i.ItemId);
        int compared = 0, differ = 0;
        string? first = null;
        void Check(bool same, Func<string> what)
        {
            compared++;
            if (!same)
            {
                differ++;
                first ??= what();
            }
        }
        foreach (var g in groups.Where(g => !g.Suppressed))
        {
            var id = g.Group[(g.Group.LastIndexOf('/') + 1)..];
            var respondents = items.Keys.Max(i => sql.TryGetValue((id, i), out var row) ? row[0] : 0);
            Check(g.ResponseCount == respondents, () => $"{id}: {g.ResponseCount} respondents, the SQL {respondents}");
            foreach (var shown in g.Themes.SelectMany(t => t.Items).Where(i => !i.Suppressed))
            {
                var row = sql.GetValueOrDefault((id, shown.ItemId)) ?? new long[9];
                var item = items[shown.ItemId];
                if (item.ResponseType == ResponseType.FreeText)
                {
                    Check(shown.TextAnswerCount == row[8], () => $"{id}/{shown.ItemId}: {shown.TextAnswerCount} texts, the SQL {row[8]}");
                    continue;
                }
                long[] expected = item.ResponseType == ResponseType.YesNo ? [row[6], row[7]] : [row[2], row[3], row[4], row[5], row[6]];
                Check(shown.Distribution.Select(d => (long)d).SequenceEqual(expected),
                    () => $"{id}/{shown.ItemId}: distribution {string.Join(',', shown.Distribution)}, the SQL {string.Join(',', expected)}");
                // The mean item score from the sum of points: (p - 1) × 25 for a scale, p × 100 for yes/no; reversed for a demand.
                var mean = item.ResponseType == ResponseType.YesNo ? 100.0 * row[1] / row[0] : 25.0 * (row[1] - row[0]) / row[0];
                mean = item.Direction == ItemDirection.Demand ? 100 - mean : mean;
                Check(shown.Score.HasValue && Math.Abs(shown.Score.Value - mean) < 0.051,
                    () => $"{id}/{shown.ItemId}: score {shown.Score.Value}, from the SQL {mean:F2}");
            }
        }
        return (compared, differ, first);
    }

    private static double Ms(LongHistogram latency, double percentile) => Suite.Ms(latency, percentile);
}
