using System.Collections.Concurrent;
using MassTransit;

namespace Governance.Integration.Tests.Support;

/// <summary>How one receive endpoint's consumption of a message ended.</summary>
public sealed record Consumed(string Queue, Guid? MessageId, Type MessageType, Exception? Fault);

/// <summary>
/// Watches what the consumers of a host's bus consume (an observer on the bus: every receive
/// endpoint), so a test can wait until a service's endpoint has consumed a message, including a
/// redelivery that left no trace of its own.
/// </summary>
public sealed class ConsumeWatch : IConsumeObserver, IDisposable
{
    private readonly ConcurrentQueue<Consumed> _consumed = new();
    private readonly ConnectHandle _handle;

    public ConsumeWatch(IBus bus) => _handle = bus.ConnectConsumeObserver(this);

    public IReadOnlyList<Consumed> All => [.. _consumed];

    /// <summary>What <paramref name="queue"/> consumed of <paramref name="messageId"/>.</summary>
    public IReadOnlyList<Consumed> Of(string queue, Guid messageId) => [.. _consumed.Where(c => c.Queue == queue && c.MessageId == messageId)];

    public async Task<IReadOnlyList<Consumed>> WaitAsync(string queue, Guid messageId, Func<IReadOnlyList<Consumed>, bool> done,
        TimeSpan? timeout = null)
    {
        return await Eventually.UntilAsync(() => Task.FromResult(Of(queue, messageId)), done,
            seen => $"Timed out waiting for {queue} to consume {messageId}; it consumed it {seen.Count} time(s).", timeout);
    }

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        _consumed.Enqueue(new Consumed(QueueOf(context), context.MessageId, typeof(T), null));
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        _consumed.Enqueue(new Consumed(QueueOf(context), context.MessageId, typeof(T), exception));
        return Task.CompletedTask;
    }

    /// <summary>The queue name: the last path segment of the endpoint's input address.</summary>
    private static string QueueOf(ConsumeContext context) =>
        context.ReceiveContext.InputAddress?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";

    public void Dispose() => _handle.Disconnect();
}
