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

        return await _calls.WriteAsync(context, request, s => _calls.CreateOnceAsync(s, requestId, nameof(AddAgendaItem), request, () => ManageMeetingAsync(s, meetingId), async () =>
        {
            var meeting = await ManageMeetingAsync(s, meetingId);
            var supplement = MeetingRules.EnsureCanChangeItems(meeting);
            ItemRecord? originItem = null;
            if (origin is { } o)
            {
                originItem = await RequireItemAsync(s, o.MeetingId, o.ItemId);
                if (originItem.MeetingId == meetingId)
                {
                    throw new ValidationException("item.origin_item", "must be an item of another meeting");
                }
            }
            var now = Now;
            var record = new ItemRecord
            {
                Id = Identifiers.NewId(),
                MeetingId = meetingId,
                Position = await s.NextPositionAsync(meetingId),
                JournalNumber = item.JournalNumber,
                Title = item.Title.Trim(),
                Kind = item.Kind,
                Sections = Input.NormalizeSections(item.Sections),
                Recommendation = item.Recommendation,
                Guests = [.. item.Guests],
                Attachments = [.. item.Attachments],
                Supplement = supplement,
                OriginItemId = originItem?.Id,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await s.InsertItemAsync(record);
            await PublishAsync(s, MeetingEvents.ItemAdded(meeting, await RequireBodyAsync(s, meeting.BodyId), record));
            return (Identifiers.ItemName(meetingId, record.Id), Mapping.ToProto(record, 0, originItem));
        }, async name =>
        {
            var (m, i) = Identifiers.ParseItem(name, "name");
            return await ItemProtoAsync(s, await RequireItemAsync(s, m, i));
        }));
    }

    [RequiresAccess(MeetingsAccess.Read)]

    public override Task<AgendaItem> GetAgendaItem(GetAgendaItemRequest request, ServerCallContext context)
    {
        var (meetingId, itemId) = Identifiers.ParseItem(request.Name, "name");
        return _calls.ReadAsync(context, request, async s => await ItemProtoAsync(s, await RequireItemAsync(s, meetingId, itemId)));
    }

    [RequiresAccess(MeetingsAccess.Read)]

    public override Task<ListAgendaItemsResponse> ListAgendaItems(ListAgendaItemsRequest request, ServerCallContext context)
    {
        var meetingId = Identifiers.ParseMeeting(request.Parent, "parent");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"items|{meetingId}";
        var afterPosition = PageRequest.DecodeToken<int?>(request.PageToken, filter);
        return _calls.ReadAsync(context, request, async s =>
        {
            await RequireMeetingAsync(s, meetingId);
            var rest = (await s.ListItemsAsync(meetingId)).Where(i => afterPosition is null || i.Position > afterPosition).ToList();
            var page = rest.Take(size).ToList();
            var response = new ListAgendaItemsResponse();
            response.Items.AddRange(await ItemProtosAsync(s, page));
            if (rest.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken<int?>(page[^1].Position, filter);
            }
            return response;
        });
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
            var supplement = MeetingRules.EnsureCanChangeItems(meeting);
            var updated = current with
            {
                JournalNumber = paths.Contains("journal_number") ? item.JournalNumber : current.JournalNumber,
                Title = paths.Contains("title") ? item.Title.Trim() : current.Title,
                Kind = paths.Contains("kind") ? item.Kind : current.Kind,
                Sections = paths.Contains("sections") ? Input.NormalizeSections(item.Sections) : current.Sections,
                Recommendation = paths.Contains("recommendation") ? item.Recommendation : current.Recommendation,
                Guests = paths.Contains("guests") ? [.. item.Guests] : current.Guests,
                Attachments = paths.Contains("attachments") ? [.. item.Attachments] : current.Attachments,
                Supplement = current.Supplement || supplement,
                Version = current.Version + 1,
                UpdatedAt = Now,
            };
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
            MeetingRules.EnsureAgendaUnpublished(meeting, "reorder the agenda");
            var items = await s.ListItemsAsync(meetingId);
            if (order.Count != items.Count || order.Distinct().Count() != order.Count || !items.All(i => order.Contains(i.Id)))
            {
                throw new ValidationException("items",
                    $"must list every item of the agenda exactly once ({items.Count} items, {order.Count} given)");
            }
            for (var position = 1; position <= order.Count; position++)
            {
                await s.SetPositionAsync(order[position - 1], position);
            }
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
            MeetingRules.EnsureAgendaUnpublished(meeting, "remove an item");
            await s.DeleteItemAsync(itemId);
            var position = 0;
            foreach (var rest in await s.ListItemsAsync(meetingId))
            {
                await s.SetPositionAsync(rest.Id, ++position);
            }
            return new Google.Protobuf.WellKnownTypes.Empty();
        });
    }

    private async Task<AgendaItem> ItemProtoAsync(MeetingsSession s, ItemRecord item) =>
        (await ItemProtosAsync(s, [item]))[0];

    /// <summary>Items as the caller may see them: a closed item is "Lukket" and its journal number for
    /// anyone who is neither a member nor the secretariat of the meeting's body.</summary>
    private async Task<IReadOnlyList<AgendaItem>> ItemProtosAsync(MeetingsSession s, IReadOnlyList<ItemRecord> items)
    {
        if (items.Count == 0)
        {
            return [];
        }
        var counts = await s.CountDecisionsAsync(items.Select(i => i.Id));
        var seesClosed = new Dictionary<string, bool>();
        var result = new List<AgendaItem>(items.Count);
        foreach (var item in items)
        {
            var origin = item.OriginItemId is null ? null : await s.GetItemAsync(item.OriginItemId);
            if (item.Kind == ItemKind.Closed)
            {
                if (!seesClosed.TryGetValue(item.MeetingId, out var sees))
                {
                    var meeting = await RequireMeetingAsync(s, item.MeetingId);
                    seesClosed[item.MeetingId] = sees = CurrentCaller.SeesClosedOf(meeting.BodyId);
                }
                if (!sees)
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
