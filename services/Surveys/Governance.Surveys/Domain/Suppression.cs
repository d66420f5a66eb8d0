using Governance.Surveys.V1;

namespace Governance.Surveys.Domain;

// Why remainders and not "hide one more sibling": subtraction works both ways along the tree and across
// several hidden groups at once. Every group is a sum over the tree's leaves (child-less units and the
// units' direct parts), and the groups form a tree, so what any linear combination of the shown sums
// gives away is exactly this: for each shown group, its remainder (the group less the shown groups
// nearest below it), and unions of remainders. The rule is therefore that every remainder is empty or
// has at least the threshold of respondents. That covers the sibling computed from its parent and
// siblings, a parent computed from its parts and fed to the equation above, and what the one-sentence
// rule misses: two hidden siblings of 1 and 2 under a shown parent whose other parts show are a group of
// 3 computed by subtraction.

/// <summary>The anonymity thresholds: a group shows nothing below <see cref="Minimum"/> respondents (5), a
/// sensitive item nothing below <see cref="Sensitive"/> (20).</summary>
public sealed record SuppressionThresholds
{
    public const int DefaultMinimum = 5;
    public const int DefaultSensitive = 20;

    public static readonly SuppressionThresholds Default = new(DefaultMinimum, DefaultSensitive);

    /// <exception cref="ArgumentOutOfRangeException">A minimum below 2 (one respondent is a person), or a
    /// sensitive threshold below the minimum.</exception>
    public SuppressionThresholds(int minimum, int sensitive)
    {
        if (minimum < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "the minimum group must be at least 2 respondents");
        }
        if (sensitive < minimum)
        {
            throw new ArgumentOutOfRangeException(nameof(sensitive), sensitive, $"the threshold for sensitive items must be at least the minimum ({minimum})");
        }
        Minimum = minimum;
        Sensitive = sensitive;
    }

    public int Minimum { get; }

    public int Sensitive { get; }
}

/// <summary>
/// Which groups of a tree show their results. Every parent is the sum of its parts: its child groups and,
/// as a part that is never shown, the respondents placed directly in it. A group shows nothing when it has
/// fewer respondents than the threshold (<see cref="SuppressionReason.TooFewRespondents"/>), and a group
/// that has enough is hidden too when otherwise some respondents, fewer than the threshold, could be
/// computed by subtraction (<see cref="SuppressionReason.ProtectsAnotherGroup"/>): every shown group's
/// remainder, its respondents less those of the shown groups nearest below it, is 0 or at least the
/// threshold. A hidden group still counts in its parent: the counts given are the whole subtree's. The
/// same rule serves the flat case (a total over manager groups is a tree of depth 1).
/// </summary>
public static class Suppression
{
    /// <summary>
    /// A node of the tree: a unit (or a manager's group, or a total) with the respondents of its whole
    /// subtree, or a unit's direct part (<paramref name="Reportable"/> false: the respondents placed directly
    /// in a unit that has child groups, count = the unit's minus its children's, given only when above 0;
    /// a unit without children needs none). A parent's count is the sum of its parts' counts.
    /// </summary>
    public readonly record struct Group(string Id, string? ParentId, int Count, bool Reportable = true);

    /// <summary>A reportable group's outcome: for its results, and for its sensitive items (never shown
    /// where the results are not). <see cref="SuppressionReason.Unspecified"/> is shown.</summary>
    public readonly record struct Outcome(SuppressionReason Reason, SuppressionReason SensitiveItemsReason)
    {
        public bool Suppressed => Reason != SuppressionReason.Unspecified;

        public bool SensitiveItemsSuppressed => SensitiveItemsReason != SuppressionReason.Unspecified;
    }

    /// <summary>Both passes: the results with the minimum threshold, then the sensitive items with theirs
    /// among the groups that show results. One outcome per reportable group, by id.</summary>
    /// <exception cref="ArgumentException">Not a tree, or a parent's count not the sum of its parts'.</exception>
    public static IReadOnlyDictionary<string, Outcome> Decide(IReadOnlyList<Group> groups, SuppressionThresholds thresholds)
    {
        var results = Decide(groups, thresholds.Minimum);
        var sensitive = Decide(groups, thresholds.Sensitive, results);
        return results.ToDictionary(r => r.Key, r => new Outcome(r.Value, sensitive[r.Key]), StringComparer.Ordinal);
    }

