using Governance.ServiceDefaults.Security;

namespace Governance.Surveys.Security;

/// <summary>What a Surveys RPC needs (<c>[RequiresAccess(SurveysAccess.Manage)]</c>), and which roles
/// have it: declared when a host takes the service in. The audit log is <see cref="PlatformAccess.Audit"/>.</summary>
public static class SurveysAccess
{
    /// <summary>Read the organisation and the instruments.</summary>
    public const string Read = "surveys.read";

    /// <summary>Import the organisation, keep the instruments and run the rounds: HR.</summary>
    public const string Manage = "surveys.manage";

    /// <summary>Read a round's results, response rates and action plans, within the caller's scope
    /// (<see cref="ResultsScope"/>); every read of results is audited.</summary>
    public const string Results = "surveys.results";

    /// <summary>Read a workplace's free-text answers: its own managers and working-environment group only,
    /// never HR or the board (<see cref="ResultsScope.ReadsFreeTextOf"/> narrows it to the workplace).</summary>
    public const string FreeText = "surveys.freetext";

    /// <summary>Keep a workplace's action plan: HR, and the workplace's managers and working-environment
    /// group (scoped like <see cref="Results"/>).</summary>
    public const string Plan = "surveys.plan";

    public static readonly IReadOnlyList<AccessLevel> Levels =
    [
        new(Read, [SurveysRoles.Hr, SurveysRoles.Manager, SurveysRoles.WorkEnvironmentGroup, SurveysRoles.Executive, PlatformRoles.Service]),
        new(Manage, [SurveysRoles.Hr]),
        new(Results, [SurveysRoles.Hr, SurveysRoles.Executive, SurveysRoles.Manager, SurveysRoles.WorkEnvironmentGroup]),
        new(FreeText, [SurveysRoles.Manager, SurveysRoles.WorkEnvironmentGroup]),
        new(Plan, [SurveysRoles.Hr, SurveysRoles.Manager, SurveysRoles.WorkEnvironmentGroup]),
    ];
}
