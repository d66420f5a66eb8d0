using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Cases.Tests.Domain;

public sealed class CaseLifecycleTests
{
    [Theory]
    [InlineData(CaseStatus.Open, CaseStatus.InProgress)]
    [InlineData(CaseStatus.InProgress, CaseStatus.Decided)]
    [InlineData(CaseStatus.Decided, CaseStatus.Closed)]
    [InlineData(CaseStatus.Decided, CaseStatus.InProgress)]
    [InlineData(CaseStatus.Closed, CaseStatus.InProgress)]
    public void The_lifecycle_moves_forward_and_reopens(CaseStatus from, CaseStatus to) => Assert.True(CaseLifecycle.CanChange(from, to));

    [Theory]
    [InlineData(CaseStatus.Open, CaseStatus.Decided)]
    [InlineData(CaseStatus.Open, CaseStatus.Closed)]
    [InlineData(CaseStatus.Open, CaseStatus.Open)]
    [InlineData(CaseStatus.InProgress, CaseStatus.Closed)]
    [InlineData(CaseStatus.InProgress, CaseStatus.Open)]
    [InlineData(CaseStatus.Closed, CaseStatus.Decided)]
    [InlineData(CaseStatus.Closed, CaseStatus.Open)]
    [InlineData(CaseStatus.Decided, CaseStatus.Unspecified)]
    public void No_other_change_is_allowed(CaseStatus from, CaseStatus to) => Assert.False(CaseLifecycle.CanChange(from, to));

    [Fact]
    public void A_refused_change_says_what_is_allowed_instead()
    {
        var error = Assert.Throws<FailedPreconditionException>(() => CaseLifecycle.EnsureCanChange("cases/26-1", CaseStatus.Decided, CaseStatus.Open));
        Assert.Equal("INVALID_STATUS_TRANSITION", error.Reason);
        Assert.Contains("cases/26-1 is DECIDED and cannot become OPEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("IN_PROGRESS or CLOSED", error.Message, StringComparison.Ordinal);
        Assert.Equal("DECIDED", error.Metadata["from"]);
        Assert.Equal("OPEN", error.Metadata["to"]);
    }

    [Fact]
    public void An_allowed_change_passes() => CaseLifecycle.EnsureCanChange("cases/26-1", CaseStatus.Open, CaseStatus.InProgress);

    [Theory]
    [InlineData(CaseStatus.Open, "OPEN")]
    [InlineData(CaseStatus.InProgress, "IN_PROGRESS")]
    [InlineData(CaseStatus.Decided, "DECIDED")]
    [InlineData(CaseStatus.Closed, "CLOSED")]
    [InlineData(CaseStatus.Unspecified, "UNSPECIFIED")]
    public void Wire_names_are_the_contract_names_without_prefix(CaseStatus status, string wire) => Assert.Equal(wire, CaseLifecycle.Wire(status));
}

public sealed class CaseStatusChangeTests
{
    [Fact]
    public void A_change_sets_status_and_trimmed_reason_one_version_on()
    {
        var c = CaseModels.Case() with { Status = CaseStatus.InProgress };
        var change = CaseLifecycle.Change(c, CaseStatus.Decided, "  Besluttet i Direktionen ", CaseModels.Now);
        Assert.Same(c, change.Before);
        Assert.Equal((CaseStatus.Decided, "Besluttet i Direktionen", 4L, CaseModels.Now),
            (change.After.Status, change.After.StatusReason, change.After.Version, change.After.UpdatedAt));
        Assert.Equal(("Besluttet i Direktionen", CaseModels.Now), (change.Reason, change.At));
    }

    [Fact]
    public void A_change_the_lifecycle_forbids_is_refused() =>
        Assert.Equal("INVALID_STATUS_TRANSITION", Assert.Throws<FailedPreconditionException>(
            () => CaseLifecycle.Change(CaseModels.Case(), CaseStatus.Closed, "", CaseModels.Now)).Reason);
}
