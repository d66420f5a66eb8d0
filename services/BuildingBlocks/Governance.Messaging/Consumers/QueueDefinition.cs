using Governance.Messaging.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Governance.Messaging.Consumers;

/// <summary>
/// Names a consumer's queue explicitly, so that renaming the class never moves its messages to a new
/// queue. The queue is <see cref="MessagingOptions.Prefix"/> followed by <c>queue</c>, as given (like
/// the exchanges); the consumer uses the same <c>queue</c> (without prefix) as its inbox key. A service
/// registers a consumer with its definition: <c>consumers.Add&lt;TConsumer, TDefinition&gt;()</c> (<see cref="ServiceConsumers"/>).
/// </summary>
public abstract class QueueDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected QueueDefinition(string queue, IOptions<MessagingOptions> options)
    {
        Queue = queue;
        // As given, like the exchanges (PrefixEntityNameFormatter): not kebab-cased.
        EndpointName = options.Value.Prefix + queue;
    }

    /// <summary>The queue's name without prefix (the consumer's inbox key).</summary>
    public string Queue { get; }
}
