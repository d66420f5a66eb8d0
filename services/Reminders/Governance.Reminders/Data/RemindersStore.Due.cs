using System.Text.Json;
using Dapper;
using Governance.Data.Connections;
using Governance.Reminders.Domain;

namespace Governance.Reminders.Data;

/// <summary>The SQL of due processing: the due sweep's selection and bookkeeping, the notices published
/// (migration 2), and the weekly digests.</summary>
public sealed partial class RemindersSession
{
    /// <summary>Up to <paramref name="limit"/> open reminders with something due at <paramref name="now"/>
    /// (the next occurrence, or a pending overdue notice), with their pending overdue notice, locked for
    /// this transaction, by id from past <paramref name="afterId"/>. On PostgreSQL rows another sweeper
    /// holds are skipped (SKIP LOCKED), so replicas share the work instead of queueing on it; SQLite's
    /// write transaction holds the database.</summary>
    public async Task<IReadOnlyList<(ReminderRecord Reminder, DateTime? AnnouncedDueAt, PendingOverdue? Pending)>> DueRemindersAsync(DateTime now, int limit,
        string afterId = "")
    {
        var skipLocked = Dialect == StoreDialect.Postgres ? " FOR UPDATE SKIP LOCKED" : "";
        // As DueNotices.IsDue.
        var rows = await Connection.QueryAsync<ReminderRow, PendingRow, (ReminderRecord, DateTime?, PendingOverdue?)>(
            $"""
            SELECT reminders.*, announced_due_at AS pending_announced_due_at, overdue_key AS pending_key, overdue_due_at AS pending_due_at,
              next_overdue_at AS pending_overdue_at
            FROM reminders WHERE state = @Open AND id > @afterId
              AND ((next_due_at <= @now AND (announced_due_at IS NULL OR next_due_at <> announced_due_at)) OR next_overdue_at <= @now)
            ORDER BY id LIMIT @limit{skipLocked}
            """,
            (r, p) => (r.ToRecord(), DbTime.Utc(p?.PendingAnnouncedDueAt), p?.ToPending()), new { Open, now, limit, afterId }, Transaction,
            splitOn: "pending_announced_due_at");
        return [.. rows];
    }

    /// <summary>Records that the notice of <paramref name="kind"/> for the occurrence is published; false
    /// when it was already (by this sweeper earlier, or another): then it must not be published again.
    /// A concurrent sweeper inserting the same key waits for this transaction and then finds it.</summary>
    public async Task<bool> TryRecordNoticeAsync(string reminderId, string occurrenceKey, DueNoticeKind kind, DateTime now) =>
        await Connection.ExecuteAsync(
            """
            INSERT INTO due_notices (reminder_id, occurrence_key, kind, published_at) VALUES (@reminderId, @occurrenceKey, @kind, @now)
            ON CONFLICT (reminder_id, occurrence_key, kind) DO NOTHING
            """, new { reminderId, occurrenceKey, kind = NoticeKindText(kind), now }, Transaction) == 1;

    /// <summary>
    /// <see cref="TryRecordNoticeAsync"/> for the notices of a sweep's batch; returns those recorded now
    /// (the others were already, and must not be published again). On PostgreSQL one statement for
    /// the batch instead of a round trip a notice (the sweep of a large store waited on those);
    /// SQLite is in the process, where a statement each costs no round trip.
    /// </summary>
    public async Task<IReadOnlySet<NoticeKey>> TryRecordNoticesAsync(IReadOnlyList<NoticeKey> notices, DateTime now)
    {
        var recorded = new HashSet<NoticeKey>();
        if (Dialect != StoreDialect.Postgres)
        {
            foreach (var n in notices)
            {
                if (await TryRecordNoticeAsync(n.ReminderId, n.OccurrenceKey, n.Kind, now))
                {
                    recorded.Add(n);
                }
            }
            return recorded;
        }
        var rows = await Connection.QueryAsync<(string ReminderId, string OccurrenceKey, string Kind)>(
            """
            INSERT INTO due_notices (reminder_id, occurrence_key, kind, published_at)
            SELECT n.reminder_id, n.occurrence_key, n.kind, @now FROM unnest(@ids, @keys, @kinds) AS n (reminder_id, occurrence_key, kind)
            ON CONFLICT (reminder_id, occurrence_key, kind) DO NOTHING
            RETURNING reminder_id, occurrence_key, kind
            """,
            new
            {
                ids = notices.Select(n => n.ReminderId).ToArray(),
                keys = notices.Select(n => n.OccurrenceKey).ToArray(),
                kinds = notices.Select(n => NoticeKindText(n.Kind)).ToArray(),
                now,
            }, Transaction);
        foreach (var r in rows)
        {
            recorded.Add(new NoticeKey(r.ReminderId, r.OccurrenceKey, r.Kind == NoticeKindText(DueNoticeKind.Due) ? DueNoticeKind.Due : DueNoticeKind.Overdue));
        }
        return recorded;
    }

    /// <summary>The notices published for a reminder, oldest occurrence first: (occurrence, "due"/"overdue").</summary>
    public async Task<IReadOnlyList<(string OccurrenceKey, string Kind)>> NoticesOfAsync(string reminderId) =>
        [.. await Connection.QueryAsync<(string, string)>(
            "SELECT occurrence_key, kind FROM due_notices WHERE reminder_id = @reminderId ORDER BY occurrence_key, kind",
            new { reminderId }, Transaction)];

