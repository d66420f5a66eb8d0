using CsCheck;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Tests.Domain;

// Why an attacker: the rule is only as good as the attack it stops. The attacker here sees what a reader of
// the results sees (the tree, and each shown group's respondents and mean, from real tallies of generated
// answers), subtracts along every equation again and again to compute hidden groups' means, and, beyond
// subtraction, asks whether any linear combination of the shown sums gives the sum of a set of fewer
// respondents than the threshold. Each named example shows the attack succeeding against the naive rule
// (hide only the small groups) and failing against Suppression.
public sealed class SuppressionTests
{
    private static Suppression.Group G(string id, string? parent, int count) => new(id, parent, count);

    private static Suppression.Group Direct(string parent, int count) => new($"{parent}/direkte", parent, count, Reportable: false);

    private static readonly SuppressionReason Shown = SuppressionReason.Unspecified;
    private static readonly SuppressionReason TooFew = SuppressionReason.TooFewRespondents;
    private static readonly SuppressionReason Protects = SuppressionReason.ProtectsAnotherGroup;

    private static readonly Scoring.Layout Layout = Scoring.Layout.Of([Theme()]);

    private static InstrumentTheme Theme()
    {
        var theme = new InstrumentTheme { ThemeId = "samarbejde", Title = "Samarbejde" };
        theme.Items.Add(new InstrumentItem { ItemId = "q1", Text = "q1", ResponseType = ResponseType.AgreementScale, Direction = ItemDirection.Resource });
        theme.Items.Add(new InstrumentItem { ItemId = "q2", Text = "q2", ResponseType = ResponseType.FrequencyScale, Direction = ItemDirection.Demand });
        theme.Items.Add(new InstrumentItem { ItemId = "q3", Text = "q3", ResponseType = ResponseType.AgreementScale, Direction = ItemDirection.Resource });
        theme.Items.Add(new InstrumentItem { ItemId = "q4", Text = "q4", ResponseType = ResponseType.YesNo, Direction = ItemDirection.Resource });
        return theme;
    }

    /// <summary>What is additive about a group: its respondents, and those with a theme score and their sum.</summary>
    private readonly record struct Values(int Respondents, int Scored, double Sum)
    {
        public static Values Of(Scoring.Tally t) => new(t.Respondents, t.Theme(0).Count, t.Theme(0).Sum);

        public static Values operator +(Values a, Values b) => new(a.Respondents + b.Respondents, a.Scored + b.Scored, a.Sum + b.Sum);

        public static Values operator -(Values a, Values b) => new(a.Respondents - b.Respondents, a.Scored - b.Scored, a.Sum - b.Sum);

        public double Mean => Sum / Scored;

        public bool Matches(Values other) =>
            Respondents == other.Respondents && Scored == other.Scored && Math.Abs(Sum - other.Sum) < 1e-6;
    }

    /// <summary>A tree of groups with real answers: each leaf (a unit without parts, or a direct part) gets
    /// its respondents' generated responses, and each group's tally is its leaves' merged.</summary>
    private sealed class World
    {
        public World(IReadOnlyList<Suppression.Group> groups, int seed = 1)
        {
            Groups = groups;
            Parts = groups.Where(g => g.ParentId is not null).ToLookup(g => g.ParentId!, g => g.Id);
            var random = new Random(seed);
            foreach (var g in groups.Where(g => !Parts.Contains(g.Id)))
            {
                var tally = new Scoring.Tally(Layout);
                for (var r = 0; r < g.Count; r++)
                {
                    tally.Add(Response(random));
                }
                Tallies[g.Id] = tally;
                LeavesUnder[g.Id] = [g.Id];
            }
            foreach (var g in groups)
            {
                TallyOf(g.Id);
            }
            Assert.All(groups, g => Assert.Equal(g.Count, Tallies[g.Id].Respondents));
        }

