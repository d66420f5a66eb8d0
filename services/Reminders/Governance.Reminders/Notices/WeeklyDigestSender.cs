using Governance.Reminders.Data;
using Governance.Reminders.Domain;
using Governance.Reminders.Due;
using Governance.ServiceDefaults.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Governance.Reminders.Notices;

/// <summary>Sends each configured unit its weekly digest: the open reminders of the unit that fall due
/// in the week (<see cref="WeeklyDigest"/>), once per unit and week on all replicas together (the claim
/// in <c>digests_sent</c> commits with the send; a failed send rolls it back and is tried next round).
/// A unit with nothing due that week gets no mail; occurrences marked done or skipped are left out.</summary>
public sealed class WeeklyDigestSender(RemindersStore store, NoticeMailer mailer)
{
    /// <summary>Sends the digests due at <paramref name="now"/>; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(DateTime now, CancellationToken cancellationToken)
    {
        if (!WeeklyDigest.IsSendTime(now))
        {
            return 0;
        }
        var week = WeeklyDigest.WeekContaining(now);
        var sent = 0;
        foreach (var (unit, address) in mailer.Options.Units)
        {
            await using var s = await store.BeginAsync(write: true, cancellationToken);
            if (!await s.TryClaimDigestAsync(unit, week.Key, now))
            {
                continue;
            }
            var reminders = await s.OpenRemindersOfUnitAsync(unit);
            // Occurrences marked done or skipped need no reminding: one statement, none without a recurrence.
            var recurring = reminders.Where(r => r.ExpectedTime is ExpectedTime.Recurring).Select(r => r.Id).ToList();
            var marked = recurring.Count == 0 ? null : await s.MarkedKeysOfAsync(recurring, week.StartUtc);
            var rows = WeeklyDigest.Rows(unit, week, reminders, marked);
            if (rows.Count > 0)
            {
                var letter = NoticeText.Digest(unit, week, rows);
                await mailer.SendAsync(mailer.Compose(letter, [address], $"digest-{week.Key}-{Uri.EscapeDataString(unit)}@reminders.governance", now),
                    cancellationToken);
                sent++;
            }
            await s.CommitAsync(cancellationToken);
        }
        return sent;
    }
}

/// <summary>Looks for digests to send every <see cref="DueSweepOptions.Interval"/>.</summary>
public sealed partial class WeeklyDigestService(WeeklyDigestSender sender, DueSweepOptions options, TimeProvider clock,
    ILogger<WeeklyDigestService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundRounds.RunAsync(options.Interval, clock, ct => sender.SendDueAsync(clock.GetUtcNow().UtcDateTime, ct),
            ex => LogFailed(logger, ex), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weekly digest failed; trying again next round")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
