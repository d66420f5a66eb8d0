using System.Data.Common;
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
/// A row that fails for a reason of its own (its event type unknown to this build, say after a rollback;
/// its body unreadable; on the in-memory bus, not handled by its consumers) is parked once it has been
/// tried <see cref="MessagingOptions.ParkAfterAttempts"/> times: <c>parked_at</c> is set, the relay no
/// longer takes it, and the rows after it flow on, those of its own key too (so they overtake it: a
/// consumer sees a gap in that resource's events until an operator retries or drops the row with
/// <c>Governance.Host outbox</c>). A publish the broker did not confirm is never the row's fault: a broker
/// outage parks nothing. It reports its backlog (parked rows apart), its parked rows, what it published
/// and its failures to <paramref name="metrics"/> as it works.
/// </summary>
public sealed partial class OutboxRelay(ServiceDatabase database, OutboxMessageTypes types, IBus bus, MessagingOptions options,
    ILogger logger, OutboxSignal? signal = null, InProcessDeliveries? deliveries = null, IHostApplicationLifetime? lifetime = null,
    OutboxMetrics? metrics = null)
    : BackgroundService
{
    /// <summary>Rows the in-process consumers could not handle in this process's lifetime: not taken again
    /// until the next start (they stay pending), so one poison event does not hold up the rest.</summary>
    private readonly HashSet<long> _setAside = [];

    /// <summary>Rows of batches still in flight, with when they were written: not taken again meanwhile (on
    /// PostgreSQL they are locked too).</summary>
    private readonly Dictionary<long, DateTime> _taken = [];

    /// <summary>The last row taken of each ordering key while it is in flight: the next row of that key is
    /// published only after it went out, whichever batch it is in, so the key's order holds across batches.</summary>
    private readonly Dictionary<string, Task<RowOutcome>> _tails = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();

    /// <summary>When the parked rows were last counted for the metrics (<see cref="Environment.TickCount64"/>);
    /// null: count at the next read (at start, and after the relay parked a row).</summary>
    private long? _parkedCountedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Publish only once the host has started, and the bus with it (the relays are registered before it):
        // on the in-memory bus a message published before the consumers' queues are bound reached no one,
        // so its receipt timed out and the row waited for the next start.
        if (lifetime is not null && !await StartedAsync(lifetime, stoppingToken))
        {
            return;
        }
        metrics?.Started(database.Service);
        var failures = 0;
        var inFlight = new List<Task<int>>();
        Task? wake = null;
        var look = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Take the next batch while the earlier ones wait for their confirms: the relay does not wait
            // for a batch's slowest key before taking new rows; at most OutboxBatchesInFlight at a time.
            if (look && inFlight.Count < Math.Max(1, options.OutboxBatchesInFlight))
            {
                try
                {
                    var batch = await TakeAsync(stoppingToken);
                    if (batch is null)
                    {
                        look = false;
                    }
                    else
                    {
                        inFlight.Add(batch.Completion);
                        look = batch.Full;
                        continue;
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
#pragma warning disable CA1031 // The relay must outlive any failure; each is logged and retried.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failures = await BackOffAsync(inFlight, ex, failures, stoppingToken);
                    look = true;
                    continue;
                }
            }

            // Wait for a batch to finish, a commit's signal, or the poll interval (rows of other replicas).
            wake ??= WakeAsync(stoppingToken);
            await Task.WhenAny(inFlight.Cast<Task>().Append(wake));
            if (wake.IsCompleted)
            {
                wake = null;
                look = true;
            }
            Exception? failure = null;
            foreach (var done in inFlight.Where(t => t.IsCompleted).ToList())
            {
                inFlight.Remove(done);
                if (done.IsCompletedSuccessfully)
                {
                    failures = 0;
                }
                else if (!stoppingToken.IsCancellationRequested)
                {
                    failure ??= done.Exception!.InnerException ?? done.Exception;
                }
            }
            if (failure is not null)
            {
                failures = await BackOffAsync(inFlight, failure, failures, stoppingToken);
                look = true;
            }
        }
        await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    /// <summary>Waits for the host to have started; false when it stops first.</summary>
    private static async Task<bool> StartedAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A publish failed: lets the batches in flight finish (the rows of the failed key after it wait
    /// in them), then waits, doubling with each failure in a row.</summary>
    private async Task<int> BackOffAsync(List<Task<int>> inFlight, Exception failure, int failures, CancellationToken stoppingToken)
    {
        failures++;
        metrics?.RelayFailed(database.Service);
        LogRelayFailed(logger, failure, database.Service, failures);
        await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        inFlight.Clear();
        await DelayAsync(Backoff(failures), stoppingToken);
        return failures;
    }

    private Task WakeAsync(CancellationToken stoppingToken) =>
        signal is null ? DelayAsync(options.OutboxPollInterval, stoppingToken) : signal.WaitAsync(options.OutboxPollInterval, stoppingToken);

    /// <summary>Publishes one batch and marks it; returns how many rows it dealt with (0: none pending).</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        var batch = await TakeAsync(cancellationToken);
        return batch is null ? 0 : await batch.Completion;
    }

    /// <summary>A batch on its way: its rows' publishes have started; <see cref="Completion"/> marks what went
    /// out and returns how many rows were dealt with, or throws when a publish failed.</summary>
    private sealed record Batch(Task<int> Completion, bool Full);

    /// <summary>Takes the oldest pending rows not already in flight and starts publishing them (each after the
    /// row of its key before it). On PostgreSQL the rows stay locked (<c>FOR UPDATE SKIP LOCKED</c>) until
    /// they are marked, so no other replica takes them; on SQLite (one process) the read holds no lock, so a
    /// broker that is slow or away does not stall the service's writers, and the mark is one short write.</summary>
    private async Task<Batch?> TakeAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        DbTransaction? transaction = null;
        try
        {
            var postgres = database.Dialect == StoreDialect.Postgres;
            if (postgres)
            {
                transaction = await connection.BeginTransactionAsync(cancellationToken);
            }
            var rows = await PendingAsync(connection, transaction, postgres ? " FOR UPDATE SKIP LOCKED" : "");
            if (rows.Count == 0)
            {
                await DisposeAsync(connection, transaction);
                return null;
            }
            var publishes = new List<Task<RowOutcome>>(rows.Count);
            lock (_gate)
            {
                if (_taken.Count == 0)
                {
                    // Nothing in flight: no row of an earlier batch to wait for (a failed one is pending again).
                    _tails.Clear();
                }
                foreach (var row in rows)
                {
                    _taken[row.Sequence] = row.CreatedAt;
                    var key = row.OrderingKey ?? "";
                    var publish = PublishAfterAsync(_tails.GetValueOrDefault(key), row, cancellationToken);
                    _tails[key] = publish;
                    publishes.Add(publish);
                }
            }
            return new Batch(CompleteAsync(connection, transaction, rows, publishes, cancellationToken), rows.Count >= options.OutboxBatchSize);
        }
        catch
        {
            await DisposeAsync(connection, transaction);
            throw;
        }
    }

    private async Task<IReadOnlyList<OutboxRow>> PendingAsync(DbConnection connection, DbTransaction? transaction, string lockClause)
    {
        // The rows in flight when the read starts: one of them marked sent meanwhile may still be read as
        // pending (SQLite reads without a lock), and must not go out a second time.
        HashSet<long> skip;
        int setAside;
        lock (_gate)
        {
            skip = [.. _setAside, .. _taken.Keys];
            setAside = _setAside.Count;
        }
        // On PostgreSQL the rows in flight are locked by their batches' transactions and skipped; every row
        // read is locked until this batch ends, so read no more than it takes (a row locked and left out
        // would let a later batch take the rows of its key after it).
        var limit = options.OutboxBatchSize + (lockClause.Length > 0 ? setAside : skip.Count);
        var rows = (await connection.QueryAsync<OutboxRow>(
            "SELECT sequence AS Sequence, message_id AS MessageId, message_type AS MessageType, body AS Body, " +
            "trace_parent AS TraceParent, trace_state AS TraceState, ordering_key AS OrderingKey, created_at AS CreatedAt, " +
            "attempts AS Attempts " +
            $"FROM {Outbox.Table} WHERE sent_at IS NULL AND parked_at IS NULL ORDER BY sequence LIMIT @limit{lockClause}",
            new { limit }, transaction)).AsList();
        if (metrics is not null)
        {
            await ReportBacklogAsync(connection, transaction, rows, limit);
            await ReportParkedAsync(connection, transaction);
        }
        return [.. rows.Where(r => !skip.Contains(r.Sequence)).Take(options.OutboxBatchSize)];
    }

    /// <summary>The backlog as this read shows it: the rows read and the rows in flight (on PostgreSQL the read
    /// skips those, as it skips another replica's, which that replica reports). Only when the read came back
    /// full are there more than it shows: then they are counted, once per full read, while a backlog lasts.</summary>
    private async Task ReportBacklogAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<OutboxRow> read, int limit)
    {
        if (read.Count >= limit)
        {
            var backlog = await connection.QuerySingleAsync<BacklogRow>(
                $"SELECT COUNT(*) AS Pending, MIN(created_at) AS Oldest FROM {Outbox.Table} WHERE sent_at IS NULL AND parked_at IS NULL",
                transaction: transaction);
            metrics!.Read(database.Service, backlog.Pending, backlog.Oldest is { } oldest ? DbTime.Utc(oldest) : null);
            return;
        }
        var pending = new Dictionary<long, DateTime>();
        lock (_gate)
        {
            foreach (var (sequence, createdAt) in _taken)
            {
                pending[sequence] = createdAt;
            }
        }
        foreach (var row in read)
        {
            pending[row.Sequence] = row.CreatedAt;
        }
        metrics!.Read(database.Service, pending.Count, pending.Count == 0 ? null : DbTime.Utc(pending.Values.Min()));
    }

    /// <summary>Counts the parked rows when due: at start, after this relay parked one, and every
    /// <see cref="OutboxMetrics.ParkedRecount"/> (an operator's retry or drop happens in another process).</summary>
    private async Task ReportParkedAsync(DbConnection connection, DbTransaction? transaction)
    {
        var now = Environment.TickCount64;
        if (_parkedCountedAt is { } counted && now - counted < OutboxMetrics.ParkedRecount.TotalMilliseconds)
        {
            return;
        }
        var parked = await connection.ExecuteScalarAsync<long>(
            $"SELECT COUNT(*) FROM {Outbox.Table} WHERE parked_at IS NOT NULL", transaction: transaction);
        metrics!.Parked(database.Service, parked);
        _parkedCountedAt = now;
    }

    private sealed class BacklogRow
    {
        public long Pending { get; init; }
        public DateTime? Oldest { get; init; }
    }

    /// <summary>What became of one row's publish: out (with its receipt on the in-memory bus), failed, or held
    /// back because a row of its key before it did not go out.</summary>
    private sealed record RowOutcome(OutboxRow Row, Task<Exception?>? Receipt, Exception? Failure, bool HeldBack)
    {
        public bool Out => Failure is null && !HeldBack;
    }

    /// <summary>Publishes <paramref name="row"/> once the row of its key before it (<paramref name="previous"/>)
    /// went out; holds it back when that one did not. Never throws but for cancellation.</summary>
    private async Task<RowOutcome> PublishAfterAsync(Task<RowOutcome>? previous, OutboxRow row, CancellationToken cancellationToken)
    {
        if (previous is not null)
        {
            try
            {
                if (!(await previous).Out)
                {
                    return new RowOutcome(row, null, null, HeldBack: true);
                }
            }
            catch (OperationCanceledException)
            {
                return new RowOutcome(row, null, null, HeldBack: true);
            }
        }
        else
        {
            // Start the publishes of a batch off the taker's thread, side by side.
            await Task.Yield();
        }
        try
        {
            return new RowOutcome(row, await PublishRowAsync(row, cancellationToken), null, false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new RowOutcome(row, null, ex, false);
        }
    }

    /// <summary>The outcome of one batch: the rows that went out, the rows the in-process consumers could
    /// not handle, and the rows whose publish failed (each holding back the rows of its key after it).</summary>
    private sealed record BatchResult(IReadOnlyList<long> Sent, IReadOnlyList<FailedRow> Undelivered, IReadOnlyList<FailedRow> Failed);

    /// <summary>A row that did not go out; <see cref="Park"/>: it failed for a reason of its own for the
    /// last allowed time, and is parked.</summary>
    private sealed record FailedRow(OutboxRow Row, Exception Failure, bool Park);

    /// <summary>Whether a row that failed with <paramref name="failure"/> is parked now: the failure is the
    /// row's own (not the broker's), and this was its last allowed try.</summary>
    private FailedRow Failed(OutboxRow row, Exception failure, bool ownFault) =>
        new(row, failure, ownFault && options.ParkAfterAttempts > 0 && row.Attempts + 1 >= options.ParkAfterAttempts);

    /// <summary>Waits for a batch's publishes (and on the in-memory bus their receipts), marks the rows that
    /// went out in one statement, and releases the batch's rows and keys.</summary>
    private async Task<int> CompleteAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<OutboxRow> rows,
        List<Task<RowOutcome>> publishes, CancellationToken cancellationToken)
    {
        try
        {
            var outcomes = await Task.WhenAll(publishes);
            var sent = new List<long>(rows.Count);
            var undelivered = new List<FailedRow>();
            foreach (var outcome in outcomes.Where(o => o.Out))
            {
                if (outcome.Receipt is not null && await ReceiptAsync(outcome.Row, outcome.Receipt, cancellationToken) is { } failure)
                {
                    undelivered.Add(Failed(outcome.Row, failure, ownFault: true));
                }
                else
                {
                    sent.Add(outcome.Row.Sequence);
                }
            }
            var result = new BatchResult(sent, undelivered, [.. outcomes.Where(o => o.Failure is not null)
                .Select(o => Failed(o.Row, o.Failure!, ownFault: o.Failure is OutboxRowUnpublishableException))]);
            if (transaction is not null)
            {
                await MarkAsync(connection, transaction, result);
                await transaction.CommitAsync(cancellationToken);
            }
            else
            {
                await using var write = ((SqliteConnection)connection).BeginTransaction(deferred: false);
                await MarkAsync(connection, write, result);
                await write.CommitAsync(cancellationToken);
            }
            metrics?.Published(database.Service, result.Sent.Count);
            return Outcome(result, rows.Count);
        }
        finally
        {
            await DisposeAsync(connection, transaction);
            lock (_gate)
            {
                foreach (var (row, publish) in rows.Zip(publishes))
                {
                    _taken.Remove(row.Sequence);
                    // A key whose last row went out needs no chain; one whose row failed keeps it, so its
                    // rows read meanwhile wait (held back) until nothing is in flight.
                    if (_tails.GetValueOrDefault(row.OrderingKey ?? "") == publish && publish.IsCompletedSuccessfully && publish.Result.Out)
                    {
                        _tails.Remove(row.OrderingKey ?? "");
                    }
                }
            }
        }
    }

    private static async Task DisposeAsync(DbConnection connection, DbTransaction? transaction)
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }
        await connection.DisposeAsync();
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
    /// not go out, with its error, parking those tried for the last time.</summary>
    private async Task MarkAsync(DbConnection connection, DbTransaction transaction, BatchResult result)
    {
        if (result.Sent.Count > 0)
        {
            await connection.ExecuteAsync(
                $"UPDATE {Outbox.Table} SET sent_at = @sentAt, attempts = attempts + 1, last_error = NULL " +
                $"WHERE {database.Dialect.InList("sequence", "sent")}",
                new { sent = result.Sent.ToArray(), sentAt = DateTime.UtcNow }, transaction);
        }
        foreach (var (row, failure, park) in result.Undelivered.Concat(result.Failed))
        {
            await connection.ExecuteAsync(
                $"UPDATE {Outbox.Table} SET attempts = attempts + 1, last_error = @error{(park ? ", parked_at = @parkedAt" : "")} WHERE sequence = @sequence",
                new { sequence = row.Sequence, error = Truncate($"{failure.GetType().Name}: {failure.Message}", 1000), parkedAt = DateTime.UtcNow },
                transaction);
        }
    }

    /// <summary>How many rows were dealt with; rows the consumers could not handle are set aside (until the
    /// next start), parked rows are left to the operator; a publish failure of a row not parked is thrown
    /// so the relay backs off.</summary>
    private int Outcome(BatchResult result, int taken)
    {
        foreach (var parked in result.Undelivered.Concat(result.Failed).Where(f => f.Park))
        {
            _parkedCountedAt = null;
            LogParked(logger, database.Service, parked.Row.Sequence, parked.Row.MessageId, parked.Row.MessageType, parked.Row.Attempts + 1,
                parked.Failure.Message);
        }
        foreach (var undelivered in result.Undelivered.Where(u => !u.Park))
        {
            lock (_gate)
            {
                _setAside.Add(undelivered.Row.Sequence);
            }
            LogSetAside(logger, database.Service, undelivered.Row.MessageId, undelivered.Row.MessageType, undelivered.Failure.Message);
        }
        var failed = result.Failed.Where(f => !f.Park).ToList();
        if (failed.Count > 0)
        {
            var first = failed[0].Failure;
            throw new OutboxPublishException(
                $"Published {result.Sent.Count} of {taken} outbox rows; {failed.Count} failed and stay pending with the rows of their keys after them: {first.Message}",
                first);
        }
        return result.Sent.Count + result.Undelivered.Count + result.Failed.Count;
    }

    /// <summary>Publishes one row. On the in-memory bus, returns its receipt (asked for before the
    /// publish, so a consumer cannot finish first); otherwise null: the broker's confirm is the receipt.</summary>
    private async Task<Task<Exception?>?> PublishRowAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var (type, message, messageId) = Read(row, types);

        // Publish inside the stored trace context, so MassTransit's own instrumentation joins it too.
        using var activity = row.TraceParent is null ? null : MessagingActivities.StartPublish(row.TraceParent, row.TraceState, row.MessageType);
        activity?.SetTag("messaging.message.id", row.MessageId);
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

    /// <summary>The event of <paramref name="row"/>: its type, the message and its id. Throws
    /// <see cref="OutboxRowUnpublishableException"/> when the row itself is the problem.</summary>
    internal static (Type Type, object Message, Guid MessageId) Read(OutboxRow row, OutboxMessageTypes types)
    {
        if (!types.TryResolve(row.MessageType, out var type))
        {
            throw new OutboxRowUnpublishableException($"Outbox row {row.Sequence} has event type {row.MessageType}, which this build does not know.");
        }
        if (!Guid.TryParse(row.MessageId, out var messageId))
        {
            throw new OutboxRowUnpublishableException($"Outbox row {row.Sequence} has message id {row.MessageId}, which is not a UUID.");
        }
        try
        {
            var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)
                ?? throw new OutboxRowUnpublishableException($"Outbox row {row.Sequence} has an empty body.");
            return (type, message, messageId);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new OutboxRowUnpublishableException($"Outbox row {row.Sequence} has a body that is not a {row.MessageType}: {ex.Message}", ex);
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Sequence} of {Service} (event {MessageId}, {MessageType}) is parked after {Attempts} attempts " +
        "({Failure}); the rows after it go on. See it with: Governance.Host outbox list --service {Service}")]
    private static partial void LogParked(ILogger logger, string service, long sequence, string messageId, string messageType, int attempts, string failure);
}

/// <summary>An outbox row cannot be published for a reason of its own (not the broker's): its event type
/// is unknown to this build, or its body or id cannot be read. Tried again, it fails again: after
/// <see cref="MessagingOptions.ParkAfterAttempts"/> tries it is parked.</summary>
public sealed class OutboxRowUnpublishableException : Exception
{
    public OutboxRowUnpublishableException(string message) : base(message)
    {
    }

    public OutboxRowUnpublishableException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>A batch stopped because a row could not be published; that row and the rest stay pending.</summary>
public sealed class OutboxPublishException(string message, Exception inner) : Exception(message, inner);
