using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Governance.Data.Connections;
using Governance.Messaging.Hosting;
using Governance.Messaging.Tracing;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Governance.Messaging.Outbox;

/// <summary>
/// Publishes a service's outbox rows, oldest first, and marks them sent once the broker has confirmed
/// it. On PostgreSQL each batch is taken with <c>FOR UPDATE SKIP LOCKED</c>, so several replicas relay
/// side by side without publishing a row twice; on SQLite (one process) rows are read, published, then
/// marked. Rows with the same ordering key (the meeting, the case) go out one after another in the
/// order they were written; different keys side by side, so their confirms overlap. When a publish
/// fails, the rows of its key after it wait (order is kept), the attempt is counted, and the relay
/// backs off, doubling up to <see cref="MessagingOptions.RelayMaxBackoff"/>. A row is
/// only ever marked sent after a confirm: at-least-once, and the consumers' inbox makes it once.
/// On the in-memory bus (<paramref name="deliveries"/> given) a publish confirms nothing durable, so a
/// row counts as sent only when the in-process consumers have handled it (<see cref="InProcessDeliveries"/>);
/// a row they could not handle stays pending with its error, is set aside until the next start, and
/// the relay goes on with the rows after it.
/// </summary>
public sealed partial class OutboxRelay(ServiceDatabase database, OutboxMessageTypes types, IBus bus, MessagingOptions options,
    ILogger logger, OutboxSignal? signal = null, InProcessDeliveries? deliveries = null) : BackgroundService
{
    /// <summary>Rows the in-process consumers could not handle in this process's lifetime: not taken again
    /// until the next start (they stay pending), so one poison event does not hold up the rest.</summary>
    private readonly HashSet<long> _setAside = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            int published;
            try
            {
                published = await RelayBatchAsync(stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The relay must outlive any failure; each is logged and retried.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                LogRelayFailed(logger, ex, database.Service, failures);
                published = 0;
            }
            if (published < options.OutboxBatchSize)
            {
                if (failures == 0 && signal is not null)
                {
                    // Idle: wait for a commit's signal, or the poll interval (rows of other replicas).
                    await signal.WaitAsync(options.OutboxPollInterval, stoppingToken);
                }
                else
                {
                    await DelayAsync(Backoff(failures), stoppingToken);
                }
            }
        }
    }

    /// <summary>Publishes one batch; returns how many rows it published.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Dialect == StoreDialect.Postgres)
        {
            // The batch's rows stay locked until they are marked, so no other replica takes them.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var locked = await PendingAsync(connection, transaction, " FOR UPDATE SKIP LOCKED");
            var result = await PublishAsync(locked, cancellationToken);
            await MarkAsync(connection, transaction, result);
            await transaction.CommitAsync(cancellationToken);
            return Outcome(result, locked.Count);
        }

        // SQLite (one process): read, publish with no lock held (a broker that is slow or away must
        // not stall the service's writers), then mark in one short write transaction.
        var rows = await PendingAsync(connection, null, "");
        if (rows.Count == 0)
        {
            return 0;
        }
        var published = await PublishAsync(rows, cancellationToken);
        await using (var write = ((SqliteConnection)connection).BeginTransaction(deferred: false))
        {
            await MarkAsync(connection, write, published);
            await write.CommitAsync(cancellationToken);
        }
        return Outcome(published, rows.Count);
    }

    private async Task<IReadOnlyList<OutboxRow>> PendingAsync(DbConnection connection, DbTransaction? transaction, string lockClause)
    {
        var rows = await connection.QueryAsync<OutboxRow>(
            "SELECT sequence AS Sequence, message_id AS MessageId, message_type AS MessageType, body AS Body, " +
            "trace_parent AS TraceParent, trace_state AS TraceState, ordering_key AS OrderingKey " +
            $"FROM {Outbox.Table} WHERE sent_at IS NULL ORDER BY sequence LIMIT @limit{lockClause}",
            new { limit = options.OutboxBatchSize + _setAside.Count }, transaction);
        return [.. rows.Where(r => !_setAside.Contains(r.Sequence)).Take(options.OutboxBatchSize)];
    }

    /// <summary>The outcome of one batch: the rows that went out, the rows the in-process consumers could
    /// not handle, and the rows whose publish failed (each holding back the rows of its key after it).</summary>
    private sealed record BatchResult(IReadOnlyList<long> Sent, IReadOnlyList<FailedRow> Undelivered, IReadOnlyList<FailedRow> Failed);

    private sealed record FailedRow(OutboxRow Row, Exception Failure);

    /// <summary>One ordering key's rows of a batch: what went out (with its receipt on the in-memory bus),
    /// and the row that failed, if one did.</summary>
    private sealed record Lane(IReadOnlyList<(OutboxRow Row, Task<Exception?>? Receipt)> Published, FailedRow? Failed);

    /// <summary>Publishes a batch: the rows of one ordering key one after another, in sequence order,
    /// stopping at a failure (the rest of that key waits for the next round); different keys side by
    /// side, so their confirms overlap. On the in-memory bus, then waits for each row's receipt.</summary>
    private async Task<BatchResult> PublishAsync(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        var lanes = await Task.WhenAll(rows.GroupBy(r => r.OrderingKey ?? "").Select(key => PublishLaneAsync([.. key], cancellationToken)));
        var sent = new List<long>(rows.Count);
        var undelivered = new List<FailedRow>();
        foreach (var (row, receipt) in lanes.SelectMany(l => l.Published))
        {
            if (receipt is not null && await ReceiptAsync(row, receipt, cancellationToken) is { } failure)
            {
                undelivered.Add(new FailedRow(row, failure));
            }
            else
            {
                sent.Add(row.Sequence);
            }
        }
        return new BatchResult(sent, undelivered, [.. lanes.Select(l => l.Failed).OfType<FailedRow>()]);
    }

    private async Task<Lane> PublishLaneAsync(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        var published = new List<(OutboxRow, Task<Exception?>?)>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                published.Add((row, await PublishRowAsync(row, cancellationToken)));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return new Lane(published, new FailedRow(row, ex));
            }
        }
        return new Lane(published, null);
    }

    /// <summary>Waits for the in-process consumers of <paramref name="row"/>: null when they all handled it.</summary>
    private async Task<Exception?> ReceiptAsync(OutboxRow row, Task<Exception?> receipt, CancellationToken cancellationToken)
    {
        try
        {
            return await receipt.WaitAsync(options.InProcessDeliveryTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return new TimeoutException($"Not handled by its in-process consumers within {options.InProcessDeliveryTimeout}.");
        }
        finally
        {
            deliveries?.Forget(Guid.Parse(row.MessageId));
        }
    }

    /// <summary>Marks what went out as sent (one statement), and counts the attempt of each row that did
    /// not go out, with its error.</summary>
    private async Task MarkAsync(DbConnection connection, DbTransaction transaction, BatchResult result)
    {
        if (result.Sent.Count > 0)
        {
            await connection.ExecuteAsync(
                $"UPDATE {Outbox.Table} SET sent_at = @sentAt, attempts = attempts + 1, last_error = NULL " +
                $"WHERE {database.Dialect.InList("sequence", "sent")}",
                new { sent = result.Sent.ToArray(), sentAt = DateTime.UtcNow }, transaction);
        }
        foreach (var (row, failure) in result.Undelivered.Concat(result.Failed))
        {
            await connection.ExecuteAsync(
                $"UPDATE {Outbox.Table} SET attempts = attempts + 1, last_error = @error WHERE sequence = @sequence",
                new { sequence = row.Sequence, error = Truncate($"{failure.GetType().Name}: {failure.Message}", 1000) },
                transaction);
        }
    }

    /// <summary>How many rows were dealt with; rows the consumers could not handle are set aside (until the
    /// next start); a publish failure is thrown so the relay backs off.</summary>
    private int Outcome(BatchResult result, int taken)
    {
        foreach (var undelivered in result.Undelivered)
        {
            _setAside.Add(undelivered.Row.Sequence);
            LogSetAside(logger, database.Service, undelivered.Row.MessageId, undelivered.Row.MessageType, undelivered.Failure.Message);
        }
        if (result.Failed.Count > 0)
        {
            var first = result.Failed[0].Failure;
            throw new OutboxPublishException(
                $"Published {result.Sent.Count} of {taken} outbox rows; {result.Failed.Count} failed and stay pending with the rows of their keys after them: {first.Message}",
                first);
        }
        return result.Sent.Count + result.Undelivered.Count;
    }

    /// <summary>Publishes one row. On the in-memory bus, returns its receipt (asked for before the
    /// publish, so a consumer cannot finish first); otherwise null: the broker's confirm is the receipt.</summary>
    private async Task<Task<Exception?>?> PublishRowAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (!types.TryResolve(row.MessageType, out var type))
        {
            throw new InvalidOperationException($"Outbox row {row.Sequence} has event type {row.MessageType}, which this build does not know.");
        }
        var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)
            ?? throw new InvalidOperationException($"Outbox row {row.Sequence} has an empty body.");
        var messageId = Guid.Parse(row.MessageId);

        // Publish inside the stored trace context, so MassTransit's own instrumentation joins it too.
        using var activity = row.TraceParent is null ? null : new Activity("Governance.Messaging.Publish").SetParentId(row.TraceParent);
        if (activity is not null)
        {
            activity.TraceStateString = row.TraceState;
            activity.Start();
        }
        var receipt = deliveries?.Expect(messageId, type);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        try
        {
            // The token alone is not enough: a publish caught by a connection cut while its exchange was
            // being declared ignored it and never returned (MassTransit 8.5.11), stalling the relay for
            // good. So stop waiting at the timeout too; should that publish still complete, the row is
            // published again later and the consumers' inbox drops the copy.
            await bus.Publish(message, type, context =>
            {
                context.MessageId = messageId;
                if (row.TraceParent is not null)
                {
                    context.Headers.Set(TraceHeaders.TraceParent, row.TraceParent);
                }
                if (row.TraceState is not null)
                {
                    context.Headers.Set(TraceHeaders.TraceState, row.TraceState);
                }
            }, timeout.Token).WaitAsync(options.PublishTimeout, cancellationToken);
        }
        catch
        {
            deliveries?.Forget(messageId);
            throw;
        }
        return receipt;
    }

    private TimeSpan Backoff(int failures)
    {
        if (failures == 0)
        {
            return options.OutboxPollInterval;
        }
        var doubled = options.OutboxPollInterval.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16));
        var capped = Math.Min(doubled, options.RelayMaxBackoff.TotalMilliseconds);
        // Jitter, so replicas that failed together do not retry together.
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox relay of {Service} failed ({Failures} in a row); retrying with backoff")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception, string service, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {MessageId} ({MessageType}) of {Service} was not handled by its in-process consumers " +
        "({Failure}); it stays pending and is delivered again at the next start")]
    private static partial void LogSetAside(ILogger logger, string service, string messageId, string messageType, string failure);
}

/// <summary>A batch stopped because a row could not be published; that row and the rest stay pending.</summary>
public sealed class OutboxPublishException(string message, Exception inner) : Exception(message, inner);
