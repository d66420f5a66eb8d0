using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Tests.Domain;

/// <summary>Filtered views of one item (<see cref="ResultGroups.Filter"/>) against differencing: two filters
/// on nested points give away the respondents between them ({4, 5} less {5} is those who answered 4), so a
/// group shows in a filtered view only when every class of its respondents by their answer is no one or
/// enough, whichever points are asked for.</summary>
public sealed class ResultFilterTests
{
    private static readonly InstrumentRecord Instrument = new("apv", "APV", InstrumentKind.ApvWellbeing, "",
        [Theme("t", Scale("x"), Scale("y"))], Template: false, SourceInstrument: null);

    private static readonly IReadOnlyList<UnitRecord> Units =
    [
        new(1, "kommunen", null, "Kommunen", "", UnitKind.Municipality, "m", 0, 20, 1),
        new(1, "a", "kommunen", "Afdeling A", "", UnitKind.Workplace, "m", 20, 20, 0),
    ];

    private static readonly IReadOnlyList<ManagerRecord> Managers = [new(1, "m", "Leder", "", null)];

    private static InstrumentItem Scale(string id) =>
        new() { ItemId = id, Text = id, ResponseType = ResponseType.AgreementScale, Direction = ItemDirection.Resource };

    private static InstrumentTheme Theme(string id, params InstrumentItem[] items)
    {
        var theme = new InstrumentTheme { ThemeId = id, Title = id };
        theme.Items.AddRange(items);
        return theme;
    }

    /// <summary>Afdeling A's respondents, by their answer to x (each answers y with 3).</summary>
    private static ResultGroups Results(params (int Point, int Count)[] x)
    {
        var layout = Scoring.Layout.Of(Instrument.Themes);
        var responses = x.SelectMany(c => Enumerable.Repeat(new ResultGroups.Response("a",
            [new Scoring.Answer(layout.IndexOf("x"), c.Point), new Scoring.Answer(layout.IndexOf("y"), 3)]), c.Count)).ToList();
        return ResultGroups.Compute(Instrument, Units, Managers, responses, SuppressionThresholds.Default);
    }

    private static Suppression.Outcome Filtered(ResultGroups results, string group, params int[] points) =>
        results.Filter(results.Layout.IndexOf("x"), points.ToHashSet(), sensitiveItem: false).OutcomeOf(group);

    [Fact]
    public void Nested_filters_do_not_give_away_the_two_between_them()
    {
        // Five answered 5, two 4, five 3: {5} keeps 5 and leaves 7, {4, 5} keeps 7 and leaves 5, and the two
        // who answered 4 would be the difference.
        var results = Results((5, 5), (4, 2), (3, 5));
        Assert.False(results.OutcomeOf("a").Suppressed);
        foreach (var points in new[] { new[] { 5 }, [4, 5], [3], [3, 4], [1, 2, 4] })
        {
            foreach (var group in new[] { "a", "kommunen" })
            {
                Assert.Equal(SuppressionReason.ProtectsAnotherGroup, Filtered(results, group, points).Reason);
            }
        }
    }

    [Fact]
    public void Classes_of_no_one_or_enough_show_whatever_is_asked_and_a_filter_that_keeps_no_one_shows_nothing()
    {
        var results = Results((5, 5), (3, 6));
        foreach (var points in new[] { new[] { 5 }, [4, 5], [3], [1, 2, 3] })
        {
            var filtered = results.Filter(results.Layout.IndexOf("x"), points.ToHashSet(), sensitiveItem: false);
            Assert.False(filtered.OutcomeOf("a").Suppressed);
            Assert.Equal(points.Contains(5) ? 5 : 6, filtered.TallyOf("a").Respondents);
        }
        Assert.Equal(SuppressionReason.TooFewRespondents, Filtered(results, "a", 1, 2).Reason);
        Assert.Equal(SuppressionReason.TooFewRespondents, Filtered(results, "kommunen", 4).Reason);
    }

    [Fact]
    public void Those_who_did_not_answer_the_item_are_a_class_too()
    {
        // Everyone answered y; five answered 5 to x, six 3, and two did not answer x: the unfiltered results
        // less {3, 5} would be those two.
        var layout = Scoring.Layout.Of(Instrument.Themes);
        var responses = Enumerable.Repeat(new ResultGroups.Response("a", [new Scoring.Answer(layout.IndexOf("x"), 5), new Scoring.Answer(layout.IndexOf("y"), 3)]), 5)
            .Concat(Enumerable.Repeat(new ResultGroups.Response("a", [new Scoring.Answer(layout.IndexOf("x"), 3), new Scoring.Answer(layout.IndexOf("y"), 3)]), 6))
            .Concat(Enumerable.Repeat(new ResultGroups.Response("a", [new Scoring.Answer(layout.IndexOf("y"), 1)]), 2)).ToList();
        var results = ResultGroups.Compute(Instrument, Units, Managers, responses, SuppressionThresholds.Default);
        Assert.False(results.OutcomeOf("a").Suppressed);
        Assert.True(Filtered(results, "a", 3, 5).Suppressed);
        Assert.True(Filtered(results, "a", 5).Suppressed);
    }
}
