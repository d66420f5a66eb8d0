using Dapper;
using Governance.Cases.Data;
using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.Data.Connections;
using Governance.Data.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Governance.Cases.Tests.Store;

/// <summary>
/// The Cases store against a real database, written once and run on each dialect by a subclass. A
/// class's tests may share one database, so each test numbers its cases in a year of its own and
/// names its decisions uniquely.
/// </summary>
public abstract class CasesStoreTests : IAsyncDisposable
{
    private static int lastYear = 29;
    private ServiceDatabase? database;
    private CasesStore? store;

    protected abstract StoreDialect Dialect { get; }

    /// <summary>The database to use; skips (or, in CI, fails) the test when it is not available.</summary>
    protected abstract string ConnectionString { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A two-digit year no other test of the process numbers cases in.</summary>
    private static int OwnYear() => Interlocked.Increment(ref lastYear);

    private async Task<CasesStore> StoreAsync()
    {
        if (store is null)
        {
            database = new ServiceDatabase("Cases", Dialect, ConnectionString);
            await MigrateAsync();
            store = new CasesStore(database);
        }
        return store;
    }

    private Task MigrateAsync() => DatabaseMigrator.MigrateAsync(database!, typeof(CasesStore).Assembly, NullLogger.Instance, Ct);

    private async Task<T> WriteAsync<T>(Func<CasesSession, Task<T>> work)
    {
        await using var session = await (await StoreAsync()).BeginAsync(write: true, Ct);
        var result = await work(session);
        await session.CommitAsync(Ct);
        return result;
    }

    private Task WriteAsync(Func<CasesSession, Task> work) => WriteAsync(async s =>
    {
        await work(s);
        return true;
    });

    private async Task<T> ReadAsync<T>(Func<CasesSession, Task<T>> work)
    {
        await using var session = await (await StoreAsync()).BeginAsync(write: false, Ct);
        return await work(session);
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncCore();
        GC.SuppressFinalize(this);
    }

    protected virtual async ValueTask DisposeAsyncCore()
    {
        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    private static CaseRecord Case(CaseKey key, bool registered = false) => new()
    {
        Key = key,
        JournalNumber = registered ? $"{key.Year:00}/{key.Number}" : key.Allocated,
        Title = "Budget 2028-31",
        Unit = "ØDC",
        Registered = registered,
        CreatedAt = new DateTime(2027, 3, 1, 9, 0, 0, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2027, 3, 1, 9, 0, 0, DateTimeKind.Utc),
    };

    // ---- migrations ----

    [Fact]
    public async Task Migration_runs_again_as_a_no_op_and_keeps_the_data()
    {
        var key = new CaseKey(OwnYear(), 1);
        await WriteAsync(s => s.InsertCaseAsync(Case(key)));

        await MigrateAsync();

        var versions = await ReadAsync(s => s.Connection.QueryAsync<long>("SELECT \"Version\" FROM \"VersionInfo\"", transaction: s.Transaction));
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], versions.Order());
        Assert.Equal(key.Allocated, (await ReadAsync(s => s.GetCaseAsync(key)))?.JournalNumber);
    }

    // ---- journal numbers ----

    [Fact]
    public async Task Journal_numbers_count_up_per_year_from_one()
    {
        var year = OwnYear();
        var other = OwnYear();
        var first = await WriteAsync(s => s.AllocateJournalNumberAsync(year));
        var second = await WriteAsync(s => s.AllocateJournalNumberAsync(year));
        var otherYear = await WriteAsync(s => s.AllocateJournalNumberAsync(other));

        Assert.Equal(new CaseKey(year, 1), first);
        Assert.Equal(new CaseKey(year, 2), second);
        Assert.Equal(new CaseKey(other, 1), otherYear);
    }

    [Fact]
    public async Task A_rolled_back_allocation_gives_its_number_back()
    {
        var year = OwnYear();
        await using (var session = await (await StoreAsync()).BeginAsync(write: true, Ct))
        {
            Assert.Equal(new CaseKey(year, 1), await session.AllocateJournalNumberAsync(year));
            // Disposed without commit: rolled back.
        }

        Assert.Equal(new CaseKey(year, 1), await WriteAsync(s => s.AllocateJournalNumberAsync(year)));
    }

    [Fact]
    public async Task Allocation_skips_numbers_registered_with_their_historical_journal_number()
    {
        var year = OwnYear();
        await WriteAsync(async s =>
        {
            await s.InsertCaseAsync(Case(new CaseKey(year, 2), registered: true));
            await s.InsertCaseAsync(Case(new CaseKey(year, 3), registered: true));
        });

        var first = await WriteAsync(s => s.AllocateJournalNumberAsync(year));
        var next = await WriteAsync(s => s.AllocateJournalNumberAsync(year));

        Assert.Equal(new CaseKey(year, 1), first);
        Assert.Equal(new CaseKey(year, 4), next);
        Assert.True(await ReadAsync(s => s.CaseExistsAsync(new CaseKey(year, 3))));
    }

