using Governance.Data.Concurrency;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.Reminders.Data;
using Governance.Reminders.Domain;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Reminders.Grpc;

public sealed partial class RemindersGrpcService
{
    [RequiresAccess(RemindersAccess.Manage)]
    public override Task<Reminder> CreateReminder(CreateReminderRequest request, ServerCallContext context)
    {
        var bodyId = Input.Body(request.Parent, "parent");
        var r = request.Reminder ?? throw new ValidationException("reminder", "is required");
        var v = new Validator();
        var draft = Input.Draft(v, r);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return _calls.CreateOnceAsync(context, request, requestId,
            authorize: s => KeepListAsync(s, bodyId),
            create: s => AddAsync(s, bodyId, draft),
            loadExisting: async (s, name) =>
            {
                var (body, id) = Input.Child(name, "reminders", "name");
                return ReminderProto(await RequireReminderAsync(s, body, id));
            });
    }

    /// <summary>Puts the reminder at its place on the body's (locked) list; the ones from there move down.</summary>
    private async Task<(string Name, Reminder Reminder)> AddAsync(RemindersSession s, string bodyId, ReminderDraft draft)
    {
        var count = await s.CountOpenRemindersAsync(bodyId);
        ListOrder.EnsureRoom(ReminderNames.Body(bodyId), count, ListOrder.MaxOpenReminders, "open reminders");
        var position = ListOrder.PlaceOfNew(draft.Position, count);
        if (position <= count)
        {
            await s.ShiftRemindersAsync(bodyId, position, open: true);
        }
        var record = ReminderEdits.New(draft, Ids.NewId(), bodyId, position, ReminderOrigin.Manual, sourceKey: null, Now);
        await s.InsertReminderAsync(record);
        return (record.Name, ReminderProto(record));
    }

    [RequiresAccess(RemindersAccess.Read)]
    public override Task<Reminder> GetReminder(GetReminderRequest request, ServerCallContext context)
    {
        var (bodyId, id) = Input.Child(request.Name, "reminders", "name");

        return _calls.ReadAsync(context, request, async s => ReminderProto(await RequireReminderAsync(s, bodyId, id)));
    }

    [RequiresAccess(RemindersAccess.Read)]
    public override Task<ListRemindersResponse> ListReminders(ListRemindersRequest request, ServerCallContext context)
    {
        var bodyId = Input.Body(request.Parent, "parent");
        var v = new Validator();
        var state = Input.StateFilter(v, "state", request.State);
        v.ThrowIfInvalid();
        var size = PageRequest.Size(request.PageSize);
        var filter = $"reminders|{bodyId}|{state}";
        var offset = PageRequest.DecodeOffset(request.PageToken, filter);

        return _calls.ReadAsync(context, request, async s =>
        {
            var rows = await s.ListRemindersAsync(bodyId, state, offset, size + 1);
            var response = new ListRemindersResponse();
            response.Reminders.AddRange(rows.Take(size).Select(ReminderProto));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeNextOffset(offset, size, filter);
            }
            return response;
        });
    }

    [RequiresAccess(RemindersAccess.Manage)]
    public override Task<Reminder> UpdateReminder(UpdateReminderRequest request, ServerCallContext context)
    {
        var r = request.Reminder ?? throw new ValidationException("reminder", "is required");
        var (bodyId, id) = Input.Child(r.Name, "reminders", "reminder.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, Input.ReminderPaths);
        var v = new Validator();
        var changes = Input.Changes(v, r, paths);
        v.ThrowIfInvalid();

        return _calls.WriteAsync(context, request, async s =>
        {
            await KeepListAsync(s, bodyId);
            var record = await RequireReminderAsync(s, bodyId, id, forUpdate: true);
            Etags.Check(request.Etag, record.Version, record.Name);
            if (changes.Position is { } requested)
            {
                changes = changes with { Position = await MoveAsync(s, record, requested) };
            }
            var marked = record.State == ReminderState.Open ? await MarkedForNextDueAsync(s, record.Id, changes.ExpectedTime ?? record.ExpectedTime) : ReminderEdits.NoMarks;
            var updated = ReminderEdits.Apply(record, changes, Now, marked);
            await s.UpdateReminderAsync(updated);
            return ReminderProto(updated);
        });
    }

    /// <summary>Moves an open reminder to <paramref name="requested"/> (or last, beyond the end): the
    /// gap it leaves closes, the ones at its new place move down. Returns its new place.</summary>
    private static async Task<int> MoveAsync(RemindersSession s, ReminderRecord r, int requested)
    {
        if (r.State != ReminderState.Open)
        {
            var error = new FailedPreconditionException("REMINDER_NOT_OPEN",
                $"{r.Name} is {ReminderLifecycle.Wire(r.State)}, not on the list, so it has no place to move from; open it again first.");
            error.Metadata["state"] = ReminderLifecycle.Wire(r.State);
            throw error;
        }
        var to = ListOrder.PlaceOfMoved(requested, await s.CountOpenRemindersAsync(r.BodyId));
        if (to != r.Position)
        {
            await s.ShiftRemindersAsync(r.BodyId, r.Position, open: false, moving: r.Id);
            await s.ShiftRemindersAsync(r.BodyId, to, open: true, moving: r.Id);
        }
        return to;
    }

    [RequiresAccess(RemindersAccess.Manage)]
    public override Task<Reminder> ChangeReminderState(ChangeReminderStateRequest request, ServerCallContext context)
    {
        var (bodyId, id) = Input.Child(request.Name, "reminders", "name");
        if (request.State == ReminderState.Unspecified || !Enum.IsDefined(request.State))
        {
            throw new ValidationException("state", "must be REMINDER_STATE_OPEN, REMINDER_STATE_DONE or REMINDER_STATE_DROPPED");
        }

        return _calls.WriteAsync(context, request, async s =>
        {
            await KeepListAsync(s, bodyId);
            var record = await RequireReminderAsync(s, bodyId, id, forUpdate: true);
            Etags.Check(request.Etag, record.Version, record.Name);
            var position = 0;
            if (request.State == ReminderState.Open && ReminderLifecycle.CanChange(record.State, request.State))
            {
                // Opened again: last on the list, if the list has room.
                var count = await s.CountOpenRemindersAsync(bodyId);
                ListOrder.EnsureRoom(ReminderNames.Body(bodyId), count, ListOrder.MaxOpenReminders, "open reminders");
                position = count + 1;
            }
            var marked = request.State == ReminderState.Open ? await MarkedForNextDueAsync(s, record.Id, record.ExpectedTime) : ReminderEdits.NoMarks;
            var changed = ReminderLifecycle.Change(record, request.State, CurrentCaller.Subject, Now, position, marked);
            if (record.State == ReminderState.Open)
            {
                await s.ShiftRemindersAsync(bodyId, record.Position, open: false, moving: record.Id);
            }
            await s.UpdateReminderAsync(changed);
            return ReminderProto(changed);
        });
    }
}
