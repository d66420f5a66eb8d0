using CsCheck;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Tests.Domain;

// Why an attack on the filtered view: a filter splits every group in two, the respondents kept and those left
// out, and a reader who also has the unfiltered results has both halves wherever a group shows in both. The
// attacker here knows the tree, and for every group shown unfiltered and every group shown filtered its
// respondents and per item the answers and their score sum. It works on atoms (each leaf part, a unit without
// children or a unit's direct respondents, split into those kept and those left out), of which every shown
// number is a sum, and asks whether any set of 1..threshold-1 respondents has its sums in the span of what is
// shown. When it finds one it computes that set's sums from the shown numbers alone and checks them against
// the truth, so a leak it reports is a real one; against the obvious rule (decide the kept tree as the
// unfiltered one is decided) it does find leaks.
public sealed class FilteredResultsAttackTests
{
    private const int Cooperation = 0;
    private const int Wellbeing = 1;
    private const int Violence = 2;

    private static readonly string[] ItemIds = ["samarbejde", "trivsel", "vold"];

    private static readonly InstrumentRecord Apv = Instrument(InstrumentKind.ApvWellbeing);

    private static readonly InstrumentRecord Leadership = Instrument(InstrumentKind.LeadershipEvaluation);

    private static InstrumentRecord Instrument(InstrumentKind kind)
    {
        var theme = new InstrumentTheme { ThemeId = "arbejdsmiljoe", Title = "Arbejdsmiljø" };
        theme.Items.Add(new InstrumentItem { ItemId = ItemIds[Cooperation], Text = "Samarbejder I godt?", ResponseType = ResponseType.YesNo, Direction = ItemDirection.Resource });
        theme.Items.Add(new InstrumentItem { ItemId = ItemIds[Wellbeing], Text = "Jeg trives", ResponseType = ResponseType.AgreementScale, Direction = ItemDirection.Resource });
        theme.Items.Add(new InstrumentItem
        {
            ItemId = ItemIds[Violence], Text = "Har du været udsat for vold?", ResponseType = ResponseType.YesNo, Direction = ItemDirection.Demand, Sensitive = true,
        });
        return new InstrumentRecord("i", "Test", kind, "", [theme], Template: false, SourceInstrument: null);
    }

    /// <summary>One respondent: a yes/no point or -1 (not answered), a scale point 1-5 or 0 (not answered), and
    /// the sensitive yes/no or -1. At least one is answered (an empty response is no respondent).</summary>
    private readonly record struct Respondent(int Cooperation, int Wellbeing, int Violence)
    {
        private static readonly int[] YesUpTo = [1, 10, 18];

        /// <summary>A respondent from three rolls 0-19, leaning as the leaf's <paramref name="skew"/> does (0: mostly no
        /// and the lowest point, 1: even, 2: mostly yes and the highest), so parts where few answer alike are common.</summary>
        public static Respondent Of(int skew, int cooperation, int wellbeing, int violence)
        {
            var yesNo = cooperation == 0 ? -1 : cooperation <= YesUpTo[skew] ? 1 : 0;
            var scale = wellbeing == 0 ? 0 : skew switch
            {
                0 => wellbeing <= 3 ? 1 + wellbeing : 1,
                1 => 1 + ((wellbeing - 1) % 5),
                _ => wellbeing <= 3 ? 5 - wellbeing : 5,
            };
            var sensitive = violence == 0 ? -1 : violence <= 4 ? 1 : 0;
            return yesNo < 0 && scale == 0 && sensitive < 0 ? new(-1, 3, -1) : new(yesNo, scale, sensitive);
        }

        public Scoring.Answer[] Answers()
        {
            var answers = new List<Scoring.Answer>(3);
            if (Cooperation >= 0)
            {
                answers.Add(new(FilteredResultsAttackTests.Cooperation, Cooperation));
            }
            if (Wellbeing > 0)
            {
                answers.Add(new(FilteredResultsAttackTests.Wellbeing, Wellbeing));
            }
            if (Violence >= 0)
            {
                answers.Add(new(FilteredResultsAttackTests.Violence, Violence));
            }
            return [.. answers];
        }
    }

    /// <summary>An organisation (units, each with its parent but the root; or managers under the municipality's
    /// total), the respondents of each leaf part (a unit without children, "unit/direkte" for those placed directly
    /// in a unit with children, or a manager), a filter (an item and some of its points) and the thresholds.</summary>
    private sealed record Case(bool ByManager, (string Id, string? Parent)[] Units, (string Part, Respondent[] Respondents)[] Parts,
        int Item, int[] Points, SuppressionThresholds Thresholds)
    {
        public bool Kept(Respondent r) => Array.Exists(r.Answers(), a => a.Item == Item && Points.Contains(a.Point));

        public override string ToString() =>
            $"filter {ItemIds[Item]} in {{{string.Join(",", Points)}}}, thresholds {Thresholds.Minimum}/{Thresholds.Sensitive}; "
            + (ByManager ? "managers under the total" : "units " + string.Join(" ", Units.Select(u => u.Parent is null ? u.Id : $"{u.Id}<{u.Parent}")))
            + "; respondents kept+left out: " + string.Join(" ", Parts.Select(p => $"{p.Part} {p.Respondents.Count(Kept)}+{p.Respondents.Count(r => !Kept(r))}"));
    }

