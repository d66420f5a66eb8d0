using Governance.Cases.Domain;

namespace Governance.Cases.Tests.Domain;

/// <summary>A late older decision changes nothing: the rule the DecisionRecorded consumer applies
/// (and the store enforces in the consumer's transaction), by the decision's version.</summary>
public sealed class DecisionVersionsTests
{
    [Fact]
    public void A_first_version_replaces_nothing_held() => Assert.True(DecisionVersions.Replaces(1, null));

    [Fact]
    public void A_newer_version_replaces_what_is_held() => Assert.True(DecisionVersions.Replaces(2, 1));

    [Fact]
    public void The_same_version_again_replaces_it() => Assert.True(DecisionVersions.Replaces(2, 2));

    [Fact]
    public void An_older_version_delivered_late_changes_nothing() => Assert.False(DecisionVersions.Replaces(1, 2));

    [Fact]
    public void A_version_skipped_in_between_still_replaces() => Assert.True(DecisionVersions.Replaces(5, 2));
}
