using System.Diagnostics;
using MassTransit;

namespace Governance.Messaging.Tracing;

/// <summary>
/// Continues the trace of the call that caused a message: the relay sends the W3C traceparent it
/// stored with the outbox row as a header, and this filter makes it the parent of a span around the
/// consumer (<see cref="MessagingActivities.ConsumeSource"/>), so logs, outbox rows the consumer writes,
/// and exporters share the trace id. When MassTransit's own consume span already continues that trace,
/// it is left to it.
/// </summary>
public sealed class TraceContextConsumeFilter<T> : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var traceParent = context.Headers.Get<string>(TraceHeaders.TraceParent);
        if (traceParent is null || Activity.Current?.TraceId.ToHexString() == TraceHeaders.TraceIdOf(traceParent))
        {
            await next.Send(context);
            return;
        }
        using var activity = MessagingActivities.StartConsume(traceParent, context.Headers.Get<string>(TraceHeaders.TraceState), typeof(T).Name);
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
