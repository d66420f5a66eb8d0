using CsCheck;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Tests.Domain;

// Why hand-computed examples and a naive reference: the tally is written for speed (arrays, one pass, sums
// only), so each rule is pinned by an example worked out by hand, and random instruments and responses are
// checked against a plain per-respondent computation and against merging in any split.
public sealed class ScoringTests
{
    private static InstrumentItem Scale(string id, ItemDirection direction = ItemDirection.Resource,
        SocialCapitalDimension dimension = SocialCapitalDimension.Unspecified) =>
        new() { ItemId = id, Text = id, ResponseType = ResponseType.AgreementScale, Direction = direction, Dimension = dimension };

    private static InstrumentItem YesNo(string id, ItemDirection direction = ItemDirection.Resource) =>
        new() { ItemId = id, Text = id, ResponseType = ResponseType.YesNo, Direction = direction };

    private static InstrumentItem Text(string id) => new() { ItemId = id, Text = id, ResponseType = ResponseType.FreeText };

    private static InstrumentTheme Theme(string id, params InstrumentItem[] items)
    {
        var theme = new InstrumentTheme { ThemeId = id, Title = id };
        theme.Items.AddRange(items);
        return theme;
    }

    private static void Add(Scoring.Tally tally, params (string Item, int Point)[] answers) =>
        tally.Add([.. answers.Select(a => new Scoring.Answer(tally.Layout.IndexOf(a.Item), a.Point))]);

    private static Scoring.Tally Tally(params InstrumentTheme[] themes) => new(Scoring.Layout.Of(themes));

    [Theory]
    [InlineData(5, 100, 0)]
    [InlineData(4, 75, 25)]
    [InlineData(3, 50, 50)]
    [InlineData(2, 25, 75)]
    [InlineData(1, 0, 100)]
    public void A_scale_scores_from_the_highest_answer_down_and_a_demand_the_other_way(int point, int resource, int demand)
    {
        Assert.Equal(resource, Scoring.ItemScore(ResponseType.AgreementScale, ItemDirection.Resource, point));
        Assert.Equal(resource, Scoring.ItemScore(ResponseType.FrequencyScale, ItemDirection.Resource, point));
        Assert.Equal(demand, Scoring.ItemScore(ResponseType.AgreementScale, ItemDirection.Demand, point));
        Assert.Equal(demand, Scoring.ItemScore(ResponseType.FrequencyScale, ItemDirection.Demand, point));
    }

    [Fact]
    public void Yes_no_scores_100_or_0_and_a_demand_the_other_way()
    {
        Assert.Equal(100, Scoring.ItemScore(ResponseType.YesNo, ItemDirection.Resource, Scoring.Yes));
        Assert.Equal(0, Scoring.ItemScore(ResponseType.YesNo, ItemDirection.Resource, Scoring.No));
        Assert.Equal(0, Scoring.ItemScore(ResponseType.YesNo, ItemDirection.Demand, Scoring.Yes));
        Assert.Equal(100, Scoring.ItemScore(ResponseType.YesNo, ItemDirection.Demand, Scoring.No));
    }

