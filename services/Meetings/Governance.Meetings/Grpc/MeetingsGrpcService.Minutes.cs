using Governance.Meetings.Data;
using Governance.Meetings.Domain;
using Governance.Meetings.Minutes;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Meetings.Grpc;

public sealed partial class MeetingsGrpcService
{
    [RequiresAccess(MeetingsAccess.Read)]
    public override Task<V1.Minutes> GetMinutes(GetMinutesRequest request, ServerCallContext context)
    {
        var meetingId = Identifiers.ParseMeeting(request.Meeting, "meeting");
        if (!Enum.IsDefined(request.Audience))
        {
            throw new ValidationException("audience", "is not a known audience (MEMBERS or PUBLIC)");
        }
        // The safe default: without an explicit members audience, closed items are redacted.
        var audience = request.Audience == Audience.Members ? Audience.Members : Audience.Public;
        return _calls.ReadAsync(context, request, async s =>
        {
            var meeting = await RequireMeetingAsync(s, meetingId);
            if (audience == Audience.Members && !CurrentCaller.SeesClosedOf(meeting.BodyId))
            {
                throw new PermissionDeniedException("MEMBERS_ONLY",
                    $"The members' minutes of {request.Meeting} are for the members and the secretariat of its body; ask for AUDIENCE_PUBLIC.");
            }
            if (meeting.State is MeetingState.Planned or MeetingState.Cancelled)
            {
                throw new FailedPreconditionException("MINUTES_NOT_AVAILABLE",
                    $"{request.Meeting} is {MeetingRules.Describe(meeting.State)}; minutes exist once the agenda is published.");
            }
            var agenda = await s.ListItemsAsync(meetingId);
            if (meeting.State == MeetingState.MinutesApproved && await s.GetApprovedMinutesAsync(meetingId, audience) is { } record)
            {
                return await ApprovedMinutesAsync(s, meeting, agenda, record);
            }
            // A draft, or minutes approved before they were kept as a record: composed from what is stored now.
            var body = await RequireBodyAsync(s, meeting.BodyId);
            var items = new List<(ItemRecord, IReadOnlyList<DecisionView>)>();
            foreach (var item in agenda)
            {
                if (item.Kind == ItemKind.Closed && audience == Audience.Members)
                {
                    _calls.ClosedContentRead(Identifiers.ItemName(item.MeetingId, item.Id));
                }
                var history = await DecisionHistoryAsync(s, item);
                items.Add((item, VisibleDecisions(history, asPublic: audience != Audience.Members)));
            }
            return MinutesComposer.Compose(meeting, body, items, audience);
        });
    }

    /// <summary>Composes the minutes of both audiences as they are approved and keeps them: from now on
    /// GetMinutes returns these, whatever changes later. What a record holds cannot depend on who reads
    /// it, so the audience alone decides (<see cref="ApprovedMinutes.InRecord"/>).</summary>
    private static async Task KeepApprovedMinutesAsync(MeetingsSession s, MeetingRecord meeting, BodyRecord body, IReadOnlyList<ItemRecord> items)
    {
        var histories = new List<(ItemRecord Item, IReadOnlyList<DecisionView> History)>();
        foreach (var item in items)
        {
            histories.Add((item, await DecisionHistoryAsync(s, item)));
        }
        foreach (var audience in new[] { Audience.Members, Audience.Public })
        {
            var minutes = MinutesComposer.Compose(meeting, body,
                [.. histories.Select(h => (h.Item, (IReadOnlyList<DecisionView>)[.. h.History.Where(d => ApprovedMinutes.InRecord(d, meeting, audience))]))],
                audience);
            await s.InsertApprovedMinutesAsync(meeting.Id, minutes, meeting.MinutesApprovedAt!.Value);
        }
    }

    /// <summary>The approved record of an audience, unchanged, and after it the corrections recorded
    /// since, through the same rules on closed content as every other view.</summary>
    private async Task<V1.Minutes> ApprovedMinutesAsync(MeetingsSession s, MeetingRecord meeting, IReadOnlyList<ItemRecord> agenda, V1.Minutes record)
    {
        if (record.Audience == Audience.Members)
        {
            await AuditClosedContentAsync(s, record);
        }
        var inRecord = record.Items.SelectMany(i => i.Decisions).Select(d => Identifiers.ParseDecision(d.Name, "name").DecisionId).ToHashSet();
        var corrections = new List<(ItemRecord, IReadOnlyList<DecisionView>)>();
        foreach (var item in agenda)
        {
            var later = ApprovedMinutes.CorrectionsAfterApproval(meeting, record.Audience, await DecisionHistoryAsync(s, item), inRecord);
            if (later.Count > 0)
            {
                corrections.Add((item, VisibleDecisions(later, asPublic: record.Audience != Audience.Members)));
            }
        }
        return MinutesComposer.WithCorrections(record, corrections);
    }

    /// <summary>Audits the closed content a members' record returns, as composing it would: each
    /// closed item, and the item of each decision made on a closed item.</summary>
    private async Task AuditClosedContentAsync(MeetingsSession s, V1.Minutes record)
    {
        var closed = new Dictionary<string, bool>();
        foreach (var entry in record.Items)
        {
            if (entry.Kind == ItemKind.Closed)
            {
                _calls.ClosedContentRead(entry.Item);
            }
            foreach (var decision in entry.Decisions)
            {
                var (meetingId, itemId, _) = Identifiers.ParseDecision(decision.Name, "name");
                var item = Identifiers.ItemName(meetingId, itemId);
                if (!closed.TryGetValue(item, out var isClosed))
                {
                    closed[item] = isClosed = item == entry.Item ? entry.Kind == ItemKind.Closed : (await s.GetItemAsync(itemId))?.Kind == ItemKind.Closed;
                }
                if (isClosed)
                {
                    _calls.ClosedContentRead(item);
                }
            }
        }
    }

    /// <summary>A decision on a closed item is closed content, also in the history of an open item that
    /// continues the closed one: the public view leaves it out, and so does every view for a caller who
    /// is neither a member nor the secretariat of the body it was made in.</summary>
    private List<DecisionView> VisibleDecisions(IReadOnlyList<DecisionView> history, bool asPublic)
    {
        var visible = history.Where(d => !d.OnClosedItem || (!asPublic && CurrentCaller.SeesClosedOf(d.Meeting.BodyId))).ToList();
        foreach (var d in visible.Where(d => d.OnClosedItem))
        {
            _calls.ClosedContentRead(Identifiers.ItemName(d.Decision.MeetingId, d.Decision.ItemId));
        }
        return visible;
    }
}