    /// <summary>
    /// One pass at one threshold: per reportable group, <see cref="SuppressionReason.Unspecified"/> when it is
    /// shown, else why not. <paramref name="hiddenBefore"/> are groups an earlier pass hid (with why): they
    /// stay hidden with their reason, and only groups they leave shown are decided here.
    /// </summary>
    /// <exception cref="ArgumentException">Not a tree, or a parent's count not the sum of its parts'.</exception>
    public static IReadOnlyDictionary<string, SuppressionReason> Decide(IReadOnlyList<Group> groups, int threshold,
        IReadOnlyDictionary<string, SuppressionReason>? hiddenBefore = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var tree = new Tree(groups);
        var n = tree.Count;
        var reason = new SuppressionReason[n];
        var shown = new bool[n];
        for (var v = 0; v < n; v++)
        {
            var g = tree.Groups[v];
            if (!g.Reportable)
            {
                continue;
            }
            if (hiddenBefore is not null && hiddenBefore.TryGetValue(g.Id, out var before) && before != SuppressionReason.Unspecified)
            {
                reason[v] = before;
            }
            else if (g.Count < threshold)
            {
                reason[v] = SuppressionReason.TooFewRespondents;
            }
            else
            {
                shown[v] = true;
            }
        }

        // From the bottom up, so a group's parts are settled before it: while a shown group's remainder is
        // too small, hide the smallest shown group nearest below it (ties by id) whose own remainder is not
        // empty, which adds at least the threshold to it; failing that the smallest nearest below at all
        // (it adds nothing, since its parts show it, but its parts become candidates); failing that the
        // group itself, whose remainder then joins the remainder of the shown group above it, decided later.
        // Hiding a group changes no remainder but the one it joins, so one pass settles every group.
        var hidden = new List<int>();
        var below = new List<int>();
        foreach (var k in tree.BottomUp)
        {
            while (shown[k])
            {
                var remainder = tree.Groups[k].Count - tree.NearestShownBelow(k, shown, below);
                if (remainder == 0 || remainder >= threshold)
                {
                    break;
                }
                var pick = -1;
                var pickHasRemainder = false;
                foreach (var d in below)
                {
                    var hasRemainder = tree.Groups[d].Count > tree.NearestShownBelow(d, shown, null);
                    if (pick < 0 || (hasRemainder && !pickHasRemainder)
                        || (hasRemainder == pickHasRemainder && tree.Groups[d].Count < tree.Groups[pick].Count))
                    {
                        (pick, pickHasRemainder) = (d, hasRemainder);
                    }
                }
                pick = pick < 0 ? k : pick;
                shown[pick] = false;
                reason[pick] = SuppressionReason.ProtectsAnotherGroup;
                hidden.Add(pick);
            }
        }

        // One at a time, more may have been hidden than needed: try each back, last hidden first.
        var nearestAbove = new int[n];
        var covered = new long[n];
        for (var i = hidden.Count - 1; i >= 0; i--)
        {
            var v = hidden[i];
            shown[v] = true;
            if (tree.EveryRemainderSafe(shown, threshold, nearestAbove, covered))
            {
                reason[v] = SuppressionReason.Unspecified;
            }
            else
            {
                shown[v] = false;
            }
        }

        var outcome = new Dictionary<string, SuppressionReason>(n, StringComparer.Ordinal);
        for (var v = 0; v < n; v++)
        {
            if (tree.Groups[v].Reportable)
            {
                outcome.Add(tree.Groups[v].Id, reason[v]);
            }
        }
        return outcome;
    }

    /// <summary>The groups numbered in id order (so the outcome does not depend on the input's order), with
    /// each parent's children in id order (<c>Children[Start[p]..Start[p + 1]]</c>).</summary>
    private sealed class Tree
    {
        private readonly Stack<int> walk = new();

