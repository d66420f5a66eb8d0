using System.Diagnostics;

namespace Governance.ServiceDefaults.Hosting;

/// <summary>
/// Makes ASP.NET Core start an <see cref="Activity"/> for every request, so each call has a trace id that
/// travels with the events it queues (the outbox keeps the W3C traceparent) and lands on timeline
/// entries. ASP.NET Core starts one only when something listens: its hosting log category, a diagnostic
/// listener or an ActivitySource listener. The hosting category is switched off where request paths carry
/// secrets (the survey pages' tokens), so this listener keeps the ids: propagation data only, nothing
/// recorded, whatever exporters are configured.
/// </summary>
public static class RequestActivities
{
    /// <summary>ASP.NET Core's ActivitySource.</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    private static readonly Lazy<ActivityListener> Listener = new(() =>
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AspNetCoreSource,
            // Ids for propagation; an exporter's own listener decides what is recorded.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    });

    /// <summary>Listens from now on, once per process (every host in it shares the listener).</summary>
    public static void EnsureStarted() => _ = Listener.Value;
}
