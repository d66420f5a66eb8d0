using Governance.ServiceDefaults.Security;

namespace Governance.Surveys.Security;

/// <summary>The claims Surveys reads besides the roles, saying whom a role applies to: the manager a
/// <c>manager</c> token belongs to (the manager id as HR imports it), and the units a
/// <c>work_environment_group</c> token's group covers (unit ids; <see cref="Caller.Everything"/> = every unit).</summary>
public static class SurveysClaims
{
    public const string ManagerId = "manager_id";

    public const string WorkEnvironmentUnits = "work_environment_units";

    public static TokenClaim ForManager(string managerId) => new(ManagerId, [managerId]);

    public static TokenClaim ForWorkEnvironmentUnits(params string[] units) => new(WorkEnvironmentUnits, units);
}
