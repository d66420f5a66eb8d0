using Governance.Meetings.Events;
using Governance.Messaging.Consumers;
using Governance.Messaging.Hosting;
using Governance.Reminders.Domain;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Governance.Reminders.Consumers;

/// <summary>A meeting was cancelled (aflyst): its date leaves the calendar sections that follow its body.</summary>
public sealed class RemindersMeetingCancelledConsumer(MeetingsFeed feed) : IConsumer<MeetingCancelled>
{
    public const string Queue = "reminders-meeting-cancelled";

    public Task Consume(ConsumeContext<MeetingCancelled> context)
    {
        var m = context.Message;
        var meeting = new ForumMeetingRecord(MeetingsNames.MeetingId(m.Meeting), MeetingsNames.BodyId(m.Body),
            DateOnly.FromDateTime(CopenhagenTime.ToLocal(m.StartTime.UtcDateTime)), Title: "", Cancelled: true, m.Version,
            m.StartTime.UtcDateTime);
        return feed.ApplyOnceAsync(context, Queue, (s, _) => s.UpsertForumMeetingAsync(meeting));
    }
}

public sealed class RemindersMeetingCancelledDefinition(IOptions<MessagingOptions> options)
    : QueueDefinition<RemindersMeetingCancelledConsumer>(RemindersMeetingCancelledConsumer.Queue, options);
