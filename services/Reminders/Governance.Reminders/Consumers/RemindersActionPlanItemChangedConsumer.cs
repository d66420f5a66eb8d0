using Governance.Messaging.Consumers;
using Governance.Messaging.Hosting;
using Governance.Reminders.Domain;
using Governance.Surveys.Events;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Governance.Reminders.Consumers;

/// <summary>An action plan item changed (the whole item as it is now): its reminder follows it, and is
/// done when the item is done, dropped when it is cancelled, open again when it is reopened
/// (<see cref="SurveyReminders.PlanActionPlanItem"/>); a version not above the one applied changes nothing.</summary>
public sealed class RemindersActionPlanItemChangedConsumer(MeetingsFeed feed, SurveysFeed surveys) : IConsumer<ActionPlanItemChanged>
{
    /// <summary>The queue (after the prefix) and the inbox key.</summary>
    public const string Queue = "reminders-action-plan-item-changed";

    public Task Consume(ConsumeContext<ActionPlanItemChanged> context)
    {
        var facts = SurveysFeed.FactsOf(context.Message);
        return feed.ApplyOnceAsync(context, Queue, (s, now) => surveys.ApplyActionPlanItemAsync(s, facts, now));
    }
}

public sealed class RemindersActionPlanItemChangedDefinition(IOptions<MessagingOptions> options)
    : QueueDefinition<RemindersActionPlanItemChangedConsumer>(RemindersActionPlanItemChangedConsumer.Queue, options);
