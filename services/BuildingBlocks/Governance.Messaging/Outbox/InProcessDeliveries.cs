using System.Collections.Concurrent;
using MassTransit;

namespace Governance.Messaging.Outbox;

/// <summary>
/// Delivery receipts for the in-memory bus of the embedded default. There a publish only hands the
/// message to queues in this process's memory: a crash loses whatever the consumers had not yet
/// handled. So the relay asks here, before it publishes, for the receipt of each message, and marks
/// the outbox row sent only when every in-process queue that consumes the message's type has handled
/// it: its consumer's effect (and inbox row) committed. A message a consumer finally failed (after its
/// retries) has no receipt: its row stays pending and is delivered again at the next start. A process
/// that dies before the receipt leaves the row pending too; the consumers' inboxes make a second
/// delivery harmless.
/// </summary>
public sealed class InProcessDeliveries : IReceiveObserver
{
    private readonly IReadOnlyDictionary<Type, string[]> _queuesByConsumedType;
    private readonly ConcurrentDictionary<Type, string[]> _queuesByMessageType = new();
    private readonly ConcurrentDictionary<Guid, PendingDelivery> _pending = new();

    /// <param name="queuesByConsumedType">For each message type a consumer of this process handles,
    /// the receive endpoints (queue names with prefix) of those consumers.</param>
    public InProcessDeliveries(IReadOnlyDictionary<Type, string[]> queuesByConsumedType) =>
        _queuesByConsumedType = queuesByConsumedType;

    /// <summary>The queues that must handle a message of <paramref name="messageType"/> (a consumer of it or
    /// of a type it derives from).</summary>
    public IReadOnlyList<string> QueuesFor(Type messageType) =>
        _queuesByMessageType.GetOrAdd(messageType, type =>
            [.. _queuesByConsumedType.Where(c => c.Key.IsAssignableFrom(type)).SelectMany(c => c.Value).Distinct(StringComparer.Ordinal)]);

    /// <summary>Call before publishing: the receipt of <paramref name="messageId"/>, completed when every
    /// queue has handled it (null), or with the failure of the first that could not. Already complete
    /// when no consumer of this process takes the type (nobody here is waiting for it).</summary>
    public Task<Exception?> Expect(Guid messageId, Type messageType)
    {
        var queues = QueuesFor(messageType);
        if (queues.Count == 0)
        {
            return Task.FromResult<Exception?>(null);
        }
        var delivery = new PendingDelivery(queues);
        _pending[messageId] = delivery;
        return delivery.Receipt;
    }

    /// <summary>Stops waiting for <paramref name="messageId"/> (the relay gave up on it, or is stopping).</summary>
    public void Forget(Guid messageId) => _pending.TryRemove(messageId, out _);

    Task IReceiveObserver.PreReceive(ReceiveContext context) => Task.CompletedTask;

    Task IReceiveObserver.PostReceive(ReceiveContext context)
    {
        // A consumer that failed after its retries marks the context faulted; MassTransit then moved the
        // message to the in-memory _error queue, which does not outlive the process.
        Handled(context, context.IsFaulted ? new InProcessDeliveryException(QueueOf(context)) : null);
        return Task.CompletedTask;
    }

    Task IReceiveObserver.PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) => Task.CompletedTask;

    Task IReceiveObserver.ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) =>
        Task.CompletedTask;

    Task IReceiveObserver.ReceiveFault(ReceiveContext context, Exception exception)
    {
        Handled(context, exception);
        return Task.CompletedTask;
    }

    private void Handled(ReceiveContext context, Exception? failure)
    {
        if (context.GetMessageId() is not { } messageId || !_pending.TryGetValue(messageId, out var delivery))
        {
            return;
        }
        if (delivery.Handled(QueueOf(context), failure))
        {
            _pending.TryRemove(new KeyValuePair<Guid, PendingDelivery>(messageId, delivery));
        }
    }

    /// <summary>The queue name: the last path segment of the endpoint's input address.</summary>
    private static string QueueOf(ReceiveContext context) =>
        context.InputAddress?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";

    /// <summary>One message on its way to its queues.</summary>
    private sealed class PendingDelivery(IReadOnlyList<string> queues)
    {
        private readonly HashSet<string> _remaining = new(queues, StringComparer.Ordinal);
        private readonly TaskCompletionSource<Exception?> _receipt = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<Exception?> Receipt => _receipt.Task;

        /// <summary>Records one queue's outcome; true when the receipt is complete.</summary>
        public bool Handled(string queue, Exception? failure)
        {
            lock (_remaining)
            {
                // Other endpoints (a test's probe, say) may see the message too: only the consumers count.
                if (!_remaining.Remove(queue))
                {
                    return false;
                }
                if (failure is not null)
                {
                    return _receipt.TrySetResult(failure);
                }
                return _remaining.Count == 0 && _receipt.TrySetResult(null);
            }
        }
    }
}

/// <summary>An in-process consumer did not handle the message (it failed after its retries).</summary>
public sealed class InProcessDeliveryException(string queue)
    : Exception($"The consumer of {queue} did not handle the message (it failed after its retries).");
