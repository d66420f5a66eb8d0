using System.Data.Common;
using System.Globalization;
using Dapper;
using Governance.Data.Audit;
using Governance.Data.Connections;
using Governance.Messaging.Tracing;
using MassTransit;
using Microsoft.Data.Sqlite;

namespace Governance.Messaging.Outbox;

/// <summary>A service's outbox as the host's <c>outbox</c> command finds it: the service's name in
/// <c>Governance:Services</c> and its database. Registered by <c>AddServiceMessaging</c>.</summary>
public sealed record ServiceOutbox(string Service, ServiceDatabase Database);

/// <summary>A parked outbox row, as <see cref="OutboxOperations.ListParkedAsync"/> shows it.</summary>
public sealed class ParkedRow
{
    public long Sequence { get; init; }
    public string MessageId { get; init; } = "";
    public string MessageType { get; init; } = "";
    public string? OrderingKey { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime ParkedAt { get; init; }
    public int Attempts { get; init; }
    public string? LastError { get; init; }
}

/// <summary>Who runs an operator's command, for its audit entries: the subject (the operator's name),
/// and the id that ties the entries of one run together (the entries' request_id).</summary>
public sealed record OutboxOperator(string Subject, string RunId);

/// <summary>What a replay did: the sent rows it matched, how many it sent, and how many it skipped
/// because this build cannot read them (their event type is unknown here).</summary>
public sealed record ReplayResult(int Matched, int Sent, int Skipped);

/// <summary>
/// What operations do with a service's outbox (docs/operations.md, "Messaging"): list the parked rows,
/// put them back in line (retry) or delete them (drop), and replay the service's sent events since a time
/// to one subscriber's queue. Each change is audited in the service's own audit log, in the transaction of
/// the change (the replay: one entry with its counts, once it has sent).
/// </summary>
public static class OutboxOperations
{
    /// <summary>The audit log's method of each command: what was called, as an RPC's full name says it.</summary>
    public const string RetryMethod = "Governance.Host outbox retry";
    public const string DropMethod = "Governance.Host outbox drop";
    public const string ReplayMethod = "Governance.Host outbox replay";

    // As the contracts' AuditAction spells it (see AuditedCalls).
    private const string Change = "Change";

    private const string ParkedColumns =
        "sequence AS Sequence, message_id AS MessageId, message_type AS MessageType, ordering_key AS OrderingKey, created_at AS CreatedAt, " +
        "parked_at AS ParkedAt, attempts AS Attempts, last_error AS LastError";

    /// <summary>The parked rows, oldest first.</summary>
    public static async Task<IReadOnlyList<ParkedRow>> ListParkedAsync(ServiceDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ParkedRow>(
            $"SELECT {ParkedColumns} FROM {Outbox.Table} WHERE parked_at IS NOT NULL ORDER BY sequence");
        return [.. rows.Select(Utc)];
    }

    /// <summary>Puts parked rows back in line: <paramref name="sequence"/>, or every parked row when null.
    /// Each starts again with no attempts (so it has all its tries once more) and keeps its last error until
    /// it is tried; the running relay takes it at its next look. Returns the rows put back (none: nothing
    /// parked, or no parked row with that sequence).</summary>
    public static async Task<IReadOnlyList<ParkedRow>> RetryAsync(ServiceDatabase database, long? sequence, OutboxOperator by,
        CancellationToken cancellationToken)
    {
        var (connection, transaction) = await BeginWriteAsync(database, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var rows = await ParkedAsync(connection, transaction, sequence);
            if (rows.Count == 0)
            {
                return rows;
            }
            await connection.ExecuteAsync(
                $"UPDATE {Outbox.Table} SET parked_at = NULL, attempts = 0 WHERE {database.Dialect.InList("sequence", "rows")} AND parked_at IS NOT NULL",
                new { rows = rows.Select(r => r.Sequence).ToArray() }, transaction);
            await AuditLog.AppendAllAsync(connection, transaction, [.. rows.Select(r => Entry(by, RetryMethod, r,
                $"retried parked outbox row {r.Sequence} (event {r.MessageId}, {r.MessageType}, {r.Attempts} attempts, last error: {r.LastError})"))]);
            await transaction.CommitAsync(cancellationToken);
            return rows;
        }
    }

    /// <summary>Deletes the parked row <paramref name="sequence"/>: its event is never published. Returns it,
    /// or null when no parked row has that sequence (a row that is not parked cannot be dropped).</summary>
    public static async Task<ParkedRow?> DropAsync(ServiceDatabase database, long sequence, OutboxOperator by, CancellationToken cancellationToken)
    {
        var (connection, transaction) = await BeginWriteAsync(database, cancellationToken);
        await using (connection)
        await using (transaction)
        {
            var rows = await ParkedAsync(connection, transaction, sequence);
            if (rows.Count == 0)
            {
                return null;
            }
            var row = rows[0];
            await connection.ExecuteAsync($"DELETE FROM {Outbox.Table} WHERE sequence = @sequence AND parked_at IS NOT NULL",
                new { sequence }, transaction);
            await AuditLog.AppendAsync(connection, transaction, Entry(by, DropMethod, row,
                $"dropped parked outbox row {row.Sequence} (event {row.MessageId}, {row.MessageType}, ordering key {row.OrderingKey}, " +
                $"created {Iso(row.CreatedAt)}, {row.Attempts} attempts, last error: {row.LastError})"));
            await transaction.CommitAsync(cancellationToken);
            return row;
        }
    }

