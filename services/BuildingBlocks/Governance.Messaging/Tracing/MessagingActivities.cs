using System.Diagnostics;

namespace Governance.Messaging.Tracing;

/// <summary>
/// The spans of the event backbone, each continuing the trace of the call that caused the event (its
/// W3C traceparent, stored with the outbox row and sent as a header): the relay's publish
/// (<see cref="PublishSource"/>) and, where MassTransit's own consume span does not already continue it,
/// the consume (<see cref="ConsumeSource"/>).
/// </summary>
public static class MessagingActivities
{
    public const string PublishSource = "Governance.Messaging.Publish";
    public const string ConsumeSource = "Governance.Messaging.Consume";

    private static readonly ActivitySource Publishing = new(PublishSource);
    private static readonly ActivitySource Consuming = new(ConsumeSource);

    /// <summary>The relay's span around one row's publish: <c>publish {message type}</c>.</summary>
    public static Activity? StartPublish(string traceParent, string? traceState, string messageType) =>
        Start(Publishing, $"publish {messageType}", ActivityKind.Producer, traceParent, traceState);

    /// <summary>The span around a consumer: <c>consume {message type}</c>.</summary>
    public static Activity? StartConsume(string traceParent, string? traceState, string messageType) =>
        Start(Consuming, $"consume {messageType}", ActivityKind.Consumer, traceParent, traceState);

    /// <summary>A span whose parent is <paramref name="traceParent"/>; null when that is no traceparent. When
    /// nothing listens to the source (no tracer in this process), an activity all the same, unrecorded: the
    /// trace id must still reach MassTransit's headers and whatever the consumer writes (its outbox rows).</summary>
    private static Activity? Start(ActivitySource source, string name, ActivityKind kind, string traceParent, string? traceState)
    {
        if (!ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent))
        {
            return null;
        }
        var activity = source.StartActivity(name, kind, parent);
        if (activity is null)
        {
            activity = new Activity(name).SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
            activity.TraceStateString = traceState;
            activity.Start();
        }
        return activity;
    }
}
