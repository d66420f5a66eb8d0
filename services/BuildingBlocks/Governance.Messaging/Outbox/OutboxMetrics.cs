using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Governance.Messaging.Outbox;

/// <summary>
/// The outboxes of this process, per service, as their relays report them while they work (no query per
/// scrape): the rows waiting and the age of the oldest (from what the relay last read, so within a poll
/// interval; the age grows between reads), the rows parked (counted at most every
/// <see cref="ParkedRecount"/>), the rows published, and the relay's failures. Meter
/// "Governance.Messaging", one series per service.
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "Governance.Messaging";

    /// <summary>The label naming the service whose outbox it is ("governance.service": "service" is taken by
    /// Prometheus' Kubernetes discovery).</summary>
    public const string ServiceLabel = "governance.service";

    /// <summary>How often a relay counts its parked rows: an operator's command in another process
    /// changes them, so a relay counts again now and then, not only when it parks one itself.</summary>
    public static readonly TimeSpan ParkedRecount = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, Backlog> _backlogs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _parked = new(StringComparer.Ordinal);
    private readonly Counter<long> _published;
    private readonly Counter<long> _failures;
    private readonly TimeProvider _clock;

    public OutboxMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("governance.outbox.pending", () => _backlogs.Select(b => new Measurement<long>(b.Value.Pending, Label(b.Key))),
            "{message}", "Outbox rows not yet published (the service's events waiting for the broker), as its relay last read them");
        meter.CreateObservableGauge("governance.outbox.oldest_age", ObserveAges,
            "s", "Age of the oldest outbox row not yet published; 0 when none is waiting");
        meter.CreateObservableGauge("governance.outbox.parked", () => _parked.Select(p => new Measurement<long>(p.Value, Label(p.Key))),
            "{message}", "Outbox rows the relay parked after failing for a reason of their own (e.g. an event type this build does not know); " +
            "they wait for an operator: Governance.Host outbox list|retry|drop");
        _published = meter.CreateCounter<long>("governance.outbox.published", "{message}",
            "Outbox rows published and confirmed by the broker (in-memory bus: handled by the in-process consumers)");
        _failures = meter.CreateCounter<long>("governance.outbox.relay.failures", "{failure}",
            "Relay attempts that failed (broker away, publish not confirmed in time, a row that cannot be published); each backs off and tries again");
    }

    /// <summary>A relay starts: its series exist from now on, at 0, so a rate or an alert has them before the first event.</summary>
    public void Started(string service)
    {
        _backlogs.TryAdd(service, new Backlog(0, null));
        _parked.TryAdd(service, 0);
        _published.Add(0, Label(service));
        _failures.Add(0, Label(service));
    }

    /// <summary>What the relay's last read showed: <paramref name="pending"/> rows waiting, the oldest written at <paramref name="oldestUtc"/>.</summary>
    public void Read(string service, long pending, DateTime? oldestUtc) =>
        _backlogs[service] = new Backlog(pending, pending == 0 ? null : oldestUtc);

    /// <summary>What the relay last counted of its parked rows.</summary>
    public void Parked(string service, long rows) => _parked[service] = rows;

    public void Published(string service, int rows)
    {
        if (rows > 0)
        {
            _published.Add(rows, Label(service));
        }
    }

    public void RelayFailed(string service) => _failures.Add(1, Label(service));

    private IEnumerable<Measurement<double>> ObserveAges()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return _backlogs.Select(b => new Measurement<double>(
            b.Value.OldestUtc is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0, Label(b.Key)));
    }

    private static TagList Label(string service) => new() { { ServiceLabel, service } };

    private sealed record Backlog(long Pending, DateTime? OldestUtc);
}
