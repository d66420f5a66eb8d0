using Governance.ServiceDefaults.Errors;

namespace Governance.Surveys.Domain;

/// <summary>
/// When free-text answers may be read. A text can give its writer away, so: only a workplace's own texts
/// (a unit with no units below it: a unit with parts could have a hidden part's texts read off as "the
/// parent's less the shown children's"), only when the workplace's group is shown, and only by its own
/// working-environment group and its managers (<see cref="Security.ResultsScope.ReadsFreeTextOf"/>).
/// </summary>
public static class FreeTextRules
{
    public static void Check(RoundRecord round, UnitRecord unit, Suppression.Outcome outcome, bool reader)
    {
        if (!reader)
        {
            throw new PermissionDeniedException("FREE_TEXT_NOT_READABLE",
                $"The free-text answers of {unit.DisplayName} are for its own working-environment group and its managers only.");
        }
        if (unit.ChildCount > 0)
        {
            throw new FailedPreconditionException("FREE_TEXT_PER_WORKPLACE",
                $"{unit.DisplayName} has units below it: free-text answers are read per workplace, one without units below it.");
        }
        if (outcome.Suppressed)
        {
            throw new FailedPreconditionException("GROUP_SUPPRESSED",
                $"{round.Name} shows nothing for {unit.DisplayName}: too few answered, or showing it would reveal another group.");
        }
    }
}