        private static Scoring.Answer[] Response(Random random)
        {
            var answers = new List<Scoring.Answer>();
            for (var item = 0; item < Layout.ItemCount; item++)
            {
                if (random.Next(5) > 0)
                {
                    answers.Add(new(item, Layout.TypeOf(item) == ResponseType.YesNo ? random.Next(2) : random.Next(1, 6)));
                }
            }
            return answers.Count > 0 ? [.. answers] : [new(0, random.Next(1, 6))];
        }

        private Scoring.Tally TallyOf(string id)
        {
            if (!Tallies.TryGetValue(id, out var tally))
            {
                tally = new Scoring.Tally(Layout);
                var leaves = new HashSet<string>(StringComparer.Ordinal);
                foreach (var part in Parts[id])
                {
                    tally.Merge(TallyOf(part));
                    leaves.UnionWith(LeavesUnder[part]);
                }
                Tallies[id] = tally;
                LeavesUnder[id] = leaves;
            }
            return tally;
        }

        public IReadOnlyList<Suppression.Group> Groups { get; }

        public ILookup<string, string> Parts { get; }

        public Dictionary<string, Scoring.Tally> Tallies { get; } = new(StringComparer.Ordinal);

        /// <summary>The leaves (child-less units and direct parts) whose respondents a group is the sum of.</summary>
        public Dictionary<string, HashSet<string>> LeavesUnder { get; } = new(StringComparer.Ordinal);

        public int CountOf(string id) => Tallies[id].Respondents;

        /// <summary>The leaves with respondents, in id order (an empty one is known to be empty).</summary>
        public string[] Leaves => [.. Groups.Where(g => !Parts.Contains(g.Id) && g.Count > 0).Select(g => g.Id).Order(StringComparer.Ordinal)];

        public Values Truth(string id) => Values.Of(Tallies[id]);

        /// <summary>The respondents of a set of leaves together, as one group.</summary>
        public Values Truth(IEnumerable<string> leaves) => leaves.Aggregate(default(Values), (sum, leaf) => sum + Truth(leaf));

        /// <summary>What the naive rule shows: every reportable group with enough respondents.</summary>
        public HashSet<string> NaivelyShown(int threshold) =>
            [.. Groups.Where(g => g.Reportable && g.Count >= threshold).Select(g => g.Id)];
    }

    /// <summary>What a reader of the results can work out: it knows the tree (the organisation is public),
    /// every shown group's respondents and mean (n × mean is the sum), and that an empty group is empty.</summary>
    private sealed class Attacker(World world, IReadOnlySet<string> shown)
    {
        /// <summary>Tries every equation (a group is the sum of its parts) again and again until none gives
        /// more: an equation with one unknown member left gives that member.</summary>
        public Dictionary<string, Values> Subtract()
        {
            var known = world.Groups.Where(g => shown.Contains(g.Id) || g.Count == 0).ToDictionary(g => g.Id, g => world.Truth(g.Id));
            var parents = world.Groups.Where(g => world.Parts.Contains(g.Id)).Select(g => g.Id).ToList();
            for (var progress = true; progress;)
            {
                progress = false;
                foreach (var p in parents)
                {
                    var parts = world.Parts[p].ToList();
                    var unknown = parts.Where(c => !known.ContainsKey(c)).ToList();
                    if (!known.ContainsKey(p) && unknown.Count == 0)
                    {
                        known[p] = parts.Aggregate(default(Values), (sum, c) => sum + known[c]);
                        progress = true;
                    }
                    else if (known.TryGetValue(p, out var whole) && unknown.Count == 1)
                    {
                        known[unknown[0]] = parts.Where(c => c != unknown[0]).Aggregate(whole, (rest, c) => rest - known[c]);
                        progress = true;
                    }
                }
            }
            return known;
        }

        private const long Prime = 2_147_483_647;

        private readonly List<(int Pivot, long[] Row)> basis = [];
        private string[]? columns;

