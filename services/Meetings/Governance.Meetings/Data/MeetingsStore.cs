using System.Data.Common;
using System.Globalization;
using Dapper;
using Governance.Data.Connections;
using Governance.Data.Json;
using Governance.Data.UnitOfWork;
using Governance.Meetings.Domain;

namespace Governance.Meetings.Data;

/// <summary>Opens units of work on the Meetings database. Every change runs in one transaction.</summary>
public sealed class MeetingsStore(ServiceDatabase database)
{
    static MeetingsStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public ServiceDatabase Database => database;

    /// <summary>Starts a unit of work (see <see cref="DbSessions.BeginAsync"/>).</summary>
    public Task<MeetingsSession> BeginAsync(bool write, CancellationToken cancellationToken) =>
        database.BeginAsync(write, (connection, transaction, dialect) => new MeetingsSession(connection, transaction, dialect), cancellationToken);
}

/// <summary>One connection and transaction; the SQL of the Meetings service lives here.</summary>
public sealed class MeetingsSession(DbConnection connection, DbTransaction transaction, StoreDialect dialect)
    : DbSession(connection, transaction, dialect)
{
    private string Lock(bool forUpdate) => forUpdate ? Dialect.ForUpdate() : "";

    // ---- bodies ----

    public Task InsertBodyAsync(BodyRecord body) => Connection.ExecuteAsync(
        """
        INSERT INTO bodies (id, display_name, short_name, members_json, usual_room, agenda_template_json, version, created_at, updated_at)
        VALUES (@Id, @DisplayName, @ShortName, @MembersJson, @UsualRoom, @AgendaTemplateJson, @Version, @CreatedAt, @UpdatedAt)
        """, BodyRow.From(body), Transaction);

    public async Task<BodyRecord?> GetBodyAsync(string id, bool forUpdate = false) =>
        (await Connection.QuerySingleOrDefaultAsync<BodyRow>(
            $"SELECT * FROM bodies WHERE id = @id{Lock(forUpdate)}", new { id }, Transaction))?.ToRecord();

    public async Task<IReadOnlyList<BodyRecord>> GetBodiesAsync(IEnumerable<string> ids) =>
        [.. (await Connection.QueryAsync<BodyRow>(
            $"SELECT * FROM bodies WHERE {Dialect.InList("id", "ids")}", new { ids = ids.Distinct().ToArray() }, Transaction)).Select(r => r.ToRecord())];

    public async Task<IReadOnlyList<BodyRecord>> ListBodiesAsync(string? afterId, int limit) =>
        [.. (await Connection.QueryAsync<BodyRow>(
            $"SELECT * FROM bodies WHERE (@afterId IS NULL OR {Dialect.Binary("id")} > @afterId) ORDER BY {Dialect.Binary("id")} LIMIT @limit",
            new { afterId, limit }, Transaction)).Select(r => r.ToRecord())];

    public async Task UpdateBodyAsync(BodyRecord body)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE bodies SET display_name = @DisplayName, short_name = @ShortName, members_json = @MembersJson,
              usual_room = @UsualRoom, agenda_template_json = @AgendaTemplateJson, version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND version = @Version - 1
            """, BodyRow.From(body), Transaction);
        EnsureOneRow(rows, Identifiers.BodyName(body.Id));
    }

    // ---- meetings ----

    public Task InsertMeetingAsync(MeetingRecord meeting) => Connection.ExecuteAsync(
        """
        INSERT INTO meetings (id, body_id, start_local, start_utc, title, room, participants_json, state, cancel_reason,
          agenda_published_at, held_at, minutes_approved_at, version, created_at, updated_at)
        VALUES (@Id, @BodyId, @StartLocal, @StartUtc, @Title, @Room, @ParticipantsJson, @State, @CancelReason,
          @AgendaPublishedAt, @HeldAt, @MinutesApprovedAt, @Version, @CreatedAt, @UpdatedAt)
        """, MeetingRow.From(meeting), Transaction);

    public async Task<MeetingRecord?> GetMeetingAsync(string id, bool forUpdate = false) =>
        (await Connection.QuerySingleOrDefaultAsync<MeetingRow>(
            $"SELECT * FROM meetings WHERE id = @id{Lock(forUpdate)}", new { id }, Transaction))?.ToRecord();

    public async Task<IReadOnlyList<MeetingRecord>> GetMeetingsAsync(IEnumerable<string> ids) =>
        [.. (await Connection.QueryAsync<MeetingRow>(
            $"SELECT * FROM meetings WHERE {Dialect.InList("id", "ids")}", new { ids = ids.Distinct().ToArray() }, Transaction)).Select(r => r.ToRecord())];

    /// <summary>A meeting and its body in one statement; <paramref name="forUpdate"/> locks the meeting's
    /// row only, as <see cref="GetMeetingAsync"/> does. The body is null if it does not exist.</summary>
    public async Task<(MeetingRecord Meeting, BodyRecord? Body)?> GetMeetingAndBodyAsync(string id, bool forUpdate = false)
    {
        var rows = await Connection.QueryAsync<MeetingRow, BodyRow?, (MeetingRow, BodyRow?)>(
            $"SELECT m.*, b.* FROM meetings m LEFT JOIN bodies b ON b.id = m.body_id WHERE m.id = @id" +
            (forUpdate && Dialect == StoreDialect.Postgres ? " FOR UPDATE OF m" : ""),
            (m, b) => (m, b), new { id }, Transaction, splitOn: "id");
        return rows.Select(r => ((MeetingRecord, BodyRecord?)?)(r.Item1.ToRecord(), r.Item2?.ToRecord())).SingleOrDefault();
    }

    /// <summary>Meetings in start order, keyset-paged on (start_utc, id).</summary>
    public async Task<IReadOnlyList<MeetingRecord>> ListMeetingsAsync(string? bodyId, DateTime? fromUtc, DateTime? toUtc,
        bool showCancelled, (DateTime StartUtc, string Id)? after, int limit)
    {
        var sql = "SELECT * FROM meetings WHERE 1 = 1";
        if (bodyId is not null) sql += " AND body_id = @bodyId";
        if (fromUtc is not null) sql += " AND start_utc >= @fromUtc";
        if (toUtc is not null) sql += " AND start_utc < @toUtc";
        if (!showCancelled) sql += " AND state <> 'Cancelled'";
        if (after is not null) sql += $" AND (start_utc > @afterStart OR (start_utc = @afterStart AND {Dialect.Binary("id")} > @afterId))";
        sql += $" ORDER BY start_utc, {Dialect.Binary("id")} LIMIT @limit";
        return [.. (await Connection.QueryAsync<MeetingRow>(sql, new
        {
            bodyId,
            fromUtc,
            toUtc,
            afterStart = after?.StartUtc,
            afterId = after?.Id,
            limit,
        }, Transaction)).Select(r => r.ToRecord())];
    }

    public async Task UpdateMeetingAsync(MeetingRecord meeting)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE meetings SET start_local = @StartLocal, start_utc = @StartUtc, title = @Title, room = @Room,
              participants_json = @ParticipantsJson, state = @State, cancel_reason = @CancelReason,
              agenda_published_at = @AgendaPublishedAt, held_at = @HeldAt, minutes_approved_at = @MinutesApprovedAt,
              version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND version = @Version - 1
            """, MeetingRow.From(meeting), Transaction);
        EnsureOneRow(rows, Identifiers.MeetingName(meeting.Id));
    }

    public async Task<IReadOnlyDictionary<string, int>> CountItemsAsync(IEnumerable<string> meetingIds)
    {
        var rows = await Connection.QueryAsync<(string MeetingId, long Count)>(
            $"SELECT meeting_id, COUNT(*) FROM agenda_items WHERE {Dialect.InList("meeting_id", "ids")} GROUP BY meeting_id",
            new { ids = meetingIds.Distinct().ToArray() }, Transaction);
        return rows.ToDictionary(r => r.MeetingId, r => (int)r.Count);
    }

    // ---- agenda items ----

    public Task InsertItemAsync(ItemRecord item) => Connection.ExecuteAsync(
        """
        INSERT INTO agenda_items (id, meeting_id, position, journal_number, title, kind, sections_json, recommendation_json,
          guests_json, attachments_json, supplement, origin_item_id, version, created_at, updated_at)
        VALUES (@Id, @MeetingId, @Position, @JournalNumber, @Title, @Kind, @SectionsJson, @RecommendationJson,
          @GuestsJson, @AttachmentsJson, @Supplement, @OriginItemId, @Version, @CreatedAt, @UpdatedAt)
        """, ItemRow.From(item), Transaction);

    /// <summary>An item by id; any meeting (items ids are unique across meetings).</summary>
    public async Task<ItemRecord?> GetItemAsync(string itemId) =>
        (await Connection.QuerySingleOrDefaultAsync<ItemRow>(
            "SELECT * FROM agenda_items WHERE id = @itemId", new { itemId }, Transaction))?.ToRecord();

    public async Task<IReadOnlyList<ItemRecord>> GetItemsAsync(IEnumerable<string> itemIds) =>
        [.. (await Connection.QueryAsync<ItemRow>(
            $"SELECT * FROM agenda_items WHERE {Dialect.InList("id", "ids")}", new { ids = itemIds.Distinct().ToArray() }, Transaction))
            .Select(r => r.ToRecord())];

    /// <summary>The given items and the items they continue (origin_item_id, followed back at most
    /// <paramref name="depth"/> steps), in one statement.</summary>
    public async Task<IReadOnlyList<ItemRecord>> GetItemsAndOriginsAsync(IEnumerable<string> itemIds, int depth) =>
        [.. (await Connection.QueryAsync<ItemRow>(
            $"""
            WITH RECURSIVE chain (id, origin_item_id, depth) AS (
              SELECT id, origin_item_id, 0 FROM agenda_items WHERE {Dialect.InList("id", "ids")}
              UNION
              SELECT a.id, a.origin_item_id, c.depth + 1 FROM agenda_items a JOIN chain c ON a.id = c.origin_item_id WHERE c.depth < @depth
            )
            SELECT * FROM agenda_items WHERE id IN (SELECT id FROM chain)
            """, new { ids = itemIds.Distinct().ToArray(), depth }, Transaction))
            .Select(r => r.ToRecord())];

    public async Task<IReadOnlyList<ItemRecord>> ListItemsAsync(string meetingId) =>
        [.. (await Connection.QueryAsync<ItemRow>(
            "SELECT * FROM agenda_items WHERE meeting_id = @meetingId ORDER BY position, id", new { meetingId }, Transaction))
            .Select(r => r.ToRecord())];

    public async Task<int> NextPositionAsync(string meetingId) =>
        await Connection.ExecuteScalarAsync<int>(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = @meetingId", new { meetingId }, Transaction);

    public async Task UpdateItemAsync(ItemRecord item)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE agenda_items SET position = @Position, journal_number = @JournalNumber, title = @Title, kind = @Kind,
              sections_json = @SectionsJson, recommendation_json = @RecommendationJson, guests_json = @GuestsJson,
              attachments_json = @AttachmentsJson, supplement = @Supplement, version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND version = @Version - 1
            """, ItemRow.From(item), Transaction);
        EnsureOneRow(rows, Identifiers.ItemName(item.MeetingId, item.Id));
    }

    /// <summary>Moves an item; its number is part of it, so a real move changes its version (etag).</summary>
    public Task SetPositionAsync(string itemId, int position) => Connection.ExecuteAsync(
        "UPDATE agenda_items SET position = @position, version = version + 1 WHERE id = @itemId AND position <> @position",
        new { itemId, position }, Transaction);

    /// <summary>Removes an item. The store guards <see cref="Postponement.CarriedItemRemoved"/> too: a
    /// postponement that carried the item here no longer points at this meeting (the handler applies
    /// the rule first; this keeps the invariant for any other caller).</summary>
    public async Task DeleteItemAsync(string itemId)
    {
        await Connection.ExecuteAsync(
            "UPDATE decisions SET carried_item_id = NULL, postponed_to_meeting_id = NULL, version = version + 1 WHERE carried_item_id = @itemId",
            new { itemId }, Transaction);
        await Connection.ExecuteAsync("DELETE FROM agenda_items WHERE id = @itemId", new { itemId }, Transaction);
    }

    // ---- decisions ----

    public Task InsertDecisionAsync(DecisionRecord decision) => Connection.ExecuteAsync(
        """
        INSERT INTO decisions (id, item_id, meeting_id, outcome, text, point_outcomes_json, follow_ups_json, referrals_json,
          postponed_to_meeting_id, carried_item_id, corrects_decision_id, version, created_at, updated_at)
        VALUES (@Id, @ItemId, @MeetingId, @Outcome, @Text, @PointOutcomesJson, @FollowUpsJson, @ReferralsJson,
          @PostponedToMeetingId, @CarriedItemId, @CorrectsDecisionId, @Version, @CreatedAt, @UpdatedAt)
        """, DecisionRow.From(decision), Transaction);

    public async Task<DecisionRecord?> GetDecisionAsync(string decisionId) =>
        (await Connection.QuerySingleOrDefaultAsync<DecisionRow>(
            "SELECT * FROM decisions WHERE id = @decisionId", new { decisionId }, Transaction))?.ToRecord();

    /// <summary>The postponement that carried an item to its meeting, if the item is such a copy.</summary>
    public async Task<DecisionRecord?> GetDecisionCarryingAsync(string itemId) =>
        (await Connection.QueryFirstOrDefaultAsync<DecisionRow>(
            "SELECT * FROM decisions WHERE carried_item_id = @itemId", new { itemId }, Transaction))?.ToRecord();

    public async Task<IReadOnlyList<DecisionRecord>> ListDecisionsForItemsAsync(IEnumerable<string> itemIds) =>
        [.. (await Connection.QueryAsync<DecisionRow>(
            $"SELECT * FROM decisions WHERE {Dialect.InList("item_id", "ids")}", new { ids = itemIds.Distinct().ToArray() }, Transaction))
            .Select(r => r.ToRecord())];

    /// <summary>Of the given decisions, those a later decision corrects.</summary>
    public async Task<IReadOnlySet<string>> CorrectedAsync(IEnumerable<string> decisionIds) =>
        (await Connection.QueryAsync<string>(
            $"SELECT DISTINCT corrects_decision_id FROM decisions WHERE {Dialect.InList("corrects_decision_id", "ids")}",
            new { ids = decisionIds.Distinct().ToArray() }, Transaction)).ToHashSet();

    public async Task<IReadOnlyDictionary<string, int>> CountDecisionsAsync(IEnumerable<string> itemIds)
    {
        var rows = await Connection.QueryAsync<(string ItemId, long Count)>(
            $"SELECT item_id, COUNT(*) FROM decisions WHERE {Dialect.InList("item_id", "ids")} GROUP BY item_id",
            new { ids = itemIds.Distinct().ToArray() }, Transaction);
        return rows.ToDictionary(r => r.ItemId, r => (int)r.Count);
    }

    public async Task UpdateDecisionAsync(DecisionRecord decision)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE decisions SET outcome = @Outcome, text = @Text, point_outcomes_json = @PointOutcomesJson,
              follow_ups_json = @FollowUpsJson, referrals_json = @ReferralsJson, carried_item_id = @CarriedItemId,
              version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND version = @Version - 1
            """, DecisionRow.From(decision), Transaction);
        EnsureOneRow(rows, Identifiers.DecisionName(decision.MeetingId, decision.ItemId, decision.Id));
    }

    /// <summary>Saves where a postponement points (its target meeting and carried item), as
    /// <see cref="Postponement.CarriedItemRemoved"/> leaves it; nothing else of the decision changes.</summary>
    public async Task UpdatePostponementTargetAsync(DecisionRecord decision)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE decisions SET postponed_to_meeting_id = @PostponedToMeetingId, carried_item_id = @CarriedItemId, version = @Version
            WHERE id = @Id AND version = @Version - 1
            """, DecisionRow.From(decision), Transaction);
        EnsureOneRow(rows, Identifiers.DecisionName(decision.MeetingId, decision.ItemId, decision.Id));
    }

    // ---- approved minutes ----

    /// <summary>Keeps the minutes of one audience as approved; written once, in the approval's transaction.</summary>
    public Task InsertApprovedMinutesAsync(string meetingId, V1.Minutes minutes, DateTime approvedAt) => Connection.ExecuteAsync(
        """
        INSERT INTO approved_minutes (meeting_id, audience, minutes_json, approved_at)
        VALUES (@meetingId, @audience, @minutesJson, @approvedAt)
        """, new { meetingId, audience = minutes.Audience.ToString(), minutesJson = ProtoJson.ToJson(minutes), approvedAt }, Transaction);

    /// <summary>The approved minutes of an audience as they were approved; null when there are none
    /// (not approved, or approved before the minutes were kept).</summary>
    public async Task<V1.Minutes?> GetApprovedMinutesAsync(string meetingId, V1.Audience audience) =>
        ProtoJson.FromJson<V1.Minutes>(await Connection.QuerySingleOrDefaultAsync<string>(
            "SELECT minutes_json FROM approved_minutes WHERE meeting_id = @meetingId AND audience = @audience",
            new { meetingId, audience = audience.ToString() }, Transaction));

    // ---- imports of old minutes ----

    /// <summary>The import of a body's meeting at a local start, if one was made.</summary>
    public async Task<ImportRecord?> GetImportAsync(string bodyId, DateTime startLocal) =>
        (await Connection.QuerySingleOrDefaultAsync<ImportRow>(
            "SELECT * FROM meeting_imports WHERE body_id = @bodyId AND start_local = @startLocal",
            new { bodyId, startLocal = Local(startLocal) }, Transaction))?.ToRecord();

    public Task InsertImportAsync(ImportRecord import) => Connection.ExecuteAsync(
        """
        INSERT INTO meeting_imports (meeting_id, body_id, start_local, content_hash, source, imported_by, imported_at,
          historical_meeting_ids_json, unclassified_lines_json)
        VALUES (@MeetingId, @BodyId, @StartLocal, @ContentHash, @Source, @ImportedBy, @ImportedAt,
          @HistoricalMeetingIdsJson, @UnclassifiedLinesJson)
        """, ImportRow.From(import), Transaction);

    /// <summary>The body's meeting (not cancelled) at a local start, whoever made it.</summary>
    public async Task<MeetingRecord?> FindMeetingAtAsync(string bodyId, DateTime startLocal) =>
        (await Connection.QueryFirstOrDefaultAsync<MeetingRow>(
            $"SELECT * FROM meetings WHERE body_id = @bodyId AND start_local = @startLocal AND state <> 'Cancelled' ORDER BY {Dialect.Binary("id")}",
            new { bodyId, startLocal = Local(startLocal) }, Transaction))?.ToRecord();

    /// <summary>The first item with the journal number on an agenda of the body's (not cancelled)
    /// meetings starting in [fromUtc, toUtc), other than <paramref name="exceptMeetingIds"/>: the meeting of
    /// an earlier decision an import links to.</summary>
    public async Task<ItemRecord?> FindItemOfBodyAsync(string bodyId, DateTime fromUtc, DateTime toUtc, string journalNumber,
        IReadOnlyCollection<string> exceptMeetingIds) =>
        (await Connection.QueryFirstOrDefaultAsync<ItemRow>(
            $"""
            SELECT a.* FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
            WHERE m.body_id = @bodyId AND m.state <> 'Cancelled' AND m.start_utc >= @fromUtc AND m.start_utc < @toUtc
              AND a.journal_number = @journalNumber AND NOT ({Dialect.InList("m.id", "except")})
            ORDER BY m.start_utc, {Dialect.Binary("m.id")}, a.position
            """, new { bodyId, fromUtc, toUtc, journalNumber, except = exceptMeetingIds.ToArray() }, Transaction))?.ToRecord();

    /// <summary>Deletes what an import owns before it is written again: its import row, the meetings
    /// (the imported one and its historical ones) with their approved minutes, items and decisions. A
    /// decision elsewhere that carried an item here no longer points at it (as <see cref="DeleteItemAsync"/>).</summary>
    public async Task DeleteImportedMeetingsAsync(string importMeetingId, IReadOnlyCollection<string> meetingIds)
    {
        var ids = meetingIds.Distinct().ToArray();
        var inMeetings = Dialect.InList("meeting_id", "ids");
        await Connection.ExecuteAsync("DELETE FROM meeting_imports WHERE meeting_id = @importMeetingId", new { importMeetingId }, Transaction);
        await Connection.ExecuteAsync($"DELETE FROM decisions WHERE {inMeetings}", new { ids }, Transaction);
        await Connection.ExecuteAsync(
            $"""
            UPDATE decisions SET carried_item_id = NULL, postponed_to_meeting_id = NULL, version = version + 1
            WHERE carried_item_id IN (SELECT id FROM agenda_items WHERE {inMeetings})
            """, new { ids }, Transaction);
        await Connection.ExecuteAsync($"DELETE FROM approved_minutes WHERE {inMeetings}", new { ids }, Transaction);
        await Connection.ExecuteAsync($"DELETE FROM agenda_items WHERE {inMeetings}", new { ids }, Transaction);
        await Connection.ExecuteAsync($"DELETE FROM meetings WHERE {Dialect.InList("id", "ids")}", new { ids }, Transaction);
    }

    /// <summary>A historical meeting (not cancelled) of the body starting in [fromUtc, toUtc) and the import
    /// that owns it, if there is one: the placeholder an import of that date adopts. The first by start.</summary>
    public async Task<(ImportRecord Owner, MeetingRecord Meeting)?> FindHistoricalMeetingAsync(string bodyId, DateTime fromUtc, DateTime toUtc)
    {
        var meetings = await Connection.QueryAsync<MeetingRow>(
            $"""
            SELECT * FROM meetings WHERE body_id = @bodyId AND state <> 'Cancelled' AND start_utc >= @fromUtc AND start_utc < @toUtc
            ORDER BY start_utc, {Dialect.Binary("id")}
            """, new { bodyId, fromUtc, toUtc }, Transaction);
        foreach (var meeting in meetings.Select(r => r.ToRecord()))
        {
            // The ids are stored as a JSON array of strings; LIKE narrows, the parsed list decides.
            var owners = await Connection.QueryAsync<ImportRow>(
                "SELECT * FROM meeting_imports WHERE body_id = @bodyId AND historical_meeting_ids_json LIKE @pattern",
                new { bodyId, pattern = $"%\"{meeting.Id}\"%" }, Transaction);
            if (owners.Select(r => r.ToRecord()).FirstOrDefault(i => i.HistoricalMeetingIds.Contains(meeting.Id)) is { } owner)
            {
                return (owner, meeting);
            }
        }
        return null;
    }

    /// <summary>Records the historical meetings an import owns (an adopted one is no longer its).</summary>
    public async Task SetHistoricalMeetingsAsync(string importMeetingId, IReadOnlyList<string> historicalMeetingIds)
    {
        var rows = await Connection.ExecuteAsync(
            "UPDATE meeting_imports SET historical_meeting_ids_json = @json WHERE meeting_id = @importMeetingId",
            new { importMeetingId, json = System.Text.Json.JsonSerializer.Serialize(historicalMeetingIds) }, Transaction);
        EnsureOneRow(rows, Identifiers.MeetingName(importMeetingId));
    }

    /// <summary>Empties an adopted historical meeting before the adopting import writes its content: its
    /// decisions, approved minutes and items go; the meeting row stays (its id is kept). A decision
    /// elsewhere that carried an item here that is not kept (<paramref name="keptItemIds"/>) no longer
    /// points at it (as <see cref="DeleteItemAsync"/>); those carrying a kept item keep pointing at it.</summary>
    public async Task ClearAdoptedMeetingAsync(string meetingId, IReadOnlyCollection<string> keptItemIds)
    {
        await Connection.ExecuteAsync("DELETE FROM decisions WHERE meeting_id = @meetingId", new { meetingId }, Transaction);
        await Connection.ExecuteAsync(
            $"""
            UPDATE decisions SET carried_item_id = NULL, postponed_to_meeting_id = NULL, version = version + 1
            WHERE carried_item_id IN (SELECT id FROM agenda_items WHERE meeting_id = @meetingId AND NOT ({Dialect.InList("id", "kept")}))
            """, new { meetingId, kept = keptItemIds.ToArray() }, Transaction);
        await Connection.ExecuteAsync("DELETE FROM approved_minutes WHERE meeting_id = @meetingId", new { meetingId }, Transaction);
        await Connection.ExecuteAsync("DELETE FROM agenda_items WHERE meeting_id = @meetingId", new { meetingId }, Transaction);
    }

    /// <summary>Decisions outside the given meetings that carried an item of theirs (postponed to them):
    /// read before an import's meetings are replaced, so the links to items that keep their ids are
    /// restored after (<see cref="DeleteImportedMeetingsAsync"/> clears them).</summary>
    public async Task<IReadOnlyList<DecisionRecord>> ListDecisionsCarryingIntoAsync(IReadOnlyCollection<string> meetingIds)
    {
        var ids = meetingIds.Distinct().ToArray();
        return [.. (await Connection.QueryAsync<DecisionRow>(
            $"""
            SELECT * FROM decisions WHERE NOT ({Dialect.InList("meeting_id", "ids")})
              AND carried_item_id IN (SELECT id FROM agenda_items WHERE {Dialect.InList("meeting_id", "ids")})
            """, new { ids }, Transaction)).Select(r => r.ToRecord())];
    }

    /// <summary>The items of several meetings, by meeting and position.</summary>
    public async Task<IReadOnlyList<ItemRecord>> ListItemsOfMeetingsAsync(IEnumerable<string> meetingIds) =>
        [.. (await Connection.QueryAsync<ItemRow>(
            $"SELECT * FROM agenda_items WHERE {Dialect.InList("meeting_id", "ids")} ORDER BY meeting_id, position",
            new { ids = meetingIds.Distinct().ToArray() }, Transaction)).Select(r => r.ToRecord())];

    private static void EnsureOneRow(int rows, string resourceName)
    {
        // Rows are read under lock before they are written, so a miss here means a concurrent writer won.
        if (rows != 1)
        {
            throw new ServiceDefaults.Errors.EtagMismatchException(resourceName);
        }
    }

    // ---- rows: the tables' shape; nested values as proto JSON ----

    private static string Local(DateTime local) => local.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    private static DateTime ParseLocal(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None);

    private sealed class BodyRow
    {
        public string Id { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string ShortName { get; set; } = "";
        public string MembersJson { get; set; } = "[]";
        public string UsualRoom { get; set; } = "";
        public string AgendaTemplateJson { get; set; } = "[]";
        public long Version { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }

        public static BodyRow From(BodyRecord b) => new()
        {
            Id = b.Id, DisplayName = b.DisplayName, ShortName = b.ShortName, MembersJson = ProtoJson.ToJson(b.Members),
            UsualRoom = b.UsualRoom, AgendaTemplateJson = ProtoJson.ToJson(b.AgendaTemplate), Version = b.Version,
            CreatedAt = b.CreatedAt, UpdatedAt = b.UpdatedAt,
        };

        public BodyRecord ToRecord() => new()
        {
            Id = Id, DisplayName = DisplayName, ShortName = ShortName,
            Members = ProtoJson.ListFromJson<V1.BodyMember>(MembersJson), UsualRoom = UsualRoom,
            AgendaTemplate = ProtoJson.ListFromJson<V1.StandingItemTemplate>(AgendaTemplateJson), Version = Version,
            CreatedAt = DbTime.Utc(CreatedAt), UpdatedAt = DbTime.Utc(UpdatedAt),
        };
    }

    private sealed class MeetingRow
    {
        public string Id { get; set; } = "";
        public string BodyId { get; set; } = "";
        public string StartLocal { get; set; } = "";
        public DateTime StartUtc { get; set; }
        public string Title { get; set; } = "";
        public string Room { get; set; } = "";
        public string ParticipantsJson { get; set; } = "[]";
        public string State { get; set; } = "";
        public string CancelReason { get; set; } = "";
        public DateTime? AgendaPublishedAt { get; set; }
        public DateTime? HeldAt { get; set; }
        public DateTime? MinutesApprovedAt { get; set; }
        public long Version { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }

        public static MeetingRow From(MeetingRecord m) => new()
        {
            Id = m.Id, BodyId = m.BodyId, StartLocal = Local(m.StartLocal), StartUtc = m.StartUtc, Title = m.Title,
            Room = m.Room, ParticipantsJson = ProtoJson.ToJson(m.Participants), State = m.State.ToString(),
            CancelReason = m.CancelReason, AgendaPublishedAt = m.AgendaPublishedAt, HeldAt = m.HeldAt,
            MinutesApprovedAt = m.MinutesApprovedAt, Version = m.Version, CreatedAt = m.CreatedAt, UpdatedAt = m.UpdatedAt,
        };

        public MeetingRecord ToRecord() => new()
        {
            Id = Id, BodyId = BodyId, StartLocal = ParseLocal(StartLocal), StartUtc = DbTime.Utc(StartUtc), Title = Title,
            Room = Room, Participants = ProtoJson.ListFromJson<V1.BodyMember>(ParticipantsJson),
            State = Enum.Parse<V1.MeetingState>(State), CancelReason = CancelReason,
            AgendaPublishedAt = DbTime.Utc(AgendaPublishedAt), HeldAt = DbTime.Utc(HeldAt),
            MinutesApprovedAt = DbTime.Utc(MinutesApprovedAt), Version = Version,
            CreatedAt = DbTime.Utc(CreatedAt), UpdatedAt = DbTime.Utc(UpdatedAt),
        };
    }

    private sealed class ItemRow
    {
        public string Id { get; set; } = "";
        public string MeetingId { get; set; } = "";
        public int Position { get; set; }
        public string JournalNumber { get; set; } = "";
        public string Title { get; set; } = "";
        public string Kind { get; set; } = "";
        public string SectionsJson { get; set; } = "[]";
        public string? RecommendationJson { get; set; }
        public string GuestsJson { get; set; } = "[]";
        public string AttachmentsJson { get; set; } = "[]";
        public bool Supplement { get; set; }
        public string? OriginItemId { get; set; }
        public long Version { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }

        public static ItemRow From(ItemRecord i) => new()
        {
            Id = i.Id, MeetingId = i.MeetingId, Position = i.Position, JournalNumber = i.JournalNumber, Title = i.Title,
            Kind = i.Kind.ToString(), SectionsJson = ProtoJson.ToJson(i.Sections), RecommendationJson = ProtoJson.ToJson(i.Recommendation),
            GuestsJson = ProtoJson.ToJson(i.Guests), AttachmentsJson = ProtoJson.ToJson(i.Attachments), Supplement = i.Supplement,
            OriginItemId = i.OriginItemId, Version = i.Version, CreatedAt = i.CreatedAt, UpdatedAt = i.UpdatedAt,
        };

        public ItemRecord ToRecord() => new()
        {
            Id = Id, MeetingId = MeetingId, Position = Position, JournalNumber = JournalNumber, Title = Title,
            Kind = Enum.Parse<V1.ItemKind>(Kind), Sections = ProtoJson.ListFromJson<V1.Section>(SectionsJson),
            Recommendation = ProtoJson.FromJson<V1.Recommendation>(RecommendationJson),
            Guests = ProtoJson.ListFromJson<V1.Guest>(GuestsJson), Attachments = ProtoJson.ListFromJson<V1.Attachment>(AttachmentsJson),
            Supplement = Supplement, OriginItemId = OriginItemId, Version = Version,
            CreatedAt = DbTime.Utc(CreatedAt), UpdatedAt = DbTime.Utc(UpdatedAt),
        };
    }

    private sealed class ImportRow
    {
        public string MeetingId { get; set; } = "";
        public string BodyId { get; set; } = "";
        public string StartLocal { get; set; } = "";
        public string ContentHash { get; set; } = "";
        public string Source { get; set; } = "";
        public string ImportedBy { get; set; } = "";
        public DateTime ImportedAt { get; set; }
        public string HistoricalMeetingIdsJson { get; set; } = "[]";
        public string UnclassifiedLinesJson { get; set; } = "[]";

        public static ImportRow From(ImportRecord i) => new()
        {
            MeetingId = i.MeetingId, BodyId = i.BodyId, StartLocal = Local(i.StartLocal), ContentHash = i.ContentHash, Source = i.Source,
            ImportedBy = i.ImportedBy, ImportedAt = i.ImportedAt,
            HistoricalMeetingIdsJson = System.Text.Json.JsonSerializer.Serialize(i.HistoricalMeetingIds),
            UnclassifiedLinesJson = System.Text.Json.JsonSerializer.Serialize(i.UnclassifiedLines),
        };

        public ImportRecord ToRecord() => new()
        {
            MeetingId = MeetingId, BodyId = BodyId, StartLocal = ParseLocal(StartLocal), ContentHash = ContentHash, Source = Source,
            ImportedBy = ImportedBy, ImportedAt = DbTime.Utc(ImportedAt),
            HistoricalMeetingIds = System.Text.Json.JsonSerializer.Deserialize<string[]>(HistoricalMeetingIdsJson) ?? [],
            UnclassifiedLines = System.Text.Json.JsonSerializer.Deserialize<string[]>(UnclassifiedLinesJson) ?? [],
        };
    }

    private sealed class DecisionRow
    {
        public string Id { get; set; } = "";
        public string ItemId { get; set; } = "";
        public string MeetingId { get; set; } = "";
        public string Outcome { get; set; } = "";
        public string Text { get; set; } = "";
        public string PointOutcomesJson { get; set; } = "[]";
        public string FollowUpsJson { get; set; } = "[]";
        public string ReferralsJson { get; set; } = "[]";
        public string? PostponedToMeetingId { get; set; }
        public string? CarriedItemId { get; set; }
        public string? CorrectsDecisionId { get; set; }
        public long Version { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }

        public static DecisionRow From(DecisionRecord d) => new()
        {
            Id = d.Id, ItemId = d.ItemId, MeetingId = d.MeetingId, Outcome = d.Outcome.ToString(), Text = d.Text,
            PointOutcomesJson = ProtoJson.ToJson(d.PointOutcomes), FollowUpsJson = ProtoJson.ToJson(d.FollowUps),
            ReferralsJson = ProtoJson.ToJson(d.Referrals), PostponedToMeetingId = d.PostponedToMeetingId,
            CarriedItemId = d.CarriedItemId, CorrectsDecisionId = d.CorrectsDecisionId, Version = d.Version,
            CreatedAt = d.CreatedAt, UpdatedAt = d.UpdatedAt,
        };

        public DecisionRecord ToRecord() => new()
        {
            Id = Id, ItemId = ItemId, MeetingId = MeetingId, Outcome = Enum.Parse<V1.DecisionOutcome>(Outcome), Text = Text,
            PointOutcomes = ProtoJson.ListFromJson<V1.PointOutcome>(PointOutcomesJson),
            FollowUps = ProtoJson.ListFromJson<V1.FollowUp>(FollowUpsJson), Referrals = ProtoJson.ListFromJson<V1.Referral>(ReferralsJson),
            PostponedToMeetingId = PostponedToMeetingId, CarriedItemId = CarriedItemId, CorrectsDecisionId = CorrectsDecisionId,
            Version = Version, CreatedAt = DbTime.Utc(CreatedAt), UpdatedAt = DbTime.Utc(UpdatedAt),
        };
    }
}
