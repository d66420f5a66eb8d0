using Governance.Messaging.Inbox;
using Governance.Reminders.Data;
using Governance.Reminders.Domain;
using Governance.Reminders.V1;
using MassTransit;

namespace Governance.Reminders.Consumers;

/// <summary>
/// The writer the Meetings consumers share (one consumer per event, each in its own file): applies
/// what an event says to the Reminders store, and records the message in the inbox in the same
/// transaction, so a redelivered message has no second effect.
/// </summary>
public sealed class MeetingsFeed(RemindersStore store, TimeProvider clock)
{
    /// <summary>Runs <paramref name="effect"/> once per message: <paramref name="inboxKey"/> is the
    /// consumer's queue name (without prefix), under which the inbox remembers the message.</summary>
    public async Task ApplyOnceAsync(ConsumeContext context, string inboxKey, Func<RemindersSession, DateTime, Task> effect)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{inboxKey}: the message has no MessageId.");
        await using var session = await store.BeginAsync(write: true, context.CancellationToken);
        var now = Microsecond(clock.GetUtcNow().UtcDateTime);
        if (!await Inbox.TryRecordAsync(session.Connection, session.Transaction, inboxKey, messageId, now))
        {
            return;
        }
        await effect(session, now);
        await session.CommitAsync(context.CancellationToken);
    }

    /// <summary>Brings the reminders of a decision's follow-ups up to date on its body's list
    /// (<see cref="DecisionFollowUps.Plan"/>): new and reopened ones go last, dropped ones leave their place.</summary>
    public static async Task ApplyDecisionAsync(RemindersSession s, DecisionFacts d, DateTime now)
    {
        await s.LockListAsync(d.BodyId);
        var sourceOfCorrected = d.Corrects is null ? null : await s.SourceOfDecisionAsync(d.Corrects);
        var source = DecisionFollowUps.SourceOf(d, sourceOfCorrected);
        var plan = DecisionFollowUps.Plan(d, source, await s.RemindersFromAsync(source), now);
        // From the bottom up, so each gap closes below the places still to be read.
        foreach (var (before, after) in plan.Dropped.OrderByDescending(p => p.Before.Position))
        {
            await s.UpdateReminderAsync(after);
            await s.ShiftRemindersAsync(d.BodyId, before.Position, open: false, moving: after.Id);
        }
        foreach (var r in plan.Changed)
        {
            await s.UpdateReminderAsync(r);
        }
        var count = await s.CountOpenRemindersAsync(d.BodyId);
        foreach (var r in plan.Reopened)
        {
            ListOrder.EnsureRoom(ReminderNames.Body(d.BodyId), count, ListOrder.MaxOpenReminders, "open reminders");
            count++;
            await s.UpdateReminderAsync(r with { Position = count });
        }
        for (var i = 0; i < plan.New.Count; i++)
        {
            // A full list does not lose a follow-up: the message is retried, then parked for an operator.
            ListOrder.EnsureRoom(ReminderNames.Body(d.BodyId), count, ListOrder.MaxOpenReminders, "open reminders");
            count++;
            var record = ReminderEdits.New(plan.New[i], Ids.NewId(), d.BodyId, count, ReminderOrigin.DecisionFollowUp, plan.NewKeys[i], now)
                with { Source = source, SourceAt = d.OccurredAt };
            await s.InsertReminderAsync(record);
        }
    }

    /// <summary>An instant as the store keeps it (PostgreSQL keeps microseconds).</summary>
    public static DateTime Microsecond(DateTime utc) => utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
}
