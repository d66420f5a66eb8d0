using Governance.ServiceDefaults.Errors;
using Governance.Surveys.V1;

namespace Governance.Surveys.Domain;

/// <summary>Which of a round's instruments a unit's results report covers: the one named, or every one
/// reported by unit. A leadership evaluation is reported by manager (GetGroupResults), never in a unit's report.</summary>
public static class ReportedInstruments
{
    public static IReadOnlyList<InstrumentRecord> Select(RoundRecord round, IReadOnlyList<InstrumentRecord> instruments, string? named)
    {
        if (named is not null)
        {
            var instrument = instruments.FirstOrDefault(i => i.Id == named)
                ?? throw new ValidationException("instrument", $"must be one of {round.Name}'s instruments, or empty for every instrument reported by unit");
            return instrument.Kind == InstrumentKind.LeadershipEvaluation
                ? throw new ValidationException("instrument", "must be reported by unit: a leadership evaluation is reported by manager, through GetGroupResults")
                : [instrument];
        }
        IReadOnlyList<InstrumentRecord> byUnit = [.. instruments.Where(i => i.Kind != InstrumentKind.LeadershipEvaluation)];
        return byUnit.Count > 0
            ? byUnit
            : throw new FailedPreconditionException("NO_RESULTS_BY_UNIT",
                $"{round.Name} has only a leadership evaluation, which is reported by manager: read it with GetGroupResults.");
    }
}
