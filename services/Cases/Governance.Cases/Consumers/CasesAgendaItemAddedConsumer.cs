using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.Meetings.Events;
using Governance.Messaging.Consumers;
using Governance.Messaging.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Governance.Cases.Consumers;

/// <summary>The case appeared on an agenda (also as a supplement, or carried by a postponement).</summary>
public sealed class CasesAgendaItemAddedConsumer(MeetingsTimeline timeline) : IConsumer<AgendaItemAdded>
{
    /// <summary>The queue (after the prefix) and the inbox key.</summary>
    public const string Queue = "cases-agenda-item-added";

    public Task Consume(ConsumeContext<AgendaItemAdded> context)
    {
        var m = context.Message;
        return timeline.RecordAsync(context, Queue, m.Entry.JournalNumber, (key, trace) =>
        [
            MeetingsTimeline.Entry(key, TimelineEntryKind.AgendaItemAdded, m.OccurredAt,
                Wording.ItemAdded(MeetingsTimeline.ItemText(m.BodyDisplayName, m.StartTime, m.Entry), m.Supplement),
                trace, m.Entry.Item, m.Meeting, m.BodyDisplayName, m.Entry),
        ]);
    }
}

public sealed class CasesAgendaItemAddedDefinition(IOptions<MessagingOptions> options)
    : QueueDefinition<CasesAgendaItemAddedConsumer>(CasesAgendaItemAddedConsumer.Queue, options);
