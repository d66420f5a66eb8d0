using Google.Protobuf.WellKnownTypes;
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
    public override Task<CalendarSection> CreateCalendarSection(CreateCalendarSectionRequest request, ServerCallContext context)
    {
        var bodyId = Input.Body(request.Parent, "parent");
        var c = request.CalendarSection ?? throw new ValidationException("calendar_section", "is required");
        var v = new Validator();
        var content = Input.Section(v, c, paths: null);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return _calls.CreateOnceAsync(context, request, requestId,
            authorize: s => KeepListAsync(s, bodyId),
            create: s => AddSectionAsync(s, bodyId, content),
            loadExisting: async (s, name) =>
            {
                var (body, id) = Input.Child(name, "calendarSections", "name");
                return Mapping.ToProto(await RequireSectionAsync(s, body, id), ThisYear);
            });
    }

    /// <summary>Puts the section at its place among the body's sections; the ones from there move down.</summary>
    private async Task<(string Name, CalendarSection Section)> AddSectionAsync(RemindersSession s, string bodyId, SectionContent content)
    {
        var count = await s.CountSectionsAsync(bodyId);
        ListOrder.EnsureRoom(ReminderNames.Body(bodyId), count, ListOrder.MaxSections, "calendar sections");
        var position = ListOrder.PlaceOfNew(content.Position ?? 0, count);
        if (position <= count)
        {
            await s.ShiftSectionsAsync(bodyId, position, open: true);
        }
        var record = CalendarSections.New(content, Ids.NewId(), bodyId, position, Now);
        await s.InsertSectionAsync(record);
        return (record.Name, Mapping.ToProto(record, ThisYear));
    }

    [RequiresAccess(RemindersAccess.Read)]
    public override Task<CalendarSection> GetCalendarSection(GetCalendarSectionRequest request, ServerCallContext context)
    {
        var (bodyId, id) = Input.Child(request.Name, "calendarSections", "name");

        return _calls.ReadAsync(context, request, async s => Mapping.ToProto(await RequireSectionAsync(s, bodyId, id), ThisYear));
    }

    [RequiresAccess(RemindersAccess.Read)]
    public override Task<ListCalendarSectionsResponse> ListCalendarSections(ListCalendarSectionsRequest request, ServerCallContext context)
    {
        var bodyId = Input.Body(request.Parent, "parent");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"sections|{bodyId}";
        var after = PageRequest.DecodeToken<int>(request.PageToken, filter, position => position is >= 0 and <= ListOrder.MaxSections);

        return _calls.ReadAsync(context, request, async s =>
        {
            var rows = await s.ListSectionsAsync(bodyId, after, size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListCalendarSectionsResponse();
            response.CalendarSections.AddRange(page.Select(c => Mapping.ToProto(c, ThisYear)));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(page[^1].Position, filter);
            }
            return response;
        });
    }

    [RequiresAccess(RemindersAccess.Manage)]
    public override Task<CalendarSection> UpdateCalendarSection(UpdateCalendarSectionRequest request, ServerCallContext context)
    {
        var c = request.CalendarSection ?? throw new ValidationException("calendar_section", "is required");
        var (bodyId, id) = Input.Child(c.Name, "calendarSections", "calendar_section.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, Input.SectionPaths);
        var v = new Validator();
        var content = Input.Section(v, c, paths);
        v.ThrowIfInvalid();

        return _calls.WriteAsync(context, request, async s =>
        {
            await KeepListAsync(s, bodyId);
            var record = await RequireSectionAsync(s, bodyId, id, forUpdate: true);
            Etags.Check(request.Etag, record.Version, record.Name);
            if (content.Position is { } requested)
            {
                var to = ListOrder.PlaceOfMoved(requested, await s.CountSectionsAsync(bodyId));
                if (to != record.Position)
                {
                    await s.ShiftSectionsAsync(bodyId, record.Position, open: false, moving: record.Id);
                    await s.ShiftSectionsAsync(bodyId, to, open: true, moving: record.Id);
                }
                content = content with { Position = to };
            }
            var updated = CalendarSections.Apply(record, content, Now);
            await s.UpdateSectionAsync(updated);
            return Mapping.ToProto(updated, ThisYear);
        });
    }

    [RequiresAccess(RemindersAccess.Manage)]
    public override Task<Empty> DeleteCalendarSection(DeleteCalendarSectionRequest request, ServerCallContext context)
    {
        var (bodyId, id) = Input.Child(request.Name, "calendarSections", "name");

        return _calls.WriteAsync(context, request, async s =>
        {
            await KeepListAsync(s, bodyId);
            var record = await RequireSectionAsync(s, bodyId, id, forUpdate: true);
            Etags.Check(request.Etag, record.Version, record.Name);
            await s.DeleteSectionAsync(record);
            await s.ShiftSectionsAsync(bodyId, record.Position, open: false, moving: record.Id);
            return new Empty();
        });
    }
}
