using System.Diagnostics.Metrics;

namespace Governance.Reminders.Due;

/// <summary>
/// The due sweep as operations watch it (meter "Governance.Reminders"): its lag, the seconds since it last
/// finished a round without error (since the process started, until the first). Each round takes every
/// reminder due at its start, so a lag well over the sweep's interval means due notices are late: the
/// sweep fails (its log says why) or has stopped. And the notices it published.
/// </summary>
public sealed class DueSweepMetrics
{
    public const string MeterName = "Governance.Reminders";

    private readonly TimeProvider _clock;
    private readonly Counter<long> _notices;
    private long _lastSweptTicks;

    public DueSweepMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        _lastSweptTicks = clock.GetUtcNow().UtcTicks;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("governance.reminders.due_sweep.lag",
            () => Math.Max(0, (_clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastSweptTicks)) / (double)TimeSpan.TicksPerSecond),
            "s", "Seconds since the due sweep last finished a round without error (since the start, before the first): well over its interval means due notices are late");
        _notices = meter.CreateCounter<long>("governance.reminders.due_notices.published", "{notice}",
            "Due and overdue notices the due sweep queued for publishing");
    }

    /// <summary>A round finished without error at <paramref name="at"/>, queueing <paramref name="published"/> notices.</summary>
    public void Swept(DateTimeOffset at, int published)
    {
        Interlocked.Exchange(ref _lastSweptTicks, at.UtcTicks);
        _notices.Add(published);
    }
}
