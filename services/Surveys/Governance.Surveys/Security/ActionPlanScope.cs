using Governance.ServiceDefaults.Security;

namespace Governance.Surveys.Security;

/// <summary>Whose action plan a caller keeps (<see cref="SurveysAccess.Plan"/>): HR every workplace's; a
/// manager those of the units they lead and every unit below; a working-environment group those of its
/// units and those below. Reading goes by the whole <see cref="ResultsScope"/>, so the executive board
/// reads every plan and keeps none, also when it holds one of the other roles too.</summary>
public static class ActionPlanScope
{
    public static bool Keeps(Caller caller, ResultsScope scope, string unitId) =>
        caller.Has(SurveysRoles.Hr) || scope.LedUnits.Contains(unitId) || scope.WorkEnvironmentUnits.Contains(unitId);
}
