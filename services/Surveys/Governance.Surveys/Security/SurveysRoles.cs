using Governance.ServiceDefaults.Security;

namespace Governance.Surveys.Security;

/// <summary>The roles Surveys admits, as they appear in the token's roles claim. What each may read of
/// answers and results is decided when rounds and results exist; the organisation and the instruments
/// are no secret to any of them.</summary>
public static class SurveysRoles
{
    /// <summary>HR: keeps the organisation and the instruments (and later runs the rounds).</summary>
    public const string Hr = "hr";

    /// <summary>A manager (leder): later sees the results of their own units and those below.</summary>
    public const string Manager = "manager";

    /// <summary>A member of a workplace's working-environment group (arbejdsmiljøgruppe).</summary>
    public const string WorkEnvironmentGroup = "work_environment_group";

    /// <summary>The executive board (Direktionen).</summary>
    public const string Executive = "executive";

    /// <summary>Every role Surveys knows: its own and the platform's (auditor, service).</summary>
    public static readonly IReadOnlyList<string> All = [Hr, Manager, WorkEnvironmentGroup, Executive, .. PlatformRoles.All];
}
