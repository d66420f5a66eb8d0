using System.Diagnostics;
using HdrHistogram;

namespace Governance.Bench;

/// <summary>One call of a scenario; <c>i</c> is a running number the call may use to pick its target.</summary>
internal delegate Task Call(long i, CancellationToken cancellationToken);

/// <summary>What one measured phase gave: calls, errors, seconds, latency histogram (microseconds), CPU.</summary>
internal sealed record Measurement(long Calls, long Errors, double Seconds, LongHistogram Latency, Cpu Cpu, string? FirstError)
{
    public double PerSecond => Calls / Seconds;

    /// <summary>Stopwatch timestamps of the measured window (closed loop).</summary>
    public long WindowStart { get; init; }

    public long WindowEnd { get; init; }

    public double P50Ms => Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(50) / 1000.0;

    public double P95Ms => Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(95) / 1000.0;

    public double P99Ms => Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(99) / 1000.0;
}

/// <summary>CPU milliseconds used during a phase by the host, the database server and the client.</summary>
internal sealed record Cpu(double HostMs, double DatabaseMs, double ClientMs)
{
    public Cpu PerCall(long calls) => calls == 0 ? this : new(HostMs / calls, DatabaseMs / calls, ClientMs / calls);
}

/// <summary>Samples CPU of the three parties at the start and end of a measured phase (the database
/// side is null when its processes cannot be seen, and on SQLite, where the store is in the host).</summary>
internal sealed class CpuMeter(Func<double> host, Func<double>? database)
{
    public Func<Cpu> Start()
    {
        var (h, d, c) = (host(), database?.Invoke() ?? 0, ProcessCpu.SelfMilliseconds());
        return () => new Cpu(host() - h, (database?.Invoke() ?? 0) - d, ProcessCpu.SelfMilliseconds() - c);
    }
}

internal static class Load
{
    /// <summary>Highest latency the histograms track: 60 s in microseconds (3 significant digits).</summary>
    private const long HighestMicroseconds = 60_000_000;

    public static LongHistogram NewHistogram() => new(HighestMicroseconds, 3);

    /// <summary>
    /// Closed loop: <paramref name="inFlight"/> callers, each starting its next call when the last one
    /// answered, for <paramref name="warmUp"/> unmeasured and then <paramref name="duration"/> measured.
    /// </summary>
    public static async Task<Measurement> ClosedLoopAsync(Call call, int inFlight, TimeSpan warmUp, TimeSpan duration, CpuMeter meter)
    {
        long counter = 0;
        var phase = 0; // 0 warm-up, 1 measured, 2 done
        var histograms = Enumerable.Range(0, inFlight).Select(_ => NewHistogram()).ToArray();
        var calls = new long[inFlight];
        var errors = new long[inFlight];
        string? firstError = null;
        async Task Caller(int worker)
        {
            while (Volatile.Read(ref phase) < 2)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await call(Interlocked.Increment(ref counter), CancellationToken.None);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                    if (Volatile.Read(ref phase) == 1)
                    {
                        errors[worker]++;
                    }
                    continue;
                }
                // Calls that answered inside the measured phase count (throughput is answers a second).
                if (Volatile.Read(ref phase) == 1)
                {
                    histograms[worker].RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds));
                    calls[worker]++;
                }
            }
        }
        var callers = Enumerable.Range(0, inFlight).Select(w => Task.Run(() => Caller(w))).ToArray();
        await Task.Delay(warmUp);
        var stopCpu = meter.Start();
        var began = Stopwatch.GetTimestamp();
        Volatile.Write(ref phase, 1);
        await Task.Delay(duration);
        Volatile.Write(ref phase, 2);
        var ended = Stopwatch.GetTimestamp();
        var seconds = Stopwatch.GetElapsedTime(began, ended).TotalSeconds;
        var cpu = stopCpu();
        await Task.WhenAll(callers);
        var total = NewHistogram();
        foreach (var h in histograms)
        {
            total.Add(h);
        }
        return new Measurement(calls.Sum(), errors.Sum(), seconds, total, cpu, firstError) { WindowStart = began, WindowEnd = ended };
    }

    /// <summary>
    /// Open loop: calls start on a fixed schedule, <paramref name="perSecond"/> a second, whether or not
    /// earlier ones answered; each latency counts from the call's intended start, so a stall delays
    /// the calls behind it in the numbers too (no coordinated omission).
    /// </summary>
    public static async Task<Measurement> OpenLoopAsync(Call call, double perSecond, TimeSpan warmUp, TimeSpan duration, CpuMeter meter)
    {
        var interval = Stopwatch.Frequency / perSecond;
        var histogram = NewHistogram();
        long calls = 0, errors = 0, counter = 0;
        string? firstError = null;
        var pending = new List<Task>();
        var origin = Stopwatch.GetTimestamp();
        var measureFrom = origin + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        Func<Cpu>? stopCpu = null;
        for (long n = 0; ; n++)
        {
            var intended = origin + (long)(n * interval);
            if (intended >= end)
            {
                break;
            }
            var wait = intended - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 500)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            }
            while (Stopwatch.GetTimestamp() < intended)
            {
                Thread.SpinWait(50);
            }
            if (stopCpu is null && intended >= measureFrom)
            {
                stopCpu = meter.Start();
            }
            var measured = intended >= measureFrom;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    await call(Interlocked.Increment(ref counter), CancellationToken.None);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                    if (measured)
                    {
                        Interlocked.Increment(ref errors);
                    }
                    return;
                }
                if (measured)
                {
                    var micros = Math.Max(1, (long)Stopwatch.GetElapsedTime(intended).TotalMicroseconds);
                    lock (histogram)
                    {
                        histogram.RecordValue(Math.Min(micros, HighestMicroseconds));
                    }
                    Interlocked.Increment(ref calls);
                }
            }));
            if (pending.Count > 4096)
            {
                pending.RemoveAll(t => t.IsCompleted);
            }
        }
        await Task.WhenAll(pending);
        // The rate is what the schedule offered; CPU counts until the last call answered.
        var seconds = duration.TotalSeconds;
        var cpu = (stopCpu ?? meter.Start())();
        return new Measurement(calls, errors, seconds, histogram, cpu, firstError);
    }
}
