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
        IReadOnlyList<Response> responses, SuppressionThresholds thresholds)
    {
        var layout = Scoring.Layout.Of(instrument.Themes);
        var tree = Tree.Of(instrument, layout, units, managers, responses);
        return new ResultGroups(instrument, layout, tree.Tallies, Suppression.Decide(tree.Groups, thresholds), tree.TotalId)
        {
            _basis = new Basis(units, managers, responses, thresholds),
        };
    }

    /// <summary>
    /// The results of the respondents whose answer to <paramref name="item"/> is one of
    /// <paramref name="points"/>. Which groups show does not depend on the points asked for: the views of
    /// one item's filters are sums of classes of respondents by their answer to it (each point, and no
    /// answer), and any union of classes follows from them ({4, 5} less {5} is those who answered 4). So
    /// for every way of splitting the classes in two, kept and left out, four trees of counts must pass the
    /// threshold (a sensitive item's when the filter's item is sensitive) with every remainder safe: the
    /// kept, the left-out, and the kept and the left-out that the unfiltered results do not already give
    /// (<see cref="NotGiven"/>). Starting from what the unfiltered results hide, the trees are decided in
    /// turn, each keeping what the others hid, until none hides more. A group that keeps no one shows nothing.
    /// </summary>
    public ResultGroups Filter(int item, IReadOnlySet<int> points, bool sensitiveItem)
    {
        var basis = _basis ?? throw new InvalidOperationException("A filtered view is made from the unfiltered results.");
        const int noAnswer = int.MinValue;
        var classOf = new int[basis.Responses.Count];
        var kept = new List<Response>();
        for (var i = 0; i < basis.Responses.Count; i++)
        {
            var r = basis.Responses[i];
            var at = Array.FindIndex(r.Answers, a => a.Item == item);
            classOf[i] = at >= 0 ? r.Answers[at].Point : noAnswer;
            if (points.Contains(classOf[i]))
            {
                kept.Add(r);
            }
        }
        var classes = classOf.Distinct().Order().ToArray();
        var threshold = sensitiveItem ? basis.Thresholds.Sensitive : basis.Thresholds.Minimum;
        // A sensitive item divides only groups whose sensitive items show unfiltered: its answers are theirs to see.
        var results = Narrowed(Splits(basis, classOf, classes, o => !o.Suppressed), threshold,
            _outcomes.ToDictionary(o => o.Key, o => o.Value.Reason != SuppressionReason.Unspecified || !sensitiveItem ? o.Value.Reason : o.Value.SensitiveItemsReason,
                StringComparer.Ordinal));
        var sensitive = Narrowed(Splits(basis, classOf, classes, o => !o.SensitiveItemsSuppressed), basis.Thresholds.Sensitive,
            results.ToDictionary(r => r.Key, r => r.Value != SuppressionReason.Unspecified ? r.Value : _outcomes[r.Key].SensitiveItemsReason,
                StringComparer.Ordinal));
        var keptTree = Tree.Of(Instrument, Layout, basis.Units, basis.Managers, kept);
        // Whom the filter keeps is 0 or enough wherever the splits are safe: a group of no one shows nothing.
        var nobody = keptTree.Groups.Where(g => g.Count == 0).Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var outcomes = results.ToDictionary(r => r.Key, r => nobody.Contains(r.Key) && r.Value == SuppressionReason.Unspecified
            ? new Suppression.Outcome(SuppressionReason.TooFewRespondents, SuppressionReason.TooFewRespondents)
            : new Suppression.Outcome(r.Value, sensitive[r.Key]), StringComparer.Ordinal);
        return new ResultGroups(Instrument, Layout, keptTree.Tallies, outcomes, TotalId);
    }

    /// <summary>Every split of the item's classes in two (each once: a split and its mirror are the same
    /// pair), as its four trees of counts; <paramref name="shows"/> says which unfiltered groups are shown
    /// (for the results, or for the sensitive items).</summary>
    private List<List<Suppression.Group>> Splits(Basis basis, int[] classOf, int[] classes, Func<Suppression.Outcome, bool> shows)
    {
        var trees = new List<List<Suppression.Group>>();
        // Masks with the last class left out: each split once (there are at most 7 classes: 2^6 - 1 splits).
        for (var mask = 1; mask < 1 << (classes.Length - 1); mask++)
        {
            var keptClasses = classes.Where((_, c) => (mask & (1 << c)) != 0).ToHashSet();
            var isKept = classOf.Select(c => keptClasses.Contains(c)).ToArray();
            var (keptNotGiven, leftNotGiven) = NotGiven(basis, isKept, shows);
            trees.Add(CountTree(basis, i => isKept[i]));
            trees.Add(CountTree(basis, i => !isKept[i]));
            trees.Add(CountTree(basis, i => isKept[i] && keptNotGiven[i]));
            trees.Add(CountTree(basis, i => !isKept[i] && leftNotGiven[i]));
        }
        return trees;
    }

    /// <summary>Decides the trees in turn, each keeping what the others hid, until none hides more: then every
    /// remainder of each is safe with the same groups shown. A group a tree has no one of has no one to
    /// protect there (and showing an empty part changes no remainder).</summary>
    private static Dictionary<string, SuppressionReason> Narrowed(IReadOnlyList<List<Suppression.Group>> trees, int threshold,
        IReadOnlyDictionary<string, SuppressionReason> hiddenBefore)
    {
        var hidden = hiddenBefore.ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
        while (true)
        {
            var before = hidden.Count(h => h.Value != SuppressionReason.Unspecified);
            foreach (var tree in trees)
            {
                var empty = tree.Where(g => g.Count == 0).Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var (id, _) in Suppression.Decide(tree, threshold, hidden).Where(d => d.Value != SuppressionReason.Unspecified && !empty.Contains(d.Key)))
                {
                    if (hidden.GetValueOrDefault(id) == SuppressionReason.Unspecified)
                    {
                        // Too few of one answer is no fault of the group's own: it hides to protect them.
                        hidden[id] = SuppressionReason.ProtectsAnotherGroup;
                    }
                }
            }
            if (hidden.Count(h => h.Value != SuppressionReason.Unspecified) == before)
            {
                return hidden;
            }
        }
    }

    /// <summary>
    /// Which kept and which left-out respondents the unfiltered results do not already give. Each
    /// respondent is in the remainder of the shown group nearest at or above its unit (or manager); the
    /// unfiltered results give that remainder's sums, so when no one in it is left out they are its kept
    /// respondents' sums, and when no one is kept its left-out ones'. What is left is the remainders with
    /// both: there a filtered group's kept (or left-out) remainder less what is given must be none or at
    /// least the threshold too. Why this and no more: what is shown adds up, per filtered remainder, to its
    /// kept and its left-out total and to each unfiltered remainder in it, so a set of respondents whose sums
    /// follow is whole unfiltered remainders, and per filtered remainder perhaps the kept (or the left-out) of
    /// all those in it with both.
    /// </summary>
    private (bool[] Kept, bool[] Left) NotGiven(Basis basis, bool[] isKept, Func<Suppression.Outcome, bool> shows)
    {
        var parents = ByManager
            ? basis.Managers.ToDictionary(m => m.ManagerId, _ => (string?)TotalId, StringComparer.Ordinal)
            : basis.Units.ToDictionary(u => u.UnitId, u => u.ParentId, StringComparer.Ordinal);
        string? RemainderOf(string group)
        {
            for (string? at = group; at is not null; at = parents.GetValueOrDefault(at))
            {
                if (_outcomes.TryGetValue(at, out var outcome) && shows(outcome))
                {
                    return at;
                }
            }
            return null;
        }
        var responses = basis.Responses;
        var remainder = responses.Select(r => r.GroupId).Distinct(StringComparer.Ordinal).ToDictionary(g => g, RemainderOf, StringComparer.Ordinal);
        // An empty response is no respondent (it counts nowhere).
        var keptIn = new HashSet<string>(StringComparer.Ordinal);
        var leftIn = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < responses.Count; i++)
        {
            if (responses[i].Answers.Length > 0 && remainder[responses[i].GroupId] is { } at)
            {
                (isKept[i] ? keptIn : leftIn).Add(at);
            }
        }
        var notGiven = new bool[responses.Count];
        for (var i = 0; i < responses.Count; i++)
        {
            notGiven[i] = remainder[responses[i].GroupId] is not { } at || (keptIn.Contains(at) && leftIn.Contains(at));
        }
        return (notGiven, notGiven);
    }

    /// <summary>The tree of respondent counts of the responses <paramref name="include"/> takes (no tallies:
    /// only who counts where), shaped as <see cref="Tree"/> shapes the groups.</summary>
    private List<Suppression.Group> CountTree(Basis basis, Func<int, bool> include)
    {
        var direct = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < basis.Responses.Count; i++)
        {
            if (basis.Responses[i].Answers.Length > 0 && include(i))
            {
                direct[basis.Responses[i].GroupId] = direct.GetValueOrDefault(basis.Responses[i].GroupId) + 1;
            }
        }
        var groups = new List<Suppression.Group>();
        if (ByManager)
        {
            var total = 0;
            foreach (var m in basis.Managers)
            {
                var n = direct.GetValueOrDefault(m.ManagerId);
                total += n;
                groups.Add(new Suppression.Group(m.ManagerId, TotalId, n));
            }
            groups.Add(new Suppression.Group(TotalId, null, total));
            return groups;
        }
        var children = basis.Units.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!, StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var unit in BottomUp(basis.Units, TotalId, children))
        {
            var own = direct.GetValueOrDefault(unit.UnitId);
            var count = own + children[unit.UnitId].Sum(c => counts[c.UnitId]);
            counts[unit.UnitId] = count;
            groups.Add(new Suppression.Group(unit.UnitId, unit.ParentId, count));
            if (children[unit.UnitId].Any() && own > 0)
            {
                groups.Add(new Suppression.Group(unit.UnitId + "/direkte", unit.UnitId, own, Reportable: false));
            }
        }
        return groups;
    }

    /// <summary>What a filtered view is made from.</summary>
    private sealed record Basis(IReadOnlyList<UnitRecord> Units, IReadOnlyList<ManagerRecord> Managers, IReadOnlyList<Response> Responses,
        SuppressionThresholds Thresholds);

    private Basis? _basis;

    /// <summary>A tree of groups with their tallies: the units (a unit's direct respondents a part never
    /// shown) or the evaluated managers under the total.</summary>
    private sealed record Tree(Dictionary<string, Scoring.Tally> Tallies, List<Suppression.Group> Groups, string TotalId)
    {
        public static Tree Of(InstrumentRecord instrument, Scoring.Layout layout, IReadOnlyList<UnitRecord> units, IReadOnlyList<ManagerRecord> managers,
            IEnumerable<Response> responses)
        {
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
                ? ByManagers(layout, managers, root, direct)
                : ByUnits(layout, units, root, direct);
        }

        private static Tree ByUnits(Scoring.Layout layout, IReadOnlyList<UnitRecord> units, string root, Dictionary<string, Scoring.Tally> direct)
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
            return new Tree(tallies, groups, root);
        }

        private static Tree ByManagers(Scoring.Layout layout, IReadOnlyList<ManagerRecord> managers, string root, Dictionary<string, Scoring.Tally> direct)
        {
            var totalId = "#" + root;
            var tallies = new Dictionary<string, Scoring.Tally>(StringComparer.Ordinal);
            var total = new Scoring.Tally(layout);
            var groups = new List<Suppression.Group>(managers.Count + 1);
            foreach (var m in managers)
            {
                var tally = direct.GetValueOrDefault(m.ManagerId) ?? new Scoring.Tally(layout);
                tallies[m.ManagerId] = tally;
                total.Merge(tally);
                groups.Add(new Suppression.Group(m.ManagerId, totalId, tally.Respondents));
            }
            tallies[totalId] = total;
            groups.Add(new Suppression.Group(totalId, null, total.Respondents));
            return new Tree(tallies, groups, totalId);
        }
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