    [Theory]
    [InlineData(ResponseType.AgreementScale, ItemDirection.Resource, 0)]
    [InlineData(ResponseType.FrequencyScale, ItemDirection.Demand, 6)]
    [InlineData(ResponseType.YesNo, ItemDirection.Resource, 2)]
    [InlineData(ResponseType.YesNo, ItemDirection.Demand, -1)]
    [InlineData(ResponseType.FreeText, ItemDirection.Unspecified, 0)]
    [InlineData(ResponseType.AgreementScale, ItemDirection.Unspecified, 3)]
    public void What_has_no_score_is_refused(ResponseType type, ItemDirection direction, int point) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Scoring.ItemScore(type, direction, point));

    /// <summary>
    /// One theme of four scale items, the third a demand; three respondents:
    /// A answers all four: 5, 4, 2 (demand: 75), 3 → (100 + 75 + 75 + 50) / 4 = 75;
    /// B answers two of four: 3, -, 5 (demand: 0), - → (50 + 0) / 2 = 25, half is enough;
    /// C answers one of four: 1 → no theme score, but C is a respondent and counts in the item.
    /// </summary>
    [Fact]
    public void A_theme_of_four_items_and_three_respondents_is_scored_by_hand()
    {
        var tally = Tally(Theme("samarbejde", Scale("q1"), Scale("q2"), Scale("q3", ItemDirection.Demand), Scale("q4")));
        Add(tally, ("q1", 5), ("q2", 4), ("q3", 2), ("q4", 3));
        Add(tally, ("q3", 5), ("q1", 3));
        Add(tally, ("q1", 1));

        Assert.Equal(3, tally.Respondents);
        Assert.Equal(new Scoring.Mean(2, 100), tally.Theme(0));
        Assert.Equal(50, tally.Theme(0).Value);
        Assert.Equal(new Scoring.Mean(3, 150), tally.Item(0));
        Assert.Equal(new Scoring.Mean(1, 75), tally.Item(1));
        Assert.Equal(new Scoring.Mean(2, 75), tally.Item(2));
        Assert.Equal(37.5, tally.Item(2).Value);
        Assert.Equal(new Scoring.Mean(1, 50), tally.Item(3));
        // From the highest point to the lowest, raw: the demand item's 5 is counted as a 5.
        Assert.Equal([1, 0, 1, 0, 1], tally.Distribution(0).ToArray());
        Assert.Equal([0, 1, 0, 0, 0], tally.Distribution(1).ToArray());
        Assert.Equal([1, 0, 0, 1, 0], tally.Distribution(2).ToArray());
        Assert.Equal([0, 0, 1, 0, 0], tally.Distribution(3).ToArray());
    }

    [Fact]
    public void Two_of_four_items_is_half_and_one_of_four_is_not()
    {
        var tally = Tally(Theme("t", Scale("a"), Scale("b"), Scale("c"), Scale("d")));
        Add(tally, ("a", 5), ("d", 4));
        Assert.Equal(new Scoring.Mean(1, 87.5), tally.Theme(0));
        Add(tally, ("b", 1));
        Assert.Equal(new Scoring.Mean(1, 87.5), tally.Theme(0));
        Assert.Equal(2, tally.Respondents);
    }

    [Fact]
    public void Of_three_items_two_count_and_one_does_not_and_free_text_is_not_an_item_of_the_half()
    {
        var tally = Tally(Theme("t", Scale("a"), Text("kommentar"), YesNo("b"), Scale("c", ItemDirection.Demand)));
        // One scored of three, with a text: 1 × 2 < 3.
        Add(tally, ("a", 5), ("kommentar", 0));
        Assert.Equal(new Scoring.Mean(0, 0), tally.Theme(0));
        Assert.Null(tally.Theme(0).Value);
        // Two of three: (25 + 100) / 2.
        Add(tally, ("b", Scoring.Yes), ("c", 4));
        Assert.Equal(new Scoring.Mean(1, 62.5), tally.Theme(0));
        Assert.Equal(2, tally.Respondents);
        Assert.Equal(1, tally.TextAnswers(1));
        Assert.Equal(default, tally.Item(1));
        Assert.True(tally.Distribution(1).IsEmpty);
    }

    [Fact]
    public void A_respondent_of_free_text_alone_is_a_respondent_without_scores()
    {
        var tally = Tally(Theme("t", Scale("a"), Text("fri")));
        Add(tally, ("fri", 0));
        Add(tally);
        Assert.Equal(1, tally.Respondents);
        Assert.Equal(1, tally.TextAnswers(1));
        Assert.Equal(0, tally.Theme(0).Count);
        Assert.Equal(0, tally.Item(0).Count);
    }

    [Fact]
    public void Yes_no_counts_yes_then_no_raw_and_scores_a_demand_reversed()
    {
        var tally = Tally(Theme("t", YesNo("hjælp"), YesNo("mobning", ItemDirection.Demand)));
        Add(tally, ("hjælp", Scoring.Yes), ("mobning", Scoring.Yes));
        Add(tally, ("hjælp", Scoring.Yes), ("mobning", Scoring.No));
        Add(tally, ("hjælp", Scoring.No), ("mobning", Scoring.No));
        Assert.Equal([2, 1], tally.Distribution(0).ToArray());
        Assert.Equal([1, 2], tally.Distribution(1).ToArray());
        Assert.Equal(new Scoring.Mean(3, 200), tally.Item(0));
        Assert.Equal(new Scoring.Mean(3, 200), tally.Item(1));
        // Respondents: (100 + 0) / 2, (100 + 100) / 2, (0 + 100) / 2.
        Assert.Equal(new Scoring.Mean(3, 200), tally.Theme(0));
    }

    /// <summary>
    /// Bonding: b1, b2 (theme 1) and b3 (theme 2); bridging: x1 (theme 1), x2 and x3 (demand, theme 2).
    /// A: b1 5, b3 4, x1 1 → bonding (100 + 75) / 2 = 87.5 (two of three); bridging one of three: none.
    /// B: b2 3, x2 5, x3 5 → bonding one of three: none; bridging (100 + 0) / 2 = 50.
    /// </summary>
    [Fact]
    public void A_dimension_is_scored_over_its_items_in_every_theme_with_the_half_rule()
    {
        var tally = Tally(
            Theme("tillid", Scale("b1", dimension: SocialCapitalDimension.Bonding), Scale("b2", dimension: SocialCapitalDimension.Bonding),
                Scale("x1", dimension: SocialCapitalDimension.Bridging), Text("fri")),
            Theme("samarbejde", Scale("b3", dimension: SocialCapitalDimension.Bonding), Scale("x2", dimension: SocialCapitalDimension.Bridging),
                Scale("x3", ItemDirection.Demand, SocialCapitalDimension.Bridging)));
        Assert.Equal([SocialCapitalDimension.Bonding, SocialCapitalDimension.Bridging], tally.Layout.Dimensions);
        Add(tally, ("b1", 5), ("b3", 4), ("x1", 1));
        Add(tally, ("b2", 3), ("x2", 5), ("x3", 5));
        Assert.Equal(new Scoring.Mean(1, 87.5), tally.Dimension(SocialCapitalDimension.Bonding));
        Assert.Equal(new Scoring.Mean(1, 50), tally.Dimension(SocialCapitalDimension.Bridging));
        // Themes: A has two of three in "tillid" ((100 + 0) / 2) and one of three in "samarbejde";
        // B one of three in "tillid" and two of three in "samarbejde" ((100 + 0) / 2).
        Assert.Equal(new Scoring.Mean(1, 50), tally.Theme(0));
        Assert.Equal(new Scoring.Mean(1, 50), tally.Theme(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tally.Dimension(SocialCapitalDimension.Unspecified));
    }

    [Fact]
    public void An_instrument_without_dimensions_has_none_to_show()
    {
        var tally = Tally(Theme("t", Scale("a")));
        Add(tally, ("a", 5));
        Assert.Empty(tally.Layout.Dimensions);
        Assert.Equal(default, tally.Dimension(SocialCapitalDimension.Bonding));
    }

    [Fact]
    public void The_layout_numbers_items_theme_by_theme_and_finds_them_by_id()
    {
        var layout = Scoring.Layout.Of([Theme("a", Scale("a1"), Text("a2")), Theme("b", YesNo("b1", ItemDirection.Demand))]);
        Assert.Equal((3, 2), (layout.ItemCount, layout.ThemeCount));
        Assert.Equal(["a", "b"], layout.ThemeIds);
        Assert.Equal([0, 1, 2], new[] { "a1", "a2", "b1" }.Select(layout.IndexOf));
        Assert.Equal(-1, layout.IndexOf("andet-skema"));
        Assert.Equal((0..2, 2..3), (layout.ItemsOf(0), layout.ItemsOf(1)));
        Assert.Equal((1, 1), (layout.ScoredItemsOf(0), layout.ScoredItemsOf(1)));
        Assert.Equal(("b1", 1, ResponseType.YesNo, ItemDirection.Demand), (layout.ItemId(2), layout.ThemeOf(2), layout.TypeOf(2), layout.DirectionOf(2)));
        Assert.Throws<ArgumentException>(() => Scoring.Layout.Of([Theme("a", Scale("x")), Theme("b", Scale("x"))]));
        Assert.Throws<ArgumentException>(() => Scoring.Layout.Of([Theme("a", Scale("x", ItemDirection.Unspecified))]));
        Assert.Throws<ArgumentException>(() => Scoring.Layout.Of([Theme("a", new InstrumentItem { ItemId = "x", Direction = ItemDirection.Resource })]));
    }

    [Fact]
    public void Every_template_has_a_layout_and_the_social_capital_one_both_dimensions()
    {
        foreach (var template in InstrumentTemplates.All)
        {
            var layout = Scoring.Layout.Of(template.Themes);
            Assert.Equal(template.ItemCount, layout.ItemCount);
            Assert.Equal(template.Kind == InstrumentKind.SocialCapital ? 2 : 0, layout.Dimensions.Count);
        }
    }

    [Fact]
    public void A_wrong_response_is_refused_whole_and_leaves_the_tally_as_it_was()
    {
        var tally = Tally(Theme("t", Scale("a"), YesNo("b"), Text("c")));
        Add(tally, ("a", 4), ("b", Scoring.Yes));
        var before = Snapshot(tally);
        Assert.Throws<ArgumentException>(() => tally.Add([new(0, 5), new(1, 2)]));
        Assert.Throws<ArgumentException>(() => tally.Add([new(0, 5), new(0, 4)]));
        Assert.Throws<ArgumentException>(() => tally.Add([new(0, 0)]));
        Assert.Throws<ArgumentException>(() => tally.Add([new(1, 1), new(3, 1)]));
        Assert.Throws<ArgumentException>(() => tally.Add([new(-1, 1)]));
        Assert.Equal(before, Snapshot(tally), SnapshotComparer.Instance);
        // The same item in the next response is no repetition.
        tally.Add([new(0, 5)]);
        tally.Add([new(0, 5)]);
        Assert.Equal(new Scoring.Mean(3, 275), tally.Item(0));
    }

    [Fact]
    public void A_tally_merges_only_one_of_its_own_layout()
    {
        var themes = new[] { Theme("t", Scale("a")) };
        Assert.Throws<ArgumentException>(() => Tally(themes).Merge(Tally(themes)));
    }

    [Fact]
    public void A_parent_is_its_own_responses_merged_with_its_childrens()
    {
        var layout = Scoring.Layout.Of([Theme("t", Scale("a"), Scale("b"))]);
        var (own, child, parent) = (new Scoring.Tally(layout), new Scoring.Tally(layout), new Scoring.Tally(layout));
        own.Add([new(0, 5), new(1, 5)]);
        child.Add([new(0, 1), new(1, 2)]);
        child.Add([new(0, 3)]);
        parent.Merge(own);
        parent.Merge(child);
        Assert.Equal(3, parent.Respondents);
        // Respondents' theme scores 100 and 12.5 (the third answered one of two: half, so 50): their mean, not the units'.
        Assert.Equal(new Scoring.Mean(3, 162.5), parent.Theme(0));
        Assert.Equal([1, 0, 1, 0, 1], parent.Distribution(0).ToArray());
        // The children are unchanged.
        Assert.Equal(2, child.Respondents);
    }

    // ---- Properties: random instruments and responses ----

    private static readonly Gen<InstrumentItem> Items = Gen.Select(Gen.Int[0, 4], Gen.Bool, Gen.Int[0, 2], (kind, demand, dimension) =>
    {
        var type = kind switch { 0 or 1 => ResponseType.AgreementScale, 2 => ResponseType.FrequencyScale, 3 => ResponseType.YesNo, _ => ResponseType.FreeText };
        return new InstrumentItem
        {
            ResponseType = type,
            Direction = type == ResponseType.FreeText ? ItemDirection.Unspecified : demand ? ItemDirection.Demand : ItemDirection.Resource,
            Dimension = type == ResponseType.FreeText ? SocialCapitalDimension.Unspecified : (SocialCapitalDimension)dimension,
        };
    });

    private static readonly Gen<InstrumentTheme[]> Instruments = Items.Array[1, 6].Array[1, 4].Select(themes =>
    {
        var n = 0;
        return themes.Select((items, t) =>
        {
            var theme = new InstrumentTheme { ThemeId = $"t{t}", Title = $"Tema {t}" };
            foreach (var item in items)
            {
                item.ItemId = $"i{n++}";
                item.Text = item.ItemId;
                theme.Items.Add(item);
            }
            return theme;
        }).ToArray();
    });

    /// <summary>Responses to an instrument: each item answered or not, with any point its type has.</summary>
    private static Gen<(int Item, int Point)[][]> Responses(InstrumentTheme[] themes)
    {
        var items = themes.SelectMany(t => t.Items).ToArray();
        var answer = Gen.Int[0, 9].Array[items.Length].Select(draws => draws
            .Select((d, i) => (Item: i, Draw: d))
            .Where(x => x.Draw >= 4)
            .Select(x => (x.Item, Point: items[x.Item].ResponseType switch
            {
                ResponseType.YesNo => x.Draw % 2,
                ResponseType.FreeText => 0,
                _ => 1 + (x.Draw % 5),
            }))
            .ToArray());
        return answer.Array[0, 40];
    }

    private static readonly Gen<(InstrumentTheme[] Themes, (int Item, int Point)[][] Responses)> Cases =
        Instruments.SelectMany(themes => Responses(themes).Select(r => (themes, r)));

    private static Scoring.Tally TallyOf(Scoring.Layout layout, IEnumerable<(int Item, int Point)[]> responses)
    {
        var tally = new Scoring.Tally(layout);
        foreach (var r in responses)
        {
            tally.Add([.. r.Select(a => new Scoring.Answer(a.Item, a.Point))]);
        }
        return tally;
    }

    /// <summary>The item score from the table of the contract, not from arithmetic.</summary>
    private static int TableScore(InstrumentItem item, int point)
    {
        var score = item.ResponseType == ResponseType.YesNo
            ? new Dictionary<int, int> { [1] = 100, [0] = 0 }[point]
            : new Dictionary<int, int> { [5] = 100, [4] = 75, [3] = 50, [2] = 25, [1] = 0 }[point];
        return item.Direction == ItemDirection.Demand ? 100 - score : score;
    }

    /// <summary>A respondent's score over some items: the mean of those answered when at least half are.</summary>
    private static double? RespondentScore(IReadOnlyList<InstrumentItem> scored, Dictionary<string, int> answers)
    {
        var given = scored.Where(i => answers.ContainsKey(i.ItemId)).Select(i => TableScore(i, answers[i.ItemId])).ToList();
        return given.Count > 0 && given.Count >= scored.Count / 2.0 ? given.Average() : null;
    }

    [Fact]
    public void The_tally_agrees_with_a_plain_computation_per_respondent() =>
        Cases.Sample((themes, responses) =>
        {
            var layout = Scoring.Layout.Of(themes);
            var tally = TallyOf(layout, responses);
            var items = themes.SelectMany(t => t.Items).ToArray();
            var byId = responses.Select(r => r.ToDictionary(a => items[a.Item].ItemId, a => a.Point)).ToList();

            Assert.Equal(byId.Count(r => r.Count > 0), tally.Respondents);
            for (var t = 0; t < themes.Length; t++)
            {
                var scored = themes[t].Items.Where(i => i.ResponseType != ResponseType.FreeText).ToList();
                var scores = byId.Select(r => RespondentScore(scored, r)).OfType<double>().ToList();
                AssertMean(scores, tally.Theme(t));
            }
            foreach (var dimension in new[] { SocialCapitalDimension.Bonding, SocialCapitalDimension.Bridging })
            {
                var scored = items.Where(i => i.ResponseType != ResponseType.FreeText && i.Dimension == dimension).ToList();
                AssertMean([.. byId.Select(r => RespondentScore(scored, r)).OfType<double>()], tally.Dimension(dimension));
                Assert.Equal(scored.Count > 0, layout.Dimensions.Contains(dimension));
            }
            for (var i = 0; i < items.Length; i++)
            {
                var item = items[i];
                var given = byId.Where(r => r.ContainsKey(item.ItemId)).Select(r => r[item.ItemId]).ToList();
                if (item.ResponseType == ResponseType.FreeText)
                {
                    Assert.Equal((given.Count, 0), (tally.TextAnswers(i), tally.Item(i).Count));
                    Assert.True(tally.Distribution(i).IsEmpty);
                    continue;
                }
                AssertMean([.. given.Select(p => (double)TableScore(item, p))], tally.Item(i));
                int[] points = item.ResponseType == ResponseType.YesNo ? [1, 0] : [5, 4, 3, 2, 1];
                Assert.Equal(points.Select(p => given.Count(g => g == p)), tally.Distribution(i).ToArray());
            }
        });

    private static void AssertMean(List<double> values, Scoring.Mean mean)
    {
        Assert.Equal(values.Count, mean.Count);
        Assert.Equal(values.Sum(), mean.Sum, 1e-9);
        if (values.Count > 0)
        {
            Assert.Equal(values.Average(), mean.Value!.Value, 1e-9);
        }
    }

    [Fact]
    public void Merging_the_tallies_of_any_split_is_the_tally_of_the_union() =>
        Cases.SelectMany(c => Gen.Int[0, 3].Array[c.Responses.Length].Select(parts => (c.Themes, c.Responses, parts)))
            .Sample((themes, responses, parts) =>
            {
                var layout = Scoring.Layout.Of(themes);
                var union = TallyOf(layout, responses);
                // Four groups, merged as a small tree: (0 + 1) + (2 + 3), each group's own tally first.
                var groups = Enumerable.Range(0, 4).Select(g => TallyOf(layout, responses.Where((_, i) => parts[i] == g))).ToArray();
                var left = new Scoring.Tally(layout);
                left.Merge(groups[0]);
                left.Merge(groups[1]);
                groups[2].Merge(groups[3]);
                left.Merge(groups[2]);
                Assert.Equal(Snapshot(union), Snapshot(left), SnapshotComparer.Instance);
            });

    private sealed record TallySnapshot(int Respondents, int[] Counts, double[] Sums);

    private static TallySnapshot Snapshot(Scoring.Tally t)
    {
        var l = t.Layout;
        var items = Enumerable.Range(0, l.ItemCount).ToArray();
        var themes = Enumerable.Range(0, l.ThemeCount).ToArray();
        var dimensions = new[] { SocialCapitalDimension.Bonding, SocialCapitalDimension.Bridging };
        int[] counts =
        [
            .. items.Select(i => t.Item(i).Count), .. items.SelectMany(i => t.Distribution(i).ToArray()), .. items.Select(t.TextAnswers),
            .. themes.Select(i => t.Theme(i).Count), .. dimensions.Select(d => t.Dimension(d).Count),
        ];
        double[] sums = [.. items.Select(i => t.Item(i).Sum), .. themes.Select(i => t.Theme(i).Sum), .. dimensions.Select(d => t.Dimension(d).Sum)];
        return new TallySnapshot(t.Respondents, counts, sums);
    }

    /// <summary>Counts exactly; sums of respondents' means up to rounding in the order of addition.</summary>
    private sealed class SnapshotComparer : IEqualityComparer<TallySnapshot>
    {
        public static readonly SnapshotComparer Instance = new();

        public bool Equals(TallySnapshot? x, TallySnapshot? y) =>
            x is not null && y is not null && x.Respondents == y.Respondents && x.Counts.SequenceEqual(y.Counts)
            && x.Sums.Length == y.Sums.Length && x.Sums.Zip(y.Sums).All(p => Math.Abs(p.First - p.Second) <= 1e-9 * Math.Max(1, Math.Abs(p.First)));

        public int GetHashCode(TallySnapshot obj) => obj.Respondents;
    }
}
