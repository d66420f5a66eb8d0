using System.Diagnostics;
using MassTransit;

namespace Governance.Messaging.Tracing;

/// <summary>
/// Continues the trace of the call that caused a message: the relay sends the W3C traceparent it
/// stored with the outbox row as a header, and this filter makes it the parent of an activity around
/// the consumer, so logs, outbox rows the consumer writes, and exporters share the trace id.
/// </summary>
public sealed class TraceContextConsumeFilter<T> : IFilter<ConsumeContext<T>>
    where T : class
{
    public const string ActivityName = "Governance.Messaging.Consume";

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var traceParent = context.Headers.Get<string>(TraceHeaders.TraceParent);
        if (traceParent is null || Activity.Current?.TraceId.ToHexString() == TraceHeaders.TraceIdOf(traceParent))
        {
            await next.Send(context);
            return;
        }
        using var activity = new Activity(ActivityName);
        activity.SetParentId(traceParent);
        if (context.Headers.Get<string>(TraceHeaders.TraceState) is { } state)
        {
            activity.TraceStateString = state;
        }
        activity.Start();
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("governance-trace-context");
}

/// <summary>The W3C trace context headers as they travel on messages.</summary>
public static class TraceHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>The trace id (32 hex digits) of a traceparent "00-{trace}-{span}-{flags}", or null.</summary>
    public static string? TraceIdOf(string? traceParent) =>
        traceParent is { Length: >= 55 } && traceParent[2] == '-' ? traceParent.Substring(3, 32) : null;
}