        /// <summary>Whether the sum over a set of leaves follows from any linear combination of the shown
        /// groups' sums: Gaussian elimination, modulo a prime, over the leaves that have respondents (the
        /// groups' leaf sets form a tree, so every minor is 0 or ±1 and the prime changes nothing).</summary>
        public bool Follows(IEnumerable<string> leaves) => Reduce(Vector(leaves)).All(x => x == 0);

        private long[] Vector(IEnumerable<string> leaves)
        {
            if (columns is null)
            {
                columns = [.. world.Leaves];
                foreach (var id in shown.Order(StringComparer.Ordinal))
                {
                    AddToBasis(Reduce(Vector(world.LeavesUnder[id])));
                }
            }
            var set = leaves.ToHashSet(StringComparer.Ordinal);
            return [.. columns.Select(c => set.Contains(c) ? 1L : 0L)];
        }

        private long[] Reduce(long[] v)
        {
            foreach (var (pivot, row) in basis)
            {
                var f = v[pivot];
                if (f != 0)
                {
                    for (var j = 0; j < v.Length; j++)
                    {
                        v[j] = Mod(v[j] - (f * row[j] % Prime));
                    }
                }
            }
            return v;
        }

        private void AddToBasis(long[] v)
        {
            var pivot = Array.FindIndex(v, x => x != 0);
            if (pivot < 0)
            {
                return;
            }
            var inverse = Power(v[pivot], Prime - 2);
            for (var j = 0; j < v.Length; j++)
            {
                v[j] = v[j] * inverse % Prime;
            }
            basis.Add((pivot, v));
        }

        private static long Mod(long x) => ((x % Prime) + Prime) % Prime;

        private static long Power(long b, long e)
        {
            long r = 1;
            for (b %= Prime; e > 0; e >>= 1, b = b * b % Prime)
            {
                if ((e & 1) == 1)
                {
                    r = r * b % Prime;
                }
            }
            return r;
        }
    }

    private static HashSet<string> ShownOf(IReadOnlyDictionary<string, SuppressionReason> outcome) =>
        [.. outcome.Where(o => o.Value == Shown).Select(o => o.Key)];

    /// <summary>The attack fails: no group of 1..threshold-1 respondents is computed by subtraction or follows
    /// from any combination, and what subtraction computes is true (the attacker is no straw man).</summary>
    private static void AssertNoSmallGroupComputed(World world, IReadOnlySet<string> shown, int threshold)
    {
        var attacker = new Attacker(world, shown);
        var computed = attacker.Subtract();
        foreach (var (id, values) in computed)
        {
            Assert.True(world.Truth(id).Matches(values), $"the attacker computed {id} wrong");
        }
        foreach (var g in world.Groups.Where(g => g.Count > 0 && g.Count < threshold))
        {
            Assert.False(computed.ContainsKey(g.Id), $"{g.Id} ({g.Count}) is computed by subtraction");
            Assert.False(attacker.Follows(world.LeavesUnder[g.Id]), $"{g.Id} ({g.Count}) follows from what is shown");
        }
    }

    // ---- Named examples ----

    [Fact]
    public void A_child_of_3_beside_a_child_of_7_under_a_parent_of_10_hides_the_7_too()
    {
        var world = new World([G("p", null, 10), G("a", "p", 7), G("b", "p", 3)]);
        var naive = new Attacker(world, world.NaivelyShown(5)).Subtract();
        Assert.Equal(world.Truth("b").Mean, naive["b"].Mean, 1e-9);

        var outcome = Suppression.Decide(world.Groups, 5);
        Assert.Equal(new Dictionary<string, SuppressionReason> { ["p"] = Shown, ["a"] = Protects, ["b"] = TooFew }, outcome);
        AssertNoSmallGroupComputed(world, ShownOf(outcome), 5);
    }

