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
/// marked. When publishing fails the batch stops at that row (order is kept), the attempt is counted,
/// and the relay backs off, doubling up to <see cref="MessagingOptions.RelayMaxBackoff"/>. A row is
/// only ever marked sent after a confirm: at-least-once, and the consumers' inbox makes it once.
/// </summary>
public sealed partial class OutboxRelay(ServiceDatabase database, OutboxMessageTypes types, IBus bus, MessagingOptions options,
    ILogger logger, OutboxSignal? signal = null) : BackgroundService
{
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

    private async Task<IReadOnlyList<OutboxRow>> PendingAsync(DbConnection connection, DbTransaction? transaction, string lockClause) =>
        [.. await connection.QueryAsync<OutboxRow>(
            "SELECT sequence AS Sequence, message_id AS MessageId, message_type AS MessageType, body AS Body, " +
            "trace_parent AS TraceParent, trace_state AS TraceState " +
            $"FROM {Outbox.Table} WHERE sent_at IS NULL ORDER BY sequence LIMIT @limit{lockClause}",
            new { limit = options.OutboxBatchSize }, transaction)];

    /// <summary>The outcome of one batch: the rows that went out, and the row and failure that stopped it.</summary>
    private sealed record BatchResult(IReadOnlyList<long> Sent, OutboxRow? FailedRow, Exception? Failure);

    /// <summary>Publishes rows in order until one fails; the rest of the batch waits for the next round.</summary>
    private async Task<BatchResult> PublishAsync(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        var sent = new List<long>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                await PublishRowAsync(row, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return new BatchResult(sent, row, ex);
            }
            sent.Add(row.Sequence);
        }
        return new BatchResult(sent, null, null);
    }

    /// <summary>Marks what went out as sent (one statement), and counts the failed row's attempt.</summary>
    private async Task MarkAsync(DbConnection connection, DbTransaction transaction, BatchResult result)
    {
        if (result.Sent.Count > 0)
        {
            await connection.ExecuteAsync(
                $"UPDATE {Outbox.Table} SET sent_at = @sentAt, attempts = attempts + 1, last_error = NULL " +
                $"WHERE {database.Dialect.InList("sequence", "sent")}",
                new { sent = result.Sent.ToArray(), sentAt = DateTime.UtcNow }, transaction);
        }
        if (result.FailedRow is { } failed)
        {
            await connection.ExecuteAsync(
                $"UPDATE {Outbox.Table} SET attempts = attempts + 1, last_error = @error WHERE sequence = @sequence",
                new { sequence = failed.Sequence, error = Truncate($"{result.Failure!.GetType().Name}: {result.Failure.Message}", 1000) },
                transaction);
        }
    }

    /// <summary>How many rows went out; a failure is thrown so the relay backs off.</summary>
    private static int Outcome(BatchResult result, int taken)
    {
        if (result.Failure is not null)
        {
            throw new OutboxPublishException(
                $"Published {result.Sent.Count} of {taken} outbox rows; the next stays pending: {result.Failure.Message}", result.Failure);
        }
        return result.Sent.Count;
    }

    private async Task PublishRowAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (!types.TryResolve(row.MessageType, out var type))
        {
            throw new InvalidOperationException($"Outbox row {row.Sequence} has event type {row.MessageType}, which this build does not know.");
        }
        var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)
            ?? throw new InvalidOperationException($"Outbox row {row.Sequence} has an empty body.");

        // Publish inside the stored trace context, so MassTransit's own instrumentation joins it too.
        using var activity = row.TraceParent is null ? null : new Activity("Governance.Messaging.Publish").SetParentId(row.TraceParent);
        if (activity is not null)
        {
            activity.TraceStateString = row.TraceState;
            activity.Start();
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        await bus.Publish(message, type, context =>
        {
            context.MessageId = Guid.Parse(row.MessageId);
            if (row.TraceParent is not null)
            {
                context.Headers.Set(TraceHeaders.TraceParent, row.TraceParent);
            }
            if (row.TraceState is not null)
            {
                context.Headers.Set(TraceHeaders.TraceState, row.TraceState);
            }
        }, timeout.Token);
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
}

/// <summary>A batch stopped because a row could not be published; that row and the rest stay pending.</summary>
public sealed class OutboxPublishException(string message, Exception inner) : Exception(message, inner);
