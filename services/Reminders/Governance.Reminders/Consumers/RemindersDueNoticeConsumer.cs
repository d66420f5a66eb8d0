using Governance.Messaging.Consumers;
using Governance.Messaging.Hosting;
using Governance.Reminders.Domain;
using Governance.Reminders.Events;
using Governance.Reminders.Notices;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Governance.Reminders.Consumers;

/// <summary>A reminder fell due: its responsible units are told by e-mail (the addresses of
/// <c>Governance:Reminders:Mail:Units</c>; a unit without one is skipped). The message is recorded in
/// the inbox in the transaction that sends it: a failed send throws, rolls the record back and is
/// retried by MassTransit; a redelivered message is not sent twice.</summary>
public sealed partial class RemindersDueNoticeConsumer(MeetingsFeed feed, NoticeMailer mailer, ILogger<RemindersDueNoticeConsumer> logger)
    : IConsumer<ReminderDue>
{
    public const string Queue = "reminders-due-notice";

    public Task Consume(ConsumeContext<ReminderDue> context)
    {
        var m = context.Message;
        var addresses = m.Responsible.Select(u => mailer.Options.Units.TryGetValue(u, out var a) ? a : null).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (addresses.Count == 0)
        {
            LogNoAddress(logger, m.Reminder, string.Join(", ", m.Responsible));
            return Task.CompletedTask;
        }
        var letter = NoticeText.Due(m.Reminder, m.Body, m.Closed ? null : m.Subject, m.DueAt.UtcDateTime, m.OverdueAt.UtcDateTime, m.Responsible);
        return feed.ApplyOnceAsync(context, Queue, (_, now) =>
            mailer.SendAsync(mailer.Compose(letter, addresses, $"{context.MessageId}@reminders.governance", now), context.CancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No e-mail address configured for the units {Units} of {Reminder}: no notice sent")]
    private static partial void LogNoAddress(ILogger logger, string reminder, string units);
}

public sealed class RemindersDueNoticeDefinition(IOptions<MessagingOptions> options)
    : QueueDefinition<RemindersDueNoticeConsumer>(RemindersDueNoticeConsumer.Queue, options);