    /// <summary>Moves the reminder's due state on as the sweep planned (<see cref="DueNotices.Plan"/>).
    /// Not a change of the reminder: its version and etag stay.</summary>
    public Task UpdateDueStateAsync(string reminderId, DuePlan plan) => Connection.ExecuteAsync(
        """
        UPDATE reminders SET next_due_at = @NextDueAt, announced_due_at = @AnnouncedDueAt, next_overdue_at = @overdueAt, overdue_key = @key,
          overdue_due_at = @dueAt
        WHERE id = @reminderId
        """, new { reminderId, plan.NextDueAt, plan.AnnouncedDueAt, overdueAt = plan.Pending?.OverdueAtUtc, key = plan.Pending?.Key,
            dueAt = plan.Pending?.DueAtUtc }, Transaction);

    /// <summary><see cref="UpdateDueStateAsync"/> for a sweep's batch: on PostgreSQL one statement (see
    /// <see cref="TryRecordNoticesAsync"/>), on SQLite one each.</summary>
    public async Task UpdateDueStatesAsync(IReadOnlyList<(string ReminderId, DuePlan Plan)> plans)
    {
        if (Dialect != StoreDialect.Postgres)
        {
            foreach (var (id, plan) in plans)
            {
                await UpdateDueStateAsync(id, plan);
            }
            return;
        }
        // DateTimeOffset (UTC): Npgsql sends timestamptz[] whatever the values (all null included).
        static DateTimeOffset?[] Instants(IEnumerable<DateTime?> values) =>
            [.. values.Select(v => v is { } t ? new DateTimeOffset(DbTime.Utc(t)) : (DateTimeOffset?)null)];
        await Connection.ExecuteAsync(
            """
            UPDATE reminders SET next_due_at = u.next_due_at, announced_due_at = u.announced_due_at, next_overdue_at = u.next_overdue_at,
              overdue_key = u.overdue_key, overdue_due_at = u.overdue_due_at
            FROM unnest(@ids, @nextDue, @announced, @overdueAt, @keys, @dueAt)
              AS u (id, next_due_at, announced_due_at, next_overdue_at, overdue_key, overdue_due_at)
            WHERE reminders.id = u.id
            """,
            new
            {
                ids = plans.Select(p => p.ReminderId).ToArray(),
                nextDue = Instants(plans.Select(p => p.Plan.NextDueAt)),
                announced = Instants(plans.Select(p => p.Plan.AnnouncedDueAt)),
                overdueAt = Instants(plans.Select(p => p.Plan.Pending?.OverdueAtUtc)),
                keys = plans.Select(p => p.Plan.Pending?.Key).ToArray(),
                dueAt = Instants(plans.Select(p => p.Plan.Pending?.DueAtUtc)),
            }, Transaction);
    }

    /// <summary>The open reminders that may name <paramref name="unit"/> among their responsible
    /// parties, with an expected time that can fall due (a superset: the caller checks the units exactly).</summary>
    public async Task<IReadOnlyList<ReminderRecord>> OpenRemindersOfUnitAsync(string unit)
    {
        // The parties are a JSON array: "UNIT" alone, or "UNIT/person".
        var alone = "%" + LikeEscaped(JsonSerializer.Serialize(unit)) + "%";
        var withPerson = "%" + LikeEscaped(JsonSerializer.Serialize(unit + "/")[..^1]) + "%";
        return [.. (await Connection.QueryAsync<ReminderRow>(
            """
            SELECT * FROM reminders WHERE state = @Open AND time_kind <> 'text'
              AND (responsible LIKE @alone ESCAPE '!' OR responsible LIKE @withPerson ESCAPE '!')
            ORDER BY body_id, position, id
            """, new { Open, alone, withPerson }, Transaction)).Select(r => r.ToRecord())];
    }

    /// <summary>Claims the digest of <paramref name="unit"/> for <paramref name="week"/> in this
    /// transaction; false when it was sent already. A concurrent replica waits, then finds it.</summary>
    public async Task<bool> TryClaimDigestAsync(string unit, string week, DateTime now) =>
        await Connection.ExecuteAsync(
            "INSERT INTO digests_sent (unit, week, sent_at) VALUES (@unit, @week, @now) ON CONFLICT (unit, week) DO NOTHING",
            new { unit, week, now }, Transaction) == 1;

    internal static string NoticeKindText(DueNoticeKind kind) => kind == DueNoticeKind.Due ? "due" : "overdue";

    private static string LikeEscaped(string text) => text.Replace("!", "!!", StringComparison.Ordinal)
        .Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal);

    private sealed class PendingRow
    {
        public string? PendingKey { get; set; }
        public DateTime? PendingDueAt { get; set; }
        public DateTime? PendingOverdueAt { get; set; }
        public DateTime? PendingAnnouncedDueAt { get; set; }

        public PendingOverdue? ToPending() => PendingKey is null || PendingOverdueAt is null
            ? null
            : new PendingOverdue(PendingKey, DbTime.Utc(PendingDueAt ?? PendingOverdueAt.Value), DbTime.Utc(PendingOverdueAt.Value));
    }
}

/// <summary>A due notice as <c>due_notices</c> keys it: the reminder, the occurrence, due or overdue.</summary>
public readonly record struct NoticeKey(string ReminderId, string OccurrenceKey, DueNoticeKind Kind);
