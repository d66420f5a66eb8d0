using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Governance.Messaging.Outbox;

/// <summary>
/// The outboxes of this process, per service, as their relays report them while they work (no query per
/// scrape): the rows waiting and the age of the oldest (from what the relay last read, so within a poll
/// interval; the age grows between reads), the rows published, and the relay's failures. Meter
/// "Governance.Messaging", one series per service.
/// </summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "Governance.Messaging";

    /// <summary>The label naming the service whose outbox it is ("governance.service": "service" is taken by
    /// Prometheus' Kubernetes discovery).</summary>
    public const string ServiceLabel = "governance.service";

    private readonly ConcurrentDictionary<string, Backlog> _backlogs = new(StringComparer.Ordinal);
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
        _published = meter.CreateCounter<long>("governance.outbox.published", "{message}",
            "Outbox rows published and confirmed by the broker (in-memory bus: handled by the in-process consumers)");
        _failures = meter.CreateCounter<long>("governance.outbox.relay.failures", "{failure}",
            "Relay attempts that failed (broker away, publish not confirmed in time, a row that cannot be published); each backs off and tries again");
    }

    /// <summary>A relay starts: its series exist from now on, at 0, so a rate or an alert has them before the first event.</summary>
    public void Started(string service)
    {
        _backlogs.TryAdd(service, new Backlog(0, null));
        _published.Add(0, Label(service));
        _failures.Add(0, Label(service));
    }

    /// <summary>What the relay's last read showed: <paramref name="pending"/> rows waiting, the oldest written at <paramref name="oldestUtc"/>.</summary>
    public void Read(string service, long pending, DateTime? oldestUtc) =>
        _backlogs[service] = new Backlog(pending, pending == 0 ? null : oldestUtc);

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
