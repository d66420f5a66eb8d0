using Google.Api;
using Google.Protobuf;
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
    public override Task<V1.Minutes> GetMinutes(GetMinutesRequest request, ServerCallContext context) =>
        ReadMinutesAsync(request, request.Meeting, request.Audience, context);

    /// <summary>The minutes GetMinutes answers, as one document: the same read, access and audit, then
    /// only a rendering of the (already redacted) message.</summary>
    [RequiresAccess(MeetingsAccess.Read)]
    public override async Task<HttpBody> RenderMinutes(RenderMinutesRequest request, ServerCallContext context)
    {
        if (!Enum.IsDefined(request.Format))
        {
            throw new ValidationException("format", "is not a known format (TEXT, MARKDOWN or HTML)");
        }
        var minutes = await ReadMinutesAsync(request, request.Meeting, request.Audience, context);
        var (contentType, document) = MinutesDocuments.Render(minutes, request.Format);
        return new HttpBody { ContentType = contentType, Data = ByteString.CopyFrom(document) };
    }

    private async Task<V1.Minutes> ReadMinutesAsync(IMessage request, string meetingName, Audience requested, ServerCallContext context)
    {
        var meetingId = Identifiers.ParseMeeting(meetingName, "meeting");
        if (!Enum.IsDefined(requested))
        {
            throw new ValidationException("audience", "is not a known audience (MEMBERS or PUBLIC)");
        }
        var audience = MinutesRules.AudienceOf(requested);
        var (minutes, bodyId) = await _calls.ReadAsync(context, request, async s =>
        {
            var meeting = await RequireMeetingAsync(s, meetingId);
            if (audience == Audience.Members && !Confidentiality.SeesClosedOf(meeting.BodyId))
            {
                throw new PermissionDeniedException("MEMBERS_ONLY",
                    $"The members' minutes of {meetingName} are for the members and the secretariat of its body; ask for AUDIENCE_PUBLIC.");
            }
            MinutesRules.EnsureAvailable(meeting);
            var agenda = await s.ListItemsAsync(meetingId);
            if (meeting.State == MeetingState.MinutesApproved && await s.GetApprovedMinutesAsync(meetingId, audience) is { } record)
            {
                return (await ApprovedMinutesAsync(s, meeting, agenda, record), meeting.BodyId);
            }
            return (await DraftMinutesAsync(s, meeting, agenda, audience), meeting.BodyId);
        });
        return await WithLiveReminderListAsync(minutes, bodyId, context.CancellationToken);
    }

    /// <summary>A draft, or minutes approved before they were kept as a record: composed from what is
    /// stored now, for the audience (members: as far as the caller sees closed content).</summary>
    private async Task<V1.Minutes> DraftMinutesAsync(MeetingsSession s, MeetingRecord meeting, IReadOnlyList<ItemRecord> agenda, Audience audience)
    {
        var readers = audience == Audience.Members ? Confidentiality : MeetingsConfidentiality.Everyone;
        var body = await RequireBodyAsync(s, meeting.BodyId);
        var histories = await DecisionHistoriesAsync(s, agenda, meeting, body);
        var items = new List<(ItemRecord, IReadOnlyList<DecisionView>)>();
        foreach (var item in agenda)
        {
            if (readers.SeesContent(item, meeting.BodyId) && MeetingsConfidentiality.IsClosed(item))
            {
                _calls.ClosedContentRead(Identifiers.ItemName(item.MeetingId, item.Id));
            }
            items.Add((item, Visible(histories[item.Id], readers)));
        }
        return MinutesComposer.Compose(meeting, body, items, audience);
    }

    /// <summary>Composes the minutes of both audiences as they are approved and keeps them: from now on
    /// GetMinutes returns these, whatever changes later. What a record holds cannot depend on who reads
    /// it, so the audience alone decides (<see cref="ApprovedMinutes.InRecord"/>).</summary>
    private static async Task KeepApprovedMinutesAsync(MeetingsSession s, MeetingRecord meeting, BodyRecord body, IReadOnlyList<ItemRecord> items,
        KeptReminderLists? reminderLists, IReadOnlyList<string>? unclassifiedLines = null)
    {
        EnsureListsRead(items, reminderLists);
        // The meeting as stored (not yet approved) is what the histories show, as before the approval.
        var stored = await DecisionHistoriesAsync(s, items, body: body);
        var histories = items.Select(item => (Item: item, History: stored[item.Id])).ToList();
        foreach (var audience in new[] { Audience.Members, Audience.Public })
        {
            var minutes = MinutesComposer.Compose(meeting, body,
                [.. histories.Select(h => (h.Item, (IReadOnlyList<DecisionView>)[.. h.History.Where(d => ApprovedMinutes.InRecord(d, meeting, audience))]))],
                audience, reminderLists?.For(audience), unclassifiedLines);
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
        var histories = await DecisionHistoriesAsync(s, agenda, meeting);
        var corrections = new List<(ItemRecord, IReadOnlyList<DecisionView>)>();
        foreach (var item in agenda)
        {
            var later = ApprovedMinutes.CorrectionsAfterApproval(meeting, record.Audience, histories[item.Id], inRecord);
            if (later.Count > 0)
            {
                corrections.Add((item, Visible(later, record.Audience == Audience.Members ? Confidentiality : MeetingsConfidentiality.Everyone)));
            }
        }
        return MinutesComposer.WithCorrections(record, corrections);
    }
}
