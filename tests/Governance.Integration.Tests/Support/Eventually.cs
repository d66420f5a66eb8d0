using Xunit.Sdk;

namespace Governance.Integration.Tests.Support;

/// <summary>
/// Waiting for something that happens asynchronously (an event arriving, a consumer's effect, a queue
/// filling): reads until the condition holds, and fails with what it last read once the time is up.
/// Never a sleep standing in for an assertion.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Reads with <paramref name="read"/> until <paramref name="done"/> holds and returns that
    /// reading; otherwise fails after <paramref name="timeout"/> with <paramref name="failure"/> of the
    /// last reading.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, Func<T, string> failure, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException(failure(value));
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(condition, done => done, _ => $"Timed out waiting for {what}", timeout);
}
