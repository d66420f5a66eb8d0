using Google.Protobuf;
using Governance.Data.Concurrency;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.Meetings.Data;
using Governance.Meetings.Domain;
using Governance.Meetings.Events;
using Governance.Meetings.Publishing;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Meetings.Grpc;

public sealed partial class MeetingsGrpcService
{
    private static readonly string[] MeetingPaths = ["start", "title", "room", "participants"];

    [RequiresAccess(MeetingsAccess.Manage)]
    public override async Task<Meeting> ScheduleMeeting(ScheduleMeetingRequest request, ServerCallContext context)
    {
        var m = request.Meeting ?? throw new ValidationException("meeting", "is required");
        var v = new Validator();
        string? bodyId = null;
        try
        {
            bodyId = Identifiers.ParseBody(m.Body, "meeting.body");
        }
        catch (ValidationException ex)
        {
            v.Add(ex.Violations[0].Field, ex.Violations[0].Description);
        }
        var start = Input.Start(v, "meeting.start", m.Start);
        v.MaxLength("meeting.title", m.Title, Input.NameMax);
        v.MaxLength("meeting.room", m.Room, Input.NameMax);
        Input.People(v, "meeting.participants", m.Participants);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return await _calls.CreateOnceAsync(context, request, requestId,
            authorize: s => ManageBodyAsync(s, bodyId!),
            create: s => ScheduleAsync(s, bodyId!, start!.Value, request),
            loadExisting: async (s, name) => await MeetingProtoAsync(s, await RequireMeetingAsync(s, Identifiers.ParseMeeting(name, "name"))));
    }

    /// <summary>The new meeting, with the standing items of its body's agenda template when asked for.</summary>
    private async Task<(string Name, Meeting Meeting)> ScheduleAsync(MeetingsSession s, string bodyId, (DateTime Local, DateTime Utc) start,
        ScheduleMeetingRequest request)
    {
        var body = await ManageBodyAsync(s, bodyId);
        var m = request.Meeting;
        var now = Now;
        var draft = new MeetingRecord
        {
            Id = "",
            BodyId = body.Id,
            StartLocal = start.Local,
            StartUtc = start.Utc,
            Title = m.Title.Trim(),
            Room = m.Room.Trim(),
            Participants = Input.NormalizePeople(m.Participants),
        };
        var meeting = MeetingRules.Schedule(body, draft, now);
        IReadOnlyList<ItemRecord> standing = request.ApplyAgendaTemplate ? Agenda.StandingItems(meeting, body, now) : [];
        await s.InsertMeetingAsync(meeting);
        await PublishAsync(s, MeetingEvents.Scheduled(meeting, body));
        foreach (var item in standing)
        {
            await s.InsertItemAsync(item);
            await PublishAsync(s, MeetingEvents.ItemAdded(meeting, body, item));
        }
        return (Identifiers.MeetingName(meeting.Id), Mapping.ToProto(meeting, body, standing.Count));
    }

    [RequiresAccess(MeetingsAccess.Read)]
    public override Task<Meeting> GetMeeting(GetMeetingRequest request, ServerCallContext context)
    {
        var id = Identifiers.ParseMeeting(request.Name, "name");
        return _calls.ReadAsync(context, request, async s =>
        {
            // The meeting with its body in one statement (a round trip less than meeting, then body).
            var (meeting, body) = await s.GetMeetingAndBodyAsync(id) ?? throw new NotFoundException(Identifiers.MeetingName(id));
            var counts = await s.CountItemsAsync([id]);
            return Mapping.ToProto(meeting, body, counts.GetValueOrDefault(id));
        });
    }

    [RequiresAccess(MeetingsAccess.Read)]
    public override Task<ListMeetingsResponse> ListMeetings(ListMeetingsRequest request, ServerCallContext context)
    {
        var v = new Validator();
        string? bodyId = null;
        if (request.Body.Length > 0)
        {
            bodyId = Identifiers.ParseBody(request.Body, "body");
        }
        var from = Input.Date(v, "start_date", request.StartDate);
        var to = Input.Date(v, "end_date", request.EndDate);
        if (from is not null && to is not null && to < from)
        {
            v.Add("end_date", "must not be before start_date");
        }
        v.ThrowIfInvalid();
        var size = PageRequest.Size(request.PageSize);
        var filter = $"meetings|{bodyId}|{from}|{to}|{request.ShowCancelled}";
        var after = PageRequest.DecodeInstantKey(request.PageToken, filter);

        return _calls.ReadAsync(context, request, async s =>
        {
            var rows = await s.ListMeetingsAsync(bodyId,
                from is null ? null : CopenhagenTime.StartOfDayUtc(from.Value),
                to is null ? null : CopenhagenTime.EndOfDayUtc(to.Value),
                request.ShowCancelled,
                after,
                size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListMeetingsResponse();
            response.Meetings.AddRange(await MeetingProtosAsync(s, page));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeInstantKey(page[^1].StartUtc, page[^1].Id, filter);
            }
            return response;
        });
    }

