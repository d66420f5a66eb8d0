using Governance.Data.Concurrency;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using Governance.Surveys.Publishing;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Grpc.Core;

namespace Governance.Surveys.Grpc;

/// <summary>The workplaces' action plans. Who sees an item is decided by its unit, on the organisation
/// version the round kept (<see cref="ResultsScope"/>): outside the caller's scope an item is NOT_FOUND
/// and left out of lists; changing one also needs the caller to keep that unit's plan
/// (<see cref="ActionPlanScope"/>), else PERMISSION_DENIED UNIT_NOT_SERVED.</summary>
public sealed partial class SurveysGrpcService
{
    [RequiresAccess(SurveysAccess.Plan)]
    public override Task<ActionPlanItem> CreateActionPlanItem(CreateActionPlanItemRequest request, ServerCallContext context)
    {
        var roundId = Input.Round(request.Parent, "parent");
        var item = request.ActionPlanItem ?? throw new ValidationException("action_plan_item", "is required");
        var v = new Validator();
        var deadline = Input.NewActionPlanItem(v, item);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        RoundPlan? plan = null;
        return _calls.CreateOnceAsync(context, request, requestId,
            authorize: async s =>
            {
                plan = await RoundPlanAsync(s, roundId);
                var unit = new Validator();
                ActionPlans.CheckUnit(unit, "action_plan_item.unit", item.Unit, plan.Round, plan.RoundUnits);
                unit.ThrowIfInvalid();
                EnsureKeepsPlan(plan, item.Unit);
            },
            create: async s =>
            {
                var record = ActionPlans.New(plan!.Round, Ids.NewId(), item.Unit, item.Problem, item.Action, item.Responsible, deadline,
                    CurrentCaller.Subject, Now);
                await s.InsertActionPlanItemAsync(record);
                SurveyEvents.Queue(s, SurveyEvents.ItemAdded(record, plan.Units[record.UnitId]), Now);
                return (record.Name, Mapping.ToProto(record));
            },
            loadExisting: async (s, name) =>
            {
                var (round, id) = Input.ActionPlanItem(name, "name");
                return Mapping.ToProto(await RequireActionPlanItemAsync(s, round, id));
            });
    }

    [RequiresAccess(SurveysAccess.Results)]
    public override Task<ActionPlanItem> GetActionPlanItem(GetActionPlanItemRequest request, ServerCallContext context)
    {
        var (roundId, id) = Input.ActionPlanItem(request.Name, "name");
        return _calls.ReadAsync(context, request, async s =>
        {
            var record = await RequireActionPlanItemAsync(s, roundId, id);
            RequireVisible(await RoundPlanAsync(s, roundId), record);
            return Mapping.ToProto(record);
        });
    }

