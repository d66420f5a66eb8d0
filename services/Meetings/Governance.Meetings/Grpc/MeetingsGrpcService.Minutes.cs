using Governance.Meetings.Domain;
using Governance.Meetings.Minutes;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using Grpc.Core;

namespace Governance.Meetings.Grpc;

public sealed partial class MeetingsGrpcService
{
    public override Task<V1.Minutes> GetMinutes(GetMinutesRequest request, ServerCallContext context)
    {
        var meetingId = Identifiers.ParseMeeting(request.Meeting, "meeting");
        if (!Enum.IsDefined(request.Audience))
        {
            throw new ValidationException("audience", "is not a known audience (MEMBERS or PUBLIC)");
        }
        // The safe default: without an explicit members audience, closed items are redacted.
        var audience = request.Audience == Audience.Members ? Audience.Members : Audience.Public;
        return ReadAsync(context, async s =>
        {
            var meeting = await RequireMeetingAsync(s, meetingId);
            if (meeting.State is MeetingState.Planned or MeetingState.Cancelled)
            {
                throw new FailedPreconditionException("MINUTES_NOT_AVAILABLE",
                    $"{request.Meeting} is {MeetingRules.Describe(meeting.State)}; minutes exist once the agenda is published.");
            }
            var body = await RequireBodyAsync(s, meeting.BodyId);
            var items = new List<(ItemRecord, IReadOnlyList<DecisionView>)>();
            foreach (var item in await s.ListItemsAsync(meetingId))
            {
                items.Add((item, await DecisionHistoryAsync(s, item)));
            }
            return MinutesComposer.Compose(meeting, body, items, audience);
        });
    }
}
