using System.Security.Claims;

namespace Governance.ServiceDefaults.Security;

/// <summary>
/// Who is calling, as the token says: subject, roles, and the bodies the secretariat and member
/// roles apply to ("*" means every body). Only the subject is ever logged.
/// </summary>
public sealed record Caller(string Subject, IReadOnlySet<string> Roles, IReadOnlySet<string> Bodies)
{
    public const string BodiesClaim = "bodies";
    public const string AllBodies = "*";

    public static Caller From(ClaimsPrincipal user)
    {
        var identity = user.Identity as ClaimsIdentity;
        var roleType = identity?.RoleClaimType ?? "roles";
        return new Caller(
            user.FindFirst("sub")?.Value ?? identity?.Name ?? "",
            user.FindAll(roleType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            user.FindAll(BodiesClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }

    public bool Has(string role) => Roles.Contains(role);

    public bool Serves(string bodyId) => Bodies.Contains(AllBodies) || Bodies.Contains(bodyId);

    /// <summary>Manages the body's meetings, agendas, decisions and minutes.</summary>
    public bool IsSecretariatOf(string bodyId) => Has(Security.Roles.Secretariat) && Serves(bodyId);

    /// <summary>Sees everything of the body, closed items included: its members and its secretariat.</summary>
    public bool SeesClosedOf(string bodyId) =>
        (Has(Security.Roles.BodyMember) || Has(Security.Roles.Secretariat)) && Serves(bodyId);
}