    /// <summary>A parent of 12 with children of 7 and 3 has 2 placed directly in it: the attacker gets the
    /// mean of those 2 and the 3 together, a group of 5, which the threshold allows; with 1 placed directly,
    /// the 4 together would be too few, and the 7 is hidden. The naive rule leaves the 4 to be computed.</summary>
    [Fact]
    public void A_parent_of_12_with_children_of_7_and_3_hides_the_7_only_when_the_rest_is_too_few()
    {
        var world = new World([G("p", null, 12), G("a", "p", 7), G("b", "p", 3), Direct("p", 2)]);
        var outcome = Suppression.Decide(world.Groups, 5);
        Assert.Equal(new Dictionary<string, SuppressionReason> { ["p"] = Shown, ["a"] = Shown, ["b"] = TooFew }, outcome);
        var attacker = new Attacker(world, ShownOf(outcome));
        Assert.True(attacker.Follows(["b", "p/direkte"]));
        AssertNoSmallGroupComputed(world, ShownOf(outcome), 5);

        var smaller = new World([G("p", null, 11), G("a", "p", 7), G("b", "p", 3), Direct("p", 1)]);
        Assert.True(new Attacker(smaller, smaller.NaivelyShown(5)).Follows(["b", "p/direkte"]));
        outcome = Suppression.Decide(smaller.Groups, 5);
        Assert.Equal(new Dictionary<string, SuppressionReason> { ["p"] = Shown, ["a"] = Protects, ["b"] = TooFew }, outcome);
        AssertNoSmallGroupComputed(smaller, ShownOf(outcome), 5);
        Assert.False(new Attacker(smaller, ShownOf(outcome)).Follows(["b", "p/direkte"]));
    }

    [Fact]
    public void A_centre_with_2_placed_directly_and_two_big_workplaces_hides_the_smaller_workplace()
    {
        var world = new World([G("center", null, 47), G("a", "center", 20), G("b", "center", 25), Direct("center", 2)]);
        var naive = new Attacker(world, world.NaivelyShown(5)).Subtract();
        Assert.Equal(world.Truth("center/direkte").Mean, naive["center/direkte"].Mean, 1e-9);

        var outcome = Suppression.Decide(world.Groups, 5);
        Assert.Equal(new Dictionary<string, SuppressionReason> { ["center"] = Shown, ["a"] = Protects, ["b"] = Shown }, outcome);
        AssertNoSmallGroupComputed(world, ShownOf(outcome), 5);
    }

    [Fact]
    public void A_grandchild_computed_only_through_the_lower_equation_is_protected_there()
    {
        var world = new World([G("r", null, 60), G("c1", "r", 30), G("c2", "r", 30), G("g1", "c1", 27), G("g2", "c1", 3)]);
        var naive = new Attacker(world, world.NaivelyShown(5)).Subtract();
        Assert.Equal(world.Truth("g2").Mean, naive["g2"].Mean, 1e-9);

        var outcome = Suppression.Decide(world.Groups, 5);
        Assert.Equal(new Dictionary<string, SuppressionReason> { ["r"] = Shown, ["c1"] = Shown, ["c2"] = Shown, ["g1"] = Protects, ["g2"] = TooFew }, outcome);
        AssertNoSmallGroupComputed(world, ShownOf(outcome), 5);
    }

    /// <summary>Hiding a sibling is not enough when the sibling follows from its own parts: a is a1 + a2,
    /// and then b is r - a. The one-sentence rule (hide one more sibling) leaves b computable.</summary>
    [Fact]
    public void A_hidden_sibling_that_its_own_parts_give_away_is_no_protection()
    {
        var world = new World([G("r", null, 30), G("a", "r", 26), G("b", "r", 4), G("a1", "a", 13), G("a2", "a", 13)]);
        var oneMoreSibling = new Attacker(world, new HashSet<string> { "r", "a1", "a2" }).Subtract();
        Assert.Equal(world.Truth("b").Mean, oneMoreSibling["b"].Mean, 1e-9);

        var outcome = Suppression.Decide(world.Groups, 5);
        Assert.Equal(new Dictionary<string, SuppressionReason> { ["r"] = Shown, ["a"] = Protects, ["b"] = TooFew, ["a1"] = Protects, ["a2"] = Shown }, outcome);
        AssertNoSmallGroupComputed(world, ShownOf(outcome), 5);
    }

