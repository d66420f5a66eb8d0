namespace Governance.Cases.Domain;

/// <summary>
/// Meetings re-publishes a decision under the same name when it is edited (before the minutes are
/// approved); each version carries the time it was recorded or last changed. The newest version is
/// what a case shows: a version replaces what is held for the decision, but a late older one (e.g.
/// moved back from an error queue after a newer edit arrived) changes nothing.
/// </summary>
public static class DecisionVersions
{
    /// <summary>True when a version recorded at <paramref name="incoming"/> may replace the versions
    /// held (recorded at <paramref name="held"/>; all UTC): nothing held is newer. The same time replaces (the
    /// same version delivered as another message writes the same entries again).</summary>
    public static bool Replaces(DateTime incoming, IEnumerable<DateTime> held) => held.All(at => at <= incoming);
}
