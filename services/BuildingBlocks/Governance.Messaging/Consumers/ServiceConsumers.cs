using MassTransit;

namespace Governance.Messaging.Consumers;

/// <summary>
/// The consumers a service registers (<c>AddServiceMessaging(..., consumers: c => c.Add&lt;X, XDefinition&gt;())</c>):
/// each with the <see cref="QueueDefinition{TConsumer}"/> that names its queue. The bus registers them;
/// in the embedded default, <see cref="Outbox.InProcessDeliveries"/> also reads from them which
/// queues must have handled an event before its outbox row counts as delivered.
/// </summary>
public sealed class ServiceConsumers
{
    private readonly List<(Type Consumer, Type Definition)> _registered = [];

    public IReadOnlyList<(Type Consumer, Type Definition)> Registered => _registered;

    public ServiceConsumers Add<TConsumer, TDefinition>()
        where TConsumer : class, IConsumer
        where TDefinition : QueueDefinition<TConsumer>
    {
        _registered.Add((typeof(TConsumer), typeof(TDefinition)));
        return this;
    }

    /// <summary>The message types a consumer handles (its <see cref="IConsumer{TMessage}"/> interfaces).</summary>
    public static IEnumerable<Type> MessageTypesOf(Type consumer) =>
        consumer.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0]);
}