    [RequiresAccess(SurveysAccess.Results)]
    public override Task<ListActionPlanItemsResponse> ListActionPlanItems(ListActionPlanItemsRequest request, ServerCallContext context)
    {
        var roundId = Input.Round(request.Parent, "parent");
        var v = new Validator();
        var unit = Input.UnitFilter(v, request.Unit);
        v.ThrowIfInvalid();
        var size = PageRequest.Size(request.PageSize);
        var filter = $"actionPlanItems|{roundId}|{unit}";
        var after = PageRequest.DecodeToken<ActionPlanKey>(request.PageToken, filter,
            k => SurveyNames.IsId(k.Unit) && SurveyNames.IsId(k.Id) && k.Ticks >= DateTime.MinValue.Ticks && k.Ticks <= DateTime.MaxValue.Ticks);

        return _calls.ReadAsync(context, request, async s =>
        {
            var response = new ListActionPlanItemsResponse();
            // Before its release a round has no plan; it is listed empty rather than refused.
            var round = await RequireRoundAsync(s, roundId);
            if (round.State != RoundState.Released)
            {
                return response;
            }
            var scope = (await RoundPlanAsync(s, round)).Scope;
            IReadOnlyCollection<string>? units = scope.Everything ? null : scope.Units;
            if ((unit is not null && !scope.SeesUnit(unit)) || units is { Count: 0 })
            {
                return response;
            }
            var rows = await s.ListActionPlanItemsAsync(roundId, unit, unit is null ? units : null,
                after is null ? null : (after.Unit, new DateTime(after.Ticks, DateTimeKind.Utc), after.Id), size + 1);
            var page = rows.Take(size).ToList();
            response.ActionPlanItems.AddRange(page.Select(Mapping.ToProto));
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(new ActionPlanKey(page[^1].UnitId, page[^1].CreatedAt.Ticks, page[^1].Id), filter);
            }
            return response;
        });
    }

    [RequiresAccess(SurveysAccess.Plan)]
    public override Task<ActionPlanItem> UpdateActionPlanItem(UpdateActionPlanItemRequest request, ServerCallContext context)
    {
        var item = request.ActionPlanItem ?? throw new ValidationException("action_plan_item", "is required");
        var (roundId, id) = Input.ActionPlanItem(item.Name, "action_plan_item.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, Input.ActionPlanItemPaths);
        var v = new Validator();
        var changes = Input.ActionPlanItemChanges(v, item, paths);
        v.ThrowIfInvalid();

        return _calls.WriteAsync(context, request, async s =>
        {
            var record = await RequireActionPlanItemAsync(s, roundId, id, forUpdate: true);
            var plan = await RoundPlanAsync(s, roundId);
            var unit = RequireVisible(plan, record);
            EnsureKeepsPlan(plan, record.UnitId);
            Etags.Check(request.Etag, record.Version, record.Name);
            var updated = ActionPlans.Apply(record, changes, Now);
            await s.UpdateActionPlanItemAsync(updated);
            SurveyEvents.Queue(s, SurveyEvents.ItemChanged(updated, unit), Now);
            return Mapping.ToProto(updated);
        });
    }

    /// <summary>A released round with what its plan is checked against: every unit of its kept version,
    /// the units it went out to (its target units and those below), and the caller's scope there.</summary>
    private sealed record RoundPlan(RoundRecord Round, IReadOnlyDictionary<string, UnitRecord> Units, IReadOnlyDictionary<string, UnitRecord> RoundUnits,
        ResultsScope Scope);

    /// <summary>The page token's position: the last item's unit, creation and id.</summary>
    private sealed record ActionPlanKey(string Unit, long Ticks, string Id);

    /// <summary>The round (NOT_FOUND), released (else FAILED_PRECONDITION ROUND_NOT_RELEASED), and its
    /// organisation as kept.</summary>
    private async Task<RoundPlan> RoundPlanAsync(SurveysSession s, string roundId) => await RoundPlanAsync(s, await RequireRoundAsync(s, roundId));

    private async Task<RoundPlan> RoundPlanAsync(SurveysSession s, RoundRecord round)
    {
        ActionPlans.RequireReleased(round);
        var (_, units, _, scope) = await KeptRoundAsync(s, round);
        return new RoundPlan(round, units.ToDictionary(u => u.UnitId, StringComparer.Ordinal), OrganisationTrees.Subtrees(units, round.TargetUnits), scope);
    }

    /// <summary>The item's unit, when the caller's scope has it; otherwise the item is NOT_FOUND, as if
    /// it did not exist (its existence is not the caller's to learn).</summary>
    private static UnitRecord RequireVisible(RoundPlan plan, ActionPlanItemRecord item) =>
        plan.Scope.SeesUnit(item.UnitId) && plan.Units.TryGetValue(item.UnitId, out var unit) ? unit : throw new NotFoundException(item.Name);

    private void EnsureKeepsPlan(RoundPlan plan, string unitId)
    {
        if (!ActionPlanScope.Keeps(CurrentCaller, plan.Scope, unitId))
        {
            var error = new PermissionDeniedException("UNIT_NOT_SERVED",
                $"Only HR, the managers of unit {unitId} and those above, and its working-environment group may keep its action plan "
                + "(the token's manager_id or work_environment_units claim must cover it).");
            error.Metadata["unit"] = unitId;
            error.Metadata["round"] = plan.Round.Name;
            throw error;
        }
    }

    private static async Task<ActionPlanItemRecord> RequireActionPlanItemAsync(SurveysSession s, string roundId, string id, bool forUpdate = false) =>
        await s.GetActionPlanItemAsync(roundId, id, forUpdate) ?? throw new NotFoundException(SurveyNames.ActionPlanItem(roundId, id));
}
