using Governance.Cases.Data;
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
    public override Task<SearchCasesResponse> SearchCases(SearchCasesRequest request, ServerCallContext context)
    {
        var v = new Validator();
        if (v.Required("query", request.Query, Input.QueryMax))
        {
            var words = CasesSession.Words(request.Query).Count;
            if (words == 0)
            {
                v.Add("query", "must contain at least one word (letters or digits)");
            }
            else if (words > Input.QueryWordsMax)
            {
                v.Add("query", $"must have at most {Input.QueryWordsMax} words (had {words})");
            }
        }
        var unit = Input.Unit(v, "unit", request.Unit, required: false);
        var status = Input.StatusFilter(v, "status", request.Status);
        var year = JournalNumbers.YearFilter(v, "year", request.Year);
        v.ThrowIfInvalid();
        var size = PageRequest.Size(request.PageSize);
        // Closed cases are in the searched set only for those who read their content.
        var scope = ForCaller.SearchScope;
        var filter = $"search|{request.Query}|{unit}|{status}|{year}|{scope.All}|{string.Join(",", scope.Units)}";
        var offset = PageRequest.DecodeOffset(request.PageToken, filter);

        return _calls.ReadAsync(context, request, async s =>
        {
            var matches = await s.SearchAsync(request.Query, scope, unit, status, year, offset, size + 1);
            var page = matches.Take(size).ToList();
            var response = new SearchCasesResponse();
            response.Hits.AddRange(page.Select(m => Mapping.ToProto(ForCaller.Match(m))));
            if (matches.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeNextOffset(offset, size, filter);
            }
            return response;
        });
    }
}
