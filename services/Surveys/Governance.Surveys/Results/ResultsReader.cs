using System.Collections.Concurrent;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;

namespace Governance.Surveys.Results;

/// <summary>
/// The one reader of results: every RPC that shows results (a group, the list, the comparison with the
/// previous round) takes them from here, so the anonymity rules cannot be skipped by a path of its own.
/// A released round's responses never change, so its results are computed once per process and kept
/// (a few hundred rounds' worth at most; the oldest are dropped first).
/// </summary>
public sealed class ResultsReader(SuppressionThresholds thresholds)
{
    private const int MostKept = 64;
    private readonly ConcurrentDictionary<(string Round, string Instrument), ResultGroups> _kept = new();
    private readonly ConcurrentQueue<(string, string)> _order = new();

    public SuppressionThresholds Thresholds => thresholds;

    /// <summary>The results of an instrument of a round when they are computed already, else null: a reader
    /// that needs nothing else of the round reads nothing more.</summary>
    public ResultGroups? Kept(string roundId, string instrumentId) =>
        _kept.GetValueOrDefault((roundId, instrumentId));

    /// <summary>The results of <paramref name="instrument"/> (as the round froze it) in a released round.</summary>
    public async Task<ResultGroups> ReadAsync(SurveysSession s, RoundRecord round, InstrumentRecord instrument, IReadOnlyList<UnitRecord> units,
        IReadOnlyList<ManagerRecord> managers)
    {
        if (Kept(round.Id, instrument.Id) is { } kept)
        {
            return kept;
        }
        var key = (round.Id, instrument.Id);
        var computed = ResultGroups.Compute(instrument, units, managers, await s.ResponsesAsync(round.Id, instrument), thresholds);
        if (_kept.TryAdd(key, computed))
        {
            _order.Enqueue(key);
            while (_kept.Count > MostKept && _order.TryDequeue(out var oldest))
            {
                _kept.TryRemove(oldest, out _);
            }
        }
        return computed;
    }
}
