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
    [RequiresAccess(RemindersAccess.Read)]
    public override Task<ListStatutoryDeadlinesResponse> ListStatutoryDeadlines(ListStatutoryDeadlinesRequest request, ServerCallContext context)
    {
        var size = PageRequest.Size(request.PageSize);
        const string filter = "statutory-deadlines";
        var after = PageRequest.DecodeToken<string>(request.PageToken, filter, ReminderNames.IsBodyId) ?? "";

        return _calls.ReadAsync(context, request, async s =>
        {
            var rows = await s.ListStatutoryDeadlinesAsync(after, size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListStatutoryDeadlinesResponse();
            response.StatutoryDeadlines.AddRange(page.Select(d => Mapping.ToProto(d, ThisYear)));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(page[^1].Key, filter);
            }
            return response;
        });
    }

    [RequiresAccess(RemindersAccess.Manage)]
    public override Task<V1.StatutoryDeadline> UpdateStatutoryDeadline(UpdateStatutoryDeadlineRequest request, ServerCallContext context)
    {
        var d = request.StatutoryDeadline ?? throw new ValidationException("statutory_deadline", "is required");
        var key = Input.DeadlineKey(d.Name, "statutory_deadline.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, Input.DeadlinePaths);
        var v = new Validator();
        var changes = Input.DeadlineChanges(v, d, paths);
        v.ThrowIfInvalid();

        return _calls.WriteAsync(context, request, async s =>
        {
            if (!CurrentCaller.KeepsCatalogue())
            {
                throw new PermissionDeniedException("CATALOGUE_NOT_SERVED",
                    "Only a secretariat serving every body (the token's bodies claim \"*\") may change the catalogue of statutory deadlines.");
            }
            var record = await RequireDeadlineAsync(s, key, forUpdate: true);
            Etags.Check(request.Etag, record.Version, record.Name);
            var updated = StatutoryDeadlines.Apply(record, changes, Now);
            await s.UpdateStatutoryDeadlineAsync(updated);
            return Mapping.ToProto(updated, ThisYear);
        });
    }

    [RequiresAccess(RemindersAccess.Manage)]
    public override Task<Reminder> EnableStatutoryDeadline(EnableStatutoryDeadlineRequest request, ServerCallContext context)
    {
        var bodyId = Input.Body(request.Parent, "parent");
        var key = Input.DeadlineKey(request.StatutoryDeadline, "statutory_deadline");

        return _calls.WriteAsync(context, request, async s =>
        {
            await KeepListAsync(s, bodyId);
            var deadline = await RequireDeadlineAsync(s, key);
            var (source, sourceKey) = StatutoryDeadlines.SourceOf(deadline, bodyId);
            var existing = await s.GetReminderBySourceKeyAsync(sourceKey);
            if (existing is { State: ReminderState.Open })
            {
                throw new AlreadyExistsException(existing.Name,
                    $"{deadline.Name} is already on the list of {ReminderNames.Body(bodyId)}.", "DEADLINE_ALREADY_ENABLED");
            }
            var count = await s.CountOpenRemindersAsync(bodyId);
            ListOrder.EnsureRoom(ReminderNames.Body(bodyId), count, ListOrder.MaxOpenReminders, "open reminders");
            if (existing is not null)
            {
                var marked = await MarkedForNextDueAsync(s, existing.Id, deadline.Time);
                var reopened = StatutoryDeadlines.Reopen(existing, deadline, CurrentCaller.Subject, Now, count + 1, marked);
                await s.UpdateReminderAsync(reopened);
                return ReminderProto(reopened);
            }
            var record = ReminderEdits.New(StatutoryDeadlines.Reminder(deadline), Ids.NewId(), bodyId, count + 1, ReminderOrigin.StatutoryDeadline, sourceKey, Now)
                with { Source = source };
            await s.InsertReminderAsync(record);
            return ReminderProto(record);
        });
    }

    private static async Task<Domain.StatutoryDeadline> RequireDeadlineAsync(RemindersSession s, string key, bool forUpdate = false) =>
        await s.GetStatutoryDeadlineAsync(key, forUpdate) ?? throw new NotFoundException(StatutoryDeadlines.NameOf(key));
}
