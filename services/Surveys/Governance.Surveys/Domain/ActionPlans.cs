using Governance.ServiceDefaults.Errors;
using Governance.Surveys.V1;

namespace Governance.Surveys.Domain;

/// <summary>An item of a workplace's APV action plan (APV-handlingsplan) under a released round.
/// <see cref="UnitId"/> is a unit of the round's kept organisation version and never changes;
/// <see cref="CreatedBy"/> is the subject that made it.</summary>
public sealed record ActionPlanItemRecord(string RoundId, string Id, string UnitId, string Problem, string Action, string Responsible, DateOnly Deadline)
{
    public ActionPlanItemState State { get; init; } = ActionPlanItemState.Open;
    public long Version { get; init; } = 1;
    public string CreatedBy { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public string Name => SurveyNames.ActionPlanItem(RoundId, Id);
}

/// <summary>What UpdateActionPlanItem changes: null leaves a field as it is.</summary>
public sealed record ActionPlanItemChanges(string? Problem, string? Action, string? Responsible, DateOnly? Deadline, ActionPlanItemState? State);

/// <summary>
/// The rules of an action plan item. Items are made only once the round's results are released (the
/// plan answers the results): before that FAILED_PRECONDITION ROUND_NOT_RELEASED. A new item is OPEN.
/// Its state then moves freely among OPEN, IN_PROGRESS, DONE and CANCELLED, except between the two
/// closed states: a DONE item is not cancelled afterwards, nor a CANCELLED one done without having been
/// taken up again; either is first reopened (OPEN or IN_PROGRESS). What the plan says (problem, action,
/// responsible, deadline) may be corrected in any state.
/// </summary>
public static class ActionPlans
{
    public const int MaxProblemLength = 1_000;
    public const int MaxActionLength = 2_000;
    public const int MaxResponsibleLength = 200;

    /// <summary>The years a deadline may lie in: those a reminder list (where the deadline goes, through
    /// the events) can hold.</summary>
    public const int MinDeadlineYear = 2000, MaxDeadlineYear = 2200;

    /// <summary>The round, when its results are released; else FAILED_PRECONDITION ROUND_NOT_RELEASED.</summary>
    public static RoundRecord RequireReleased(RoundRecord round) => Rounds.Require(round, RoundState.Released);

    /// <summary>The texts a caller sends, each checked when given (null: not sent); <paramref name="prefix"/>
    /// is "action_plan_item.".</summary>
    public static void CheckTexts(Validator v, string prefix, string? problem, string? action, string? responsible)
    {
        if (problem is not null)
        {
            v.Required(prefix + "problem", problem, MaxProblemLength);
        }
        if (action is not null)
        {
            v.Required(prefix + "action", action, MaxActionLength);
        }
        if (responsible is not null)
        {
            v.Required(prefix + "responsible", responsible, MaxResponsibleLength);
        }
    }

    /// <summary>A deadline (a valid calendar date already) within <see cref="MinDeadlineYear"/>-<see cref="MaxDeadlineYear"/>.</summary>
    public static bool CheckDeadline(Validator v, string field, DateOnly deadline)
    {
        if (deadline.Year is < MinDeadlineYear or > MaxDeadlineYear)
        {
            v.Add(field, $"must be a date in the years {MinDeadlineYear}-{MaxDeadlineYear}");
            return false;
        }
        return true;
    }

    /// <summary>A state a caller sets: one of the four, never unspecified.</summary>
    public static bool CheckState(Validator v, string field, ActionPlanItemState state)
    {
        if (state == ActionPlanItemState.Unspecified || !Enum.IsDefined(state))
        {
            v.Add(field, "must be ACTION_PLAN_ITEM_STATE_OPEN, _IN_PROGRESS, _DONE or _CANCELLED");
            return false;
        }
        return true;
    }

    /// <summary>The unit of a new item: a unit of the round's kept version within its target units'
    /// subtrees (<paramref name="roundUnits"/>), else a field violation.</summary>
    public static bool CheckUnit(Validator v, string field, string unitId, RoundRecord round, IReadOnlyDictionary<string, UnitRecord> roundUnits)
    {
        if (!roundUnits.ContainsKey(unitId))
        {
            v.Add(field, $"must be a unit {round.Name} went out to (one of its target units or a unit below them in "
                + $"{SurveyNames.Version(round.OrganisationVersion ?? 0)})");
            return false;
        }
        return true;
    }

    /// <summary>A new item, OPEN.</summary>
    public static ActionPlanItemRecord New(RoundRecord round, string id, string unitId, string problem, string action, string responsible, DateOnly deadline,
        string createdBy, DateTime now) =>
        new(RequireReleased(round).Id, id, unitId, problem.Trim(), action.Trim(), responsible.Trim(), deadline)
        {
            CreatedBy = createdBy,
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>An edit, one version on. A change of state between DONE and CANCELLED is
    /// FAILED_PRECONDITION ACTION_PLAN_ITEM_CLOSED: reopen the item first.</summary>
    public static ActionPlanItemRecord Apply(ActionPlanItemRecord item, ActionPlanItemChanges c, DateTime now)
    {
        var state = c.State ?? item.State;
        if (IsClosed(item.State) && IsClosed(state) && state != item.State)
        {
            throw new FailedPreconditionException("ACTION_PLAN_ITEM_CLOSED",
                $"{item.Name} is {Word(item.State)}; reopen it (OPEN or IN_PROGRESS) before it can be {Word(state)}.");
        }
        return item with
        {
            Problem = c.Problem?.Trim() ?? item.Problem,
            Action = c.Action?.Trim() ?? item.Action,
            Responsible = c.Responsible?.Trim() ?? item.Responsible,
            Deadline = c.Deadline ?? item.Deadline,
            State = state,
            Version = item.Version + 1,
            UpdatedAt = now,
        };
    }

    /// <summary>DONE and CANCELLED: the item is no longer on the plan's to-do list.</summary>
    public static bool IsClosed(ActionPlanItemState state) => state is ActionPlanItemState.Done or ActionPlanItemState.Cancelled;

    /// <summary>The contract's enum name without its prefix (IN_PROGRESS), as the events say a state.</summary>
    public static string StateName(ActionPlanItemState state) => state switch
    {
        ActionPlanItemState.Open => "OPEN",
        ActionPlanItemState.InProgress => "IN_PROGRESS",
        ActionPlanItemState.Done => "DONE",
        ActionPlanItemState.Cancelled => "CANCELLED",
        _ => "UNSPECIFIED",
    };

    private static string Word(ActionPlanItemState state) => state switch
    {
        ActionPlanItemState.Done => "done",
        ActionPlanItemState.Cancelled => "cancelled",
        ActionPlanItemState.InProgress => "in progress",
        _ => "open",
    };
}