    /// <summary>An atom: the respondents of one leaf part that the filter keeps, or those it leaves out.</summary>
    private sealed record Atom(string Part, bool Kept, Scoring.Tally Tally)
    {
        public int Count => Tally.Respondents;

        public override string ToString() => $"{Part} {(Kept ? "kept" : "left out")} ({Count})";
    }

    /// <summary>A case computed as the service computes it (<see cref="ResultGroups.Compute"/>, then
    /// <see cref="ResultGroups.Filter"/>), and its atoms with their true tallies.</summary>
    private sealed class World
    {
        public World(Case c, bool? sensitiveFilter = null)
        {
            Case = c;
            var instrument = c.ByManager ? Leadership : Apv;
            Layout = Scoring.Layout.Of(instrument.Themes);
            var units = c.Units.Select(u => new UnitRecord(1, u.Id, u.Parent, u.Id, u.Id, u.Parent is null ? UnitKind.Municipality : UnitKind.Workplace, "", 0, 0,
                c.Units.Count(x => x.Parent == u.Id))).ToList();
            var managers = c.ByManager ? c.Parts.Select(p => new ManagerRecord(1, p.Part, p.Part, "Leder", null)).ToList() : [];
            var responses = c.Parts.SelectMany(p => p.Respondents.Select(r => new ResultGroups.Response(p.Part.Replace("/direkte", "", StringComparison.Ordinal), r.Answers())))
                .ToList();
            All = ResultGroups.Compute(instrument, units, managers, responses, c.Thresholds);
            SensitiveFilter = sensitiveFilter ?? instrument.Themes[0].Items[c.Item].Sensitive;
            Filtered = All.Filter(c.Item, c.Points.ToHashSet(), SensitiveFilter);

            foreach (var (part, respondents) in c.Parts)
            {
                foreach (var kept in new[] { true, false })
                {
                    var tally = new Scoring.Tally(Layout);
                    foreach (var r in respondents.Where(r => c.Kept(r) == kept))
                    {
                        tally.Add(r.Answers());
                    }
                    atomOf[(part, kept)] = Atoms.Count;
                    Atoms.Add(new Atom(part, kept, tally));
                }
            }
            if (c.ByManager)
            {
                foreach (var (part, _) in c.Parts)
                {
                    PartsUnder[part] = [part];
                }
                PartsUnder[All.TotalId] = [.. c.Parts.Select(p => p.Part)];
            }
            else
            {
                var parts = c.Parts.Select(p => p.Part).ToHashSet(StringComparer.Ordinal);
                foreach (var (id, _) in c.Units)
                {
                    PartsUnder[id] = [.. parts.Where(p => IsUnder(p.Replace("/direkte", "", StringComparison.Ordinal), id))];
                }
            }
        }

        private readonly Dictionary<(string Part, bool Kept), int> atomOf = [];

        public Case Case { get; }

        public Scoring.Layout Layout { get; }

        public ResultGroups All { get; }

        public ResultGroups Filtered { get; }

        public bool SensitiveFilter { get; }

        public List<Atom> Atoms { get; } = [];

        /// <summary>The leaf parts a group is the sum of.</summary>
        public Dictionary<string, string[]> PartsUnder { get; } = new(StringComparer.Ordinal);

        /// <summary>The threshold the filtered results are decided at.</summary>
        public int Threshold => SensitiveFilter ? Case.Thresholds.Sensitive : Case.Thresholds.Minimum;

        private bool IsUnder(string unit, string ancestor)
        {
            for (string? at = unit; at is not null; at = Case.Units.First(u => u.Id == at).Parent)
            {
                if (at == ancestor)
                {
                    return true;
                }
            }
            return false;
        }

        public int[] AtomsOf(string group, bool keptOnly) =>
            [.. PartsUnder[group].SelectMany(p => keptOnly ? [atomOf[(p, true)]] : new[] { atomOf[(p, true)], atomOf[(p, false)] })];

        public int CountOf(string group, bool kept) => PartsUnder[group].Sum(p => Atoms[atomOf[(p, kept)]].Count);

        /// <summary>The groups a view shows: their results, or their sensitive items.</summary>
        public static HashSet<string> Shown(ResultGroups view, bool sensitiveItems) =>
            [.. view.GroupIds.Where(g => (sensitiveItems ? view.OutcomeOf(g).SensitiveItemsReason : view.OutcomeOf(g).Reason) == SuppressionReason.Unspecified)];