    /// <summary>Hiding a group that its own shown parts add up to gives nothing away less: d1 is e1 + e2
    /// either way. So the group hidden to protect the 3 placed directly in k is d2, which has respondents
    /// of its own beyond what shows below it, though d1 is smaller.</summary>
    [Fact]
    public void A_group_that_its_shown_parts_add_up_to_is_not_hidden_to_protect_another()
    {
        var world = new World([G("k", null, 33), G("d1", "k", 10), G("d2", "k", 20), Direct("k", 3), G("e1", "d1", 5), G("e2", "d1", 5)]);
        var outcome = Suppression.Decide(world.Groups, 5);
        Assert.Equal(new Dictionary<string, SuppressionReason> { ["k"] = Shown, ["d1"] = Shown, ["d2"] = Protects, ["e1"] = Shown, ["e2"] = Shown }, outcome);
        AssertNoSmallGroupComputed(world, ShownOf(outcome), 5);
        // Hiding d1 instead would protect nothing: the attacker adds e1 and e2 and subtracts.
        var computed = new Attacker(world, new HashSet<string> { "k", "d2", "e1", "e2" }).Subtract();
        Assert.Equal(world.Truth("k/direkte").Mean, computed["k/direkte"].Mean, 1e-9);
    }

    /// <summary>The flat case (a leadership evaluation's total over its managers) is a tree of depth 1.</summary>
    [Fact]
    public void A_total_over_managers_is_the_same_rule_at_depth_one()
    {
        var one = new World([G("alle", null, 40), G("m1", "alle", 20), G("m2", "alle", 17), G("m3", "alle", 3)]);
        var outcome = Suppression.Decide(one.Groups, 5);
        Assert.Equal(new Dictionary<string, SuppressionReason> { ["alle"] = Shown, ["m1"] = Shown, ["m2"] = Protects, ["m3"] = TooFew }, outcome);
        AssertNoSmallGroupComputed(one, ShownOf(outcome), 5);

        // Two small managers' groups of 4 are 8 together: nothing more is hidden.
        var two = new World([G("alle", null, 45), G("m1", "alle", 20), G("m2", "alle", 17), G("m3", "alle", 4), G("m4", "alle", 4)]);
        Assert.Equal(new Dictionary<string, SuppressionReason> { ["alle"] = Shown, ["m1"] = Shown, ["m2"] = Shown, ["m3"] = TooFew, ["m4"] = TooFew },
            Suppression.Decide(two.Groups, 5));
    }

    /// <summary>Two hidden groups of 1 and 2 under a shown total whose other parts show: neither can be
    /// computed alone, but the 3 together can (the total less the shown ones), so one more is hidden.</summary>
    [Fact]
    public void Two_small_hidden_groups_together_are_no_group_to_show()
    {
        var world = new World([G("alle", null, 43), G("m1", "alle", 20), G("m2", "alle", 20), G("m3", "alle", 1), G("m4", "alle", 2)]);
        var naive = world.NaivelyShown(5);
        var attacker = new Attacker(world, naive);
        Assert.DoesNotContain("m3", attacker.Subtract().Keys);
        Assert.DoesNotContain("m4", attacker.Subtract().Keys);
        var three = world.Truth("alle") - world.Truth("m1") - world.Truth("m2");
        Assert.True(world.Truth(["m3", "m4"]).Matches(three));
        Assert.True(attacker.Follows(["m3", "m4"]));

        var outcome = Suppression.Decide(world.Groups, 5);
        Assert.Equal(new Dictionary<string, SuppressionReason> { ["alle"] = Shown, ["m1"] = Protects, ["m2"] = Shown, ["m3"] = TooFew, ["m4"] = TooFew }, outcome);
        Assert.False(new Attacker(world, ShownOf(outcome)).Follows(["m3", "m4"]));
    }

