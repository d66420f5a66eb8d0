using Governance.ServiceDefaults.Security;

namespace Governance.Surveys.Security;

/// <summary>What a Surveys RPC needs (<c>[RequiresAccess(SurveysAccess.Manage)]</c>), and which roles
/// have it: declared when a host takes the service in. The audit log is <see cref="PlatformAccess.Audit"/>.</summary>
public static class SurveysAccess
{
    /// <summary>Read the organisation and the instruments.</summary>
    public const string Read = "surveys.read";

    /// <summary>Import the organisation and keep the instruments: HR.</summary>
    public const string Manage = "surveys.manage";

    public static readonly IReadOnlyList<AccessLevel> Levels =
    [
        new(Read, [SurveysRoles.Hr, SurveysRoles.Manager, SurveysRoles.WorkEnvironmentGroup, SurveysRoles.Executive, PlatformRoles.Service]),
        new(Manage, [SurveysRoles.Hr]),
    ];
}
