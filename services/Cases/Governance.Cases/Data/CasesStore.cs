using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.Data.Connections;
using Governance.Data.UnitOfWork;

namespace Governance.Cases.Data;

/// <summary>Opens units of work on the Cases database. Every change runs in one transaction.</summary>
public sealed class CasesStore(ServiceDatabase database)
{
    static CasesStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public ServiceDatabase Database => database;

    /// <summary>Starts a unit of work (see <see cref="DbSessions.BeginAsync"/>).</summary>
    public Task<CasesSession> BeginAsync(bool write, CancellationToken cancellationToken) =>
        database.BeginAsync(write, (connection, transaction, dialect) => new CasesSession(connection, transaction, dialect), cancellationToken);
}

/// <summary>Which closed cases a search may look into: none, those of some units, or all.</summary>
public sealed record ClosedScope(bool All, IReadOnlyList<string> Units)
{
    public static readonly ClosedScope None = new(false, []);
}

/// <summary>One connection and transaction; the SQL of the Cases service lives here. Where the
/// dialects differ (search), both forms are side by side.</summary>
public sealed partial class CasesSession(DbConnection connection, DbTransaction transaction, StoreDialect dialect)
    : DbSession(connection, transaction, dialect)
{
    public const string JournalSeries = "journal";
    public const string DocumentSeries = "document";

    private string Lock(bool forUpdate) => forUpdate ? Dialect.ForUpdate() : "";

    // ---- number series ----

    /// <summary>The next value of a series for a year: one atomic upsert of the counter row, in the
    /// caller's transaction (the row stays locked until it commits, so concurrent creators queue and
    /// a rolled-back creation gives its number back without anyone else having seen it).</summary>
    public Task<long> NextNumberAsync(string series, int year) => Connection.ExecuteScalarAsync<long>(
        """
        INSERT INTO number_series (series, year, last_value) VALUES (@series, @year, 1)
        ON CONFLICT (series, year) DO UPDATE SET last_value = number_series.last_value + 1
        RETURNING last_value
        """, new { series, year }, Transaction);

    /// <summary>The next running number of the year that no case has: the counter's next value,
    /// skipping numbers that were registered with their historical journal number. Null when every
    /// number of the year up to <see cref="JournalNumbers.MaxRunningNumber"/> is used.</summary>
    public async Task<CaseKey?> AllocateJournalNumberAsync(int year)
    {
        while (true)
        {
            var next = await NextNumberAsync(JournalSeries, year);
            if (next > JournalNumbers.MaxRunningNumber)
            {
                return null;
            }
            var key = new CaseKey(year, (int)next);
            if (!await CaseExistsAsync(key))
            {
                return key;
            }
        }
    }

    // ---- cases ----

    public Task InsertCaseAsync(CaseRecord c) => Connection.ExecuteAsync(
        """
        INSERT INTO cases (id, year, number, journal_number, title, unit, case_handler, status, status_reason, confidential,
          kle_number, legal_basis, registered, version, created_at, updated_at)
        VALUES (@Id, @Year, @Number, @JournalNumber, @Title, @Unit, @CaseHandler, @Status, @StatusReason, @Confidential,
          @KleNumber, @LegalBasis, @Registered, @Version, @CreatedAt, @UpdatedAt)
        """, CaseRow.From(c), Transaction);

    public async Task<bool> CaseExistsAsync(CaseKey key) =>
        await Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE year = @Year AND number = @Number", key, Transaction) > 0;

    public async Task<CaseRecord?> GetCaseAsync(CaseKey key, bool forUpdate = false) =>
        (await Connection.QuerySingleOrDefaultAsync<CaseRow>(
            $"SELECT * FROM cases WHERE year = @Year AND number = @Number{Lock(forUpdate)}", key, Transaction))?.ToRecord();

    public async Task<IReadOnlyList<CaseRecord>> GetCasesAsync(IEnumerable<string> ids) =>
        [.. (await Connection.QueryAsync<CaseRow>(
            $"SELECT * FROM cases WHERE {Dialect.InList("id", "ids")}", new { ids = ids.Distinct().ToArray() }, Transaction)).Select(r => r.ToRecord())];

    /// <summary>Cases newest journal number first, keyset-paged on (year, number) descending.</summary>
    public async Task<IReadOnlyList<CaseRecord>> ListCasesAsync(string? unit, CaseStatus? status, int? year, CaseKey? after, int limit)
    {
        var sql = "SELECT * FROM cases WHERE 1 = 1";
        if (unit is not null) sql += " AND unit = @unit";
        if (status is not null) sql += " AND status = @status";
        if (year is not null) sql += " AND year = @year";
        if (after is not null) sql += " AND (year < @afterYear OR (year = @afterYear AND number < @afterNumber))";
        sql += " ORDER BY year DESC, number DESC LIMIT @limit";
        return [.. (await Connection.QueryAsync<CaseRow>(sql, new
        {
            unit,
            status = status?.ToString(),
            year,
            afterYear = after?.Year,
            afterNumber = after?.Number,
            limit,
        }, Transaction)).Select(r => r.ToRecord())];
    }

    public async Task UpdateCaseAsync(CaseRecord c)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE cases SET title = @Title, unit = @Unit, case_handler = @CaseHandler, status = @Status, status_reason = @StatusReason,
              confidential = @Confidential, kle_number = @KleNumber, legal_basis = @LegalBasis, version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND version = @Version - 1
            """, CaseRow.From(c), Transaction);
        if (rows != 1)
        {
            // Rows are read under lock before they are written, so a miss means a concurrent writer won.
            throw new ServiceDefaults.Errors.EtagMismatchException(c.Key.Name);
        }
    }

    public async Task<IReadOnlyDictionary<string, int>> CountDocumentsAsync(IEnumerable<string> caseIds)
    {
        var rows = await Connection.QueryAsync<(string CaseId, long Count)>(
            $"SELECT case_id, COUNT(*) FROM case_documents WHERE {Dialect.InList("case_id", "ids")} GROUP BY case_id",
            new { ids = caseIds.Distinct().ToArray() }, Transaction);
        return rows.ToDictionary(r => r.CaseId, r => (int)r.Count);
    }

    // ---- documents and notes ----

    public Task InsertDocumentAsync(DocumentRecord d) => Connection.ExecuteAsync(
        "INSERT INTO case_documents (id, case_id, doc_year, doc_number, title, creator, created_at) " +
        "VALUES (@Id, @CaseId, @DocYear, @DocNumber, @Title, @Creator, @CreatedAt)",
        new { d.Id, CaseId = d.Case.Id, d.DocYear, d.DocNumber, d.Title, d.Creator, d.CreatedAt }, Transaction);

    public async Task<DocumentRecord?> GetDocumentAsync(CaseKey key, string id) =>
        (await Connection.QuerySingleOrDefaultAsync<DocumentRow>(
            "SELECT * FROM case_documents WHERE id = @id AND case_id = @caseId", new { id, caseId = key.Id }, Transaction))?.ToRecord(key);

    /// <summary>A case's documents in the order they were added (ids are time-ordered).</summary>
    public async Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(CaseKey key, string? afterId, int limit) =>
        [.. (await Connection.QueryAsync<DocumentRow>(
            $"SELECT * FROM case_documents WHERE case_id = @caseId AND (@afterId IS NULL OR {Dialect.Binary("id")} > @afterId) " +
            $"ORDER BY {Dialect.Binary("id")} LIMIT @limit",
            new { caseId = key.Id, afterId, limit }, Transaction)).Select(r => r.ToRecord(key))];

    public Task InsertNoteAsync(NoteRecord n) => Connection.ExecuteAsync(
        "INSERT INTO case_notes (id, case_id, text, author, created_at) VALUES (@Id, @CaseId, @Text, @Author, @CreatedAt)",
        new { n.Id, CaseId = n.Case.Id, n.Text, n.Author, n.CreatedAt }, Transaction);

    public async Task<NoteRecord?> GetNoteAsync(CaseKey key, string id)
    {
        var row = await Connection.QuerySingleOrDefaultAsync<(string Id, string Text, string Author, DateTime CreatedAt)?>(
            "SELECT id, text, author, created_at FROM case_notes WHERE id = @id AND case_id = @caseId", new { id, caseId = key.Id }, Transaction);
        return row is { } r ? new NoteRecord(r.Id, key, r.Text, r.Author, DbTime.Utc(r.CreatedAt)) : null;
    }

    // ---- timeline ----

    public Task InsertTimelineAsync(TimelineRecord t) => Connection.ExecuteAsync(
        """
        INSERT INTO timeline_entries (id, year, number, kind, occurred_at, text, actor, resource, meeting, body_title, item_number,
          outcome, status, trace_id)
        VALUES (@Id, @Year, @Number, @Kind, @OccurredAt, @Text, @Actor, @Resource, @Meeting, @BodyTitle, @ItemNumber,
          @Outcome, @Status, @TraceId)
        """,
        new
        {
            t.Id, t.Case.Year, t.Case.Number, Kind = t.Kind.ToString(), t.OccurredAt, t.Text, t.Actor, t.Resource, t.Meeting, t.BodyTitle,
            t.ItemNumber, t.Outcome, Status = t.Status.ToString(), t.TraceId,
        }, Transaction);

    /// <summary>A case's timeline oldest first, keyset-paged on (occurred_at, id).</summary>
    public async Task<IReadOnlyList<TimelineRecord>> ListTimelineAsync(CaseKey key, (DateTime At, string Id)? after, int limit)
    {
        var sql = "SELECT * FROM timeline_entries WHERE year = @year AND number = @number";
        if (after is not null) sql += $" AND (occurred_at > @afterAt OR (occurred_at = @afterAt AND {Dialect.Binary("id")} > @afterId))";
        sql += $" ORDER BY occurred_at, {Dialect.Binary("id")} LIMIT @limit";
        return [.. (await Connection.QueryAsync<TimelineRow>(sql,
            new { year = key.Year, number = key.Number, afterAt = after?.At, afterId = after?.Id, limit }, Transaction)).Select(r => r.ToRecord())];
    }

    // ---- decisions from Meetings ----

    /// <summary>The timeline kinds a DecisionRecorded writes: the decision and its referrals and follow-ups.</summary>
    private static readonly string[] DecisionKinds =
        [nameof(TimelineEntryKind.DecisionRecorded), nameof(TimelineEntryKind.Referred), nameof(TimelineEntryKind.FollowUp)];

    /// <summary>
    /// Makes way for version <paramref name="version"/> of <paramref name="decision"/> (a Meetings
    /// decision name): records it as the version held, deletes the timeline entries the decision wrote
    /// before (decision, referrals, follow-ups, on whichever case they are) and its decision-text search
    /// entries, and returns true. When a newer version is held (an older one delivered late:
    /// <see cref="DecisionVersions.Replaces"/>), changes nothing and returns false. Writers of one
    /// decision are serialized: on PostgreSQL by a transaction-scoped advisory lock on its name, on
    /// SQLite by the write lock the IMMEDIATE transaction holds.
    /// </summary>
    public async Task<bool> ReplaceDecisionAsync(string decision, long version)
    {
        if (Dialect == StoreDialect.Postgres)
        {
            await Connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@decision, 0))", new { decision }, Transaction);
        }
        var kinds = DecisionKinds;
        var held = await Connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT version FROM decision_versions WHERE decision = @decision", new { decision }, Transaction);
        if (!DecisionVersions.Replaces(version, held))
        {
            return false;
        }
        await Connection.ExecuteAsync(
            """
            INSERT INTO decision_versions (decision, version) VALUES (@decision, @version)
            ON CONFLICT (decision) DO UPDATE SET version = excluded.version
            """, new { decision, version }, Transaction);
        await Connection.ExecuteAsync(
            $"DELETE FROM timeline_entries WHERE resource = @decision AND {Dialect.InList("kind", "kinds")}",
            new { decision, kinds }, Transaction);
        var field = nameof(SearchField.DecisionText);
        if (Dialect == StoreDialect.Sqlite)
        {
            await Connection.ExecuteAsync(
                "DELETE FROM search_fts WHERE entry_id IN (SELECT id FROM search_entries WHERE source = @decision AND field = @field)",
                new { decision, field }, Transaction);
        }
        await Connection.ExecuteAsync("DELETE FROM search_entries WHERE source = @decision AND field = @field",
            new { decision, field }, Transaction);
        return true;
    }

    // ---- search ----

    /// <summary>Adds a searchable text, or replaces the text of the entry with the same id.</summary>
    public async Task UpsertSearchEntryAsync(SearchEntry e)
    {
        await Connection.ExecuteAsync(
            """
            INSERT INTO search_entries (id, year, number, field, source, text) VALUES (@Id, @Year, @Number, @Field, @Source, @Text)
            ON CONFLICT (id) DO UPDATE SET text = excluded.text
            """, new { e.Id, e.Case.Year, e.Case.Number, Field = e.Field.ToString(), e.Source, e.Text }, Transaction);
        if (Dialect == StoreDialect.Sqlite)
        {
            await Connection.ExecuteAsync("DELETE FROM search_fts WHERE entry_id = @Id", new { e.Id }, Transaction);
            await Connection.ExecuteAsync("INSERT INTO search_fts (text, entry_id) VALUES (@Text, @Id)", new { e.Text, e.Id }, Transaction);
        }
    }

    /// <summary>Matches of <paramref name="query"/> best first. Closed cases outside
    /// <paramref name="closed"/> are not searched at all. PostgreSQL: the danish configuration
    /// (stemming), websearch syntax, or every word's stem as a prefix (the Danish stemmer makes
    /// "budget" 'budg' but "budgettet" 'budget'), ts_rank and ts_headline. SQLite: FTS5, every word as a prefix,
    /// bm25 and snippet.</summary>
    public async Task<IReadOnlyList<SearchMatch>> SearchAsync(string query, ClosedScope closed, string? unit, CaseStatus? status, int? year,
        int offset, int limit)
    {
        var filters = "";
        if (unit is not null) filters += " AND c.unit = @unit";
        if (status is not null) filters += " AND c.status = @status";
        if (year is not null) filters += " AND c.year = @year";
        if (!closed.All)
        {
            filters += closed.Units.Count == 0
                ? " AND c.confidential = @notConfidential"
                : $" AND (c.confidential = @notConfidential OR {Dialect.InList("c.unit", "closedUnits")})";
        }
        // Rank orders every match, but the snippet is built only for the page: the inner query picks
        // the page's entries by rank, the outer one builds their snippets.
        var sql = Dialect == StoreDialect.Postgres
            ? $"""
              SELECT e.id, e.year, e.number, e.field, e.source, e.text, page.case_id,
                ts_headline('danish', e.text, page.q, 'StartSel=«, StopSel=», MaxWords=30, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "') AS snippet,
                page.score
              FROM (
                SELECT e.id, c.id AS case_id, q, ts_rank(e.document, q)::float8 AS score
                FROM search_entries e
                  JOIN cases c ON c.year = e.year AND c.number = e.number
                  CROSS JOIN (SELECT websearch_to_tsquery('danish', @query) || to_tsquery('danish', @prefixQuery) AS q) terms
                WHERE e.document @@ q{filters}
                ORDER BY score DESC, e.id COLLATE "C"
                LIMIT @limit OFFSET @offset
              ) page
                JOIN search_entries e ON e.id = page.id
              ORDER BY page.score DESC, e.id COLLATE "C"
              """
            : $"""
              WITH page AS (
                SELECT search_fts.rowid AS fts_row, e.id, c.id AS case_id, -bm25(search_fts) AS score
                FROM search_fts
                  JOIN search_entries e ON e.id = search_fts.entry_id
                  JOIN cases c ON c.year = e.year AND c.number = e.number
                WHERE search_fts MATCH @query{filters}
                ORDER BY score DESC, e.id
                LIMIT @limit OFFSET @offset
              )
              SELECT e.id, e.year, e.number, e.field, e.source, e.text, page.case_id,
                snippet(search_fts, 0, '«', '»', '…', 30) AS snippet, page.score
              FROM page
                JOIN search_fts ON search_fts.rowid = page.fts_row
                JOIN search_entries e ON e.id = page.id
              WHERE search_fts MATCH @query
              ORDER BY page.score DESC, e.id
              """;
        var rows = (await Connection.QueryAsync<SearchRow>(sql, new
        {
            query = Dialect == StoreDialect.Postgres ? query : SqlitePrefixQuery(query),
            prefixQuery = string.Join(" & ", Words(query).Select(w => $"{w}:*")),
            unit,
            status = status?.ToString(),
            year,
            notConfidential = false,
            closedUnits = closed.Units.ToArray(),
            limit,
            offset,
        }, Transaction)).ToList();
        var cases = (await GetCasesAsync(rows.Select(r => r.CaseId))).ToDictionary(c => c.Key.Id);
        return [.. rows.Select(r => new SearchMatch(
            new SearchEntry(r.Id, new CaseKey(r.Year, r.Number), Enum.Parse<SearchField>(r.Field), r.Source, r.Text),
            cases[r.CaseId], r.Snippet ?? "", r.Score))];
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    /// <summary>The words of a query (letters and digits), as the search treats them.</summary>
    public static IReadOnlyList<string> Words(string query) => [.. Word().Matches(query).Select(m => m.Value)];

    /// <summary>FTS5: every word must occur as a word prefix ("budget" finds "budgettet"); each is
    /// quoted, so no word is taken for FTS5 syntax.</summary>
    private static string SqlitePrefixQuery(string query) => string.Join(" ", Words(query).Select(w => $"\"{w}\"*"));

    // ---- rows ----

    private sealed class CaseRow
    {
        public string Id { get; set; } = "";
        public int Year { get; set; }
        public int Number { get; set; }
        public string JournalNumber { get; set; } = "";
        public string Title { get; set; } = "";
        public string Unit { get; set; } = "";
        public string CaseHandler { get; set; } = "";
        public string Status { get; set; } = "";
        public string StatusReason { get; set; } = "";
        public bool Confidential { get; set; }
        public string KleNumber { get; set; } = "";
        public string LegalBasis { get; set; } = "";
        public bool Registered { get; set; }
        public long Version { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }

        public static CaseRow From(CaseRecord c) => new()
        {
            Id = c.Key.Id, Year = c.Key.Year, Number = c.Key.Number, JournalNumber = c.JournalNumber, Title = c.Title, Unit = c.Unit,
            CaseHandler = c.CaseHandler, Status = c.Status.ToString(), StatusReason = c.StatusReason, Confidential = c.Confidential,
            KleNumber = c.KleNumber, LegalBasis = c.LegalBasis, Registered = c.Registered, Version = c.Version,
            CreatedAt = c.CreatedAt, UpdatedAt = c.UpdatedAt,
        };

        public CaseRecord ToRecord() => new()
        {
            Key = new CaseKey(Year, Number), JournalNumber = JournalNumber, Title = Title, Unit = Unit, CaseHandler = CaseHandler,
            Status = Enum.Parse<CaseStatus>(Status), StatusReason = StatusReason, Confidential = Confidential, KleNumber = KleNumber,
            LegalBasis = LegalBasis, Registered = Registered, Version = Version,
            CreatedAt = DbTime.Utc(CreatedAt), UpdatedAt = DbTime.Utc(UpdatedAt),
        };
    }

    private sealed class DocumentRow
    {
        public string Id { get; set; } = "";
        public int DocYear { get; set; }
        public int DocNumber { get; set; }
        public string Title { get; set; } = "";
        public string Creator { get; set; } = "";
        public DateTime CreatedAt { get; set; }

        public DocumentRecord ToRecord(CaseKey key) => new(Id, key, DocYear, DocNumber, Title, Creator, DbTime.Utc(CreatedAt));
    }

    private sealed class TimelineRow
    {
        public string Id { get; set; } = "";
        public int Year { get; set; }
        public int Number { get; set; }
        public string Kind { get; set; } = "";
        public DateTime OccurredAt { get; set; }
        public string Text { get; set; } = "";
        public string Actor { get; set; } = "";
        public string Resource { get; set; } = "";
        public string Meeting { get; set; } = "";
        public string BodyTitle { get; set; } = "";
        public int ItemNumber { get; set; }
        public string Outcome { get; set; } = "";
        public string Status { get; set; } = "";
        public string TraceId { get; set; } = "";

        public TimelineRecord ToRecord() => new()
        {
            Id = Id, Case = new CaseKey(Year, Number), Kind = Enum.Parse<TimelineEntryKind>(Kind), OccurredAt = DbTime.Utc(OccurredAt),
            Text = Text, Actor = Actor, Resource = Resource, Meeting = Meeting, BodyTitle = BodyTitle, ItemNumber = ItemNumber,
            Outcome = Outcome, Status = Enum.Parse<CaseStatus>(Status), TraceId = TraceId,
        };
    }

    private sealed class SearchRow
    {
        public string Id { get; set; } = "";
        public int Year { get; set; }
        public int Number { get; set; }
        public string Field { get; set; } = "";
        public string Source { get; set; } = "";
        public string Text { get; set; } = "";
        public string CaseId { get; set; } = "";
        public string? Snippet { get; set; }
        public double Score { get; set; }
    }
}
