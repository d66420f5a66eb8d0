using Dapper;
using Governance.Data.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Governance.Messaging.Hosting;

/// <summary>Purges a service's sent outbox rows and old inbox rows on a schedule
/// (<see cref="MessagingOptions.SentRetention"/>, <see cref="MessagingOptions.InboxRetention"/>).
/// Pending and parked outbox rows (no sent_at) are never purged, however old.</summary>
public sealed partial class MessagingHousekeeping(ServiceDatabase database, MessagingOptions options, TimeProvider clock, ILogger logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeAsync(stoppingToken);
                await Task.Delay(options.PurgeInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Housekeeping must outlive a failure; it is logged and tried again next round.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPurgeFailed(logger, ex, database.Service);
                await Task.Delay(options.PurgeInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Deletes what is past retention; returns (outbox rows, inbox rows) deleted.</summary>
    public async Task<(int Outbox, int Inbox)> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await database.OpenAsync(cancellationToken);
        var outbox = await connection.ExecuteAsync(
            $"DELETE FROM {Outbox.Outbox.Table} WHERE sent_at IS NOT NULL AND sent_at < @before", new { before = now - options.SentRetention });
        var inbox = await connection.ExecuteAsync(
            $"DELETE FROM {Inbox.Inbox.Table} WHERE processed_at < @before", new { before = now - options.InboxRetention });
        if (outbox + inbox > 0)
        {
            LogPurged(logger, database.Service, outbox, inbox);
        }
        return (outbox, inbox);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Messaging housekeeping of {Service}: purged {Outbox} sent outbox rows and {Inbox} inbox rows")]
    private static partial void LogPurged(ILogger logger, string service, int outbox, int inbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messaging housekeeping of {Service} failed; trying again next round")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception, string service);
}
