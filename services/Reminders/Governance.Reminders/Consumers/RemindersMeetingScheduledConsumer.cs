using Governance.Meetings.Events;
using Governance.Messaging.Consumers;
using Governance.Messaging.Hosting;
using Governance.Reminders.Domain;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Governance.Reminders.Consumers;

/// <summary>A meeting was scheduled: it becomes a date of the calendar sections that follow its body,
/// with its title as the topic ("25. september: Vækst- og Erhvervspolitik").</summary>
public sealed class RemindersMeetingScheduledConsumer(MeetingsFeed feed) : IConsumer<MeetingScheduled>
{
    public const string Queue = "reminders-meeting-scheduled";

    public Task Consume(ConsumeContext<MeetingScheduled> context)
    {
        var m = context.Message;
        var meeting = new ForumMeetingRecord(MeetingsNames.MeetingId(m.Meeting), MeetingsNames.BodyId(m.Body),
            DateOnly.FromDateTime(CopenhagenTime.ToLocal(m.StartTime.UtcDateTime)), m.Title, Cancelled: false, m.Version,
            m.StartTime.UtcDateTime, m.Room);
        return feed.ApplyOnceAsync(context, Queue, (s, _) => s.UpsertForumMeetingAsync(meeting));
    }
}

public sealed class RemindersMeetingScheduledDefinition(IOptions<MessagingOptions> options)
    : QueueDefinition<RemindersMeetingScheduledConsumer>(RemindersMeetingScheduledConsumer.Queue, options);