    [Fact]
    public async Task Allocation_says_when_the_year_is_used_up()
    {
        var year = OwnYear();
        await WriteAsync(s => s.Connection.ExecuteAsync(
            "INSERT INTO number_series (series, year, last_value) VALUES (@series, @year, @last)",
            new { series = CasesSession.JournalSeries, year, last = JournalNumbers.MaxRunningNumber - 1 }, s.Transaction));

        Assert.Equal(new CaseKey(year, JournalNumbers.MaxRunningNumber), await WriteAsync(s => s.AllocateJournalNumberAsync(year)));
        Assert.Null(await WriteAsync(s => s.AllocateJournalNumberAsync(year)));
    }

    [Fact]
    public async Task Document_numbers_are_a_series_of_their_own()
    {
        var year = OwnYear();
        await WriteAsync(s => s.AllocateJournalNumberAsync(year));
        await WriteAsync(s => s.AllocateJournalNumberAsync(year));

        var first = await WriteAsync(s => s.NextNumberAsync(CasesSession.DocumentSeries, year));
        var second = await WriteAsync(s => s.NextNumberAsync(CasesSession.DocumentSeries, year));

        Assert.Equal(1, first);
        Assert.Equal(2, second);
        Assert.Equal(new CaseKey(year, 3), await WriteAsync(s => s.AllocateJournalNumberAsync(year)));
    }

    [Fact]
    public async Task A_document_round_trips_with_its_number()
    {
        var key = new CaseKey(OwnYear(), 1);
        await WriteAsync(s => s.InsertCaseAsync(Case(key)));
        var number = await WriteAsync(s => s.NextNumberAsync(CasesSession.DocumentSeries, key.Year));
        var document = new DocumentRecord(Ids.NewId(), key, key.Year, (int)number, "Notat om økonomien", "anne", new DateTime(2027, 3, 2, 10, 0, 0, DateTimeKind.Utc));
        await WriteAsync(s => s.InsertDocumentAsync(document));

        var read = await ReadAsync(s => s.GetDocumentAsync(key, document.Id));
        Assert.Equal(document, read);
        Assert.Equal($"000001/{key.Year:00}", read?.DocumentNumber);
    }

    // ---- decisions from Meetings: a late older version changes nothing ----

    private static readonly DateTime Recorded = new(2027, 3, 9, 9, 15, 0, DateTimeKind.Utc);

    private static TimelineRecord Entry(CaseKey key, string decision, TimelineEntryKind kind, DateTime at, string text) => new()
    {
        Id = Ids.NewId(), Case = key, Kind = kind, OccurredAt = at, Text = text, Actor = "meetings", Resource = decision,
    };

    /// <summary>A decision as the consumer writes it, at version <paramref name="version"/>: the decision, a referral, a
    /// follow-up and its search text.</summary>
    private async Task<(CaseKey Key, string Decision)> DecisionHeldAsync(long version)
    {
        var key = new CaseKey(OwnYear(), 1);
        var decision = $"meetings/m{Guid.NewGuid():N}/items/i1/decisions/d1";
        await WriteAsync(async s =>
        {
            await s.InsertCaseAsync(Case(key));
            Assert.True(await s.ReplaceDecisionAsync(decision, version));
            await s.InsertTimelineAsync(Entry(key, decision, TimelineEntryKind.DecisionRecorded, Recorded, "Beslutning (Godkendt), Punkt 1"));
            await s.InsertTimelineAsync(Entry(key, decision, TimelineEntryKind.Referred, Recorded, "Oversendt til Økonomiudvalget"));
            await s.InsertTimelineAsync(Entry(key, decision, TimelineEntryKind.FollowUp, Recorded, "Opfølgning (ØDC): Notat"));
            await s.UpsertSearchEntryAsync(new SearchEntry(Ids.NewId(), key, SearchField.DecisionText, decision, "Anlægsbudgettet godkendes"));
        });
        return (key, decision);
    }

    private Task<long> RowsOfAsync(string decision) => ReadAsync(s => s.Connection.ExecuteScalarAsync<long>(
        "SELECT (SELECT COUNT(*) FROM timeline_entries WHERE resource = @decision) + (SELECT COUNT(*) FROM search_entries WHERE source = @decision)",
        new { decision }, s.Transaction));

    [Fact]
    public async Task An_older_version_delivered_late_changes_nothing()
    {
        var (key, decision) = await DecisionHeldAsync(3);

        Assert.False(await WriteAsync(s => s.ReplaceDecisionAsync(decision, 2)));
        Assert.False(await WriteAsync(s => s.ReplaceDecisionAsync(decision, 1)));

        Assert.Equal(4, await RowsOfAsync(decision));
        var timeline = await ReadAsync(s => s.ListTimelineAsync(key, null, 50));
        Assert.Equal(3, timeline.Count(e => e.Resource == decision));
        Assert.NotEmpty(await ReadAsync(s => s.SearchAsync("anlægsbudgettet", ClosedScope.None, "ØDC", null, key.Year, 0, 10)));
    }