    [Fact]
    public void A_suppressed_group_still_counts_in_its_parent()
    {
        // 27 answer the highest point and 3 the lowest: the parent shows all 30, so its mean is 90, not 100.
        var (w1, w2, centre) = (new Scoring.Tally(Layout), new Scoring.Tally(Layout), new Scoring.Tally(Layout));
        for (var i = 0; i < 27; i++)
        {
            w1.Add([new(0, 5)]);
        }
        for (var i = 0; i < 3; i++)
        {
            w2.Add([new(0, 1)]);
        }
        centre.Merge(w1);
        centre.Merge(w2);
        var outcome = Suppression.Decide([G("centre", null, centre.Respondents), G("w1", "centre", w1.Respondents), G("w2", "centre", w2.Respondents)],
            SuppressionThresholds.Default);
        Assert.Equal((Shown, Protects, TooFew), (outcome["centre"].Reason, outcome["w1"].Reason, outcome["w2"].Reason));
        Assert.Equal(30, centre.Respondents);
        Assert.Equal(new Scoring.Mean(30, 2700), centre.Item(0));
        Assert.Equal(90, centre.Item(0).Value);
    }

    [Fact]
    public void An_empty_group_shows_nothing_but_needs_no_protection()
    {
        var outcome = Suppression.Decide([G("p", null, 10), G("a", "p", 10), G("b", "p", 0)], 5);
        Assert.Equal(new Dictionary<string, SuppressionReason> { ["p"] = Shown, ["a"] = Shown, ["b"] = TooFew }, outcome);
    }

    [Fact]
    public void Sensitive_items_need_20_and_are_decided_among_the_groups_that_show()
    {
        var world = new World([G("c", null, 30), G("w1", "c", 24), G("w2", "c", 6)]);
        var outcome = Suppression.Decide(world.Groups, SuppressionThresholds.Default);
        Assert.Equal(new Suppression.Outcome(Shown, Shown), outcome["c"]);
        Assert.Equal(new Suppression.Outcome(Shown, Protects), outcome["w1"]);
        Assert.Equal(new Suppression.Outcome(Shown, TooFew), outcome["w2"]);
        Assert.True(outcome["w2"].SensitiveItemsSuppressed && !outcome["w2"].Suppressed);
        AssertNoSmallGroupComputed(world, ShownOf(outcome.ToDictionary(o => o.Key, o => o.Value.SensitiveItemsReason)), 20);

        // A group hidden for its results is hidden for its sensitive items, with the same reason.
        outcome = Suppression.Decide([G("c", null, 30), G("w1", "c", 26), G("w2", "c", 4)], SuppressionThresholds.Default);
        Assert.Equal(new Suppression.Outcome(Shown, Shown), outcome["c"]);
        Assert.Equal(new Suppression.Outcome(Protects, Protects), outcome["w1"]);
        Assert.Equal(new Suppression.Outcome(TooFew, TooFew), outcome["w2"]);
    }

