using Governance.Messaging.Consumers;
using Governance.Messaging.Hosting;
using Governance.Reminders.Domain;
using Governance.Surveys.Events;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Governance.Reminders.Consumers;

/// <summary>An item was added to a workplace's APV action plan: its deadline becomes a reminder on the
/// action plan list (<see cref="SurveysFeedOptions"/>). The event carries the whole item, so it is
/// applied as a change is (<see cref="SurveyReminders.PlanActionPlanItem"/>): whichever of an item's
/// events arrives first makes the reminder, and an older one changes nothing.</summary>
public sealed class RemindersActionPlanItemAddedConsumer(MeetingsFeed feed, SurveysFeed surveys) : IConsumer<ActionPlanItemAdded>
{
    /// <summary>The queue (after the prefix) and the inbox key.</summary>
    public const string Queue = "reminders-action-plan-item-added";

    public Task Consume(ConsumeContext<ActionPlanItemAdded> context)
    {
        var facts = SurveysFeed.FactsOf(context.Message);
        return feed.ApplyOnceAsync(context, Queue, (s, now) => surveys.ApplyActionPlanItemAsync(s, facts, now));
    }
}

public sealed class RemindersActionPlanItemAddedDefinition(IOptions<MessagingOptions> options)
    : QueueDefinition<RemindersActionPlanItemAddedConsumer>(RemindersActionPlanItemAddedConsumer.Queue, options);