        /// <summary>What the attacker is given: each unfiltered shown group over all its atoms, each filtered shown
        /// group over its kept atoms, with the tally the results show for it.</summary>
        public List<Row> Rows(IReadOnlySet<string> unfiltered, IReadOnlySet<string>? filtered) =>
        [
            .. unfiltered.Order(StringComparer.Ordinal).Select(g => new Row($"unfiltered {g}", AtomsOf(g, keptOnly: false), All.TallyOf(g))),
            .. (filtered ?? new HashSet<string>()).Order(StringComparer.Ordinal).Select(g => new Row($"filtered {g}", AtomsOf(g, keptOnly: true), Filtered.TallyOf(g))),
        ];

        /// <summary>The obvious rule: the kept respondents' tree decided alone, as the unfiltered results are, among
        /// the groups the unfiltered results show.</summary>
        public HashSet<string> NaivelyShown(int threshold)
        {
            var groups = new List<Suppression.Group>();
            if (Case.ByManager)
            {
                groups.AddRange(Case.Parts.Select(p => new Suppression.Group(p.Part, All.TotalId, CountOf(p.Part, kept: true))));
                groups.Add(new Suppression.Group(All.TotalId, null, CountOf(All.TotalId, kept: true)));
            }
            else
            {
                foreach (var (id, parent) in Case.Units)
                {
                    groups.Add(new Suppression.Group(id, parent, CountOf(id, kept: true)));
                    var direct = Array.FindIndex(Case.Parts, p => p.Part == id + "/direkte");
                    if (direct >= 0 && Atoms[atomOf[(id + "/direkte", true)]].Count > 0)
                    {
                        groups.Add(new Suppression.Group(id + "/direkte", id, Atoms[atomOf[(id + "/direkte", true)]].Count, Reportable: false));
                    }
                }
            }
            var all = Shown(All, sensitiveItems: false);
            return [.. Suppression.Decide(groups, threshold).Where(d => d.Value == SuppressionReason.Unspecified && all.Contains(d.Key)).Select(d => d.Key)];
        }
    }

    /// <summary>A shown group as the attacker sees it: the atoms it sums, and its tally.</summary>
    private readonly record struct Row(string Label, int[] Atoms, Scoring.Tally Shown);

    /// <summary>A set of atoms of too few respondents whose sums follow from what is shown, with how.</summary>
    private sealed record Leak(Atom[] Atoms, (long Coefficient, string Row)[] Combination)
    {
        public int Respondents => Atoms.Sum(a => a.Count);

        public override string ToString() =>
            $"{string.Join(" + ", Atoms.Select(a => a.ToString()))}: {Respondents} respondent(s) = "
            + string.Join(" ", Combination.Select(c => $"{(c.Coefficient < 0 ? "-" : "+")}{(Math.Abs(c.Coefficient) == 1 ? "" : Math.Abs(c.Coefficient) + "×")}{c.Row}"));
    }

    /// <summary>
    /// What a reader of the shown rows can work out, by Gaussian elimination modulo a prime over the atoms that
    /// have respondents (an empty atom is taken as known to be empty, which only helps the attacker). The rows
    /// are two laminar families (the unfiltered groups over all atoms, the filtered over kept atoms), whose
    /// incidence matrix is totally unimodular, so every minor is 0 or ±1 and the prime changes nothing.
    /// </summary>
    private sealed class Attacker
    {
        private const long Prime = 2_147_483_647;

        private readonly List<Atom> atoms;
        private readonly List<Row> rows;
        private readonly int[] columns;
        private readonly int[] columnOf;
        private readonly List<(int Pivot, long[] Vector, long[] Combination)> basis = [];

        public Attacker(List<Atom> atoms, List<Row> rows)
        {
            this.atoms = atoms;
            this.rows = rows;
            // The biggest atoms first: the pivots are then a basis of the largest atoms, and a small set is found by
            // choosing among few pivots.
            columns = [.. Enumerable.Range(0, atoms.Count).Where(a => atoms[a].Count > 0).OrderByDescending(a => atoms[a].Count).ThenBy(a => a)];
            columnOf = Enumerable.Repeat(-1, atoms.Count).ToArray();
            for (var c = 0; c < columns.Length; c++)
            {
                columnOf[columns[c]] = c;
            }
            for (var k = 0; k < rows.Count; k++)
            {
                var combination = new long[rows.Count];
                combination[k] = 1;
                Add(Vector(rows[k].Atoms), combination);
            }
        }

        private long[] Vector(IEnumerable<int> set)
        {
            var v = new long[columns.Length];
            foreach (var a in set)
            {
                if (columnOf[a] >= 0)
                {
                    v[columnOf[a]] = 1;
                }
            }
            return v;
        }

        /// <summary>Keeps the basis in reduced row echelon form: each pivot the first non-zero of its row, 1, and
        /// 0 in every other row.</summary>
        private void Add(long[] v, long[] combination)
        {
            Reduce(v, combination);
            var pivot = Array.FindIndex(v, x => x != 0);
            if (pivot < 0)
            {
                return;
            }
            var inverse = Power(v[pivot], Prime - 2);
            Scale(v, inverse);
            Scale(combination, inverse);
            foreach (var (_, vector, comb) in basis)
            {
                var f = vector[pivot];
                if (f != 0)
                {
                    Subtract(vector, f, v);
                    Subtract(comb, f, combination);
                }
            }
            basis.Add((pivot, v, combination));
        }

