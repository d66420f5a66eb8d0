namespace Governance.Messaging.Outbox;

/// <summary>
/// Wakes a service's relay when a change with events has committed, so an event leaves within
/// milliseconds instead of at the next poll. The poll remains for rows written by other replicas and
/// for retries; a missed signal only costs one poll interval.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    /// <summary>Called after a commit that wrote outbox rows.</summary>
    public void Notify()
    {
        try
        {
            _pending.Release();
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
            // Already signalled (the relay will look once, and see every row), or shutting down.
        }
    }

    public void Dispose() => _pending.Dispose();

    /// <summary>Waits for a signal or until <paramref name="timeout"/>; true when signalled.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await _pending.WaitAsync(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>The signal of each service's relay, by service name (one process may run several services).</summary>
public sealed class OutboxSignals : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, OutboxSignal> _signals = new(StringComparer.OrdinalIgnoreCase);

    public OutboxSignal For(string service) => _signals.GetOrAdd(service, _ => new OutboxSignal());

    public void Dispose()
    {
        foreach (var signal in _signals.Values)
        {
            signal.Dispose();
        }
    }
}
