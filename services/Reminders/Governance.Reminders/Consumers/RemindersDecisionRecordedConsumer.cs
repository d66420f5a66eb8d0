using Governance.Meetings.Events;
using Governance.Messaging.Consumers;
using Governance.Messaging.Hosting;
using Governance.Reminders.Domain;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Governance.Reminders.Consumers;

/// <summary>A decision's follow-ups (and referrals with an expected date) become reminders on its
/// body's list; an edited or corrected decision updates them (<see cref="DecisionFollowUps"/>).</summary>
public sealed class RemindersDecisionRecordedConsumer(MeetingsFeed feed) : IConsumer<DecisionRecorded>
{
    /// <summary>The queue (after the prefix) and the inbox key.</summary>
    public const string Queue = "reminders-decision-recorded";

    public Task Consume(ConsumeContext<DecisionRecorded> context)
    {
        var m = context.Message;
        var facts = new DecisionFacts(m.Decision, m.Corrects, m.Meeting, MeetingsNames.BodyId(m.Body), m.Entry.JournalNumber, m.Entry.Closed,
            [.. m.FollowUps.Select(f => new FollowUp(f.Description, f.Unit, f.DueDate))], MeetingsFeed.Microsecond(m.OccurredAt.UtcDateTime),
            [.. m.Referrals.Select(r => new Referral(r.BodyDisplayName, r.ExpectedDate, r.Text))], m.Entry.Title ?? $"Punkt {m.Entry.Number}");
        return feed.ApplyOnceAsync(context, Queue, (s, now) => MeetingsFeed.ApplyDecisionAsync(s, facts, now));
    }
}

public sealed class RemindersDecisionRecordedDefinition(IOptions<MessagingOptions> options)
    : QueueDefinition<RemindersDecisionRecordedConsumer>(RemindersDecisionRecordedConsumer.Queue, options);
