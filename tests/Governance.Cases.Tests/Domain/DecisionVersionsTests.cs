using Governance.Cases.Domain;

namespace Governance.Cases.Tests.Domain;

/// <summary>A late older decision changes nothing: the rule the DecisionRecorded consumer applies
/// (and the store enforces in the consumer's transaction).</summary>
public sealed class DecisionVersionsTests
{
    private static readonly DateTime First = new(2027, 3, 9, 9, 15, 0, DateTimeKind.Utc);

    [Fact]
    public void A_first_version_replaces_nothing_held() => Assert.True(DecisionVersions.Replaces(First, []));

    [Fact]
    public void A_newer_version_replaces_what_is_held() => Assert.True(DecisionVersions.Replaces(First.AddMinutes(5), [First]));

    [Fact]
    public void The_same_version_again_replaces_it() => Assert.True(DecisionVersions.Replaces(First, [First]));

    [Fact]
    public void An_older_version_delivered_late_changes_nothing() =>
        Assert.False(DecisionVersions.Replaces(First, [First.AddMinutes(5)]));

    [Fact]
    public void One_microsecond_newer_held_is_newer() =>
        Assert.False(DecisionVersions.Replaces(First, [First.AddTicks(TimeSpan.TicksPerMicrosecond)]));

    [Fact]
    public void Any_newer_entry_held_wins() =>
        Assert.False(DecisionVersions.Replaces(First.AddMinutes(1), [First, First.AddMinutes(2)]));
}
