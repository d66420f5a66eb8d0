using Governance.ServiceDefaults.Security;

namespace Governance.Cases.Security;

/// <summary>The claim Cases reads besides the roles: the units (centers, e.g. ØDC) the case handler
/// role applies to (<see cref="Caller.Everything"/> = every unit).</summary>
public static class CasesClaims
{
    public const string Units = "units";

    /// <summary>The units claim for a token.</summary>
    public static TokenClaim ForUnits(params string[] units) => new(Units, units);
}
