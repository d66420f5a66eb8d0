using Governance.Cases.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Cases.Domain;

/// <summary>The case lifecycle: OPEN → IN_PROGRESS → DECIDED → CLOSED, and reopening (DECIDED or
/// CLOSED → IN_PROGRESS).</summary>
public static class CaseLifecycle
{
    public static bool CanChange(CaseStatus from, CaseStatus to) => (from, to) switch
    {
        (CaseStatus.Open, CaseStatus.InProgress) => true,
        (CaseStatus.InProgress, CaseStatus.Decided) => true,
        (CaseStatus.Decided, CaseStatus.Closed) => true,
        (CaseStatus.Decided, CaseStatus.InProgress) => true,
        (CaseStatus.Closed, CaseStatus.InProgress) => true,
        _ => false,
    };

    public static void EnsureCanChange(string caseName, CaseStatus from, CaseStatus to)
    {
        if (!CanChange(from, to))
        {
            var allowed = Enum.GetValues<CaseStatus>().Where(s => CanChange(from, s)).Select(Wire).ToList();
            var error = new FailedPreconditionException("INVALID_STATUS_TRANSITION",
                $"{caseName} is {Wire(from)} and cannot become {Wire(to)}; from {Wire(from)} it can become {string.Join(" or ", allowed)}.");
            error.Metadata["from"] = Wire(from);
            error.Metadata["to"] = Wire(to);
            throw error;
        }
    }

    /// <summary>The case with its new status and reason (trimmed), one version on; or
    /// INVALID_STATUS_TRANSITION when the lifecycle does not allow the step.</summary>
    public static StatusChange Change(CaseRecord c, CaseStatus to, string reason, DateTime now)
    {
        EnsureCanChange(c.Key.Name, c.Status, to);
        var trimmed = reason.Trim();
        return new StatusChange(c, c with { Status = to, StatusReason = trimmed, Version = c.Version + 1, UpdatedAt = now }, trimmed, now);
    }

    /// <summary>The contract's enum name without prefix: "IN_PROGRESS".</summary>
    public static string Wire(CaseStatus status) => status switch
    {
        CaseStatus.Open => "OPEN",
        CaseStatus.InProgress => "IN_PROGRESS",
        CaseStatus.Decided => "DECIDED",
        CaseStatus.Closed => "CLOSED",
        _ => "UNSPECIFIED",
    };
}

/// <summary>What a status change did: the case before and after, the reason given ("" for none), and when.</summary>
public sealed record StatusChange(CaseRecord Before, CaseRecord After, string Reason, DateTime At);
