namespace Governance.ServiceDefaults.Security;

/// <summary>
/// The roles that are mechanism of the platform, not of a service's domain, so they live here: every
/// service's audit log is read by the auditor, and service-to-service clients call as the service role.
/// A service's own roles (who manages or reads its resources) live in the service's Security folder.
/// </summary>
public static class PlatformRoles
{
    /// <summary>Reads the audit log of every service (<see cref="PlatformAccess.Audit"/>).</summary>
    public const string Auditor = "auditor";

    /// <summary>Another service of the platform, calling for background work (Clients/).</summary>
    public const string Service = "service";

    public static readonly IReadOnlyList<string> All = [Auditor, Service];
}
