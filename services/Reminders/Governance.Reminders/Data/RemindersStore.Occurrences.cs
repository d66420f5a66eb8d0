using Dapper;
using Governance.Data.Connections;
using Governance.Reminders.Domain;
using Governance.Reminders.V1;

namespace Governance.Reminders.Data;

/// <summary>The occurrences of recurring reminders marked done or skipped (migration 5): kept, cleared,
/// listed, and read by key from a time on for the next due time and the due sweep.</summary>
public sealed partial class RemindersSession
{
    public async Task<OccurrenceMarkRecord?> GetOccurrenceMarkAsync(string reminderId, string key) =>
        (await Connection.QuerySingleOrDefaultAsync<MarkRow>(
            "SELECT * FROM occurrence_marks WHERE reminder_id = @reminderId AND occurrence_key = @key", new { reminderId, key }, Transaction))?.ToRecord();

    /// <summary>Keeps the mark, replacing the one the occurrence had.</summary>
    public Task UpsertOccurrenceMarkAsync(OccurrenceMarkRecord m) => Connection.ExecuteAsync(
        """
        INSERT INTO occurrence_marks (reminder_id, occurrence_key, body_id, occurrence_at, state, marked_by, marked_at)
        VALUES (@ReminderId, @Key, @BodyId, @OccurrenceAtUtc, @state, @MarkedBy, @MarkedAt)
        ON CONFLICT (reminder_id, occurrence_key) DO UPDATE SET state = excluded.state, marked_by = excluded.marked_by,
          marked_at = excluded.marked_at, occurrence_at = excluded.occurrence_at
        """, new { m.ReminderId, m.Key, m.BodyId, m.OccurrenceAtUtc, state = m.State.ToString(), m.MarkedBy, m.MarkedAt }, Transaction);

    public Task DeleteOccurrenceMarkAsync(string reminderId, string key) => Connection.ExecuteAsync(
        "DELETE FROM occurrence_marks WHERE reminder_id = @reminderId AND occurrence_key = @key", new { reminderId, key }, Transaction);

    /// <summary>The keys of the reminder's marked occurrences due from <paramref name="fromUtc"/> on.</summary>
    public async Task<IReadOnlySet<string>> MarkedKeysAsync(string reminderId, DateTime fromUtc) =>
        (await Connection.QueryAsync<string>(
            "SELECT occurrence_key FROM occurrence_marks WHERE reminder_id = @reminderId AND occurrence_at >= @fromUtc",
            new { reminderId, fromUtc }, Transaction)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The keys of the marked occurrences due from <paramref name="fromUtc"/> on of each of
    /// <paramref name="reminderIds"/> (the due sweep's batch), in one statement.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> MarkedKeysOfAsync(IReadOnlyCollection<string> reminderIds, DateTime fromUtc)
    {
        if (reminderIds.Count == 0)
        {
            return new Dictionary<string, IReadOnlySet<string>>();
        }
        var rows = await Connection.QueryAsync<(string ReminderId, string Key)>(
            $"SELECT reminder_id, occurrence_key FROM occurrence_marks WHERE {Dialect.InList("reminder_id", "ids")} AND occurrence_at >= @fromUtc",
            new { ids = reminderIds.Distinct().ToArray(), fromUtc }, Transaction);
        return rows.GroupBy(r => r.ReminderId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, IReadOnlySet<string> (g) => g.Select(r => r.Key).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    /// <summary>A page of the reminder's marks, latest occurrence first, after the keyset position
    /// <paramref name="after"/> (occurrence time and key).</summary>
    public async Task<IReadOnlyList<OccurrenceMarkRecord>> ListOccurrenceMarksAsync(string reminderId, (DateTime At, string Key)? after, int limit)
    {
        var sql = "SELECT * FROM occurrence_marks WHERE reminder_id = @reminderId";
        if (after is not null) sql += $" AND (occurrence_at < @at OR (occurrence_at = @at AND {Dialect.Binary("occurrence_key")} < @key))";
        sql += $" ORDER BY occurrence_at DESC, {Dialect.Binary("occurrence_key")} DESC LIMIT @limit";
        return [.. (await Connection.QueryAsync<MarkRow>(sql, new { reminderId, at = after?.At, key = after?.Key, limit }, Transaction))
            .Select(r => r.ToRecord())];
    }

    /// <summary>The body's marks of occurrences due in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>):
    /// what its calendar leaves out, in one statement.</summary>
    public async Task<IReadOnlyList<OccurrenceMarkRecord>> OccurrenceMarksOfBodyAsync(string bodyId, DateTime fromUtc, DateTime toUtc) =>
        [.. (await Connection.QueryAsync<MarkRow>(
            "SELECT * FROM occurrence_marks WHERE body_id = @bodyId AND occurrence_at >= @fromUtc AND occurrence_at < @toUtc ORDER BY occurrence_at, occurrence_key",
            new { bodyId, fromUtc, toUtc }, Transaction)).Select(r => r.ToRecord())];

    private sealed class MarkRow
    {
        public string ReminderId { get; set; } = "";
        public string OccurrenceKey { get; set; } = "";
        public string BodyId { get; set; } = "";
        public DateTime OccurrenceAt { get; set; }
        public string State { get; set; } = "";
        public string MarkedBy { get; set; } = "";
        public DateTime MarkedAt { get; set; }

        public OccurrenceMarkRecord ToRecord() => new()
        {
            ReminderId = ReminderId, Key = OccurrenceKey, BodyId = BodyId, OccurrenceAtUtc = DbTime.Utc(OccurrenceAt),
            State = Enum.Parse<OccurrenceState>(State), MarkedBy = MarkedBy, MarkedAt = DbTime.Utc(MarkedAt),
        };
    }
}
