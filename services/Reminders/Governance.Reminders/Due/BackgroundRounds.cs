namespace Governance.Reminders.Due;

/// <summary>The loop of the service's background work (the due sweep, the weekly digest): a round
/// every interval until the host stops. A failed round (the database or the SMTP server away) is
/// reported and the next one tried: the work must outlive a failure.</summary>
internal static class BackgroundRounds
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider clock, Func<CancellationToken, Task> round, Action<Exception> failed,
        CancellationToken stoppingToken)
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
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
