using Governance.Data.Concurrency;
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
    public override Task<Reminder> MarkOccurrence(MarkOccurrenceRequest request, ServerCallContext context)
    {
        var (bodyId, id) = Input.Child(request.Name, "reminders", "name");
        var v = new Validator();
        var at = ProtoTime.ToUtc(v, "occurrence_time", request.OccurrenceTime);
        if (request.OccurrenceTime is null)
        {
            v.Add("occurrence_time", "is required");
        }
        if (request.State is not (OccurrenceState.Open or OccurrenceState.Done or OccurrenceState.Skipped))
        {
            v.Add("state", "must be OCCURRENCE_STATE_DONE, OCCURRENCE_STATE_SKIPPED or OCCURRENCE_STATE_OPEN (clears the mark)");
        }
        v.ThrowIfInvalid();

        return _calls.WriteAsync(context, request, async s =>
        {
            await KeepListAsync(s, bodyId);
            var record = await RequireReminderAsync(s, bodyId, id, forUpdate: true);
            Etags.Check(request.Etag, record.Version, record.Name);
            var occurrence = OccurrenceMarks.Find(record, at!.Value, Now);
            var existing = await s.GetOccurrenceMarkAsync(record.Id, occurrence.Key);
            var marking = OccurrenceMarks.Mark(record, existing, occurrence, request.State, CurrentCaller.Subject, Now);
            if (!marking.Changed)
            {
                return ReminderProto(record);
            }
            if (marking.Mark is { } mark)
            {
                await s.UpsertOccurrenceMarkAsync(mark);
            }
            else
            {
                await s.DeleteOccurrenceMarkAsync(record.Id, occurrence.Key);
            }
            var remarked = OccurrenceMarks.Remarked(record, await s.MarkedKeysAsync(record.Id, OccurrenceMarks.MarksNeededFrom(Now)), Now);
            await s.UpdateReminderAsync(remarked);
            return ReminderProto(remarked);
        });
    }

    [RequiresAccess(RemindersAccess.Read)]
    public override Task<ListOccurrenceMarksResponse> ListOccurrenceMarks(ListOccurrenceMarksRequest request, ServerCallContext context)
    {
        var (bodyId, id) = Input.Child(request.Parent, "reminders", "parent");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"occurrenceMarks|{bodyId}|{id}";
        var after = PageRequest.DecodeInstantKey(request.PageToken, filter);

        return _calls.ReadAsync(context, request, async s =>
        {
            var reminder = await RequireReminderAsync(s, bodyId, id);
            var rows = await s.ListOccurrenceMarksAsync(reminder.Id, after, size + 1);
            var page = RemindersConfidentiality.OccurrenceMarks(reminder, rows.Take(size));
            var response = new ListOccurrenceMarksResponse();
            response.OccurrenceMarks.AddRange(page.Select(Mapping.ToProto));
            if (rows.Count > size)
            {
                var last = page[^1].Record;
                response.NextPageToken = PageRequest.EncodeInstantKey(last.OccurrenceAtUtc, last.Key, filter);
            }
            return response;
        });
    }

    /// <summary>The keys of a reminder's marked occurrences that its next due time, recomputed at a
    /// write, passes over; nothing is read for a time that is not recurring (only recurrences have marks).</summary>
    private async Task<IReadOnlySet<string>> MarkedForNextDueAsync(RemindersSession s, string reminderId, Domain.ExpectedTime time) =>
        time is Domain.ExpectedTime.Recurring ? await s.MarkedKeysAsync(reminderId, OccurrenceMarks.MarksNeededFrom(Now)) : ReminderEdits.NoMarks;
}
