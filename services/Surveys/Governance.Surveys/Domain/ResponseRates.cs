namespace Governance.Surveys.Domain;

/// <summary>Response rates: the invitations and responses of a unit and every unit below it, from the
/// counts kept per unit (each invitation counts in the unit it names).</summary>
public static class ResponseRates
{
    public static IReadOnlyDictionary<string, (int Invited, int Answered)> PerUnit(IReadOnlyList<UnitRecord> units,
        IEnumerable<(string UnitId, int Invited, int Answered)> own)
    {
        var totals = units.ToDictionary(u => u.UnitId, _ => (Invited: 0, Answered: 0), StringComparer.Ordinal);
        var parents = units.ToDictionary(u => u.UnitId, u => u.ParentId, StringComparer.Ordinal);
        foreach (var (unit, invited, answered) in own)
        {
            // Up the tree from the unit to the root: each ancestor's total holds it too.
            for (var at = unit; at is not null && totals.ContainsKey(at); at = parents[at])
            {
                var t = totals[at];
                totals[at] = (t.Invited + invited, t.Answered + answered);
            }
        }
        return totals;
    }
}
