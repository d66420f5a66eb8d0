using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Domain;
using Governance.Surveys.Reports;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Grpc.Core;

namespace Governance.Surveys.Grpc;

/// <summary>The printable report and the CSV export: the same results, scope and suppression as
/// GetGroupResults and ListGroupResults (<see cref="ReadableResults"/>), and each group put in the file
/// audited as a read of its results, as ListGroupResults audits a page.</summary>
public sealed partial class SurveysGrpcService
{
    [RequiresAccess(SurveysAccess.Results)]
    public override Task<ResultsReport> RenderResultsReport(RenderResultsReportRequest request, ServerCallContext context)
    {
        var (id, unit, instrumentId) = Input.ResultsReport(request);

        return _calls.ReadAsync(context, request, async s =>
        {
            var kept = await ReleasedRoundAsync(s, id);
            var round = kept.Round;
            var reported = ReportedInstruments.Select(round, await s.RoundInstrumentsAsync(round.Id), instrumentId);

            var parts = new List<ReportedInstrument>();
            foreach (var instrument in reported)
            {
                var r = await ReadableResultsAsync(s, kept, instrument);
                if (!r.Results.Has(unit) || !r.Sees(unit))
                {
                    throw new NotFoundException($"{round.Name}: {CallerValue.Quote(unit)}", "GROUP_NOT_FOUND",
                        $"{round.Name} has no results for {CallerValue.Quote(unit)} that you may see.");
                }
                var groups = new List<ReportedGroup>();
                foreach (var (group, depth) in r.SeenFrom(unit))
                {
                    _calls.ClosedContentRead(ResultsResource(round, instrument.Id, group));
                    groups.Add(new ReportedGroup(group, r.DisplayName(group), depth, r.Map(group)));
                }
                parts.Add(new ReportedInstrument(instrument.DisplayName, instrument.Themes, groups));
            }
            var previous = round.PreviousRoundId is { } previousId && await s.GetRoundAsync(previousId) is { State: RoundState.Released } p ? p : null;
            var content = new ReportContent(round.DisplayName, previous?.DisplayName, parts[0].Groups[0].DisplayName, round.ReleasedTime, Now,
                results.Thresholds, parts);
            return new ResultsReport
            {
                Html = ResultsReportDocument.Render(content),
                FileName = $"{round.Id}-{unit}{(instrumentId is null ? "" : "-" + instrumentId)}.html",
            };
        });
    }

    [RequiresAccess(SurveysAccess.Results)]
    public override Task<ResultsCsv> ExportResultsCsv(ExportResultsCsvRequest request, ServerCallContext context)
    {
        var (id, instrumentId, group) = Input.ResultsCsv(request);

        return _calls.ReadAsync(context, request, async s =>
        {
            var r = await ReleasedResultsAsync(s, id, instrumentId);
            // Every group of the scope is below the root (or the leadership total): the rows go in tree order.
            var from = group is null ? (r.Results.ByManager ? r.Results.TotalId : r.Root)
                : r.Results.Resolve(group, r.Root) is { } g && r.Sees(g) ? g
                : throw new NotFoundException($"{r.Round.Name}: {CallerValue.Quote(group)}", "GROUP_NOT_FOUND",
                    $"{r.Round.Name} has no results for {CallerValue.Quote(group)} that you may see.");
            var groups = r.SeenFrom(from).Select(x => x.Group);
            var mapped = new List<GroupResults>();
            foreach (var name in groups)
            {
                _calls.ClosedContentRead(ResultsResource(r.Round, instrumentId, name));
                mapped.Add(r.Map(name));
            }
            var csv = ResultsCsvWriter.Write(mapped, r.Results.Instrument.Themes, r.Results.ByManager);
            return new ResultsCsv
            {
                Csv = Google.Protobuf.ByteString.CopyFrom(csv.ToBytes()),
                FileName = $"{r.Round.Id}-{instrumentId}{(group is null ? "" : "-" + group)}.csv",
                RowCount = csv.Rows - 1,
            };
        });
    }
}
