using Dapper;
using Governance.Data.Connections;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Data;

/// <summary>The SQL of results: a round's answers to one instrument, read once per computation.</summary>
public sealed partial class SurveysSession
{
    /// <summary>Every response's answers to <paramref name="instrument"/>, one <see cref="ResultGroups.Response"/>
    /// each, counted in its unit (or, for a leadership evaluation, its evaluated manager). Answers to items
    /// the instrument does not have are left out. One query, read in response order.</summary>
    public async Task<IReadOnlyList<ResultGroups.Response>> ResponsesAsync(string roundId, InstrumentRecord instrument)
    {
        var layout = Scoring.Layout.Of(instrument.Themes);
        var byManager = instrument.Kind == InstrumentKind.LeadershipEvaluation;
        var rows = await Connection.QueryAsync<(string ResponseId, string? UnitId, string? ManagerId, string ItemId, int? Point)>(
            """
            SELECT r.id, r.unit_id, r.manager_id, a.item_id, a.point
            FROM responses r JOIN response_answers a ON a.response_id = r.id
            WHERE r.round_id = @roundId AND a.instrument_id = @instrumentId
            ORDER BY r.id
            """, new { roundId, instrumentId = instrument.Id }, Transaction);
        var responses = new List<ResultGroups.Response>();
        var answers = new List<Scoring.Answer>();
        string? current = null, group = null;
        foreach (var row in rows)
        {
            if (row.ResponseId != current)
            {
                Flush();
                current = row.ResponseId;
                group = byManager ? row.ManagerId : row.UnitId;
            }
            var item = layout.IndexOf(row.ItemId);
            if (item >= 0)
            {
                // A free-text answer counts as answered; its text is read apart, by those who may.
                answers.Add(new Scoring.Answer(item, row.Point ?? 0));
            }
        }
        Flush();
        return responses;

        void Flush()
        {
            if (group is not null && answers.Count > 0)
            {
                responses.Add(new ResultGroups.Response(group, [.. answers]));
            }
            answers.Clear();
        }
    }

    /// <summary>The free-text answers to <paramref name="instrumentId"/> of the responses counted in one
    /// unit, by response id (random: no order of submission) and item, at most <paramref name="limit"/>
    /// from <paramref name="offset"/>.</summary>
    public async Task<IReadOnlyList<(string ItemId, string Text)>> FreeTextsAsync(string roundId, string instrumentId, string unitId, int offset, int limit) =>
        [.. await Connection.QueryAsync<(string, string)>(
            $"""
            SELECT a.item_id, a.text
            FROM responses r JOIN response_answers a ON a.response_id = r.id
            WHERE r.round_id = @roundId AND r.unit_id = @unitId AND a.instrument_id = @instrumentId AND a.text IS NOT NULL
            ORDER BY r.id, {Dialect.Binary("a.item_id")}
            LIMIT @limit OFFSET @offset
            """, new { roundId, unitId, instrumentId, offset, limit }, Transaction)];
}
