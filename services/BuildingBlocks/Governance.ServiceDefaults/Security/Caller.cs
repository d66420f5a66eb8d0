using System.Security.Claims;

namespace Governance.ServiceDefaults.Security;

/// <summary>
/// Who is calling, as the token says: subject, roles, the bodies the secretariat and member roles
/// apply to, and the units (centers) the case handler role applies to ("*" means every body or unit).
/// Only the subject is ever logged.
/// </summary>
public sealed record Caller(string Subject, IReadOnlySet<string> Roles, IReadOnlySet<string> Bodies, IReadOnlySet<string> Units)
{
    public const string BodiesClaim = "bodies";
    public const string AllBodies = "*";
    public const string UnitsClaim = "units";
    public const string AllUnits = "*";

    public static Caller From(ClaimsPrincipal user)
    {
        var identity = user.Identity as ClaimsIdentity;
        var roleType = identity?.RoleClaimType ?? "roles";
        return new Caller(
            user.FindFirst("sub")?.Value ?? identity?.Name ?? "",
            user.FindAll(roleType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            user.FindAll(BodiesClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            user.FindAll(UnitsClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }

    public bool Has(string role) => Roles.Contains(role);

    public bool Serves(string bodyId) => Bodies.Contains(AllBodies) || Bodies.Contains(bodyId);

    /// <summary>Manages the body's meetings, agendas, decisions and minutes.</summary>
    public bool IsSecretariatOf(string bodyId) => Has(Security.Roles.Secretariat) && Serves(bodyId);

    /// <summary>Sees everything of the body, closed items included: its members and its secretariat.</summary>
    public bool SeesClosedOf(string bodyId) =>
        (Has(Security.Roles.BodyMember) || Has(Security.Roles.Secretariat)) && Serves(bodyId);

    /// <summary>The unit is in the token's units claim (or the claim says "*").</summary>
    public bool ServesUnit(string unit) => Units.Contains(AllUnits) || Units.Contains(unit);

    /// <summary>Manages the unit's cases and sees their closed content: the case handler role for the unit.</summary>
    public bool HandlesCasesOf(string unit) => Has(Security.Roles.CaseHandler) && ServesUnit(unit);

    /// <summary>The units whose cases the caller handles: all of them (null), or the listed ones (none
    /// without the case handler role).</summary>
    public IReadOnlySet<string>? HandledUnits =>
        !Has(Security.Roles.CaseHandler) ? new HashSet<string>(StringComparer.Ordinal)
        : Units.Contains(AllUnits) ? null
        : Units;
}
