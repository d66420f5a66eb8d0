namespace Governance.Cases.Domain;

/// <summary>
/// Meetings re-publishes a decision under the same name when it is edited (before the minutes are
/// approved); each message carries the decision's Version, which grows by one with each change. The
/// newest version is what a case shows: a version replaces what is held for the decision, but a late
/// older one (e.g. moved back from an error queue after a newer edit arrived) changes nothing. The
/// version, not the time, decides: it is the decision's own counter, kept under its etag, so two edits
/// close together or clocks that differ between Meetings replicas cannot reorder them.
/// </summary>
public static class DecisionVersions
{
    /// <summary>True when version <paramref name="incoming"/> may replace what is held (version
    /// <paramref name="held"/>, null when nothing is): nothing held is newer. The same version replaces
    /// (the same version delivered as another message writes the same entries again).</summary>
    public static bool Replaces(long incoming, long? held) => held is not { } version || version <= incoming;
}
