using Governance.Messaging.Outbox;
using Governance.Reminders.Consumers;
using Governance.Reminders.Data;
using Governance.Reminders.Domain;
using Governance.Reminders.Publishing;
using Governance.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Governance.Reminders.Due;

/// <summary>How often the due sweep runs and how many reminders one transaction takes
/// (<c>Governance:Reminders:Due</c>).</summary>
public sealed class DueSweepOptions
{
    public const string Section = "Governance:Reminders:Due";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    public int BatchSize { get; set; } = 100;

    public static DueSweepOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<DueSweepOptions>() ?? new DueSweepOptions();
        if (options.Interval <= TimeSpan.Zero || options.BatchSize is < 1 or > 10_000)
        {
            throw new ServiceDefaults.Hosting.StartupConfigurationException(
                $"{Section}: Interval must be positive and BatchSize 1-10000 (set {Section.Replace(":", "__", StringComparison.Ordinal)}__Interval, e.g. 00:01:00).");
        }
        return options;
    }
}

/// <summary>
/// The durable due sweep: finds the open reminders with an occurrence come due or a pending overdue
/// notice (<c>next_due_at</c>, <c>next_overdue_at</c>), plans each one (<see cref="DueNotices.Plan"/>),
/// records each notice in <c>due_notices</c> and queues its event on the outbox, and moves the
/// reminder's due state on: all in one transaction per batch. A notice already recorded is not
/// published again, so two sweepers on one PostgreSQL never both publish one.
/// </summary>
public sealed class DueSweep(RemindersStore store, OutboxSignal outbox, DueSweepOptions options)
{
    /// <summary>Sweeps as of <paramref name="now"/> (UTC) until nothing is due; returns the notices published.</summary>
    public async Task<int> SweepAsync(DateTime now, CancellationToken cancellationToken)
    {
        now = MeetingsFeed.Microsecond(DateTime.SpecifyKind(now, DateTimeKind.Utc));
        var published = 0;
        // Each batch starts past the last reminder the one before took: those are not due any more, but
        // a date keeps its next due time, so every batch would otherwise read past all of them again.
        var afterId = "";
        while (true)
        {
            int taken;
            await using (var s = await store.BeginAsync(write: true, cancellationToken))
            {
                var due = await s.DueRemindersAsync(now, options.BatchSize, afterId);
                taken = due.Count;
                var marks = await MarksOfAsync(s, due);
                var plans = due.Select(d => (d.Reminder, Plan: DueNotices.Plan(d.Reminder, d.AnnouncedDueAt, d.Pending, now,
                    marks.GetValueOrDefault(d.Reminder.Id)))).ToList();
                // The batch's notices recorded together; only those recorded now are published.
                var recorded = await s.TryRecordNoticesAsync(
                    [.. plans.SelectMany(p => p.Plan.Notices.Select(n => new NoticeKey(p.Reminder.Id, n.Occurrence.Key, n.Kind)))], now);
                foreach (var (reminder, plan) in plans)
                {
                    foreach (var notice in plan.Notices)
                    {
                        if (recorded.Contains(new NoticeKey(reminder.Id, notice.Occurrence.Key, notice.Kind)))
                        {
                            var message = ReminderEvents.Of(notice, reminder, now);
                            Outbox.Queue(s.Tail, message, message.Reminder, now);
                            published++;
                        }
                    }
                }
                await s.UpdateDueStatesAsync([.. plans.Select(p => (p.Reminder.Id, p.Plan))]);
                await s.CommitAsync(cancellationToken);
                if (taken > 0)
                {
                    afterId = due[^1].Reminder.Id;
                }
            }
            if (published > 0)
            {
                outbox.Notify();
            }
            // No reminder taken is due any more (DueNotices.IsDue), so a full batch means more may be waiting.
            if (taken < options.BatchSize)
            {
                return published;
            }
        }
    }

    /// <summary>The marked occurrences of the batch's recurring reminders, from the earliest occurrence
    /// a plan looks at (a next due time or a pending overdue notice) on; one statement, none for a
    /// batch without a recurrence (dates and months have no marks).</summary>
    private static async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> MarksOfAsync(RemindersSession s,
        IReadOnlyList<(ReminderRecord Reminder, DateTime? Announced, PendingOverdue? Pending)> due)
    {
        var recurring = due.Where(d => d.Reminder.ExpectedTime is ExpectedTime.Recurring).ToList();
        var from = recurring.SelectMany(d => new[] { d.Reminder.NextDueAt, d.Pending?.DueAtUtc }).OfType<DateTime>().DefaultIfEmpty().Min();
        return recurring.Count == 0
            ? new Dictionary<string, IReadOnlySet<string>>()
            : await s.MarkedKeysOfAsync([.. recurring.Select(d => d.Reminder.Id)], from);
    }
}

/// <summary>Runs the due sweep every <see cref="DueSweepOptions.Interval"/>, on every replica (they
/// share the work through the store's locks). A failed round is logged and tried again next round; a
/// round that finished is reported to <see cref="DueSweepMetrics"/> (its lag).</summary>
public sealed partial class DueSweepService(DueSweep sweep, DueSweepOptions options, TimeProvider clock, DueSweepMetrics metrics,
    ILogger<DueSweepService> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundRounds.RunAsync(options.Interval, clock, async ct =>
        {
            var started = clock.GetUtcNow();
            var published = await sweep.SweepAsync(started.UtcDateTime, ct);
            // As of its start: everything due then is done.
            metrics.Swept(started, published);
            if (published > 0)
            {
                LogPublished(logger, published);
            }
        }, ex => LogFailed(logger, ex), stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Due sweep published {Count} reminder notices")]
    private static partial void LogPublished(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Due sweep failed; trying again next round")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