        private void Reduce(long[] v, long[]? combination)
        {
            foreach (var (pivot, vector, comb) in basis)
            {
                var f = v[pivot];
                if (f != 0)
                {
                    Subtract(v, f, vector);
                    if (combination is not null)
                    {
                        Subtract(combination, f, comb);
                    }
                }
            }
        }

        /// <summary>Whether the sums over a set of atoms follow from any linear combination of the rows.</summary>
        public bool Follows(IEnumerable<int> set)
        {
            var v = Vector(set);
            Reduce(v, null);
            return v.All(x => x == 0);
        }

        /// <summary>
        /// The smallest set of 1..threshold-1 respondents that follows and that <paramref name="counts"/> (null when
        /// there is none). A vector of the row space is fixed by its values at the pivots, so a set is chosen by its
        /// pivots (each pivot atom's row adds its values at the other columns, which must come out 0 or 1); and
        /// pivots that share no other column are independent, so each such component is searched alone.
        /// </summary>
        public Leak? Smallest(int threshold, Func<int[], bool> counts, bool first = false)
        {
            var pivots = new HashSet<int>(basis.Select(b => b.Pivot));
            var free = Enumerable.Range(0, columns.Length).Where(c => !pivots.Contains(c)).ToArray();
            // Components: pivots joined when their rows share a free column.
            var component = Enumerable.Range(0, basis.Count).ToArray();
            int Find(int x) => component[x] == x ? x : component[x] = Find(component[x]);
            foreach (var c in free)
            {
                var first0 = -1;
                for (var b = 0; b < basis.Count; b++)
                {
                    if (basis[b].Vector[c] != 0)
                    {
                        if (first0 < 0)
                        {
                            first0 = b;
                        }
                        else
                        {
                            component[Find(b)] = Find(first0);
                        }
                    }
                }
            }
            (int Respondents, int Size, int[] Pivots, int[] Free)? best = null;
            var budget = 50_000_000L;
            foreach (var members in Enumerable.Range(0, basis.Count).GroupBy(Find))
            {
                var ps = members.OrderBy(b => atoms[columns[basis[b].Pivot]].Count).ToArray();
                var cs = free.Where(c => ps.Any(b => basis[b].Vector[c] != 0)).ToArray();
                var w = new long[cs.Length];
                var chosen = new List<int>();
                void Search(int from, int respondents)
                {
                    for (var i = from; i < ps.Length; i++)
                    {
                        var b = ps[i];
                        var n = respondents + atoms[columns[basis[b].Pivot]].Count;
                        if (n >= threshold || (best is { } bb && n > bb.Respondents) || (first && best is not null))
                        {
                            return;
                        }
                        if (--budget < 0)
                        {
                            throw new InvalidOperationException("the search for a small set is too large");
                        }
                        chosen.Add(b);
                        for (var j = 0; j < cs.Length; j++)
                        {
                            w[j] = (w[j] + basis[b].Vector[cs[j]]) % Prime;
                        }
                        var total = n;
                        var ok = true;
                        for (var j = 0; j < cs.Length && ok; j++)
                        {
                            ok = w[j] is 0 or 1;
                            total += w[j] == 1 ? atoms[columns[cs[j]]].Count : 0;
                        }
                        if (ok && total < threshold)
                        {
                            var freeChosen = cs.Where((_, j) => w[j] == 1).ToArray();
                            var size = chosen.Count + freeChosen.Length;
                            var set = chosen.Select(p => columns[basis[p].Pivot]).Concat(freeChosen.Select(c => columns[c])).ToArray();
                            if ((best is not { } cur || total < cur.Respondents || (total == cur.Respondents && size < cur.Size)) && counts(set))
                            {
                                best = (total, size, [.. chosen], freeChosen);
                            }
                        }
                        Search(i + 1, n);
                        for (var j = 0; j < cs.Length; j++)
                        {
                            w[j] = (w[j] - basis[b].Vector[cs[j]] + Prime) % Prime;
                        }
                        chosen.RemoveAt(chosen.Count - 1);
                    }
                }
                Search(0, 0);
            }
            if (best is not { } found)
            {
                return null;
            }
            // The set's vector is the sum of its pivots' rows, so its combination of the shown rows is theirs summed.
            var combination = new long[rows.Count];
            foreach (var b in found.Pivots)
            {
                for (var k = 0; k < rows.Count; k++)
                {
                    combination[k] = (combination[k] + basis[b].Combination[k]) % Prime;
                }
            }
            var set0 = found.Pivots.Select(b => columns[basis[b].Pivot]).Concat(found.Free.Select(c => columns[c])).Order().ToArray();
            return new Leak([.. set0.Select(a => atoms[a])],
                [.. combination.Select((c, k) => (Coefficient: c > Prime / 2 ? c - Prime : c, rows[k].Label)).Where(c => c.Coefficient != 0)]);
        }