    [RequiresAccess(MeetingsAccess.Manage)]
    public override async Task<Meeting> UpdateMeeting(UpdateMeetingRequest request, ServerCallContext context)
    {
        var m = request.Meeting ?? throw new ValidationException("meeting", "is required");
        var id = Identifiers.ParseMeeting(m.Name, "meeting.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, MeetingPaths);
        var v = new Validator();
        var start = paths.Contains("start") ? Input.Start(v, "meeting.start", m.Start) : null;
        if (paths.Contains("title")) v.MaxLength("meeting.title", m.Title, Input.NameMax);
        if (paths.Contains("room")) v.MaxLength("meeting.room", m.Room, Input.NameMax);
        if (paths.Contains("participants")) Input.People(v, "meeting.participants", m.Participants);
        v.ThrowIfInvalid();

        return await _calls.WriteAsync(context, request, async s =>
        {
            var meeting = await ManageMeetingAsync(s, id);
            Etags.Check(request.Etag, meeting.Version, Identifiers.MeetingName(id));
            var changed = meeting with
            {
                StartLocal = start?.Local ?? meeting.StartLocal,
                StartUtc = start?.Utc ?? meeting.StartUtc,
                Title = paths.Contains("title") ? m.Title.Trim() : meeting.Title,
                Room = paths.Contains("room") ? m.Room.Trim() : meeting.Room,
                Participants = paths.Contains("participants") ? Input.NormalizePeople(m.Participants) : meeting.Participants,
            };
            var (updated, redated) = MeetingRules.Change(meeting, changed, start is null ? [] : await s.ListItemsAsync(id), Now);
            foreach (var item in redated)
            {
                await s.UpdateItemAsync(item);
            }
            return await SaveMeetingAsync(s, updated);
        });
    }

    [RequiresAccess(MeetingsAccess.Manage)]
    public override async Task<Meeting> CancelMeeting(CancelMeetingRequest request, ServerCallContext context)
    {
        var id = Identifiers.ParseMeeting(request.Name, "name");
        var v = new Validator();
        v.MaxLength("reason", request.Reason, Input.ShortTextMax);
        v.ThrowIfInvalid();
        return await TransitionAsync(context, request, id, request.Etag, (meeting, _) => MeetingRules.Cancel(meeting, request.Reason.Trim()),
            (_, meeting, body) => Task.FromResult<IMeetingEvent>(MeetingEvents.Cancelled(meeting, body, Now)));
    }

    [RequiresAccess(MeetingsAccess.Manage)]
    public override Task<Meeting> PublishAgenda(PublishAgendaRequest request, ServerCallContext context) =>
        TransitionAsync(context, request, Identifiers.ParseMeeting(request.Name, "name"), request.Etag,
            (meeting, itemCount) => MeetingRules.PublishAgenda(meeting, itemCount, Now),
            async (s, meeting, body) => MeetingEvents.Published(meeting, body, await s.ListItemsAsync(meeting.Id), Now));

    [RequiresAccess(MeetingsAccess.Manage)]
    public override Task<Meeting> MarkMeetingHeld(MarkMeetingHeldRequest request, ServerCallContext context) =>
        TransitionAsync(context, request, Identifiers.ParseMeeting(request.Name, "name"), request.Etag,
            (meeting, _) => MeetingRules.MarkHeld(meeting, Now));

    [RequiresAccess(MeetingsAccess.Manage)]
    public override async Task<Meeting> ApproveMinutes(ApproveMinutesRequest request, ServerCallContext context)
    {
        var meetingId = Identifiers.ParseMeeting(request.Name, "name");
        // The reminder list is read from Reminders first, outside the transaction: no lock waits on the network.
        var reminderLists = await ReminderListsToKeepAsync(context, request, meetingId);
        return await TransitionAsync(context, request, meetingId, request.Etag,
            (meeting, _) => MeetingRules.ApproveMinutes(meeting, Now),
            async (s, meeting, body) =>
            {
                var items = await s.ListItemsAsync(meeting.Id);
                // The minutes become a record in the approval's own transaction.
                await KeepApprovedMinutesAsync(s, meeting, body, items, reminderLists);
                return MeetingEvents.MinutesApproved(meeting, body, items, Now);
            });
    }

    /// <summary>One step of a meeting's lifecycle, and the event it publishes when it has one.</summary>
    private Task<Meeting> TransitionAsync(ServerCallContext context, IMessage request, string id, string etag, Func<MeetingRecord, int, MeetingRecord> step,
        Func<MeetingsSession, MeetingRecord, BodyRecord, Task<IMeetingEvent>>? announce = null) =>
        _calls.WriteAsync(context, request, async s =>
        {
            var meeting = await ManageMeetingAsync(s, id);
            Etags.Check(etag, meeting.Version, Identifiers.MeetingName(id));
            var itemCount = (await s.CountItemsAsync([id])).GetValueOrDefault(id);
            var next = step(meeting, itemCount);
            if (announce is not null)
            {
                await PublishAsync(s, await announce(s, next, await RequireBodyAsync(s, next.BodyId)));
            }
            return await SaveMeetingAsync(s, next);
        });

    private async Task<Meeting> SaveMeetingAsync(MeetingsSession s, MeetingRecord meeting)
    {
        meeting = meeting with { Version = meeting.Version + 1, UpdatedAt = Now };
        await s.UpdateMeetingAsync(meeting);
        return await MeetingProtoAsync(s, meeting);
    }

    private static async Task<Meeting> MeetingProtoAsync(MeetingsSession s, MeetingRecord meeting) =>
        (await MeetingProtosAsync(s, [meeting]))[0];

    private static async Task<IReadOnlyList<Meeting>> MeetingProtosAsync(MeetingsSession s, IReadOnlyList<MeetingRecord> meetings)
    {
        if (meetings.Count == 0)
        {
            return [];
        }
        var counts = await s.CountItemsAsync(meetings.Select(m => m.Id));
        var bodies = (await s.GetBodiesAsync(meetings.Select(m => m.BodyId))).ToDictionary(b => b.Id);
        return [.. meetings.Select(m => Mapping.ToProto(m, bodies.GetValueOrDefault(m.BodyId), counts.GetValueOrDefault(m.Id)))];
    }

}
