using Governance.Surveys.V1;

namespace Governance.Surveys.Domain;

/// <summary>
/// The results of one instrument of one round, computed once from its responses: a tally per group and
/// whether each group shows (<see cref="Suppression"/>). For APV/trivsel and social capital the groups
/// are the units of the organisation version the round kept, each with every unit below it (a unit's
/// direct respondents are a part of it that is never shown); for a leadership evaluation they are the
/// evaluated managers, under the whole municipality's total (the root unit's id). Immutable: a released
/// round's responses never change, so one instance serves every read.
/// </summary>
public sealed class ResultGroups
{
    private readonly Dictionary<string, Scoring.Tally> _tallies;
    private readonly IReadOnlyDictionary<string, Suppression.Outcome> _outcomes;

    private ResultGroups(InstrumentRecord instrument, Scoring.Layout layout, Dictionary<string, Scoring.Tally> tallies,
        IReadOnlyDictionary<string, Suppression.Outcome> outcomes, string totalId)
    {
        Instrument = instrument;
        Layout = layout;
        _tallies = tallies;
        _outcomes = outcomes;
        TotalId = totalId;
    }

    public InstrumentRecord Instrument { get; }

    public Scoring.Layout Layout { get; }

    /// <summary>Whether the groups are evaluated managers (a leadership evaluation).</summary>
    public bool ByManager => Instrument.Kind == InstrumentKind.LeadershipEvaluation;

    /// <summary>The group of everyone: the root unit's id, or for managers "#" and the root unit's id
    /// (manager ids and unit ids are apart: a manager may have the root's id).</summary>
    public string TotalId { get; }

    /// <summary>The group a request names: a unit's or a manager's id, or for a leadership evaluation the
    /// root unit's id for the total.</summary>
    public string? Resolve(string requested, string rootUnitId) =>
        ByManager && requested == rootUnitId ? TotalId : Has(requested) ? requested : null;

    /// <summary>The reportable groups' ids.</summary>
    public IEnumerable<string> GroupIds => _outcomes.Keys;

    public bool Has(string groupId) => _outcomes.ContainsKey(groupId);

    public Scoring.Tally TallyOf(string groupId) => _tallies[groupId];

    public Suppression.Outcome OutcomeOf(string groupId) => _outcomes[groupId];

    /// <summary>One response's answers to the instrument, and where it counts (its unit, or its evaluated manager).</summary>
    public readonly record struct Response(string GroupId, Scoring.Answer[] Answers);

    /// <summary>Tallies <paramref name="responses"/> into their groups, rolls them up the tree, and decides
    /// what shows at <paramref name="thresholds"/>.</summary>
    public static ResultGroups Compute(InstrumentRecord instrument, IReadOnlyList<UnitRecord> units, IReadOnlyList<ManagerRecord> managers,
        IEnumerable<Response> responses, SuppressionThresholds thresholds)
    {
        var layout = Scoring.Layout.Of(instrument.Themes);
        var root = units.Single(u => u.ParentId is null).UnitId;
        var direct = new Dictionary<string, Scoring.Tally>(StringComparer.Ordinal);
        foreach (var r in responses)
        {
            if (!direct.TryGetValue(r.GroupId, out var tally))
            {
                direct[r.GroupId] = tally = new Scoring.Tally(layout);
            }
            tally.Add(r.Answers);
        }
        return instrument.Kind == InstrumentKind.LeadershipEvaluation
            ? ByManagers(instrument, layout, managers, root, direct, thresholds)
            : ByUnits(instrument, layout, units, root, direct, thresholds);
    }

    private static ResultGroups ByUnits(InstrumentRecord instrument, Scoring.Layout layout, IReadOnlyList<UnitRecord> units, string root,
        Dictionary<string, Scoring.Tally> direct, SuppressionThresholds thresholds)
    {
        var children = units.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!, StringComparer.Ordinal);
        var tallies = new Dictionary<string, Scoring.Tally>(StringComparer.Ordinal);
        var groups = new List<Suppression.Group>(units.Count * 2);
        // Bottom up (children before parents), without recursion: a parent merges its children's tallies.
        foreach (var unit in BottomUp(units, root, children))
        {
            var tally = new Scoring.Tally(layout);
            var own = direct.GetValueOrDefault(unit.UnitId);
            if (own is not null)
            {
                tally.Merge(own);
            }
            foreach (var child in children[unit.UnitId])
            {
                tally.Merge(tallies[child.UnitId]);
            }
            tallies[unit.UnitId] = tally;
            groups.Add(new Suppression.Group(unit.UnitId, unit.ParentId, tally.Respondents));
            if (children[unit.UnitId].Any() && own is { Respondents: > 0 })
            {
                groups.Add(new Suppression.Group(unit.UnitId + "/direkte", unit.UnitId, own.Respondents, Reportable: false));
            }
        }
        return new ResultGroups(instrument, layout, tallies, Suppression.Decide(groups, thresholds), root);
    }

    private static ResultGroups ByManagers(InstrumentRecord instrument, Scoring.Layout layout, IReadOnlyList<ManagerRecord> managers, string root,
        Dictionary<string, Scoring.Tally> direct, SuppressionThresholds thresholds)
    {
        var tallies = new Dictionary<string, Scoring.Tally>(StringComparer.Ordinal);
        var total = new Scoring.Tally(layout);
        var groups = new List<Suppression.Group>(managers.Count + 1);
        foreach (var m in managers)
        {
            var tally = direct.GetValueOrDefault(m.ManagerId) ?? new Scoring.Tally(layout);
            tallies[m.ManagerId] = tally;
            total.Merge(tally);
            groups.Add(new Suppression.Group(m.ManagerId, "#" + root, tally.Respondents));
        }
        var totalId = "#" + root;
        tallies[totalId] = total;
        groups.Add(new Suppression.Group(totalId, null, total.Respondents));
        return new ResultGroups(instrument, layout, tallies, Suppression.Decide(groups, thresholds), totalId);
    }

    /// <summary>The units from the leaves up to the root (each after every unit below it).</summary>
    private static List<UnitRecord> BottomUp(IReadOnlyList<UnitRecord> units, string root, ILookup<string, UnitRecord> children)
    {
        var byId = units.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        var order = new List<UnitRecord>(units.Count);
        var stack = new Stack<string>([root]);
        while (stack.TryPop(out var id))
        {
            order.Add(byId[id]);
            foreach (var child in children[id])
            {
                stack.Push(child.UnitId);
            }
        }
        order.Reverse();
        return order;
    }
}