        /// <summary>Every set of atoms tried, for small cases: the smallest of 1..threshold-1 respondents that follows
        /// and that <paramref name="counts"/> (its respondents, or null).</summary>
        public int? SmallestByTryingEverySet(int threshold, Func<int[], bool> counts)
        {
            int? best = null;
            for (var mask = 1L; mask < 1L << columns.Length; mask++)
            {
                var set = Enumerable.Range(0, columns.Length).Where(c => (mask & (1L << c)) != 0).Select(c => columns[c]).ToArray();
                var n = set.Sum(a => atoms[a].Count);
                if (n < threshold && (best is null || n < best) && Follows(set) && counts(set))
                {
                    best = n;
                }
            }
            return best;
        }

        /// <summary>The leak's sums computed from the shown rows alone: respondents, and per item the answers and
        /// their score sum.</summary>
        public long[] Computed(Leak leak)
        {
            var byLabel = rows.ToDictionary(r => r.Label, r => r.Shown, StringComparer.Ordinal);
            var sums = new long[1 + (2 * ItemIds.Length)];
            foreach (var (coefficient, label) in leak.Combination)
            {
                var values = Values(byLabel[label]);
                for (var i = 0; i < sums.Length; i++)
                {
                    sums[i] += coefficient * values[i];
                }
            }
            return sums;
        }

        public static long[] Values(Scoring.Tally t) =>
            [t.Respondents, .. Enumerable.Range(0, ItemIds.Length).SelectMany(i => new[] { (long)t.Item(i).Count, (long)t.Item(i).Sum })];

        private static void Scale(long[] v, long f)
        {
            for (var j = 0; j < v.Length; j++)
            {
                v[j] = v[j] * f % Prime;
            }
        }

        private static void Subtract(long[] v, long f, long[] row)
        {
            for (var j = 0; j < v.Length; j++)
            {
                if (row[j] != 0)
                {
                    v[j] = ((v[j] - (f * row[j] % Prime)) % Prime + Prime) % Prime;
                }
            }
        }

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

    /// <summary>
    /// The attack on one kind of number (the results, or the sensitive items): the rows are the unfiltered groups
    /// that show it and the filtered groups that show it. A set of fewer than <paramref name="minimum"/> is a leak;
    /// so is one of fewer than <paramref name="threshold"/> (the filtered view's own, the sensitive one when the
    /// filter's item is sensitive) that the unfiltered results do not give alone. A leak found is computed from the
    /// shown numbers and checked against the truth.
    /// </summary>
    private static Leak? Attack(World w, IReadOnlySet<string> unfiltered, IReadOnlySet<string> filtered, int minimum, int threshold, bool first = false)
    {
        var attacker = new Attacker(w.Atoms, w.Rows(unfiltered, filtered));
        var alone = new Attacker(w.Atoms, w.Rows(unfiltered, null));
        var leak = attacker.Smallest(threshold, set => set.Sum(a => w.Atoms[a].Count) < minimum || !alone.Follows(set), first);
        if (leak is not null)
        {
            var truth = new Scoring.Tally(w.Layout);
            foreach (var atom in leak.Atoms)
            {
                truth.Merge(atom.Tally);
            }
            Assert.True(Attacker.Values(truth).SequenceEqual(attacker.Computed(leak)), $"the attacker computed {leak} wrong");
        }
        return leak;
    }

    private static readonly SuppressionReason Shown = SuppressionReason.Unspecified;
    private static readonly SuppressionReason Protects = SuppressionReason.ProtectsAnotherGroup;

    /// <summary>Respondents answering the yes/no item yes and no (the scale points spread, so sums differ), in that order.</summary>
    private static Respondent[] Answering(int yes, int no, int item = Cooperation) =>
    [
        .. Enumerable.Range(0, yes + no).Select(i => new Respondent(
            item == Cooperation ? (i < yes ? 1 : 0) : -1, 1 + (i * 3 % 5), item == Violence ? (i < yes ? 1 : 0) : -1)),
    ];

    private static HashSet<string> Set(params string[] ids) => [.. ids];

    // ---- Named examples ----

    /// <summary>A workplace of 12 where 11 answer yes: filtered on yes, it would show 11, and the unfiltered 12
    /// less those 11 is the one who answered no. It is hidden, and so is its sibling, whose 5 left out would
    /// otherwise give the one as the total's 6 left out less them.</summary>
    [Fact]
    public void One_respondent_left_out_of_a_shown_workplace_is_not_computed()
    {
        var w = new World(new Case(false, [("k", null), ("a", "k"), ("b", "k")], [("a", Answering(11, 1)), ("b", Answering(5, 5))],
            Cooperation, [Scoring.Yes], SuppressionThresholds.Default));
        var unfiltered = World.Shown(w.All, sensitiveItems: false);
        Assert.Equal(Set("k", "a", "b"), unfiltered);

        var naive = w.NaivelyShown(5);
        Assert.Equal(Set("k", "a", "b"), naive);
        var leak = Attack(w, unfiltered, naive, 5, 5);
        Assert.NotNull(leak);
        Assert.Equal("a left out (1): 1 respondent(s) = +unfiltered a -filtered a", leak.ToString());

        Assert.Equal((Shown, Protects, Protects), (w.Filtered.OutcomeOf("k").Reason, w.Filtered.OutcomeOf("a").Reason, w.Filtered.OutcomeOf("b").Reason));
        Assert.Null(Attack(w, unfiltered, World.Shown(w.Filtered, sensitiveItems: false), 5, 5));
    }