    /// <summary>
    /// Sends the service's events that went out (sent_at set) and were created at or after
    /// <paramref name="sinceUtc"/> (of <paramref name="messageType"/> only, when given) to the one queue
    /// <paramref name="queue"/> through <paramref name="endpoint"/>, in the order they were written, each
    /// with its original message id and trace context: a subscriber whose inbox has seen one drops it.
    /// Other subscribers get nothing (it is a send to that queue, not a publish). Rows whose type this build
    /// does not know are skipped and counted. One audit entry records the replay and its counts, also when
    /// a send failed part way (then the failure is rethrown).
    /// </summary>
    public static async Task<ReplayResult> ReplayAsync(ServiceDatabase database, OutboxMessageTypes types, ISendEndpoint endpoint,
        string queue, DateTime sinceUtc, string? messageType, OutboxOperator by, CancellationToken cancellationToken)
    {
        List<OutboxRow> rows;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            rows = (await connection.QueryAsync<OutboxRow>(
                "SELECT sequence AS Sequence, message_id AS MessageId, message_type AS MessageType, body AS Body, trace_parent AS TraceParent, " +
                "trace_state AS TraceState, ordering_key AS OrderingKey, created_at AS CreatedAt, attempts AS Attempts " +
                $"FROM {Outbox.Table} WHERE sent_at IS NOT NULL AND created_at >= @sinceUtc" +
                (messageType is null ? "" : " AND message_type = @messageType") + " ORDER BY sequence",
                new { sinceUtc, messageType })).AsList();
        }
        var sent = 0;
        var skipped = 0;
        Exception? failure = null;
        try
        {
            foreach (var row in rows)
            {
                (Type Type, object Message, Guid MessageId) read;
                try
                {
                    read = OutboxRelay.Read(row, types);
                }
                catch (OutboxRowUnpublishableException)
                {
                    skipped++;
                    continue;
                }
                // One at a time, each confirmed before the next: the queue receives them in the order written.
                await endpoint.Send(read.Message, read.Type, context =>
                {
                    context.MessageId = read.MessageId;
                    if (row.TraceParent is not null)
                    {
                        context.Headers.Set(TraceHeaders.TraceParent, row.TraceParent);
                    }
                    if (row.TraceState is not null)
                    {
                        context.Headers.Set(TraceHeaders.TraceState, row.TraceState);
                    }
                }, cancellationToken);
                sent++;
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        var result = new ReplayResult(rows.Count, sent, skipped);
        var detail = $"replayed {sent} of {rows.Count} sent events created since {Iso(sinceUtc)}" +
            (messageType is null ? "" : $" of type {messageType}") + $" to queue {queue}" +
            (skipped > 0 ? $"; skipped {skipped} of types this build does not know" : "") +
            (failure is null ? "" : $"; stopped by {failure.GetType().Name}: {failure.Message}");
        var (audit, transaction) = await BeginWriteAsync(database, CancellationToken.None);
        await using (audit)
        await using (transaction)
        {
            await AuditLog.AppendAsync(audit, transaction, new AuditRecord(Guid.CreateVersion7().ToString("N"), Now(), by.Subject, "",
                ReplayMethod, "outbox", Change, by.RunId, Truncate(detail, 1000)));
            await transaction.CommitAsync(CancellationToken.None);
        }
        if (failure is not null)
        {
            throw new OutboxReplayException($"Replay to queue {queue} stopped after {sent} of {rows.Count} events: {failure.Message}", result, failure);
        }
        return result;
    }

    private static async Task<List<ParkedRow>> ParkedAsync(DbConnection connection, DbTransaction transaction, long? sequence)
    {
        var lockClause = connection is SqliteConnection ? "" : " FOR UPDATE";
        var rows = await connection.QueryAsync<ParkedRow>(
            $"SELECT {ParkedColumns} FROM {Outbox.Table} WHERE parked_at IS NOT NULL" + (sequence is null ? "" : " AND sequence = @sequence") +
            $" ORDER BY sequence{lockClause}", new { sequence }, transaction);
        return [.. rows.Select(Utc)];
    }

    /// <summary>A write transaction: on SQLite it takes the write lock up front (BEGIN IMMEDIATE), so the
    /// read of the parked rows and their change are one.</summary>
    private static async Task<(DbConnection, DbTransaction)> BeginWriteAsync(ServiceDatabase database, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            DbTransaction transaction = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: false)
                : await connection.BeginTransactionAsync(cancellationToken);
            return (connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static AuditRecord Entry(OutboxOperator by, string method, ParkedRow row, string detail) =>
        new(Guid.CreateVersion7().ToString("N"), Now(), by.Subject, "", method, $"outbox/{row.Sequence}", Change, by.RunId, Truncate(detail, 1000));

    /// <summary>Now, to the microsecond (the precision PostgreSQL keeps), like the services' audit entries.</summary>
    private static DateTime Now()
    {
        var now = DateTime.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }

    private static ParkedRow Utc(ParkedRow row) => new()
    {
        Sequence = row.Sequence,
        MessageId = row.MessageId,
        MessageType = row.MessageType,
        OrderingKey = row.OrderingKey,
        CreatedAt = DbTime.Utc(row.CreatedAt),
        ParkedAt = DbTime.Utc(row.ParkedAt),
        Attempts = row.Attempts,
        LastError = row.LastError,
    };

    public static string Iso(DateTime utc) => DbTime.Utc(utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

/// <summary>A replay stopped part way (the broker went away, the queue refused a message); what it had
/// sent is in <see cref="Result"/> and in its audit entry.</summary>
public sealed class OutboxReplayException(string message, ReplayResult result, Exception inner) : Exception(message, inner)
{
    public ReplayResult Result { get; } = result;
}
