using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Governance.Data.Connections;
using Governance.Data.UnitOfWork;
using Governance.Reminders.Domain;
using Governance.Reminders.V1;
using static Governance.Reminders.Domain.ExpectedTime;
using ExpectedTime = Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Reminders.Data;

/// <summary>Opens units of work on the Reminders database. Every change runs in one transaction.</summary>
public sealed class RemindersStore(ServiceDatabase database)
{
    static RemindersStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public ServiceDatabase Database => database;

    /// <summary>Starts a unit of work (see <see cref="DbSessions.BeginAsync"/>).</summary>
    public Task<RemindersSession> BeginAsync(bool write, CancellationToken cancellationToken) =>
        database.BeginAsync(write, (connection, transaction, dialect) => new RemindersSession(connection, transaction, dialect), cancellationToken);
}

/// <summary>One connection and transaction; the SQL of the Reminders service lives here. A body's list
/// is the aggregate: every change of it locks the list's row first (<see cref="LockListAsync"/>).</summary>
public sealed partial class RemindersSession(DbConnection connection, DbTransaction transaction, StoreDialect dialect)
    : DbSession(connection, transaction, dialect)
{
    private const string Open = nameof(ReminderState.Open);

    private string Lock(bool forUpdate) => forUpdate ? Dialect.ForUpdate() : "";

    // ---- the list (settings, and the lock of every change) ----

    /// <summary>Locks the body's list for this transaction and returns its settings; the row is made
    /// with the defaults (version 0) the first time. One statement: the no-op upsert takes the row lock
    /// in PostgreSQL; SQLite's write transaction holds the database already.</summary>
    public async Task<ListSettingsRecord> LockListAsync(string bodyId)
    {
        var d = ListSettingsRecord.Defaults(bodyId);
        var row = await Connection.QuerySingleAsync<ListRow>(
            """
            INSERT INTO reminder_lists (body_id, subject_heading, time_heading, responsible_heading, group_by_month, version, updated_at)
            VALUES (@BodyId, @SubjectHeading, @TimeHeading, @ResponsibleHeading, @GroupByMonth, 0, NULL)
            ON CONFLICT (body_id) DO UPDATE SET body_id = excluded.body_id
            RETURNING *
            """, new { d.BodyId, d.SubjectHeading, d.TimeHeading, d.ResponsibleHeading, d.GroupByMonth }, Transaction);
        return row.ToRecord();
    }

    /// <summary>The body's settings, or the defaults when it has none stored.</summary>
    public async Task<ListSettingsRecord> GetListSettingsAsync(string bodyId) =>
        (await Connection.QuerySingleOrDefaultAsync<ListRow>("SELECT * FROM reminder_lists WHERE body_id = @bodyId", new { bodyId }, Transaction))?.ToRecord()
        ?? ListSettingsRecord.Defaults(bodyId);

    public async Task UpdateListSettingsAsync(ListSettingsRecord s)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE reminder_lists SET subject_heading = @SubjectHeading, time_heading = @TimeHeading, responsible_heading = @ResponsibleHeading,
              group_by_month = @GroupByMonth, version = @Version, updated_at = @UpdatedAt
            WHERE body_id = @BodyId AND version = @Version - 1
            """, s, Transaction);
        EnsureOne(rows, s.Name);
    }

    // ---- reminders ----

    public Task InsertReminderAsync(ReminderRecord r) => Connection.ExecuteAsync(
        """
        INSERT INTO reminders (id, body_id, subject, responsible, responsible_and_others, time_kind, time_value, time_start, time_label,
          notes, closed, state, state_changed_by, state_changed_at, position, journal_number, meeting, decision, origin, source, source_key, source_at,
          source_version, next_due_at, version, created_at, updated_at)
        VALUES (@Id, @BodyId, @Subject, @Responsible, @ResponsibleAndOthers, @TimeKind, @TimeValue, @TimeStart, @TimeLabel,
          @Notes, @Closed, @State, @StateChangedBy, @StateChangedAt, @Position, @JournalNumber, @Meeting, @Decision, @Origin, @Source, @SourceKey, @SourceAt,
          @SourceVersion, @NextDueAt, @Version, @CreatedAt, @UpdatedAt)
        """, ReminderRow.From(r), Transaction);

    public async Task<ReminderRecord?> GetReminderAsync(string bodyId, string id, bool forUpdate = false) =>
        (await Connection.QuerySingleOrDefaultAsync<ReminderRow>(
            $"SELECT * FROM reminders WHERE id = @id AND body_id = @bodyId{Lock(forUpdate)}", new { id, bodyId }, Transaction))?.ToRecord();

    /// <summary>The source of the reminders made from <paramref name="decision"/>, if any.</summary>
    public Task<string?> SourceOfDecisionAsync(string decision) => Connection.QueryFirstOrDefaultAsync<string?>(
        "SELECT source FROM reminders WHERE decision = @decision AND source IS NOT NULL", new { decision }, Transaction);

    /// <summary>The reminders made from <paramref name="source"/> (a decision), locked for change.</summary>
    public async Task<IReadOnlyList<ReminderRecord>> RemindersFromAsync(string source) =>
        [.. (await Connection.QueryAsync<ReminderRow>(
            $"SELECT * FROM reminders WHERE source = @source ORDER BY source_key{Dialect.ForUpdate()}", new { source }, Transaction))
            .Select(r => r.ToRecord())];

    public async Task UpdateReminderAsync(ReminderRecord r)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE reminders SET subject = @Subject, responsible = @Responsible, responsible_and_others = @ResponsibleAndOthers,
              time_kind = @TimeKind, time_value = @TimeValue, time_start = @TimeStart, time_label = @TimeLabel, notes = @Notes,
              closed = @Closed, state = @State, state_changed_by = @StateChangedBy, state_changed_at = @StateChangedAt,
              position = @Position, journal_number = @JournalNumber, meeting = @Meeting, decision = @Decision,
              source_at = @SourceAt, source_version = @SourceVersion, next_due_at = @NextDueAt, version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND version = @Version - 1
            """, ReminderRow.From(r), Transaction);
        EnsureOne(rows, r.Name);
    }

    public async Task<int> CountOpenRemindersAsync(string bodyId) =>
        (int)await Connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM reminders WHERE body_id = @bodyId AND state = @Open", new { bodyId, Open }, Transaction);

    /// <summary>Makes room at <paramref name="position"/> among the open reminders (those from it move
    /// one down), or closes the gap a reminder leaves there (<paramref name="open"/> false). The reminder
    /// being moved (<paramref name="moving"/>) keeps its row as it is; its caller writes it.</summary>
    public Task ShiftRemindersAsync(string bodyId, int position, bool open, string moving = "") => Connection.ExecuteAsync(
        open
            ? "UPDATE reminders SET position = position + 1 WHERE body_id = @bodyId AND state = @Open AND position >= @position AND id <> @moving"
            : "UPDATE reminders SET position = position - 1 WHERE body_id = @bodyId AND state = @Open AND position > @position AND id <> @moving",
        new { bodyId, position, Open, moving }, Transaction);

    /// <summary>The body's open reminders in hand order: the printed list.</summary>
    public async Task<IReadOnlyList<ReminderRecord>> OpenRemindersAsync(string bodyId) =>
        [.. (await Connection.QueryAsync<ReminderRow>(
            "SELECT * FROM reminders WHERE body_id = @bodyId AND state = @Open ORDER BY position, id", new { bodyId, Open }, Transaction))
            .Select(r => r.ToRecord())];

    /// <summary>A page of the body's reminders: open ones by position, then the others most recently
    /// changed first.</summary>
    public async Task<IReadOnlyList<ReminderRecord>> ListRemindersAsync(string bodyId, ReminderState? state, int offset, int limit)
    {
        var sql = "SELECT * FROM reminders WHERE body_id = @bodyId";
        if (state is not null) sql += " AND state = @state";
        sql += $" ORDER BY CASE WHEN state = @Open THEN 0 ELSE 1 END, position, updated_at DESC, {Dialect.Binary("id")} LIMIT @limit OFFSET @offset";
        return [.. (await Connection.QueryAsync<ReminderRow>(sql, new { bodyId, state = state?.ToString(), Open, limit, offset }, Transaction))
            .Select(r => r.ToRecord())];
    }

    // ---- calendar sections ----

    public Task InsertSectionAsync(CalendarSectionRecord c) => Connection.ExecuteAsync(
        """
        INSERT INTO calendar_sections (id, body_id, title, position, lead_paragraphs, entries, trailing_paragraphs, followed_body,
          version, created_at, updated_at)
        VALUES (@Id, @BodyId, @Title, @Position, @LeadParagraphs, @Entries, @TrailingParagraphs, @FollowedBody, @Version, @CreatedAt, @UpdatedAt)
        """, SectionRow.From(c), Transaction);

    public async Task<CalendarSectionRecord?> GetSectionAsync(string bodyId, string id, bool forUpdate = false) =>
        (await Connection.QuerySingleOrDefaultAsync<SectionRow>(
            $"SELECT * FROM calendar_sections WHERE id = @id AND body_id = @bodyId{Lock(forUpdate)}", new { id, bodyId }, Transaction))?.ToRecord();

    public async Task UpdateSectionAsync(CalendarSectionRecord c)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE calendar_sections SET title = @Title, position = @Position, lead_paragraphs = @LeadParagraphs, entries = @Entries,
              trailing_paragraphs = @TrailingParagraphs, followed_body = @FollowedBody, version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND version = @Version - 1
            """, SectionRow.From(c), Transaction);
        EnsureOne(rows, c.Name);
    }

    public Task DeleteSectionAsync(CalendarSectionRecord c) =>
        Connection.ExecuteAsync("DELETE FROM calendar_sections WHERE id = @Id", new { c.Id }, Transaction);

    public async Task<int> CountSectionsAsync(string bodyId) =>
        (int)await Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM calendar_sections WHERE body_id = @bodyId", new { bodyId }, Transaction);

    /// <summary>Makes room at <paramref name="position"/> among the body's sections, or closes the gap
    /// one leaves there (<paramref name="open"/> false).</summary>
    public Task ShiftSectionsAsync(string bodyId, int position, bool open, string moving = "") => Connection.ExecuteAsync(
        open
            ? "UPDATE calendar_sections SET position = position + 1 WHERE body_id = @bodyId AND position >= @position AND id <> @moving"
            : "UPDATE calendar_sections SET position = position - 1 WHERE body_id = @bodyId AND position > @position AND id <> @moving",
        new { bodyId, position, moving }, Transaction);

    /// <summary>The body's sections in order, from position <paramref name="afterPosition"/> + 1.</summary>
    public async Task<IReadOnlyList<CalendarSectionRecord>> ListSectionsAsync(string bodyId, int afterPosition, int limit) =>
        [.. (await Connection.QueryAsync<SectionRow>(
            "SELECT * FROM calendar_sections WHERE body_id = @bodyId AND position > @afterPosition ORDER BY position LIMIT @limit",
            new { bodyId, afterPosition, limit }, Transaction)).Select(r => r.ToRecord())];

    // ---- meetings of followed bodies ----

    /// <summary>Keeps what Meetings said of a meeting, unless what is held is as new or newer (by the
    /// meeting's version): events of one meeting may arrive out of order.</summary>
    public Task UpsertForumMeetingAsync(ForumMeetingRecord m) => Connection.ExecuteAsync(
        """
        INSERT INTO forum_meetings (meeting_id, body_id, meeting_date, title, cancelled, version, start_at, room)
        VALUES (@MeetingId, @BodyId, @MeetingDate, @Title, @Cancelled, @Version, @StartUtc, @Room)
        ON CONFLICT (meeting_id) DO UPDATE SET body_id = excluded.body_id, meeting_date = excluded.meeting_date,
          title = CASE WHEN excluded.cancelled THEN forum_meetings.title ELSE excluded.title END,
          room = CASE WHEN excluded.cancelled THEN forum_meetings.room ELSE excluded.room END,
          start_at = excluded.start_at, cancelled = excluded.cancelled, version = excluded.version
        WHERE forum_meetings.version < excluded.version
        """, new { m.MeetingId, m.BodyId, MeetingDate = DateText(m.Date), m.Title, m.Cancelled, m.Version, m.StartUtc, m.Room }, Transaction);

    /// <summary>The meetings not cancelled of the given bodies from <paramref name="from"/> to
    /// <paramref name="to"/> (dates in Copenhagen), in date order.</summary>
    public async Task<IReadOnlyList<ForumMeetingRecord>> ForumMeetingsAsync(IReadOnlyCollection<string> bodyIds, DateOnly from, DateOnly to)
    {
        if (bodyIds.Count == 0)
        {
            return [];
        }
        return [.. (await Connection.QueryAsync<ForumMeetingRow>(
            $"""
            SELECT * FROM forum_meetings WHERE {Dialect.InList("body_id", "bodyIds")} AND cancelled = @cancelled
              AND meeting_date >= @from AND meeting_date <= @to ORDER BY meeting_date, meeting_id
            """,
            new { bodyIds = bodyIds.Distinct().ToArray(), cancelled = false, from = DateText(from), to = DateText(to) }, Transaction))
            .Select(r => r.ToRecord())];
    }

    private static void EnsureOne(int rows, string name)
    {
        if (rows != 1)
        {
            // Rows are read under lock before they are written, so a miss means a concurrent writer won.
            throw new ServiceDefaults.Errors.EtagMismatchException(name);
        }
    }

    internal static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // ---- rows ----

    private sealed class ListRow
    {
        public string BodyId { get; set; } = "";
        public string SubjectHeading { get; set; } = "";
        public string TimeHeading { get; set; } = "";
        public string ResponsibleHeading { get; set; } = "";
        public bool GroupByMonth { get; set; }
        public long Version { get; set; }
        public DateTime? UpdatedAt { get; set; }

        public ListSettingsRecord ToRecord() => new()
        {
            BodyId = BodyId, SubjectHeading = SubjectHeading, TimeHeading = TimeHeading, ResponsibleHeading = ResponsibleHeading,
            GroupByMonth = GroupByMonth, Version = Version, UpdatedAt = DbTime.Utc(UpdatedAt),
        };
    }

    private sealed class ReminderRow
    {
        public string Id { get; set; } = "";
        public string BodyId { get; set; } = "";
        public string Subject { get; set; } = "";
        public string Responsible { get; set; } = "[]";
        public bool ResponsibleAndOthers { get; set; }
        public string TimeKind { get; set; } = "";
        public string TimeValue { get; set; } = "";
        public string? TimeStart { get; set; }
        public string? TimeLabel { get; set; }
        public string Notes { get; set; } = "";
        public bool Closed { get; set; }
        public string State { get; set; } = "";
        public string StateChangedBy { get; set; } = "";
        public DateTime? StateChangedAt { get; set; }
        public int Position { get; set; }
        public string JournalNumber { get; set; } = "";
        public string Meeting { get; set; } = "";
        public string Decision { get; set; } = "";
        public string Origin { get; set; } = "";
        public string? Source { get; set; }
        public string? SourceKey { get; set; }
        public DateTime? SourceAt { get; set; }
        public long? SourceVersion { get; set; }
        public DateTime? NextDueAt { get; set; }
        public long Version { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }

        public static ReminderRow From(ReminderRecord r)
        {
            var (kind, value, start, label) = StoredTime.From(r.ExpectedTime);
            return new()
            {
                Id = r.Id, BodyId = r.BodyId, Subject = r.Subject, Responsible = JsonSerializer.Serialize(r.Responsible.Parties),
                ResponsibleAndOthers = r.Responsible.AndOthers, TimeKind = kind, TimeValue = value, TimeStart = start, TimeLabel = label,
                Notes = r.Notes, Closed = r.Closed, State = r.State.ToString(), StateChangedBy = r.StateChangedBy,
                StateChangedAt = r.StateChangedAt, Position = r.Position, JournalNumber = r.JournalNumber, Meeting = r.Meeting,
                Decision = r.Decision, Origin = r.Origin.ToString(), Source = r.Source, SourceKey = r.SourceKey, SourceAt = r.SourceAt,
                SourceVersion = r.SourceVersion, NextDueAt = r.NextDueAt, Version = r.Version,
                CreatedAt = r.CreatedAt, UpdatedAt = r.UpdatedAt,
            };
        }

        public ReminderRecord ToRecord() => new()
        {
            Id = Id, BodyId = BodyId, Subject = Subject,
            Responsible = new Responsible(JsonSerializer.Deserialize<string[]>(Responsible) ?? [], ResponsibleAndOthers),
            ExpectedTime = StoredTime.ToExpectedTime(TimeKind, TimeValue, TimeStart, TimeLabel),
            Notes = Notes, Closed = Closed, State = Enum.Parse<ReminderState>(State), StateChangedBy = StateChangedBy,
            StateChangedAt = DbTime.Utc(StateChangedAt), Position = Position, JournalNumber = JournalNumber, Meeting = Meeting,
            Decision = Decision, Origin = Enum.Parse<ReminderOrigin>(Origin), Source = Source, SourceKey = SourceKey, SourceAt = DbTime.Utc(SourceAt),
            SourceVersion = SourceVersion, NextDueAt = DbTime.Utc(NextDueAt),
            Version = Version, CreatedAt = DbTime.Utc(CreatedAt), UpdatedAt = DbTime.Utc(UpdatedAt),
        };
    }

    /// <summary>An expected time in the four columns of a row (reminders, the statutory catalogue).</summary>
    internal static class StoredTime
    {
        private const string LocalFormat = "yyyy-MM-dd'T'HH:mm:ss";

        public static (string Kind, string Value, string? Start, string? Label) From(ExpectedTime time) => time switch
        {
            OnDate d => ("date", DateText(d.Date), null, d.Label),
            InMonth m => ("month", $"{m.Year:D4}-{m.Month:D2}", null, m.Label),
            Recurring r => ("rule", r.RRule, r.Start.ToString(LocalFormat, CultureInfo.InvariantCulture), r.Label),
            FreeText t => ("text", t.Text, null, null),
            _ => throw new ArgumentOutOfRangeException(nameof(time), time.GetType().Name, "An expected time of a kind the store does not know."),
        };

        public static ExpectedTime ToExpectedTime(string kind, string value, string? start, string? label) => kind switch
        {
            "date" => new OnDate(ParseDate(value), label),
            "month" => new InMonth(int.Parse(value[..4], CultureInfo.InvariantCulture), int.Parse(value[5..], CultureInfo.InvariantCulture), label),
            "rule" => new Recurring(value, DateTime.ParseExact(start!, LocalFormat, CultureInfo.InvariantCulture), label),
            _ => new FreeText(value),
        };
    }

    private sealed class SectionRow
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        public string Id { get; set; } = "";
        public string BodyId { get; set; } = "";
        public string Title { get; set; } = "";
        public int Position { get; set; }
        public string LeadParagraphs { get; set; } = "[]";
        public string Entries { get; set; } = "[]";
        public string TrailingParagraphs { get; set; } = "[]";
        public string FollowedBody { get; set; } = "";
        public long Version { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }

        public static SectionRow From(CalendarSectionRecord c) => new()
        {
            Id = c.Id, BodyId = c.BodyId, Title = c.Title, Position = c.Position,
            LeadParagraphs = JsonSerializer.Serialize(c.LeadParagraphs, Json),
            Entries = JsonSerializer.Serialize(c.Entries.Select(e => new StoredEntry(DateText(e.Date), e.Note, e.Topic)), Json),
            TrailingParagraphs = JsonSerializer.Serialize(c.TrailingParagraphs, Json),
            FollowedBody = c.FollowedBody, Version = c.Version, CreatedAt = c.CreatedAt, UpdatedAt = c.UpdatedAt,
        };

        public CalendarSectionRecord ToRecord() => new()
        {
            Id = Id, BodyId = BodyId, Title = Title, Position = Position,
            LeadParagraphs = JsonSerializer.Deserialize<string[]>(LeadParagraphs, Json) ?? [],
            Entries = [.. (JsonSerializer.Deserialize<StoredEntry[]>(Entries, Json) ?? []).Select(e => new CalendarEntryRecord(ParseDate(e.Date), e.Note, e.Topic))],
            TrailingParagraphs = JsonSerializer.Deserialize<string[]>(TrailingParagraphs, Json) ?? [],
            FollowedBody = FollowedBody, Version = Version, CreatedAt = DbTime.Utc(CreatedAt), UpdatedAt = DbTime.Utc(UpdatedAt),
        };

        private sealed record StoredEntry(string Date, string Note, string? Topic);
    }

    private sealed class ForumMeetingRow
    {
        public string MeetingId { get; set; } = "";
        public string BodyId { get; set; } = "";
        public string MeetingDate { get; set; } = "";
        public string Title { get; set; } = "";
        public bool Cancelled { get; set; }
        public long Version { get; set; }
        public DateTime? StartAt { get; set; }
        public string Room { get; set; } = "";

        public ForumMeetingRecord ToRecord() => new(MeetingId, BodyId, ParseDate(MeetingDate), Title, Cancelled, Version, DbTime.Utc(StartAt), Room);
    }
}
