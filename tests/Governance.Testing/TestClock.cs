namespace Governance.Testing;

/// <summary>The services' clock in a test host: the real time, moved on by what the test has
/// <see cref="Advance"/>d it. A test that never moves it sees the real clock; one that does sees days
/// pass at once. Timers and delays still run in real time, so background loops keep their pace.</summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
