using System.Security.Claims;

namespace Governance.ServiceDefaults.Security;

/// <summary>
/// Who is calling, as the token says: the subject, the roles, and every other claim's values. What a
/// claim means (what a role applies to) is the service's to say, with extension methods in its own
/// Security folder. Only the subject is ever logged.
/// </summary>
public sealed record Caller(string Subject, IReadOnlySet<string> Roles, IReadOnlyDictionary<string, IReadOnlySet<string>> Claims)
{
    /// <summary>A claim value that stands for every value (every body, every unit).</summary>
    public const string Everything = "*";

    private static readonly IReadOnlySet<string> None = new HashSet<string>(StringComparer.Ordinal);

    public static Caller From(ClaimsPrincipal user)
    {
        var identity = user.Identity as ClaimsIdentity;
        var roleType = identity?.RoleClaimType ?? "roles";
        var claims = user.Claims.Where(c => c.Type != roleType)
            .GroupBy(c => c.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(c => c.Value).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        return new Caller(
            user.FindFirst("sub")?.Value ?? identity?.Name ?? "",
            user.FindAll(roleType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            claims);
    }

    public bool Has(string role) => Roles.Contains(role);

    /// <summary>The values of <paramref name="claim"/> in the token (none when it is absent).</summary>
    public IReadOnlySet<string> Values(string claim) => Claims.TryGetValue(claim, out var values) ? values : None;

    /// <summary>The token's <paramref name="claim"/> lists <paramref name="value"/>, or says <see cref="Everything"/>.</summary>
    public bool Covers(string claim, string value) => Values(claim) is var values && (values.Contains(Everything) || values.Contains(value));
}