    [Fact]
    public void The_thresholds_are_5_and_20_unless_configured_and_nonsense_is_refused()
    {
        Assert.Equal((5, 20), (SuppressionThresholds.Default.Minimum, SuppressionThresholds.Default.Sensitive));
        Suppression.Group[] groups = [G("c", null, 12), G("a", "c", 8), G("b", "c", 4)];
        Assert.Equal(new Suppression.Outcome(Protects, Protects), Suppression.Decide(groups, SuppressionThresholds.Default)["a"]);
        var configured = Suppression.Decide(groups, new SuppressionThresholds(3, 10));
        Assert.Equal(new Suppression.Outcome(Shown, Shown), configured["c"]);
        Assert.Equal(new Suppression.Outcome(Shown, TooFew), configured["a"]);
        Assert.Equal(new Suppression.Outcome(Shown, TooFew), configured["b"]);

        Assert.Throws<ArgumentOutOfRangeException>(() => new SuppressionThresholds(1, 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuppressionThresholds(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SuppressionThresholds(5, 4));
        Assert.Equal(2, new SuppressionThresholds(2, 2).Sensitive);
    }

    [Fact]
    public void What_is_no_tree_of_sums_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Suppression.Decide([G("a", null, 5), G("a", null, 5)], 5));
        Assert.Throws<ArgumentException>(() => Suppression.Decide([G("a", "ukendt", 5)], 5));
        Assert.Throws<ArgumentException>(() => Suppression.Decide([G("r", null, 10), G("a", "b", 5), G("b", "a", 5)], 5));
        Assert.Throws<ArgumentException>(() => Suppression.Decide([G("a", "a", 5)], 5));
        Assert.Throws<ArgumentException>(() => Suppression.Decide([G("p", null, 12), G("a", "p", 7), G("b", "p", 3)], 5));
        Assert.Throws<ArgumentException>(() => Suppression.Decide([G("p", null, 7), Direct("p", 7), G("x", "p/direkte", 7)], 5));
        Assert.Throws<ArgumentException>(() => Suppression.Decide([G("p", null, -1)], 5));
        Assert.Throws<ArgumentException>(() => Suppression.Decide([G("", null, 1)], 5));
    }

    // ---- Properties over random trees ----

    /// <summary>A random tree: 1-4 levels below the root, 1-6 parts to a parent (some groups below the root
    /// have none), 0-30 respondents to a leaf, some parents with a direct part, at most 120 groups.</summary>
    private static Gen<World> Worlds(int maxDepth, int maxBranching, int maxGroups) =>
        Gen.Select(Gen.Int[1, maxDepth], Gen.Int[0, maxBranching].Array[maxGroups], Gen.Int[0, 30].Array[maxGroups], Gen.Int[0, 2].Array[maxGroups], Gen.Int)
            .Select((depth, branching, counts, directs, seed) =>
            {
                var shape = new List<(string Id, string? Parent, bool Direct)> { ("k", null, false) };
                var leafCount = new Dictionary<string, int>();
                var (b, c) = (0, 0);
                var level = new List<string> { "k" };
                for (var d = 0; d < depth && level.Count > 0; d++)
                {
                    var next = new List<string>();
                    foreach (var parent in level)
                    {
                        var parts = Math.Min(d == 0 ? Math.Max(1, branching[b++ % maxGroups]) : branching[b++ % maxGroups], maxGroups - shape.Count);
                        for (var i = 0; i < parts; i++)
                        {
                            shape.Add(($"{parent}.{i}", parent, false));
                            next.Add($"{parent}.{i}");
                        }
                        if (parts > 0 && directs[b % maxGroups] == 0)
                        {
                            shape.Add(($"{parent}/direkte", parent, true));
                        }
                    }
                    level = next;
                }
                var hasParts = shape.Where(s => s.Parent is not null).Select(s => s.Parent!).ToHashSet();
                foreach (var s in shape.Where(s => !hasParts.Contains(s.Id)))
                {
                    leafCount[s.Id] = counts[c++ % maxGroups];
                }
                int Count(string id) => leafCount.TryGetValue(id, out var n) ? n : shape.Where(s => s.Parent == id).Sum(s => Count(s.Id));
                // A direct part is given only when it has respondents.
                var groups = shape.Where(s => !s.Direct || leafCount[s.Id] > 0)
                    .Select(s => new Suppression.Group(s.Id, s.Parent, Count(s.Id), !s.Direct)).ToList();
                return new World(groups, seed);
            });

