namespace Governance.Testing;

/// <summary>A clock a test moves on (<see cref="Advance"/>): what the services read as now. Timers and
/// delays still run in real time, so a background loop keeps its pace while the days pass.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public TestClock() : this(DateTimeOffset.UtcNow)
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
