using Governance.Cases.Domain;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.Data.Paging;
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
        var after = PageRequest.DecodeInstantKey(request.PageToken, filter);

        return _calls.ReadAsync(context, request, async s =>
        {
            var c = await RequireCaseAsync(s, key);
            var rows = await s.ListTimelineAsync(key, after, size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListCaseTimelineResponse();
            response.Entries.AddRange(ForCaller.Timeline(c, page).Select(Mapping.ToProto));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeInstantKey(page[^1].OccurredAt, page[^1].Id, filter);
            }
            return response;
        });
    }
}