    /// <summary>The smallest counterexample the random cases shrank to, by hand: a workplace of 5 who all answer
    /// yes beside one of 1 yes and 5 no. Filtered on yes, the 1 is too few and the 5 are hidden to protect them,
    /// but no one of the 5 is left out: their unfiltered results are their kept ones, so the total's 6 kept less
    /// them is the 1. The total is hidden too: a group with no one left out protects no one by hiding.</summary>
    [Fact]
    public void A_sibling_with_no_one_left_out_is_shown_by_the_unfiltered_results_and_protects_no_one()
    {
        var w = new World(new Case(false, [("k", null), ("a", "k"), ("b", "k")], [("a", Answering(5, 0)), ("b", Answering(1, 5))],
            Cooperation, [Scoring.Yes], SuppressionThresholds.Default));
        var unfiltered = World.Shown(w.All, sensitiveItems: false);
        Assert.Equal(Set("k", "a", "b"), unfiltered);
        Assert.Equal("b kept (1): 1 respondent(s) = -unfiltered a +filtered k", Attack(w, unfiltered, Set("k"), 5, 5)?.ToString());

        Assert.Empty(World.Shown(w.Filtered, sensitiveItems: false));
        Assert.Equal(Protects, w.Filtered.OutcomeOf("k").Reason);
    }

    /// <summary>A parent whose kept children all show (5, 5 and 6) while one child has only 2 left out: the
    /// unfiltered child less its kept part gives the 2. The child is hidden, and one sibling with it, or the
    /// parent's left out less the shown sibling's would give them.</summary>
    [Fact]
    public void A_parent_whose_kept_children_show_hides_them_for_one_small_left_out_child()
    {
        var w = new World(new Case(false, [("p", null), ("a", "p"), ("b", "p"), ("c", "p")],
            [("a", Answering(5, 5)), ("b", Answering(5, 5)), ("c", Answering(6, 2))], Cooperation, [Scoring.Yes], SuppressionThresholds.Default));
        var unfiltered = World.Shown(w.All, sensitiveItems: false);
        Assert.Equal(Set("p", "a", "b", "c"), unfiltered);

        var naive = w.NaivelyShown(5);
        Assert.Equal(Set("p", "a", "b", "c"), naive);
        Assert.Equal(2, Attack(w, unfiltered, naive, 5, 5)?.Respondents);

        var filtered = World.Shown(w.Filtered, sensitiveItems: false);
        Assert.Equal(Set("p", "b"), filtered);
        Assert.Equal((Protects, Protects), (w.Filtered.OutcomeOf("a").Reason, w.Filtered.OutcomeOf("c").Reason));
        Assert.Null(Attack(w, unfiltered, filtered, 5, 5));
        // What is left to compute: the kept and the left out of a and c together, 11 and 7.
        var attacker = new Attacker(w.Atoms, w.Rows(unfiltered, filtered));
        Assert.True(attacker.Follows([w.Atoms.FindIndex(x => x is { Part: "a", Kept: false }), w.Atoms.FindIndex(x => x is { Part: "c", Kept: false })]));
        Assert.False(attacker.Follows([w.Atoms.FindIndex(x => x is { Part: "c", Kept: false })]));
    }

    /// <summary>Filtered on the sensitive item, a workplace of 30 with 22 yes and 8 no shows nothing: 8 is enough
    /// for the results but not for who answered a sensitive item how. Its sibling of 22 and 23 shows only if the
    /// total's left out less its own are 20 too, which they are not. Filtered as if the item were not sensitive,
    /// the 8 left out are computed.</summary>
    [Fact]
    public void A_sensitive_item_as_the_filter_needs_the_sensitive_threshold_on_both_sides()
    {
        var c = new Case(false, [("k", null), ("a", "k"), ("b", "k")], [("a", Answering(22, 23, Violence)), ("b", Answering(22, 8, Violence))],
            Violence, [Scoring.Yes], SuppressionThresholds.Default);
        var w = new World(c);
        Assert.True(w.SensitiveFilter);
        var unfiltered = World.Shown(w.All, sensitiveItems: false);
        Assert.Equal(Set("k", "a", "b"), unfiltered);

        var asIfNot = new World(c, sensitiveFilter: false);
        var shownAsIfNot = World.Shown(asIfNot.Filtered, sensitiveItems: false);
        Assert.Equal(Set("k", "a", "b"), shownAsIfNot);
        var leak = Attack(asIfNot, unfiltered, shownAsIfNot, 5, 20);
        Assert.Equal("b left out (8): 8 respondent(s) = +unfiltered b -filtered b", leak?.ToString());

        Assert.Equal((Shown, Protects, Protects), (w.Filtered.OutcomeOf("k").Reason, w.Filtered.OutcomeOf("a").Reason, w.Filtered.OutcomeOf("b").Reason));
        Assert.Null(Attack(w, unfiltered, World.Shown(w.Filtered, sensitiveItems: false), 5, 20));

        // With 25 left out of b as well, both workplaces show.
        var w2 = new World(c with { Parts = [("a", Answering(22, 23, Violence)), ("b", Answering(22, 25, Violence))] });
        Assert.Equal(Set("k", "a", "b"), World.Shown(w2.Filtered, sensitiveItems: false));
        Assert.Null(Attack(w2, World.Shown(w2.All, sensitiveItems: false), World.Shown(w2.Filtered, sensitiveItems: false), 5, 20));
    }

