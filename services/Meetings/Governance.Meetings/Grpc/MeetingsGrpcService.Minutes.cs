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
            var body = await RequireBodyAsync(s, meeting.BodyId);
            var items = new List<(ItemRecord, IReadOnlyList<DecisionView>)>();
            foreach (var item in await s.ListItemsAsync(meetingId))
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
