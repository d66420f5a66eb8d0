using System.Collections.Concurrent;
using Governance.Messaging.Tracing;
using MassTransit;

namespace Governance.Integration.Tests.Support;

/// <summary>A message as the probe received it.</summary>
public sealed record Received(object Message, Guid? MessageId, string? TraceParent);

/// <summary>
/// A subscriber of its own on a host's bus, for tests to see what a service published: a receive
/// endpoint with a handler per event type. On RabbitMQ its queue is durable (it survives a cut
/// connection, as a real subscriber's does) and expires a few minutes after the test.
/// </summary>
public sealed class EventProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly HostReceiveEndpointHandle _handle;

    private EventProbe(IBus bus, IEnumerable<Type> types)
    {
        _handle = bus.ConnectReceiveEndpoint($"probe-{Guid.NewGuid():N}", endpoint =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
            {
                rabbit.QueueExpiration = TimeSpan.FromMinutes(5);
            }
            var handler = typeof(EventProbe).GetMethod(nameof(AddHandler), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
            foreach (var type in types)
            {
                handler.MakeGenericMethod(type).Invoke(this, [endpoint]);
            }
        });
    }

    /// <summary>Subscribes to <paramref name="types"/> on <paramref name="bus"/> and waits until listening.</summary>
    public static async Task<EventProbe> ConnectAsync(IBus bus, params Type[] types)
    {
        var probe = new EventProbe(bus, types);
        await probe._handle.Ready;
        return probe;
    }

    public IReadOnlyList<Received> All => [.. _received];

    public IReadOnlyList<T> Of<T>() => [.. _received.Select(r => r.Message).OfType<T>()];

    /// <summary>Waits until <paramref name="done"/> holds for what has arrived; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<Received>> WaitAsync(Func<IReadOnlyList<Received>, bool> done, TimeSpan? timeout = null, string what = "the expected events")
    {
        return await Eventually.UntilAsync(() => Task.FromResult(All), done,
            all => $"Timed out waiting for {what}; received: {string.Join(", ", all.Select(r => r.Message.GetType().Name))}", timeout);
    }

    public Task<IReadOnlyList<T>> WaitForAsync<T>(Func<IReadOnlyList<T>, bool> done, TimeSpan? timeout = null) =>
        WaitAsync(all => done([.. all.Select(r => r.Message).OfType<T>()]), timeout, typeof(T).Name)
            .ContinueWith(t => (IReadOnlyList<T>)[.. t.Result.Select(r => r.Message).OfType<T>()], TaskScheduler.Default);

    private void AddHandler<T>(IReceiveEndpointConfigurator endpoint)
        where T : class =>
        endpoint.Handler<T>(context =>
        {
            _received.Enqueue(new Received(context.Message, context.MessageId, context.Headers.Get<string>(TraceHeaders.TraceParent)));
            return Task.CompletedTask;
        });

    public async ValueTask DisposeAsync() => await _handle.StopAsync();
}
