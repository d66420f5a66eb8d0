namespace Governance.Bench;

/// <summary>Latency samples of one scenario, summarised.</summary>
internal sealed record Stats(string Name, IReadOnlyList<double> Milliseconds, double PerSecond)
{
    public double Percentile(double p)
    {
        var sorted = Milliseconds.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public string Line() => Milliseconds.Count == 0
        ? $"{Name,-36} {PerSecond,8:F1} events/s"
        : $"{Name,-36} p50 {Percentile(50),8:F2} ms   p95 {Percentile(95),8:F2} ms";
}