    /// <summary>Managers of 12 (2 of them left out by the filter), 9 and 3: the total shows, and the manager of 12,
    /// whose unfiltered and filtered numbers would give the 2. It is hidden; the total's left out are 7.</summary>
    [Fact]
    public void A_managers_few_left_out_are_protected_under_the_total()
    {
        var w = new World(new Case(true, [("k", null)], [("m1", Answering(10, 2)), ("m2", Answering(5, 4)), ("m3", Answering(2, 1))],
            Cooperation, [Scoring.Yes], SuppressionThresholds.Default));
        var unfiltered = World.Shown(w.All, sensitiveItems: false);
        Assert.Equal(Set("#k", "m1"), unfiltered);
        var naive = w.NaivelyShown(5);
        Assert.Equal(Set("#k", "m1"), naive);
        Assert.Equal("m1 left out (2): 2 respondent(s) = +unfiltered m1 -filtered m1", Attack(w, unfiltered, naive, 5, 5)?.ToString());

        Assert.Equal((Shown, Protects), (w.Filtered.OutcomeOf("#k").Reason, w.Filtered.OutcomeOf("m1").Reason));
        Assert.Null(Attack(w, unfiltered, World.Shown(w.Filtered, sensitiveItems: false), 5, 5));
    }

    // ---- Properties over random organisations ----

    /// <summary>A random case: units 1-4 levels deep (1-5 parts to the root, 0-5 to a unit below it, some units
    /// with respondents placed directly in them, at most <paramref name="maxUnits"/>) or 1-10 managers under the
    /// total; 0-25 respondents to a leaf part, leaning one way or another; a filter on the yes/no item, the scale
    /// item or the sensitive yes/no item; a minimum of 2-6 and a sensitive threshold 0-10 above it.</summary>
    private static Gen<Case> Cases(int maxUnits, int maxRespondents = 25) =>
        Gen.Select(
            Gen.Select(Gen.Int[0, 5], Gen.Int[1, 4], Gen.Int[0, 5].Array[maxUnits], Gen.Bool.Array[maxUnits]),
            Gen.Select(Gen.Int[0, 2], Gen.Select(Gen.Int[0, 19], Gen.Int[0, 19], Gen.Int[0, 19]).Array[0, maxRespondents])
                .Select((skew, rolls) => rolls.Select(r => Respondent.Of(skew, r.Item1, r.Item2, r.Item3)).ToArray()).Array[maxUnits],
            Gen.Select(Gen.Int[0, 2], Gen.Int[1, 30], Gen.Int[2, 6], Gen.Int[0, 10]))
        .Select((shape, pool, filter) =>
        {
            var (kind, depth, branching, directs) = shape;
            var (item, mask, minimum, extra) = filter;
            var thresholds = new SuppressionThresholds(minimum, minimum + extra);
            int[] points = item == Wellbeing ? [.. Enumerable.Range(1, 5).Where(p => (mask & (1 << (p - 1))) != 0)] : [mask % 2];
            if (kind == 0)
            {
                var managers = Math.Min(Math.Max(1, branching[0]) + branching[1], maxUnits);
                return new Case(true, [("k", null)], [.. Enumerable.Range(0, managers).Select(m => ($"m{m}", pool[m]))], item, points, thresholds);
            }
            var units = new List<(string Id, string? Parent)> { ("k", null) };
            var directParts = new List<string>();
            var level = new List<string> { "k" };
            var b = 0;
            for (var d = 0; d < depth && level.Count > 0; d++)
            {
                var next = new List<string>();
                foreach (var parent in level)
                {
                    var parts = Math.Min(d == 0 ? Math.Max(1, branching[b]) : branching[b], maxUnits - units.Count);
                    if (parts > 0 && directs[b])
                    {
                        directParts.Add(parent + "/direkte");
                    }
                    b = (b + 1) % maxUnits;
                    for (var i = 0; i < parts; i++)
                    {
                        units.Add(($"{parent}.{i}", parent));
                        next.Add($"{parent}.{i}");
                    }
                }
                level = next;
            }
            var hasChildren = units.Where(u => u.Parent is not null).Select(u => u.Parent!).ToHashSet();
            var leaves = units.Where(u => !hasChildren.Contains(u.Id)).Select(u => u.Id).Concat(directParts).ToArray();
            return new Case(false, [.. units], [.. leaves.Select((p, i) => (p, pool[i]))], item, points, thresholds);
        });

