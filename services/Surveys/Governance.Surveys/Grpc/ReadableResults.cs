using Governance.Surveys.Domain;
using Governance.Surveys.Security;
using Governance.Surveys.V1;

namespace Governance.Surveys.Grpc;

/// <summary>
/// The results of one instrument of a released round as one caller may read them: which groups they see
/// (<see cref="Sees"/>: the scope, and only the round's own units and those above them), and each group
/// as the contract shows it (<see cref="Map"/>), with nothing of a suppressed group or item but why.
/// </summary>
internal sealed class ReadableResults(RoundRecord round, IReadOnlyList<UnitRecord> units, IReadOnlyList<ManagerRecord> managers, ResultsScope scope,
    ResultGroups results, ResultGroups? previous, IReadOnlyDictionary<string, (int Invited, int Answered)> counts)
{
    private readonly Dictionary<string, UnitRecord> _units = units.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
    private readonly Dictionary<string, ManagerRecord> _managers = managers.ToDictionary(m => m.ManagerId, StringComparer.Ordinal);
    private readonly HashSet<string> _roundUnits = RoundUnits(units, round.TargetUnits);

    public RoundRecord Round => round;

    public IReadOnlyList<UnitRecord> Units => units;

    public ResultsScope Scope => scope;

    public ResultGroups Results => results;

    /// <summary>The root unit's id: the whole municipality.</summary>
    public string Root { get; } = units.Single(u => u.ParentId is null).UnitId;

    private long Version => round.OrganisationVersion!.Value;

    /// <summary>Whether the caller sees this group: for a leadership evaluation the managers of their scope
    /// (HR and the board only the total); otherwise the units of their scope that the round went to, and
    /// the units above those.</summary>
    public bool Sees(string group) =>
        results.ByManager
            ? group == results.TotalId ? scope.MunicipalityTotal : scope.Managers.Contains(group)
            : scope.SeesUnit(group) && _roundUnits.Contains(group);

    /// <summary>
    /// The groups the caller sees from <paramref name="group"/> down, in tree order (each before those
    /// below it, siblings by name) with their depth below it: a unit and every unit below it; an evaluated
    /// manager and every manager reporting to them, however deep; the leadership total and every manager.
    /// Without recursion, as every walk of the tree here.
    /// </summary>
    public IReadOnlyList<(string Group, int Depth)> SeenFrom(string group)
    {
        var found = new List<(string, int)>();
        var stack = new Stack<(string Group, int Depth)>([(group, 0)]);
        while (stack.TryPop(out var at))
        {
            if (results.Has(at.Group) && Sees(at.Group))
            {
                found.Add(at);
            }
            // Pushed in reverse, so the first by name is walked first.
            foreach (var child in Children(at.Group).OrderByDescending(DisplayName, Names).ThenByDescending(c => c, StringComparer.Ordinal))
            {
                stack.Push((child, at.Depth + 1));
            }
        }
        return found;
    }

    /// <summary>Names in Danish order (æ, ø, å last).</summary>
    private static readonly StringComparer Names = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("da-DK"), ignoreCase: false);

    private ILookup<string, string>? _children;

    /// <summary>The groups right below a group: a unit's child units; under the leadership total the
    /// managers who report to no one of the version, under a manager those reporting to them.</summary>
    private IEnumerable<string> Children(string group)
    {
        _children ??= results.ByManager
            ? managers.ToLookup(m => m.ReportsTo is { } up && _managers.ContainsKey(up) ? up : results.TotalId, m => m.ManagerId, StringComparer.Ordinal)
            : units.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!, u => u.UnitId, StringComparer.Ordinal);
        return _children[group];
    }

    public GroupResults Map(string group)
    {
        var outcome = results.OutcomeOf(group);
        var proto = new GroupResults
        {
            Group = GroupName(group),
            GroupDisplayName = DisplayName(group),
            Instrument = results.Instrument.Name,
            Suppressed = outcome.Suppressed,
            SuppressionReason = outcome.Reason,
            InvitedCount = results.ByManager ? 0 : counts.GetValueOrDefault(group).Invited,
        };
        if (outcome.Suppressed)
        {
            return proto;
        }
        var tally = results.TallyOf(group);
        var before = previous is not null && previous.Has(group) && !previous.OutcomeOf(group).Suppressed ? previous : null;
        var beforeTally = before?.TallyOf(group);
        proto.ResponseCount = tally.Respondents;
        var layout = results.Layout;
        for (var t = 0; t < layout.ThemeCount; t++)
        {
            var theme = results.Instrument.Themes[t];
            var beforeTheme = before is null ? -1 : IndexOf(before.Layout.ThemeIds, theme.ThemeId);
            // A theme score mixes its items: one with a sensitive item shows only where sensitive items do.
            var themeHidden = outcome.SensitiveItemsSuppressed && theme.Items.Any(i => i.Sensitive);
            var themeResult = new ThemeResult
            {
                ThemeId = theme.ThemeId,
                Title = theme.Title,
                Score = themeHidden ? new Score() : Score(tally.Theme(t), beforeTheme >= 0 && !SensitiveHiddenBefore(before!, group, theme) ? beforeTally!.Theme(beforeTheme) : null),
            };
            var range = layout.ItemsOf(t);
            for (var i = range.Start.Value; i < range.End.Value; i++)
            {
                themeResult.Items.Add(Item(i, theme.Items[i - range.Start.Value], tally, outcome, before, beforeTally, group));
            }
            proto.Themes.Add(themeResult);
        }
        var sensitiveDimensions = results.Instrument.Themes.SelectMany(t => t.Items).Where(i => i.Sensitive).Select(i => i.Dimension).ToHashSet();
        foreach (var dimension in layout.Dimensions)
        {
            if (outcome.SensitiveItemsSuppressed && sensitiveDimensions.Contains(dimension))
            {
                proto.Dimensions.Add(new DimensionResult { Dimension = dimension, Score = new Score() });
                continue;
            }
            var had = before is not null && before.Layout.Dimensions.Contains(dimension) ? beforeTally!.Dimension(dimension) : (Scoring.Mean?)null;
            proto.Dimensions.Add(new DimensionResult { Dimension = dimension, Score = Score(tally.Dimension(dimension), had) });
        }
        return proto;
    }

    /// <summary>Whether the previous round hid this theme's score for the group (a sensitive item it could not show).</summary>
    private static bool SensitiveHiddenBefore(ResultGroups before, string group, InstrumentTheme theme) =>
        before.OutcomeOf(group).SensitiveItemsSuppressed && theme.Items.Any(i => i.Sensitive);

    private static ItemResult Item(int i, InstrumentItem item, Scoring.Tally tally, Suppression.Outcome outcome, ResultGroups? before,
        Scoring.Tally? beforeTally, string group)
    {
        var result = new ItemResult { ItemId = item.ItemId, Text = item.Text, ResponseType = item.ResponseType, Sensitive = item.Sensitive };
        if (item.Sensitive && outcome.SensitiveItemsSuppressed)
        {
            result.Suppressed = true;
            result.SuppressionReason = outcome.SensitiveItemsReason;
            return result;
        }
        if (item.ResponseType == ResponseType.FreeText)
        {
            result.TextAnswerCount = tally.TextAnswers(i);
            return result;
        }
        Scoring.Mean? had = null;
        if (before is not null && before.Layout.IndexOf(item.ItemId) is var b and >= 0 && before.Layout.TypeOf(b) == item.ResponseType
            && !(item.Sensitive && before.OutcomeOf(group).SensitiveItemsSuppressed))
        {
            had = beforeTally!.Item(b);
        }
        result.Score = Score(tally.Item(i), had);
        result.Distribution.AddRange(tally.Distribution(i).ToArray());
        return result;
    }

    private static Score Score(Scoring.Mean mean, Scoring.Mean? before)
    {
        var score = new Score { RespondentCount = mean.Count };
        if (mean.Value is { } value)
        {
            score.Value = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        }
        if (before?.Value is { } had)
        {
            score.PreviousValue = Math.Round(had, 1, MidpointRounding.AwayFromZero);
        }
        return score;
    }

    private string GroupName(string group) =>
        !results.ByManager ? SurveyNames.Unit(Version, group)
        : group == results.TotalId ? SurveyNames.Unit(Version, Root)
        : SurveyNames.Manager(Version, group);

    /// <summary>The unit's or manager's name; for the leadership total the municipality's.</summary>
    public string DisplayName(string group) =>
        !results.ByManager ? _units[group].DisplayName
        : group == results.TotalId ? _units[Root].DisplayName
        : _managers[group].DisplayName;

    private static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == id)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The round's target units with every unit below them, and every unit above them.</summary>
    private static HashSet<string> RoundUnits(IReadOnlyList<UnitRecord> units, IReadOnlyList<string> targets)
    {
        var set = new HashSet<string>(OrganisationTrees.Subtrees(units, targets).Keys, StringComparer.Ordinal);
        var parents = units.ToDictionary(u => u.UnitId, u => u.ParentId, StringComparer.Ordinal);
        foreach (var target in targets)
        {
            for (var at = parents.GetValueOrDefault(target); at is not null; at = parents.GetValueOrDefault(at))
            {
                set.Add(at);
            }
        }
        return set;
    }
}
