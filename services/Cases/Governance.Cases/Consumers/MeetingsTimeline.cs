using System.Diagnostics;
using Governance.Cases.Data;
using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.Meetings.Events;
using Governance.Messaging.Inbox;
using MassTransit;

namespace Governance.Cases.Consumers;

/// <summary>
/// The writer the Meetings consumers share (one consumer per event, each in its own file): writes what
/// a Meetings event says about a case into its timeline (and decision texts into the
/// search), linked by journal number. The message is recorded in the inbox in the same transaction,
/// so a redelivered message has no second effect. A journal number that is not one throws: the
/// message is retried and then parked in the error queue, never dropped.
/// </summary>
public sealed class MeetingsTimeline(CasesStore store, TimeProvider clock)
{
    public const string Actor = "meetings";

    /// <summary>Records what one message says, once: <paramref name="inboxKey"/> is the consumer's queue
    /// name (without prefix), under which the inbox remembers the message. <paramref name="replace"/>, when given, runs after
    /// the inbox check and before the entries are written: it clears what an earlier version of the
    /// same thing wrote, or returns false when what is held is newer; then the message counts as
    /// handled (inbox) and writes nothing.</summary>
    public async Task RecordAsync(ConsumeContext context, string inboxKey, string journalNumber,
        Func<CaseKey, string, IEnumerable<TimelineRecord>> entries, Func<CaseKey, SearchEntry?>? search = null,
        Func<CasesSession, Task<bool>>? replace = null)
    {
        var key = JournalNumbers.TryParse(journalNumber)
            ?? throw new MalformedJournalNumberException(journalNumber, inboxKey);
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{inboxKey}: the message has no MessageId.");
        await using var session = await store.BeginAsync(write: true, context.CancellationToken);
        if (!await Inbox.TryRecordAsync(session.Connection, session.Transaction, inboxKey, messageId, clock.GetUtcNow().UtcDateTime))
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

    /// <summary>The item as the entries name it (<see cref="Wording.Item"/>).</summary>
    public static string ItemText(string bodyDisplayName, DateTimeOffset startTime, AgendaEntry entry) =>
        Wording.Item(bodyDisplayName, startTime, entry.Number, entry.Title);

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
