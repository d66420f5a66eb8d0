using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Governance.ServiceDefaults.Telemetry;

/// <summary>
/// The meter of the service defaults ("Governance.ServiceDefaults"): every RPC the host answers (rate,
/// errors by status code, duration; <see cref="Grpc.GrpcCallMetrics"/> records them) and the build.
/// Labels are the proto's service and method names and the status code: never ids, names or input.
/// </summary>
public sealed class HostMetrics
{
    public const string MeterName = "Governance.ServiceDefaults";

    /// <summary>Buckets of the call duration in seconds: from a cached read (a few ms) to the deadlines
    /// of calls between services (3 s) and a slow report (10 s and more).</summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public HostMetrics(IMeterFactory meters, BuildInfo build)
    {
        var meter = meters.Create(MeterName);
        _calls = meter.CreateCounter<long>("governance.rpc.server.calls", "{call}",
            "gRPC calls answered, by service, method and gRPC status code (OK, NOT_FOUND, ...; HTTP says 200 for all of them)");
        _duration = meter.CreateHistogram("governance.rpc.server.duration", "s",
            "Time from a gRPC call's arrival to its status, by service and method", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableGauge("governance.build.info", () => new Measurement<int>(1,
                new KeyValuePair<string, object?>("version", build.Version), new KeyValuePair<string, object?>("commit", build.Commit)),
            "{build}", "Always 1; the labels say which version and commit this process runs");
    }

    /// <summary>Records one answered call.</summary>
    public void Call(string service, string method, string code, TimeSpan duration)
    {
        var labels = new TagList { { "rpc.service", service }, { "rpc.method", method } };
        _duration.Record(duration.TotalSeconds, labels);
        labels.Add("grpc.code", code);
        _calls.Add(1, labels);
    }
}