    [Fact]
    public void No_set_of_too_few_respondents_follows_from_the_filtered_and_the_unfiltered_results_together()
    {
        var naiveLeaks = 0;
        var protections = 0;
        var filteredShown = 0;
        var byManager = 0;
        var sensitiveFilters = 0;
        Cases(maxUnits: 40).Sample(c =>
        {
            var w = new World(c);
            var (minimum, sensitive, threshold) = (c.Thresholds.Minimum, c.Thresholds.Sensitive, w.Threshold);
            foreach (var g in w.All.GroupIds)
            {
                Assert.Equal(w.CountOf(g, kept: true), w.Filtered.TallyOf(g).Respondents);
                Assert.Equal(w.CountOf(g, kept: true) + w.CountOf(g, kept: false), w.All.TallyOf(g).Respondents);
            }
            var (unfiltered, unfilteredSensitive) = (World.Shown(w.All, false), World.Shown(w.All, true));
            var (filtered, filteredSensitive) = (World.Shown(w.Filtered, false), World.Shown(w.Filtered, true));
            // Never shown where the unfiltered results hide it; the sensitive items never where the results are hidden.
            Assert.Subset(unfiltered, filtered);
            Assert.Subset(unfilteredSensitive, filteredSensitive);
            Assert.Subset(filtered, filteredSensitive);
            foreach (var g in filtered)
            {
                Assert.True(w.CountOf(g, true) >= threshold && (w.CountOf(g, false) == 0 || w.CountOf(g, false) >= threshold), $"{g} shows filtered");
            }
            foreach (var g in filteredSensitive)
            {
                Assert.True(w.CountOf(g, true) >= sensitive && (w.CountOf(g, false) == 0 || w.CountOf(g, false) >= sensitive), $"{g}'s sensitive items show filtered");
            }

            var leak = Attack(w, unfiltered, filtered, minimum, threshold);
            Assert.True(leak is null, $"the results give away {leak}");
            leak = Attack(w, unfilteredSensitive, filteredSensitive, sensitive, sensitive);
            Assert.True(leak is null, $"the sensitive items give away {leak}");

            if (Attack(w, unfiltered, w.NaivelyShown(threshold), minimum, threshold, first: true) is not null)
            {
                Interlocked.Increment(ref naiveLeaks);
            }
            if (unfiltered.Except(filtered).Any(g => w.CountOf(g, true) >= threshold))
            {
                Interlocked.Increment(ref protections);
            }
            if (filtered.Count > 0)
            {
                Interlocked.Increment(ref filteredShown);
            }
            if (c.ByManager)
            {
                Interlocked.Increment(ref byManager);
            }
            if (w.SensitiveFilter && filtered.Count > 0)
            {
                Interlocked.Increment(ref sensitiveFilters);
            }
        }, iter: 400, print: c => c.ToString());
        // The cases do exercise the attack: the obvious rule leaks in some, groups are hidden to protect others,
        // filtered views do show groups, for managers and on a sensitive item too.
        Assert.True(naiveLeaks > 0 && protections > 0 && filteredShown > 0 && byManager > 0 && sensitiveFilters > 0,
            $"naive leaks {naiveLeaks}, protections {protections}, filtered views that show {filteredShown}, by manager {byManager}, sensitive {sensitiveFilters}");
    }

    /// <summary>The search by pivots finds the same smallest set as trying every set of atoms, on cases small enough
    /// to try them all, against the obvious rule (which leaks) and against the real one.</summary>
    [Fact]
    public void The_search_finds_what_trying_every_set_finds()
    {
        var leaks = 0;
        Cases(maxUnits: 5, maxRespondents: 8).Where(c => c.Parts.Length <= 7).Sample(c =>
        {
            var w = new World(c);
            var unfiltered = World.Shown(w.All, false);
            foreach (var filtered in new[] { World.Shown(w.Filtered, false), w.NaivelyShown(w.Threshold) })
            {
                var attacker = new Attacker(w.Atoms, w.Rows(unfiltered, filtered));
                var alone = new Attacker(w.Atoms, w.Rows(unfiltered, null));
                bool Counts(int[] set) => set.Sum(a => w.Atoms[a].Count) < c.Thresholds.Minimum || !alone.Follows(set);
                var bySearch = attacker.Smallest(w.Threshold, Counts)?.Respondents;
                Assert.Equal(attacker.SmallestByTryingEverySet(w.Threshold, Counts), bySearch);
                if (bySearch is not null)
                {
                    Interlocked.Increment(ref leaks);
                }
            }
        }, iter: 300, print: c => c.ToString());
        Assert.True(leaks > 0, "no case had a leak to find");
    }
}