    [Fact]
    public void No_combination_of_what_is_shown_computes_fewer_than_the_threshold()
    {
        var naiveLeaks = 0;
        var protections = 0;
        Gen.Select(Worlds(4, 6, 120), Gen.Int[2, 10], Gen.Int[0, 12]).Sample((world, threshold, extra) =>
        {
            var outcome = Suppression.Decide(world.Groups, threshold);
            foreach (var g in world.Groups.Where(g => g.Reportable))
            {
                Assert.Equal(g.Count < threshold, outcome[g.Id] == TooFew);
                Assert.True(outcome[g.Id] != Protects || g.Count >= threshold);
            }
            AssertNoSmallGroupComputed(world, ShownOf(outcome), threshold);
            // Subtraction along the equations finds every group that elimination finds: the attack is complete.
            var attacker = new Attacker(world, ShownOf(outcome));
            var computed = attacker.Subtract();
            foreach (var g in world.Groups.Where(g => g.Count > 0))
            {
                Assert.Equal(attacker.Follows(world.LeavesUnder[g.Id]), computed.ContainsKey(g.Id));
            }
            // The order of the input changes nothing.
            Assert.Equal(outcome, Suppression.Decide([.. world.Groups.AsEnumerable().Reverse()], threshold));
            // The sensitive pass shows a subset, and nothing below its own threshold.
            var both = Suppression.Decide(world.Groups, new SuppressionThresholds(threshold, threshold + extra));
            var sensitive = ShownOf(both.ToDictionary(o => o.Key, o => o.Value.SensitiveItemsReason));
            Assert.Subset(ShownOf(outcome), sensitive);
            AssertNoSmallGroupComputed(world, sensitive, threshold + extra);

            var naive = new Attacker(world, world.NaivelyShown(threshold)).Subtract();
            if (world.Groups.Any(g => g.Count > 0 && g.Count < threshold && naive.ContainsKey(g.Id)))
            {
                Interlocked.Increment(ref naiveLeaks);
            }
            if (outcome.Values.Contains(Protects))
            {
                Interlocked.Increment(ref protections);
            }
        }, iter: 300);
        // The random trees do exercise the attack: the naive rule leaks in some, and protection happens.
        Assert.True(naiveLeaks > 0 && protections > 0, $"naive leaks {naiveLeaks}, protections {protections}");
    }

    /// <summary>On trees small enough to try every set of leaves: no set of 1..threshold-1 respondents has a
    /// sum that follows from what is shown, and every group hidden to protect another is needed (showing it
    /// alone again would give such a set away).</summary>
    [Fact]
    public void On_small_trees_no_set_of_too_few_respondents_follows_and_no_protection_is_idle() =>
        Gen.Select(Worlds(3, 4, 14), Gen.Int[2, 10]).Sample((world, threshold) =>
        {
            var leaves = world.Leaves;
            var outcome = Suppression.Decide(world.Groups, threshold);
            var shown = ShownOf(outcome);
            Assert.Null(SmallSetThatFollows(world, leaves, shown, threshold));
            foreach (var id in outcome.Where(o => o.Value == Protects).Select(o => o.Key))
            {
                Assert.NotNull(SmallSetThatFollows(world, leaves, new HashSet<string>(shown) { id }, threshold));
            }
        }, iter: 150);

    private static string? SmallSetThatFollows(World world, string[] leaves, IReadOnlySet<string> shown, int threshold)
    {
        var attacker = new Attacker(world, shown);
        var counts = leaves.Select(world.CountOf).ToArray();
        for (var mask = 1; mask < 1 << leaves.Length; mask++)
        {
            var respondents = 0;
            for (var i = 0; i < leaves.Length && respondents < threshold; i++)
            {
                respondents += (mask & (1 << i)) != 0 ? counts[i] : 0;
            }
            var set = leaves.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
            if (respondents < threshold && attacker.Follows(set))
            {
                return string.Join(" + ", set);
            }
        }
        return null;
    }
}
