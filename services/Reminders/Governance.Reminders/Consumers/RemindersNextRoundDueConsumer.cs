using Governance.Messaging.Consumers;
using Governance.Messaging.Hosting;
using Governance.Reminders.Domain;
using Governance.Surveys.Events;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Governance.Reminders.Consumers;

/// <summary>An APV round's results were released: the next APV, due three years after it opened,
/// becomes a reminder for HR (<see cref="SurveysFeedOptions"/>), one per round.</summary>
public sealed class RemindersNextRoundDueConsumer(MeetingsFeed feed, SurveysFeed surveys) : IConsumer<NextRoundDue>
{
    /// <summary>The queue (after the prefix) and the inbox key.</summary>
    public const string Queue = "reminders-next-round-due";

    public Task Consume(ConsumeContext<NextRoundDue> context)
    {
        var m = context.Message;
        var facts = new NextRoundFacts(SurveysNames.Round(m.Round), m.DisplayName ?? "", m.DueDate, MeetingsFeed.Microsecond(m.OccurredAt.UtcDateTime),
            m.Version);
        return feed.ApplyOnceAsync(context, Queue, (s, now) => surveys.ApplyNextRoundAsync(s, facts, now));
    }
}

public sealed class RemindersNextRoundDueDefinition(IOptions<MessagingOptions> options)
    : QueueDefinition<RemindersNextRoundDueConsumer>(RemindersNextRoundDueConsumer.Queue, options);
