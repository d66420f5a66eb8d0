using System.Diagnostics.Metrics;

namespace Governance.Surveys.Lifecycle;

/// <summary>
/// The survey e-mails of the open rounds as the round sweep last counted them (meter "Governance.Surveys";
/// nothing is read per scrape): due and not yet sent (the invitation or a reminder, waiting for the next
/// sweep or for another attempt after a failure), and given up after every attempt failed. Totals over the
/// open rounds, no label: a round's id is no label. Nothing is reported before the first sweep.
/// </summary>
public sealed class RoundSweepMetrics
{
    public const string MeterName = "Governance.Surveys";

    private MailTotals? _totals;

    public RoundSweepMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("governance.surveys.mails.pending",
            () => _totals is { } t ? [new Measurement<long>(t.Pending)] : Array.Empty<Measurement<long>>(),
            "{mail}", "Survey e-mails of the open rounds due and not yet sent (waiting for the next sweep, or for another attempt after a failure)");
        meter.CreateObservableGauge("governance.surveys.mails.failed",
            () => _totals is { } t ? [new Measurement<long>(t.Failed)] : Array.Empty<Measurement<long>>(),
            "{mail}", "Survey e-mails of the open rounds given up after every attempt failed: those employees got no link");
    }

    /// <summary>What the sweep counted at its end.</summary>
    public void Counted(long pending, long failed) => _totals = new MailTotals(pending, failed);

    private sealed record MailTotals(long Pending, long Failed);
}
