using Governance.Data.Concurrency;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.Meetings.Data;
using Governance.Meetings.Domain;
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
    private static readonly string[] ItemPaths =
        ["journal_number", "title", "kind", "sections", "recommendation", "guests", "attachments"];

    [RequiresAccess(MeetingsAccess.Manage)]
    public override async Task<AgendaItem> AddAgendaItem(AddAgendaItemRequest request, ServerCallContext context)
    {
        var meetingId = Identifiers.ParseMeeting(request.Parent, "parent");
        var item = request.Item ?? throw new ValidationException("item", "is required");
        var v = new Validator();
        Input.Item(v, "item", item, ItemPaths.ToHashSet());
        (string MeetingId, string ItemId)? origin = null;
        if (item.OriginItem.Length > 0)
        {
            origin = Identifiers.ParseItem(item.OriginItem, "item.origin_item");
        }
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();
        await journalNumbers.EnsureCaseExistsAsync(item.JournalNumber, "item.journal_number", context.CancellationToken);

        // The meeting (locked) and its body are read once, to authorize; adding to it uses that read.
        (MeetingRecord Meeting, BodyRecord Body)? meeting = null;
        return await _calls.CreateOnceAsync(context, request, requestId,
            authorize: async s => meeting = await ManageMeetingAndBodyAsync(s, meetingId),
            create: s => AddAsync(s, meeting!.Value.Meeting, meeting.Value.Body, origin, item),
            loadExisting: async (s, name) =>
            {
                var (m, i) = Identifiers.ParseItem(name, "name");
                return await ItemProtoAsync(s, await RequireItemAsync(s, m, i));
            });
    }

    private async Task<(string Name, AgendaItem Item)> AddAsync(MeetingsSession s, MeetingRecord meeting, BodyRecord body,
        (string MeetingId, string ItemId)? origin, AgendaItem item)
    {
        var meetingId = meeting.Id;
        var originItem = origin is { } o ? await RequireItemAsync(s, o.MeetingId, o.ItemId) : null;
        var draft = new ItemRecord
        {
            Id = "",
            MeetingId = meetingId,
            JournalNumber = item.JournalNumber,
            Title = item.Title.Trim(),
            Kind = item.Kind,
            Sections = Input.NormalizeSections(item.Sections),
            Recommendation = item.Recommendation,
            Guests = [.. item.Guests],
            Attachments = [.. item.Attachments],
        };
        var added = Agenda.Add(meeting, draft, await s.NextPositionAsync(meetingId), originItem, Now);
        await s.InsertItemAsync(added);
        await PublishAsync(s, MeetingEvents.ItemAdded(meeting, body, added));
        return (Identifiers.ItemName(meetingId, added.Id), Mapping.ToProto(added, 0, originItem));
    }

    [RequiresAccess(MeetingsAccess.Read)]
    public override async Task<AgendaItem> GetAgendaItem(GetAgendaItemRequest request, ServerCallContext context)
    {
        var (meetingId, itemId) = Identifiers.ParseItem(request.Name, "name");
        var (meeting, item, kept) = await _calls.ReadAsync<(MeetingRecord?, AgendaItem, IReadOnlyDictionary<string, ReminderListContent>?)>(context, request, async s =>
        {
            var item = await ItemProtoAsync(s, await RequireItemAsync(s, meetingId, itemId));
            // Only the reminder list needs its meeting (state, body, date): other items read as before.
            if (item.Kind != ItemKind.ReminderList)
            {
                return (null, item, null);
            }
            var meeting = await RequireMeetingAsync(s, meetingId);
            return (meeting, item, await KeptReminderListsAsync(s, meeting, [item]));
        });
        if (meeting is not null)
        {
            await ShowReminderListsAsync(meeting, [item], kept!, context.CancellationToken);
        }
        return item;
    }

    [RequiresAccess(MeetingsAccess.Read)]
    public override async Task<ListAgendaItemsResponse> ListAgendaItems(ListAgendaItemsRequest request, ServerCallContext context)
    {
        var meetingId = Identifiers.ParseMeeting(request.Parent, "parent");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"items|{meetingId}";
        var afterPosition = PageRequest.DecodeToken<int?>(request.PageToken, filter, position => position >= 0);
        var (meeting, response, kept) = await _calls.ReadAsync(context, request, async s =>
        {
            var meeting = await RequireMeetingAsync(s, meetingId);
            var rest = (await s.ListItemsAsync(meetingId)).Where(i => afterPosition is null || i.Position > afterPosition).ToList();
            var page = rest.Take(size).ToList();
            var response = new ListAgendaItemsResponse();
            response.Items.AddRange(await ItemProtosAsync(s, page));
            if (rest.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken<int?>(page[^1].Position, filter);
            }
            return (meeting, response, await KeptReminderListsAsync(s, meeting, response.Items));
        });
        await ShowReminderListsAsync(meeting, response.Items, kept, context.CancellationToken);
        return response;
    }

    [RequiresAccess(MeetingsAccess.Manage)]
    public override async Task<AgendaItem> UpdateAgendaItem(UpdateAgendaItemRequest request, ServerCallContext context)
    {
        var item = request.Item ?? throw new ValidationException("item", "is required");
        var (meetingId, itemId) = Identifiers.ParseItem(item.Name, "item.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, ItemPaths);
        var v = new Validator();
        Input.Item(v, "item", item, paths);
        v.ThrowIfInvalid();
        if (paths.Contains("journal_number"))
        {
            await journalNumbers.EnsureCaseExistsAsync(item.JournalNumber, "item.journal_number", context.CancellationToken);
        }

        return await _calls.WriteAsync(context, request, async s =>
        {
            var meeting = await ManageMeetingAsync(s, meetingId);
            var current = await RequireItemAsync(s, meetingId, itemId);
            Etags.Check(request.Etag, current.Version, Identifiers.ItemName(meetingId, itemId));
            var changed = current with
            {
                JournalNumber = paths.Contains("journal_number") ? item.JournalNumber : current.JournalNumber,
                Title = paths.Contains("title") ? item.Title.Trim() : current.Title,
                Kind = paths.Contains("kind") ? item.Kind : current.Kind,
                Sections = paths.Contains("sections") ? Input.NormalizeSections(item.Sections) : current.Sections,
                Recommendation = paths.Contains("recommendation") ? item.Recommendation : current.Recommendation,
                Guests = paths.Contains("guests") ? [.. item.Guests] : current.Guests,
                Attachments = paths.Contains("attachments") ? [.. item.Attachments] : current.Attachments,
            };
            var updated = Agenda.Change(meeting, current, changed, Now);
            await s.UpdateItemAsync(updated);
            return await ItemProtoAsync(s, updated);
        });
    }

    [RequiresAccess(MeetingsAccess.Manage)]
    public override Task<ListAgendaItemsResponse> ReorderAgendaItems(ReorderAgendaItemsRequest request, ServerCallContext context)
    {
        var meetingId = Identifiers.ParseMeeting(request.Parent, "parent");
        var order = new List<string>();
        for (var i = 0; i < request.Items.Count; i++)
        {
            var (m, itemId) = Identifiers.ParseItem(request.Items[i], $"items[{i}]");
            if (m != meetingId)
            {
                throw new ValidationException($"items[{i}]", $"is not an item of {request.Parent}");
            }
            order.Add(itemId);
        }
        return _calls.WriteAsync(context, request, async s =>
        {
            var meeting = await ManageMeetingAsync(s, meetingId);
            var ordered = Agenda.Reorder(meeting, await s.ListItemsAsync(meetingId), order);
            await RenumberAsync(s, ordered);
            var response = new ListAgendaItemsResponse();
            response.Items.AddRange(await ItemProtosAsync(s, await s.ListItemsAsync(meetingId)));
            return response;
        });
    }

    [RequiresAccess(MeetingsAccess.Manage)]
    public override async Task<Google.Protobuf.WellKnownTypes.Empty> RemoveAgendaItem(RemoveAgendaItemRequest request, ServerCallContext context)
    {
        var (meetingId, itemId) = Identifiers.ParseItem(request.Name, "name");
        return await _calls.WriteAsync(context, request, async s =>
        {
            var meeting = await ManageMeetingAsync(s, meetingId);
            var item = await RequireItemAsync(s, meetingId, itemId);
            Etags.Check(request.Etag, item.Version, Identifiers.ItemName(meetingId, itemId));
            var remaining = Agenda.Remove(meeting, await s.ListItemsAsync(meetingId), itemId);
            if (await s.GetDecisionCarryingAsync(itemId) is { } postponement)
            {
                await s.UpdatePostponementTargetAsync(Postponement.CarriedItemRemoved(postponement));
            }
            await s.DeleteItemAsync(itemId);
            await RenumberAsync(s, remaining);
            return new Google.Protobuf.WellKnownTypes.Empty();
        });
    }

    private async Task<AgendaItem> ItemProtoAsync(MeetingsSession s, ItemRecord item) =>
        (await ItemProtosAsync(s, [item]))[0];

    /// <summary>Gives the items the numbers of their order (1, 2, ...).</summary>
    private static async Task RenumberAsync(MeetingsSession s, IReadOnlyList<string> itemIds)
    {
        for (var position = 1; position <= itemIds.Count; position++)
        {
            await s.SetPositionAsync(itemIds[position - 1], position);
        }
    }

    /// <summary>Items as the caller may see them (<see cref="MeetingsConfidentiality"/>): a closed item
    /// the caller may not see is "Lukket" and its journal number; one it sees is audited as read.</summary>
    private async Task<IReadOnlyList<AgendaItem>> ItemProtosAsync(MeetingsSession s, IReadOnlyList<ItemRecord> items)
    {
        if (items.Count == 0)
        {
            return [];
        }
        var counts = await s.CountDecisionsAsync(items.Select(i => i.Id));
        // The items they continue, and the meetings of closed items (whose body decides who sees them),
        // each in one statement.
        var originIds = items.Select(i => i.OriginItemId).OfType<string>().ToList();
        var origins = originIds.Count == 0 ? [] : (await s.GetItemsAsync(originIds)).ToDictionary(i => i.Id);
        var closedMeetingIds = items.Where(MeetingsConfidentiality.IsClosed).Select(i => i.MeetingId).ToList();
        var bodyOf = closedMeetingIds.Count == 0 ? [] : (await s.GetMeetingsAsync(closedMeetingIds)).ToDictionary(m => m.Id, m => m.BodyId);
        var result = new List<AgendaItem>(items.Count);
        foreach (var item in items)
        {
            var origin = item.OriginItemId is null ? null : origins.GetValueOrDefault(item.OriginItemId);
            if (MeetingsConfidentiality.IsClosed(item))
            {
                var bodyId = bodyOf.GetValueOrDefault(item.MeetingId) ?? throw new NotFoundException(Identifiers.MeetingName(item.MeetingId));
                if (!Confidentiality.SeesContent(item, bodyId))
                {
                    result.Add(Mapping.Redacted(item, origin));
                    continue;
                }
                _calls.ClosedContentRead(Identifiers.ItemName(item.MeetingId, item.Id));
            }
            result.Add(Mapping.ToProto(item, counts.GetValueOrDefault(item.Id), origin));
        }
        return result;
    }
}
