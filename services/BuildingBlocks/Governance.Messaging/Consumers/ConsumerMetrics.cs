using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;

namespace Governance.Messaging.Consumers;

/// <summary>
/// What each consumer of this process did with its messages (meter "Governance.Messaging"): handled,
/// retried after a failed attempt, and moved to its _error queue once the retries were spent. Labelled by
/// the consumer's queue (without the installation's prefix) and the message type it consumes: both fixed by
/// the registered consumers, so a queue this process does not define (a probe's) is not counted. A receive
/// observer (handled, moved) and a retry observer (retried) of the bus: they see the outcome whatever the
/// order of the consume filters.
/// </summary>
public sealed class ConsumerMetrics : IReceiveObserver, IRetryObserver
{
    public const string ConsumerLabel = "consumer";
    public const string MessageTypeLabel = "message_type";

    private readonly IReadOnlyDictionary<string, TagList> _labels;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _faulted;

    /// <param name="meters">The host's meter factory.</param>
    /// <param name="consumers">For each queue of this process (its full name, prefix included): the queue's name
    /// without the prefix and the message types its consumer takes.</param>
    public ConsumerMetrics(IMeterFactory meters, IReadOnlyDictionary<string, (string Queue, IReadOnlyList<Type> MessageTypes)> consumers)
    {
        _labels = consumers.ToDictionary(c => c.Key, c => new TagList
        {
            { ConsumerLabel, c.Value.Queue },
            { MessageTypeLabel, string.Join(',', c.Value.MessageTypes.Select(t => t.Name)) },
        }, StringComparer.Ordinal);
        var meter = meters.Create(Outbox.OutboxMetrics.MeterName);
        _handled = meter.CreateCounter<long>("governance.consumer.handled", "{message}",
            "Messages a consumer handled (its effect committed, or a redelivery its inbox recognised)");
        _retried = meter.CreateCounter<long>("governance.consumer.retried", "{retry}",
            "Retries of a message after a failed attempt (in the consuming process, with backoff)");
        _faulted = meter.CreateCounter<long>("governance.consumer.faulted", "{message}",
            "Messages moved to the consumer's _error queue after every retry failed: they wait there for someone to fix the cause and move them back");
    }

    /// <summary>Every consumer's series at 0, once the bus runs (so an alert on the error queue has them before the first fault).</summary>
    public void Started()
    {
        foreach (var labels in _labels.Values)
        {
            _handled.Add(0, labels);
            _retried.Add(0, labels);
            _faulted.Add(0, labels);
        }
    }

    Task IReceiveObserver.PreReceive(ReceiveContext context) => Task.CompletedTask;

    Task IReceiveObserver.PostReceive(ReceiveContext context)
    {
        // A consumer that failed after its retries marks the receive faulted; the message then went to _error.
        if (context.IsFaulted && LabelsOf(context) is { } labels)
        {
            _faulted.Add(1, labels);
        }
        return Task.CompletedTask;
    }

    Task IReceiveObserver.PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
    {
        if (LabelsOf(context.ReceiveContext) is { } labels)
        {
            _handled.Add(1, labels);
        }
        return Task.CompletedTask;
    }

    Task IReceiveObserver.ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) =>
        Task.CompletedTask;

    Task IReceiveObserver.ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;

    Task IRetryObserver.PostCreate<T>(RetryPolicyContext<T> context) => Task.CompletedTask;

    Task IRetryObserver.PostFault<T>(RetryContext<T> context) => Task.CompletedTask;

    Task IRetryObserver.PreRetry<T>(RetryContext<T> context)
    {
        if (context.Context is ConsumeContext consume && LabelsOf(consume.ReceiveContext) is { } labels)
        {
            _retried.Add(1, labels);
        }
        return Task.CompletedTask;
    }

    Task IRetryObserver.RetryFault<T>(RetryContext<T> context) => Task.CompletedTask;

    Task IRetryObserver.RetryComplete<T>(RetryContext<T> context) => Task.CompletedTask;

    /// <summary>The labels of the queue the message came in on: the last segment of the endpoint's address.</summary>
    private TagList? LabelsOf(ReceiveContext context) =>
        context.InputAddress?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() is { } queue
        && _labels.TryGetValue(queue, out var labels) ? labels : null;
}
