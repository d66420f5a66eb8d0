using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Grpc;

internal static partial class Input
{
    private const string ItemPrefix = "action_plan_item.";

    /// <summary>The fields UpdateActionPlanItem may change (its update mask's paths).</summary>
    public static readonly string[] ActionPlanItemPaths = ["problem", "action", "responsible", "deadline", "state"];

    /// <summary>The round and item ids of <c>rounds/{round}/actionPlanItems/{item}</c>.</summary>
    public static (string RoundId, string ItemId) ActionPlanItem(string name, string field)
    {
        var parts = name.Split('/');
        if (parts is ["rounds", var round, "actionPlanItems", var item] && SurveyNames.IsId(round) && SurveyNames.IsId(item))
        {
            return (round, item);
        }
        throw new ValidationException(field, "must be a name rounds/{round}/actionPlanItems/{item}");
    }

    /// <summary>ListActionPlanItems' unit filter: a unit id, or null for every unit of the caller's scope.</summary>
    public static string? UnitFilter(Validator v, string unit)
    {
        if (unit.Length == 0)
        {
            return null;
        }
        if (!SurveyNames.IsId(unit))
        {
            v.Add("unit", "must be a unit id as imported (" + SurveyNames.IdRule + "), or empty for every unit");
        }
        return unit;
    }

    /// <summary>What CreateActionPlanItem makes, checked field by field: the unit's form here, whether the
    /// round went out to it when the round is read (<see cref="ActionPlans.CheckUnit"/>).</summary>
    public static DateOnly NewActionPlanItem(Validator v, ActionPlanItem item)
    {
        if (item.Unit.Length == 0)
        {
            v.Add(ItemPrefix + "unit", "is required: the id of the workplace whose plan it is");
        }
        else if (!SurveyNames.IsId(item.Unit))
        {
            v.Add(ItemPrefix + "unit", "must be a unit id as imported: " + SurveyNames.IdRule);
        }
        ActionPlans.CheckTexts(v, ItemPrefix, item.Problem, item.Action, item.Responsible);
        var deadline = Deadline(v, item.Deadline);
        if (item.State is not (ActionPlanItemState.Unspecified or ActionPlanItemState.Open))
        {
            v.Add(ItemPrefix + "state", "must be unspecified or ACTION_PLAN_ITEM_STATE_OPEN: a new item is open");
        }
        return deadline ?? default;
    }

    /// <summary>UpdateActionPlanItem's changes for the mask's paths, each checked.</summary>
    public static ActionPlanItemChanges ActionPlanItemChanges(Validator v, ActionPlanItem item, IReadOnlySet<string> paths)
    {
        string? Text(string path, string value) => paths.Contains(path) ? value : null;
        var (problem, action, responsible) = (Text("problem", item.Problem), Text("action", item.Action), Text("responsible", item.Responsible));
        ActionPlans.CheckTexts(v, ItemPrefix, problem, action, responsible);
        var deadline = paths.Contains("deadline") ? Deadline(v, item.Deadline) : null;
        ActionPlanItemState? state = paths.Contains("state") && ActionPlans.CheckState(v, ItemPrefix + "state", item.State) ? item.State : null;
        return new ActionPlanItemChanges(problem, action, responsible, deadline, state);
    }

    /// <summary>A required deadline: a calendar date in the years a deadline may lie in.</summary>
    private static DateOnly? Deadline(Validator v, Google.Type.Date? date)
    {
        const string field = ItemPrefix + "deadline";
        if (date is null)
        {
            v.Add(field, "is required");
            return null;
        }
        return ProtoTime.ToDateOnly(v, field, date) is { } d && ActionPlans.CheckDeadline(v, field, d) ? d : null;
    }
}
