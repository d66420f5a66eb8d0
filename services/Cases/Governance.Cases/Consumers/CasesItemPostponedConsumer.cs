using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.Meetings.Events;
using Governance.Messaging.Consumers;
using Governance.Messaging.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Governance.Cases.Consumers;

/// <summary>The case's item was postponed (udsat), possibly to a named meeting: "Udsat til
/// Direktionens møde 23-03-2027: Punkt 3, ...".</summary>
public sealed class CasesItemPostponedConsumer(MeetingsTimeline timeline) : IConsumer<ItemPostponed>
{
    /// <summary>The queue (after the prefix) and the inbox key.</summary>
    public const string Queue = "cases-item-postponed";

    public Task Consume(ConsumeContext<ItemPostponed> context)
    {
        var m = context.Message;
        return timeline.RecordAsync(context, Queue, m.Entry.JournalNumber, (key, trace) =>
        [
            MeetingsTimeline.Entry(key, TimelineEntryKind.ItemPostponed, m.OccurredAt,
                Wording.Postponed(MeetingsTimeline.ItemText(m.BodyDisplayName, m.StartTime, m.Entry), m.TargetMeeting is not null,
                    m.TargetBodyDisplayName, m.TargetStartTime),
                trace, m.CarriedItem ?? m.Entry.Item, m.Meeting, m.BodyDisplayName, m.Entry, "POSTPONED"),
        ]);
    }
}

public sealed class CasesItemPostponedDefinition(IOptions<MessagingOptions> options)
    : QueueDefinition<CasesItemPostponedConsumer>(CasesItemPostponedConsumer.Queue, options);
