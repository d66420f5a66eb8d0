namespace Governance.ServiceDefaults.Hosting;

/// <summary>The loop of a service's background work (Reminders' due sweep, the Surveys round sweep): a round
/// every interval until the host stops. A failed round (the database or the SMTP server away) is
/// reported and the next one tried: the work must outlive a failure.</summary>
public static class BackgroundRounds
{
    /// <summary>Runs <paramref name="round"/> until <paramref name="stoppingToken"/> stops it, reporting each
    /// failure to <paramref name="failed"/>, and between rounds waits <paramref name="interval"/> on the
    /// <paramref name="clock"/>, or with <paramref name="wait"/> when given (e.g. until the interval or a
    /// wake-up signal, whichever comes first).</summary>
    public static async Task RunAsync(TimeSpan interval, TimeProvider clock, Func<CancellationToken, Task> round, Action<Exception> failed,
        CancellationToken stoppingToken, Func<TimeSpan, CancellationToken, Task>? wait = null)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await round(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of a round: reported, tried again next round.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failed(ex);
            }
            try
            {
                await (wait is null ? Task.Delay(interval, clock, stoppingToken) : wait(interval, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
