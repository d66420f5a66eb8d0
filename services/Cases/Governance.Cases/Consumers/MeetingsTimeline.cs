using System.Diagnostics;
using Governance.Cases.Data;
using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.Meetings.Events;
using Governance.Messaging.Inbox;
using MassTransit;

namespace Governance.Cases.Consumers;

/// <summary>
/// Writes what a Meetings event says about a case into its timeline (and decision texts into the
/// search), linked by journal number. The message is recorded in the inbox in the same transaction,
/// so a redelivered message has no second effect. A journal number that is not one throws: the
/// message is retried and then parked in the error queue, never dropped.
/// </summary>
public sealed class MeetingsTimeline(CasesStore store, TimeProvider clock)
{
    public const string Actor = "meetings";

    /// <summary>Records what one message says, once. <paramref name="replace"/>, when given, runs after
    /// the inbox check and before the entries are written: it clears what an earlier version of the
    /// same thing wrote, or returns false when what is held is newer; then the message counts as
    /// handled (inbox) and writes nothing.</summary>
    public async Task RecordAsync(ConsumeContext context, string consumer, string journalNumber,
        Func<CaseKey, string, IEnumerable<TimelineRecord>> entries, Func<CaseKey, SearchEntry?>? search = null,
        Func<CasesSession, Task<bool>>? replace = null)
    {
        var key = JournalNumbers.TryParse(journalNumber)
            ?? throw new MalformedJournalNumberException(journalNumber, consumer);
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{consumer}: the message has no MessageId.");
        await using var session = await store.BeginAsync(write: true, context.CancellationToken);
        if (!await Inbox.TryRecordAsync(session.Connection, session.Transaction, consumer, messageId, clock.GetUtcNow().UtcDateTime))
        {
            return;
        }
        if (replace is not null && !await replace(session))
        {
            await session.CommitAsync(context.CancellationToken);
            return;
        }
        var traceId = Activity.Current?.TraceId.ToHexString() ?? "";
        foreach (var entry in entries(key, traceId))
        {
            await session.InsertTimelineAsync(entry);
        }
        if (search?.Invoke(key) is { } searchEntry)
        {
            await session.UpsertSearchEntryAsync(searchEntry);
        }
        await session.CommitAsync(context.CancellationToken);
    }

    /// <summary>"Punkt 3, Direktionen 09-03-2017: Budget 2018-21" (no title for a closed item).</summary>
    public static string ItemText(string bodyTitle, DateTimeOffset meetingStart, AgendaEntry entry) =>
        $"Punkt {entry.Number}, {bodyTitle} {CopenhagenTime.ShortDate(meetingStart)}" + (entry.Title is { Length: > 0 } title ? $": {title}" : "");

    public static TimelineRecord Entry(CaseKey key, TimelineEntryKind kind, DateTimeOffset at, string text, string traceId, string resource,
        string meeting, string bodyTitle, AgendaEntry item, string outcome = "") => new()
        {
            Id = Ids.NewId(),
            Case = key,
            Kind = kind,
            OccurredAt = Microsecond(at.UtcDateTime),
            Text = text,
            Actor = Actor,
            Resource = resource,
            Meeting = meeting,
            BodyTitle = bodyTitle,
            ItemNumber = item.Number,
            Outcome = outcome,
            TraceId = traceId,
        };

    /// <summary>An instant as the timeline stores it (PostgreSQL keeps microseconds).</summary>
    public static DateTime Microsecond(DateTime utc) => utc.AddTicks(-(utc.Ticks % TimeSpan.TicksPerMicrosecond));
}

