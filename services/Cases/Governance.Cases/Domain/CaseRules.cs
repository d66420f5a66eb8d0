using Governance.Cases.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Cases.Domain;

/// <summary>The case lifecycle: OPEN → IN_PROGRESS → DECIDED → CLOSED, and reopening (DECIDED or
/// CLOSED → IN_PROGRESS).</summary>
public static class CaseRules
{
    public const string Lukket = "Lukket";

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
