using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.Meetings.Events;
using Governance.Messaging.Consumers;
using Governance.Messaging.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Governance.Cases.Consumers;

/// <summary>A decision on the case: the decision, and each referral and follow-up it made. Meetings
/// re-publishes a decision edited before the minutes are approved under the same name: the newer
/// version replaces the decision's entries (timeline and search); an older one arriving late changes
/// nothing (<see cref="DecisionVersions.Replaces"/>, by <see cref="DecisionRecorded.Version"/>).</summary>
public sealed class CasesDecisionRecordedConsumer(MeetingsTimeline timeline) : IConsumer<DecisionRecorded>
{
    /// <summary>The queue (after the prefix) and the inbox key.</summary>
    public const string Queue = "cases-decision-recorded";

    public Task Consume(ConsumeContext<DecisionRecorded> context)
    {
        var m = context.Message;
        return timeline.RecordAsync(context, Queue, m.Entry.JournalNumber, (key, trace) =>
        {
            var item = MeetingsTimeline.ItemText(m.BodyDisplayName, m.StartTime, m.Entry);
            var entries = new List<TimelineRecord>
            {
                MeetingsTimeline.Entry(key, TimelineEntryKind.DecisionRecorded, m.OccurredAt,
                    Wording.Decision(m.OutcomeText, m.Corrects is not null, item, m.Text), trace, m.Decision, m.Meeting, m.BodyDisplayName, m.Entry, m.Outcome),
            };
            entries.AddRange(m.Referrals.Select(r => MeetingsTimeline.Entry(key, TimelineEntryKind.Referred, m.OccurredAt,
                Wording.Referral(r.BodyDisplayName, r.ExpectedDate, r.Text), trace, m.Decision, m.Meeting, m.BodyDisplayName, m.Entry, m.Outcome)));
            entries.AddRange(m.FollowUps.Select(f => MeetingsTimeline.Entry(key, TimelineEntryKind.FollowUp, m.OccurredAt,
                Wording.FollowUp(f.Unit, f.Description, f.DueDate), trace, m.Decision, m.Meeting, m.BodyDisplayName, m.Entry, m.Outcome)));
            return entries;
        }, key => m.Text is { Length: > 0 } text && !m.Entry.Closed
            ? new SearchEntry(Ids.NewId(), key, SearchField.DecisionText, m.Decision, text)
            : null,
            session => session.ReplaceDecisionAsync(m.Decision, m.Version));
    }
}

public sealed class CasesDecisionRecordedDefinition(IOptions<MessagingOptions> options)
    : QueueDefinition<CasesDecisionRecordedConsumer>(CasesDecisionRecordedConsumer.Queue, options);