/// <summary>The case appeared on an agenda. (Consumer names start with "Cases": they name the queues.)</summary>
public sealed class CasesAgendaItemAddedConsumer(MeetingsTimeline timeline) : IConsumer<AgendaItemAdded>
{
    public Task Consume(ConsumeContext<AgendaItemAdded> context)
    {
        var m = context.Message;
        return timeline.RecordAsync(context, "cases.agenda-item-added", m.Entry.JournalNumber, (key, trace) =>
        [
            MeetingsTimeline.Entry(key, TimelineEntryKind.AgendaItemAdded, m.AddedAt,
                (m.Supplement ? "Tillæg: " : "") + MeetingsTimeline.ItemText(m.BodyTitle, m.MeetingStart, m.Entry),
                trace, m.Entry.Item, m.Meeting, m.BodyTitle, m.Entry),
        ]);
    }
}

/// <summary>A decision on the case: the decision, and each referral and follow-up it made. Meetings
/// re-publishes a decision edited before the minutes are approved under the same name: the newer
/// version replaces the decision's entries (timeline and search); an older one arriving late changes
/// nothing (compared by <see cref="DecisionRecorded.RecordedAt"/>).</summary>
public sealed class CasesDecisionRecordedConsumer(MeetingsTimeline timeline) : IConsumer<DecisionRecorded>
{
    public Task Consume(ConsumeContext<DecisionRecorded> context)
    {
        var m = context.Message;
        return timeline.RecordAsync(context, "cases.decision-recorded", m.Entry.JournalNumber, (key, trace) =>
        {
            var item = MeetingsTimeline.ItemText(m.BodyTitle, m.MeetingStart, m.Entry);
            var decision = (m.Corrects is null ? "Beslutning" : "Rettet beslutning") + $" ({m.Outcome}), {item}" +
                (m.Text is { Length: > 0 } text ? $" — {text}" : "");
            var entries = new List<TimelineRecord>
            {
                MeetingsTimeline.Entry(key, TimelineEntryKind.DecisionRecorded, m.RecordedAt, decision, trace, m.Decision, m.Meeting,
                    m.BodyTitle, m.Entry, m.Outcome),
            };
            entries.AddRange(m.Referrals.Select(r => MeetingsTimeline.Entry(key, TimelineEntryKind.Referred, m.RecordedAt,
                $"Oversendt til {r.BodyDisplayName}" + (r.ExpectedDate is { } date ? $" ({CopenhagenTime.ShortDate(date)})" : "") +
                (r.Text.Length > 0 ? $": {r.Text}" : ""), trace, m.Decision, m.Meeting, m.BodyTitle, m.Entry, m.Outcome)));
            entries.AddRange(m.FollowUps.Select(f => MeetingsTimeline.Entry(key, TimelineEntryKind.FollowUp, m.RecordedAt,
                $"Opfølgning ({f.Unit}): {f.Description}" + (f.DueDate is { } due ? $", frist {CopenhagenTime.ShortDate(due)}" : ""),
                trace, m.Decision, m.Meeting, m.BodyTitle, m.Entry, m.Outcome)));
            return entries;
        }, key => m.Text is { Length: > 0 } text && !m.Entry.Closed
            ? new SearchEntry(Ids.NewId(), key, SearchField.DecisionText, m.Decision, text)
            : null,
            session => session.ReplaceDecisionAsync(m.Decision, MeetingsTimeline.Microsecond(m.RecordedAt.UtcDateTime)));
    }
}

/// <summary>The case's item was postponed (udsat), possibly to a named meeting.</summary>
public sealed class CasesItemPostponedConsumer(MeetingsTimeline timeline) : IConsumer<ItemPostponed>
{
    public Task Consume(ConsumeContext<ItemPostponed> context)
    {
        var m = context.Message;
        return timeline.RecordAsync(context, "cases.item-postponed", m.Entry.JournalNumber, (key, trace) =>
        [
            MeetingsTimeline.Entry(key, TimelineEntryKind.ItemPostponed, m.PostponedAt,
                $"Udsat: {MeetingsTimeline.ItemText(m.BodyTitle, m.MeetingStart, m.Entry)}" +
                (m.TargetMeeting is not null ? $" (til {m.TargetMeeting})" : ""),
                trace, m.CarriedItem ?? m.Entry.Item, m.Meeting, m.BodyTitle, m.Entry, "POSTPONED"),
        ]);
    }
}
