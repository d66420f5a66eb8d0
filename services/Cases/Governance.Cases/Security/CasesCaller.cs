using Governance.ServiceDefaults.Security;

namespace Governance.Cases.Security;

/// <summary>What a caller may do with a unit's cases, from its roles and units claim.</summary>
public static class CasesCaller
{
    /// <summary>The unit is in the token's units claim (or the claim says "*").</summary>
    public static bool ServesUnit(this Caller caller, string unit) => caller.Covers(CasesClaims.Units, unit);

    /// <summary>Manages the unit's cases and sees their closed content: the case handler role for the unit.</summary>
    public static bool HandlesCasesOf(this Caller caller, string unit) => caller.Has(CasesRoles.CaseHandler) && caller.ServesUnit(unit);

    /// <summary>The units whose cases the caller handles: all of them (null), or the listed ones (none
    /// without the case handler role).</summary>
    public static IReadOnlySet<string>? HandledUnits(this Caller caller) =>
        !caller.Has(CasesRoles.CaseHandler) ? new HashSet<string>(StringComparer.Ordinal)
        : caller.Values(CasesClaims.Units) is var units && units.Contains(Caller.Everything) ? null
        : units;
}
