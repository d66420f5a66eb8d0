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
    public override Task<GroupResults> GetGroupResults(GetGroupResultsRequest request, ServerCallContext context)
    {
        var id = Input.Round(request.Round, "round");
        var instrumentId = Input.Instrument(request.Instrument, "instrument");
        if (!SurveyNames.IsId(request.Group))
        {
            throw new ValidationException("group", "must be a unit id, or for a leadership evaluation a manager id: " + SurveyNames.IdRule);
        }

        return _calls.ReadAsync(context, request, async s =>
        {
            var r = await ReleasedResultsAsync(s, id, instrumentId, request.Filter);
            var group = r.Results.Resolve(request.Group, r.Root) is { } g && r.Sees(g)
                ? g
                : throw new NotFoundException($"{r.Round.Name}: {CallerValue.Quote(request.Group)}", "GROUP_NOT_FOUND",
                    $"{r.Round.Name} has no results for {CallerValue.Quote(request.Group)} that you may see.");
            _calls.ClosedContentRead(ResultsResource(r.Round, instrumentId, group));
            return r.Map(group);
        });
    }

    [RequiresAccess(SurveysAccess.Results)]
    public override Task<ListGroupResultsResponse> ListGroupResults(ListGroupResultsRequest request, ServerCallContext context)
    {
        var id = Input.Round(request.Round, "round");
        var instrumentId = Input.Instrument(request.Instrument, "instrument");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"groupResults|{id}|{instrumentId}|{request.Filter?.ItemId}|{string.Join(",", request.Filter?.Points ?? [])}";
        var after = PageRequest.DecodeToken<string>(request.PageToken, filter, k => k.Length is > 0 and <= 70) ?? "";

        return _calls.ReadAsync(context, request, async s =>
        {
            var r = await ReleasedResultsAsync(s, id, instrumentId, request.Filter);
            var page = r.Results.GroupIds.Where(r.Sees).Where(g => string.CompareOrdinal(g, after) > 0).Order(StringComparer.Ordinal).Take(size + 1).ToList();
            var response = new ListGroupResultsResponse();
            foreach (var group in page.Take(size))
            {
                _calls.ClosedContentRead(ResultsResource(r.Round, instrumentId, group));
                response.GroupResults.Add(r.Map(group));
            }
            if (page.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(page[size - 1], filter);
            }
            return response;
        });
    }

    [RequiresAccess(SurveysAccess.FreeText)]
    public override Task<ListFreeTextAnswersResponse> ListFreeTextAnswers(ListFreeTextAnswersRequest request, ServerCallContext context)
    {
        var id = Input.Round(request.Round, "round");
        var instrumentId = Input.Instrument(request.Instrument, "instrument");
        if (!SurveyNames.IsId(request.Unit))
        {
            throw new ValidationException("unit", "must be a unit id: " + SurveyNames.IdRule);
        }
        var size = PageRequest.Size(request.PageSize);
        var filter = $"freeText|{id}|{instrumentId}|{request.Unit}";
        var offset = PageRequest.DecodeOffset(request.PageToken, filter);

        return _calls.ReadAsync(context, request, async s =>
        {
            var r = await ReleasedResultsAsync(s, id, instrumentId);
            if (r.Results.ByManager)
            {
                throw new ValidationException("instrument", "must not be a leadership evaluation: its free text is not read by workplace");
            }
            if (!r.Results.Has(request.Unit) || !r.Scope.SeesUnit(request.Unit))
            {
                throw new NotFoundException($"{r.Round.Name}: {CallerValue.Quote(request.Unit)}", "GROUP_NOT_FOUND",
                    $"{r.Round.Name} has no results for {CallerValue.Quote(request.Unit)} that you may see.");
            }
            var unit = r.Units.Single(u => u.UnitId == request.Unit);
            FreeTextRules.Check(r.Round, unit, r.Results.OutcomeOf(unit.UnitId), r.Scope.ReadsFreeTextOf(unit.UnitId));
            _calls.ClosedContentRead(ResultsResource(r.Round, instrumentId, unit.UnitId) + "/freeText");
            var texts = await s.FreeTextsAsync(r.Round.Id, instrumentId, unit.UnitId, offset, size + 1);
            var response = new ListFreeTextAnswersResponse();
            response.Answers.AddRange(texts.Take(size).Select(t => new FreeTextAnswer { ItemId = t.ItemId, Text = t.Text }));
            if (texts.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeNextOffset(offset, size, filter);
            }
            return response;
        });
    }

    /// <summary>What the audit log names for a read of a group's results.</summary>
    private static string ResultsResource(RoundRecord round, string instrumentId, string group) => $"{round.Name}/results/{instrumentId}/{group}";

    /// <summary>The results of one instrument of a released round, with the caller's scope in it; narrowed
    /// by <paramref name="filter"/> when one is given (then without the comparison with the previous round,
    /// which was not narrowed alike).</summary>
    private async Task<ReadableResults> ReleasedResultsAsync(SurveysSession s, string roundId, string instrumentId, AnswerFilter? filter = null)
    {
        var kept = await ReleasedRoundAsync(s, roundId);
        var instrument = (await s.RoundInstrumentsAsync(kept.Round.Id)).FirstOrDefault(i => i.Id == instrumentId)
            ?? throw new ValidationException("instrument", $"must be one of {kept.Round.Name}'s instruments");
        return await ReadableResultsAsync(s, kept, instrument, filter);
    }

    /// <summary>A released round with the organisation it kept and the caller's scope in it; a round not
    /// released shows no results to anyone (FAILED_PRECONDITION).</summary>
    private async Task<KeptRound> ReleasedRoundAsync(SurveysSession s, string roundId)
    {
        var kept = await KeptRoundAsync(s, roundId);
        if (kept.Round.State != RoundState.Released)
        {
            throw new FailedPreconditionException("ROUND_NOT_RELEASED",
                $"{kept.Round.Name} is {Rounds.Word(kept.Round.State)}: its results are shown to no one before they are released.");
        }
        return kept;
    }

    /// <summary>The results of one of a released round's instruments as the caller may read them.</summary>
    private async Task<ReadableResults> ReadableResultsAsync(SurveysSession s, KeptRound kept, InstrumentRecord instrument, AnswerFilter? filter = null)
    {
        var (round, units, managers, scope) = kept;
        var computed = await results.ReadAsync(s, round, instrument, units, managers);
        var previous = filter is null ? await PreviousResultsAsync(s, round, instrument) : null;
        if (filter is not null)
        {
            var (item, points, sensitive) = Input.ResultsFilter(filter, computed.Layout, instrument);
            computed = computed.Filter(item, points, sensitive);
        }
        var counts = ResponseRates.PerUnit(units, await s.UnitCountsAsync(round.Id, open: false));
        return new ReadableResults(round, units, managers, scope, computed, previous, counts);
    }

    /// <summary>The same kind of instrument's results in the round's previous round, when that is released.</summary>
    private async Task<ResultGroups?> PreviousResultsAsync(SurveysSession s, RoundRecord round, InstrumentRecord instrument)
    {
        if (round.PreviousRoundId is not { } previousId || await s.GetRoundAsync(previousId) is not { State: RoundState.Released } previous)
        {
            return null;
        }
        var same = (await s.RoundInstrumentsAsync(previous.Id)).FirstOrDefault(i => i.Kind == instrument.Kind);
        if (same is null)
        {
            return null;
        }
        if (results.Kept(previous.Id, same.Id) is { } kept)
        {
            return kept;
        }
        var version = previous.OrganisationVersion!.Value;
        return await results.ReadAsync(s, previous, same, await s.AllUnitsAsync(version), await s.AllManagersAsync(version));
    }
}
