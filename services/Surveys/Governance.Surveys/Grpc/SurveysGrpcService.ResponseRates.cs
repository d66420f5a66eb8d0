using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Grpc.Core;

namespace Governance.Surveys.Grpc;

public sealed partial class SurveysGrpcService
{
    [RequiresAccess(SurveysAccess.Results)]
    public override Task<ListResponseRatesResponse> ListResponseRates(ListResponseRatesRequest request, ServerCallContext context)
    {
        var id = Input.Round(request.Round, "round");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"responseRates|{id}";
        var after = PageRequest.DecodeToken<string>(request.PageToken, filter, SurveyNames.IsId) ?? "";

        return _calls.ReadAsync(context, request, async s =>
        {
            var (round, units, _, scope) = await KeptRoundAsync(s, id);
            var counts = ResponseRates.PerUnit(units, await s.UnitCountsAsync(round.Id, open: round.State == RoundState.Open));
            var page = units.Select(u => u.UnitId).Where(u => scope.SeesUnit(u) && string.CompareOrdinal(u, after) > 0)
                .Order(StringComparer.Ordinal).Take(size + 1).ToList();
            var response = new ListResponseRatesResponse();
            response.ResponseRates.AddRange(page.Take(size).Select(u => new UnitResponseRate
            {
                Unit = SurveyNames.Unit(round.OrganisationVersion!.Value, u), InvitedCount = counts[u].Invited, ResponseCount = counts[u].Answered,
            }));
            if (page.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(page[size - 1], filter);
            }
            return response;
        });
    }

    /// <summary>A round that has opened, with the organisation version it kept and the caller's scope in
    /// it: the one read of the kept organisation for response rates, results and action plans. A round not
    /// yet open has no units, rates or results: FAILED_PRECONDITION.</summary>
    private async Task<KeptRound> KeptRoundAsync(SurveysSession s, RoundRecord round)
    {
        if (round.OrganisationVersion is not { } version)
        {
            throw new FailedPreconditionException("ROUND_NOT_OPENED", $"{round.Name} is {Rounds.Word(round.State)}: it has no responses before it opens.");
        }
        var units = await s.AllUnitsAsync(version);
        var managers = await s.AllManagersAsync(version);
        return new KeptRound(round, units, managers, ResultsScope.For(CurrentCaller, units, managers));
    }

    private async Task<KeptRound> KeptRoundAsync(SurveysSession s, string id) => await KeptRoundAsync(s, await RequireRoundAsync(s, id));

    /// <summary>A round with the organisation it kept at opening, and the caller's scope in it.</summary>
    private sealed record KeptRound(RoundRecord Round, IReadOnlyList<UnitRecord> Units, IReadOnlyList<ManagerRecord> Managers, ResultsScope Scope);
}
