using Governance.Cases.Domain;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Cases.Grpc;

public sealed partial class CasesGrpcService
{
    [RequiresAccess(CasesAccess.Read)]
    public override Task<ListCaseTimelineResponse> ListCaseTimeline(ListCaseTimelineRequest request, ServerCallContext context)
    {
        var key = JournalNumbers.ParseName(request.Parent, "parent");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"timeline|{key.Id}";
        var after = PageRequest.DecodeToken<TimelineKey>(request.PageToken, filter);
        if (after is not null && (after.Id is null || after.Ticks < DateTime.MinValue.Ticks || after.Ticks > DateTime.MaxValue.Ticks))
        {
            throw new ValidationException("page_token", "is not a page token issued by this service");
        }

        return _calls.ReadAsync(context, request, async s =>
        {
            var c = await RequireCaseAsync(s, key);
            var rows = await s.ListTimelineAsync(key, after is null ? null : (new DateTime(after.Ticks, DateTimeKind.Utc), after.Id), size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListCaseTimelineResponse();
            response.Entries.AddRange(ForCaller.Timeline(c, page).Select(Mapping.ToProto));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(new TimelineKey(page[^1].OccurredAt.Ticks, page[^1].Id), filter);
            }
            return response;
        });
    }

    private sealed record TimelineKey(long Ticks, string Id);
}
