using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.ServiceDefaults.Security;

/// <summary>An access level: its name (as <see cref="RequiresAccessAttribute"/> names it, e.g.
/// <c>meetings.manage</c>) and the roles that have it.</summary>
public sealed record AccessLevel(string Name, IReadOnlyList<string> Roles);

/// <summary>The platform's own access level: reading a service's audit log, which every service has.</summary>
public static class PlatformAccess
{
    public const string Audit = "audit";

    public static readonly IReadOnlyList<AccessLevel> Levels = [new(Audit, [PlatformRoles.Auditor])];
}

/// <summary>
/// The access levels the host's services declared, each one an authorization policy that requires an
/// authenticated caller with one of its roles. A service adds its own when it is registered; a name
/// declared twice must admit the same roles, so two services cannot silently change each other's level.
/// </summary>
public sealed class AccessLevels
{
    private readonly Dictionary<string, AccessLevel> _levels = new(StringComparer.Ordinal);

    public IReadOnlyCollection<AccessLevel> All => _levels.Values;

    /// <summary>The roles that have <paramref name="access"/>; none for a level nobody declared.</summary>
    public IReadOnlyList<string> RolesFor(string access) => _levels.TryGetValue(access, out var level) ? level.Roles : [];

    /// <summary>Adds <paramref name="level"/>; false when the same level was declared already.</summary>
    internal bool Declare(AccessLevel level)
    {
        if (level.Roles.Count == 0)
        {
            throw new InvalidOperationException($"The access level '{level.Name}' admits no role.");
        }
        if (_levels.TryGetValue(level.Name, out var declared))
        {
            return !declared.Roles.Order(StringComparer.Ordinal).SequenceEqual(level.Roles.Order(StringComparer.Ordinal), StringComparer.Ordinal)
                ? throw new InvalidOperationException(
                    $"The access level '{level.Name}' is declared twice with different roles ({string.Join(", ", declared.Roles)} and {string.Join(", ", level.Roles)}).")
                : false;
        }
        _levels.Add(level.Name, level);
        return true;
    }
}

public static class AccessLevelRegistration
{
    /// <summary>Declares a service's access levels: each one a policy its RPCs name with
    /// <c>[RequiresAccess(name)]</c>.</summary>
    public static IServiceCollection AddAccessLevels(this IServiceCollection services, IEnumerable<AccessLevel> levels)
    {
        var registry = services.Where(d => d.ServiceType == typeof(AccessLevels) && !d.IsKeyedService)
            .Select(d => d.ImplementationInstance).OfType<AccessLevels>().FirstOrDefault();
        if (registry is null)
        {
            registry = new AccessLevels();
            services.AddSingleton(registry);
        }
        foreach (var level in levels)
        {
            if (registry.Declare(level))
            {
                services.Configure<AuthorizationOptions>(o => o.AddPolicy(RequiresAccessAttribute.PolicyName(level.Name),
                    policy => policy.RequireAuthenticatedUser().RequireRole(level.Roles)));
            }
        }
        return services;
    }
}