    [Fact]
    public async Task A_newer_or_the_same_version_clears_what_the_decision_wrote()
    {
        var (key, decision) = await DecisionHeldAsync(2);
        var (otherKey, other) = await DecisionHeldAsync(2);

        Assert.True(await WriteAsync(s => s.ReplaceDecisionAsync(decision, 2)));

        Assert.Equal(0, await RowsOfAsync(decision));
        Assert.Empty(await ReadAsync(s => s.SearchAsync("anlægsbudgettet", ClosedScope.None, "ØDC", null, key.Year, 0, 10)));
        // Another decision's entries stay.
        Assert.Equal(4, await RowsOfAsync(other));
        Assert.True(await WriteAsync(s => s.ReplaceDecisionAsync(other, 3)));
        Assert.Equal(0, await RowsOfAsync(other));
        Assert.Empty(await ReadAsync(s => s.ListTimelineAsync(otherKey, null, 50)));
        // The newer version is now what is held: the one before it no longer replaces.
        Assert.False(await WriteAsync(s => s.ReplaceDecisionAsync(other, 2)));
    }
    // ---- search: snippets for the page only, same matches in the same order ----

    /// <summary>The search as one query that ranks and builds the snippet of every match before the
    /// limit: what SearchAsync answered before it built snippets for the page only. The oracle.</summary>
    private Task<List<(string Id, string? Snippet, double Score)>> SearchEveryMatchAsync(string query, int year) => ReadAsync(async s =>
        (await s.Connection.QueryAsync<(string, string?, double)>(Dialect == StoreDialect.Postgres
            ? """
              SELECT e.id,
                ts_headline('danish', e.text, q, 'StartSel=«, StopSel=», MaxWords=30, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "') AS snippet,
                ts_rank(e.document, q)::float8 AS score
              FROM search_entries e
                JOIN cases c ON c.year = e.year AND c.number = e.number
                CROSS JOIN (SELECT websearch_to_tsquery('danish', @query) || to_tsquery('danish', @prefixQuery) AS q) terms
              WHERE e.document @@ q AND c.year = @year
              ORDER BY score DESC, e.id COLLATE "C"
              """
            : """
              SELECT e.id, snippet(search_fts, 0, '«', '»', '…', 30) AS snippet, -bm25(search_fts) AS score
              FROM search_fts
                JOIN search_entries e ON e.id = search_fts.entry_id
                JOIN cases c ON c.year = e.year AND c.number = e.number
              WHERE search_fts MATCH @query AND c.year = @year
              ORDER BY score DESC, e.id
              """,
            new
            {
                query = Dialect == StoreDialect.Postgres ? query : string.Join(" ", CasesSession.Words(query).Select(w => $"\"{w}\"*")),
                prefixQuery = string.Join(" & ", CasesSession.Words(query).Select(w => $"{w}:*")),
                year,
            }, s.Transaction)).ToList());

    [Fact]
    public async Task Search_pages_hold_the_matches_ranks_and_snippets_of_ranking_every_match()
    {
        var year = OwnYear();
        var filler = string.Join(" ", Enumerable.Range(1, 40).Select(i => $"ord{i}"));
        await WriteAsync(async s =>
        {
            for (var n = 1; n <= 9; n++)
            {
                var key = new CaseKey(year, n);
                await s.InsertCaseAsync(Case(key) with { Title = $"Sag {n}" });
                // More mentions rank higher; 3, 6 and 9 share a rank, and the id orders them.
                var mentions = string.Join(" ", Enumerable.Repeat("budgetopfølgningen", n % 3 + 1));
                await s.UpsertSearchEntryAsync(new SearchEntry($"e{n:00}-{year}", key, SearchField.Title, "", $"{filler} {mentions} {filler}"));
            }
            await s.UpsertSearchEntryAsync(new SearchEntry($"x-{year}", new CaseKey(year, 1), SearchField.DocumentTitle, "", "Noget helt andet"));
        });

        var every = await SearchEveryMatchAsync("budgetopfølgningen", year);
        var all = await ReadAsync(s => s.SearchAsync("budgetopfølgningen", ClosedScope.None, null, null, year, 0, 50));
        var paged = new List<SearchMatch>();
        for (var offset = 0; offset < 9; offset += 4)
        {
            paged.AddRange(await ReadAsync(s => s.SearchAsync("budgetopfølgningen", ClosedScope.None, null, null, year, offset, 4)));
        }

        Assert.Equal(9, every.Count);
        Assert.Equal(every, [.. all.Select(m => (m.Entry.Id, (string?)m.Snippet, m.Score))]);
        Assert.Equal(every, [.. paged.Select(m => (m.Entry.Id, (string?)m.Snippet, m.Score))]);
        Assert.All(all, m => Assert.Contains("«", m.Snippet, StringComparison.Ordinal));
        Assert.All(all, m => Assert.Equal($"Sag {m.Case.Key.Number}", m.Case.Title));
    }
}