        public Tree(IReadOnlyList<Group> groups)
        {
            Groups = [.. groups.OrderBy(g => g.Id, StringComparer.Ordinal)];
            var n = Groups.Length;
            var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
            for (var v = 0; v < n; v++)
            {
                var g = Groups[v];
                if (string.IsNullOrEmpty(g.Id) || g.Count < 0)
                {
                    throw new ArgumentException($"group '{g.Id}': an id and a count of 0 or more are required", nameof(groups));
                }
                if (!index.TryAdd(g.Id, v))
                {
                    throw new ArgumentException($"group '{g.Id}' is given twice", nameof(groups));
                }
            }
            Parent = new int[n];
            var childCount = new int[n];
            var childSum = new long[n];
            for (var v = 0; v < n; v++)
            {
                var g = Groups[v];
                if (string.IsNullOrEmpty(g.ParentId))
                {
                    Parent[v] = -1;
                    continue;
                }
                if (!index.TryGetValue(g.ParentId, out var p))
                {
                    throw new ArgumentException($"group '{g.Id}': its parent '{g.ParentId}' is not given", nameof(groups));
                }
                if (!Groups[p].Reportable)
                {
                    throw new ArgumentException($"group '{g.Id}': its parent '{g.ParentId}' is a direct part, which has no parts", nameof(groups));
                }
                Parent[v] = p;
                childCount[p]++;
                childSum[p] += g.Count;
            }
            Start = new int[n + 1];
            for (var v = 0; v < n; v++)
            {
                Start[v + 1] = Start[v] + childCount[v];
                if (childCount[v] > 0 && childSum[v] != Groups[v].Count)
                {
                    throw new ArgumentException(
                        $"group '{Groups[v].Id}' has {Groups[v].Count} respondents but its parts {childSum[v]}: a parent is the sum of its parts (add its direct part)",
                        nameof(groups));
                }
            }
            Children = new int[Start[n]];
            var next = (int[])Start.Clone();
            for (var v = 0; v < n; v++)
            {
                if (Parent[v] >= 0)
                {
                    Children[next[Parent[v]]++] = v;
                }
            }
            TopDown = Levels();
            BottomUp = [.. TopDown.Reverse()];
        }

        public Group[] Groups { get; }

        public int Count => Groups.Length;

        public int[] Parent { get; }

        public int[] Start { get; }

        public int[] Children { get; }

        /// <summary>Every group after its parent: the roots, then their children, and so on.</summary>
        public int[] TopDown { get; }

        /// <summary>Every group before its parent.</summary>
        public int[] BottomUp { get; }

        public ReadOnlySpan<int> PartsOf(int v) => Children.AsSpan(Start[v], Start[v + 1] - Start[v]);

        /// <summary>The groups level by level from the roots; a group no root reaches is in a cycle.</summary>
        private int[] Levels()
        {
            var order = new int[Count];
            var filled = 0;
            for (var v = 0; v < Count; v++)
            {
                if (Parent[v] < 0)
                {
                    order[filled++] = v;
                }
            }
            for (var i = 0; i < filled; i++)
            {
                foreach (var c in PartsOf(order[i]))
                {
                    order[filled++] = c;
                }
            }
            if (filled < Count)
            {
                var reached = new bool[Count];
                foreach (var v in order.AsSpan(0, filled))
                {
                    reached[v] = true;
                }
                var first = Array.IndexOf(reached, false);
                throw new ArgumentException($"group '{Groups[first].Id}' is in a cycle of parents", "groups");
            }
            return order;
        }

        /// <summary>The respondents of the shown groups nearest below <paramref name="k"/> (reached through
        /// hidden groups only), and those groups in <paramref name="into"/> when given.</summary>
        public long NearestShownBelow(int k, bool[] shown, List<int>? into)
        {
            into?.Clear();
            long sum = 0;
            walk.Clear();
            foreach (var c in PartsOf(k))
            {
                walk.Push(c);
            }
            while (walk.TryPop(out var v))
            {
                if (shown[v])
                {
                    sum += Groups[v].Count;
                    into?.Add(v);
                    continue;
                }
                foreach (var c in PartsOf(v))
                {
                    walk.Push(c);
                }
            }
            into?.Sort();
            return sum;
        }

        /// <summary>Whether every shown group's remainder is 0 or at least <paramref name="threshold"/>; linear.</summary>
        public bool EveryRemainderSafe(bool[] shown, int threshold, int[] nearestAbove, long[] covered)
        {
            foreach (var v in TopDown)
            {
                var p = Parent[v];
                nearestAbove[v] = p < 0 ? -1 : shown[p] ? p : nearestAbove[p];
                covered[v] = 0;
            }
            foreach (var v in TopDown)
            {
                if (shown[v] && nearestAbove[v] >= 0)
                {
                    covered[nearestAbove[v]] += Groups[v].Count;
                }
            }
            foreach (var v in TopDown)
            {
                var remainder = Groups[v].Count - covered[v];
                if (shown[v] && remainder > 0 && remainder < threshold)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
