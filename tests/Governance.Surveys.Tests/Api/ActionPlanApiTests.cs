using System.Text.Json;
using Dapper;
using Google.Protobuf.WellKnownTypes;
using Governance.Audit.V1;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Surveys.Tests.Api;

/// <summary>The workplaces' action plans through the API, on a round released by the clock: items made,
/// read, listed and changed under their etag; only on a released round and for a unit it went out to;
/// who sees and who keeps which workplace's plan (the round's kept organisation and the token's
/// manager_id and work_environment_units); and the events each change leaves in the outbox.</summary>
public abstract class ActionPlanApiTests(RoundHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SurveysService.SurveysServiceClient Client => host.Client;

    private string Store => host.Store.ToLowerInvariant();

    /// <summary>A round of the APV template for ØDC and BYC (a new organisation version each time),
    /// taken through its lifecycle up to <paramref name="until"/>: released by the clock (17 days on).</summary>
    private async Task<Round> RoundAsync(string id, RoundState until = RoundState.Released)
    {
        await Client.ImportOrganisationAsync(Sample.Of(2).Request(), cancellationToken: Ct);
        var apv = await Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "APV 2017" }, SourceInstrument = "instruments/apv-trivsel-skabelon",
        }, cancellationToken: Ct);
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var round = await Client.CreateRoundAsync(new CreateRoundRequest
        {
            RoundId = id,
            Round = new Round
            {
                DisplayName = "APV 2017", Instruments = { apv.Name }, TargetUnits = { "odc", "byc" },
                PlannedOpenTime = Timestamp.FromDateTime(now.AddDays(1)), ReleaseTime = Timestamp.FromDateTime(now.AddDays(16)),
            },
        }, cancellationToken: Ct);
        if (until == RoundState.Draft)
        {
            return round;
        }
        var scheduled = await Client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round.Name }, cancellationToken: Ct);
        var opened = await Client.OpenRoundAsync(new OpenRoundRequest
        {
            Name = round.Name, Etag = scheduled.Etag, Invitees = { new Invitee { Unit = "odc-1", Email = $"{id}@kommune.test" } },
        }, cancellationToken: Ct);
        if (until == RoundState.Open)
        {
            return opened;
        }
        var closed = await Client.CloseRoundAsync(new CloseRoundRequest { Name = round.Name }, cancellationToken: Ct);
        if (until == RoundState.Closed)
        {
            return closed;
        }
        host.Clock.Advance(TimeSpan.FromDays(17));
        return await host.WaitForStateAsync(round.Name, RoundState.Released, Ct);
    }

    private static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    private static ActionPlanItem Item(string unit, string problem = "Mange oplever uklare forventninger", string action = "Månedlige samtaler om opgaver og prioriteringer",
        string responsible = "Leder og AMR") =>
        new() { Unit = unit, Problem = problem, Action = action, Responsible = responsible, Deadline = Date(2027, 3, 1) };

    private static AsyncUnaryCall<ActionPlanItem> CreateAsync(SurveysService.SurveysServiceClient client, Round round, ActionPlanItem item, string requestId = "") =>
        client.CreateActionPlanItemAsync(new CreateActionPlanItemRequest { Parent = round.Name, ActionPlanItem = item, RequestId = requestId },
            cancellationToken: Ct);

    private static AsyncUnaryCall<ActionPlanItem> UpdateAsync(SurveysService.SurveysServiceClient client, ActionPlanItem item, string etag, params string[] paths) =>
        client.UpdateActionPlanItemAsync(new UpdateActionPlanItemRequest { ActionPlanItem = item, UpdateMask = new FieldMask { Paths = { paths } }, Etag = etag },
            cancellationToken: Ct);

    /// <summary>Every item of the round the client may see, page by page.</summary>
    private static async Task<IReadOnlyList<ActionPlanItem>> ListAllAsync(SurveysService.SurveysServiceClient client, Round round, string unit = "", int pageSize = 200)
    {
        var all = new List<ActionPlanItem>();
        var request = new ListActionPlanItemsRequest { Parent = round.Name, Unit = unit, PageSize = pageSize };
        do
        {
            var page = await client.ListActionPlanItemsAsync(request, cancellationToken: Ct);
            Assert.True(page.ActionPlanItems.Count <= pageSize);
            all.AddRange(page.ActionPlanItems);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    /// <summary>The items' names in order (items made at the same instant are listed by id).</summary>
    private static IReadOnlyList<string> Names(params ActionPlanItem[] items) => [.. items.Select(i => i.Name).Order(StringComparer.Ordinal)];

    /// <summary>A channel whose token has <paramref name="roles"/> and <paramref name="claims"/>.</summary>
    private GrpcChannel ChannelAs(string subject, string[] roles, params TokenClaim[] claims) =>
        host.Server.CreateChannel(host.Server.Tokens!.Issue(subject, roles, claims));

    [Fact]
    public async Task An_item_is_made_once_per_request_id_read_and_changed_under_its_etag()
    {
        var round = await RoundAsync($"plan-{Store}");
        var requestId = Guid.NewGuid().ToString();
        var before = host.Clock.GetUtcNow().UtcDateTime.AddTicks(-10);
        var created = await CreateAsync(Client, round, Item("odc-1", responsible: "  Leder og AMR  "), requestId);
        var after = host.Clock.GetUtcNow().UtcDateTime;
        Assert.Matches($"^{round.Name}/actionPlanItems/[0-9a-f]{{32}}$", created.Name);
        Assert.Equal(("odc-1", "Mange oplever uklare forventninger", "Leder og AMR", Date(2027, 3, 1), ActionPlanItemState.Open, "W/\"1\""),
            (created.Unit, created.Problem, created.Responsible, created.Deadline, created.State, created.Etag));
        // The service's clock (moved on by the test), to the microsecond.
        Assert.InRange(created.CreateTime.ToDateTime(), before, after);
        Assert.Equal(0, created.CreateTime.Nanos % 1000);
        Assert.Equal(created.CreateTime, created.UpdateTime);

        // A retry gets the first item; the same request_id with another request is refused.
        Assert.Equal(created, await CreateAsync(Client, round, Item("odc-1", responsible: "  Leder og AMR  "), requestId));
        await ApiAssert.RpcError(StatusCode.AlreadyExists, () => CreateAsync(Client, round, Item("odc-2"), requestId), "REQUEST_ID_REUSED");
        Assert.Equal([created], await ListAllAsync(Client, round));
        Assert.Equal(created, await Client.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = created.Name }, cancellationToken: Ct));

        // Changed under the etag: only the mask's fields; a stale etag is ABORTED, none is unconditional.
        var started = await UpdateAsync(Client, new ActionPlanItem
        {
            Name = created.Name, Problem = "Uklare forventninger til opgaverne", Action = "ignoreres", State = ActionPlanItemState.InProgress,
        }, created.Etag, "problem", "state");
        Assert.Equal(("Uklare forventninger til opgaverne", created.Action, ActionPlanItemState.InProgress, "W/\"2\""),
            (started.Problem, started.Action, started.State, started.Etag));
        await ApiAssert.Aborted(() => UpdateAsync(Client, new ActionPlanItem { Name = created.Name, Responsible = "AMR" }, created.Etag, "responsible"));
        var done = await UpdateAsync(Client, new ActionPlanItem { Name = created.Name, State = ActionPlanItemState.Done }, "", "state");
        Assert.Equal((ActionPlanItemState.Done, "W/\"3\""), (done.State, done.Etag));

        // Done is not cancelled afterwards, nor the other way round: it is reopened first.
        await ApiAssert.FailedPrecondition(() => UpdateAsync(Client, new ActionPlanItem { Name = created.Name, State = ActionPlanItemState.Cancelled }, done.Etag, "state"),
            "ACTION_PLAN_ITEM_CLOSED", "reopen");
        var reopened = await UpdateAsync(Client, new ActionPlanItem { Name = created.Name, State = ActionPlanItemState.Open, Deadline = Date(2027, 6, 30) }, done.Etag,
            "state", "deadline");
        Assert.Equal((ActionPlanItemState.Open, Date(2027, 6, 30), "W/\"4\""), (reopened.State, reopened.Deadline, reopened.Etag));
        var cancelled = await UpdateAsync(Client, new ActionPlanItem { Name = created.Name, State = ActionPlanItemState.Cancelled }, reopened.Etag, "state");
        await ApiAssert.FailedPrecondition(() => UpdateAsync(Client, new ActionPlanItem { Name = created.Name, State = ActionPlanItemState.Done }, cancelled.Etag, "state"),
            "ACTION_PLAN_ITEM_CLOSED");
        // Every field at once (an empty mask), from the cancelled state.
        var replaced = await UpdateAsync(Client, new ActionPlanItem
        {
            Name = created.Name, Problem = "P", Action = "A", Responsible = "R", Deadline = Date(2028, 1, 2), State = ActionPlanItemState.InProgress,
        }, cancelled.Etag);
        Assert.Equal(("P", "A", "R", Date(2028, 1, 2), ActionPlanItemState.InProgress, "W/\"6\"", "odc-1"),
            (replaced.Problem, replaced.Action, replaced.Responsible, replaced.Deadline, replaced.State, replaced.Etag, replaced.Unit));
        Assert.Equal(replaced, await Client.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = created.Name }, cancellationToken: Ct));
        Assert.Equal(created.CreateTime, replaced.CreateTime);

        var unknown = $"{round.Name}/actionPlanItems/findes-ikke";
        await ApiAssert.NotFound(() => Client.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = unknown }, cancellationToken: Ct), unknown);
        await ApiAssert.NotFound(() => Client.UpdateActionPlanItemAsync(new UpdateActionPlanItemRequest
        {
            ActionPlanItem = new ActionPlanItem { Name = unknown, Problem = "P" }, UpdateMask = new FieldMask { Paths = { "problem" } },
        }, cancellationToken: Ct), unknown);
    }

    [Fact]
    public async Task Lists_go_by_unit_then_creation_page_by_page_and_of_one_unit()
    {
        var round = await RoundAsync($"sider-{Store}");
        var made = new Dictionary<string, ActionPlanItem>();
        foreach (var (key, unit) in new[] { ("a", "odc-2"), ("b", "odc-1"), ("c", "byc-1"), ("d", "odc-1"), ("e", "odc-2") })
        {
            made[key] = await CreateAsync(Client, round, Item(unit, problem: $"Problem {key}"));
            host.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var all = await ListAllAsync(Client, round, pageSize: 2);
        Assert.Equal(["c", "b", "d", "a", "e"], all.Select(i => made.Single(m => m.Value.Name == i.Name).Key));
        Assert.Equal(made.Values.OrderBy(i => i.Name, StringComparer.Ordinal), all.OrderBy(i => i.Name, StringComparer.Ordinal));
        var first = await Client.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = round.Name, PageSize = 2 }, cancellationToken: Ct);
        Assert.Equal(2, first.ActionPlanItems.Count);
        Assert.NotEmpty(first.NextPageToken);
        var whole = await Client.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = round.Name, PageSize = 5 }, cancellationToken: Ct);
        Assert.Equal((5, ""), (whole.ActionPlanItems.Count, whole.NextPageToken));

        // One unit's plan, in the order it was made.
        Assert.Equal([made["b"], made["d"]], await ListAllAsync(Client, round, unit: "odc-1", pageSize: 1));
        Assert.Empty(await ListAllAsync(Client, round, unit: "shc-1"));

        // A token belongs to its filter; the filter and the page size are checked.
        var ofUnit = await Client.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = round.Name, Unit = "odc-1", PageSize = 1 }, cancellationToken: Ct);
        await ApiAssert.InvalidArgument(() => Client.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = round.Name, PageToken = ofUnit.NextPageToken },
            cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = round.Name, PageToken = "ikke-et-token" },
            cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = round.Name, Unit = "Ikke et id" },
            cancellationToken: Ct), "unit");
        await ApiAssert.InvalidArgument(() => Client.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = round.Name, PageSize = -1 },
            cancellationToken: Ct), "page_size");
        await ApiAssert.InvalidArgument(() => Client.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = "runder/x" }, cancellationToken: Ct), "parent");
        await ApiAssert.NotFound(() => Client.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = "rounds/findes-ikke" }, cancellationToken: Ct),
            "rounds/findes-ikke");
    }

    [Fact]
    public async Task Items_are_made_only_on_a_released_round_for_a_unit_it_went_out_to_and_are_checked_field_by_field()
    {
        foreach (var state in new[] { RoundState.Draft, RoundState.Open, RoundState.Closed })
        {
            var early = await RoundAsync($"tidligt-{state.ToString().ToLowerInvariant()}-{Store}", state);
            await ApiAssert.FailedPrecondition(() => CreateAsync(Client, early, Item("odc-1")), "ROUND_NOT_RELEASED");
            Assert.Empty((await Client.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = early.Name }, cancellationToken: Ct)).ActionPlanItems);
        }
        var round = await RoundAsync($"felter-{Store}");

        await ApiAssert.InvalidArgument(() => CreateAsync(Client, round, new ActionPlanItem()),
            "action_plan_item.unit", "action_plan_item.problem", "action_plan_item.action", "action_plan_item.responsible", "action_plan_item.deadline");
        await ApiAssert.InvalidArgument(() => CreateAsync(Client, round, new ActionPlanItem
        {
            Unit = "Ikke et id", Problem = new string('p', 1001), Action = "   ", Responsible = new string('r', 201), Deadline = Date(2027, 13, 1),
            State = ActionPlanItemState.Done,
        }), "action_plan_item.unit", "action_plan_item.problem", "action_plan_item.action", "action_plan_item.responsible", "action_plan_item.deadline",
            "action_plan_item.state");
        var limits = Item("odc-1", problem: new string('p', 1000), action: new string('a', 2000), responsible: new string('r', 200));
        limits.State = ActionPlanItemState.Open;
        Assert.Equal(ActionPlanItemState.Open, (await CreateAsync(Client, round, limits)).State);
        var early2000 = Item("odc-1");
        early2000.Deadline = Date(1999, 12, 31);
        await ApiAssert.InvalidArgument(() => CreateAsync(Client, round, early2000), "action_plan_item.deadline");
        await ApiAssert.InvalidArgument(() => Client.CreateActionPlanItemAsync(new CreateActionPlanItemRequest { Parent = round.Name }, cancellationToken: Ct),
            "action_plan_item");
        await ApiAssert.InvalidArgument(() => Client.CreateActionPlanItemAsync(new CreateActionPlanItemRequest
        {
            Parent = round.Name, ActionPlanItem = Item("odc-1"), RequestId = "ikke-en-uuid",
        }, cancellationToken: Ct), "request_id");

        // A unit the round did not go out to (SHC's), or none at all, is a bad unit, not a refusal.
        var outside = await ApiAssert.InvalidArgument(() => CreateAsync(Client, round, Item("shc-1")), "action_plan_item.unit");
        Assert.Contains(round.Name, outside.Message, StringComparison.Ordinal);
        await ApiAssert.InvalidArgument(() => CreateAsync(Client, round, Item("findes-ikke")), "action_plan_item.unit");
        await ApiAssert.InvalidArgument(() => Client.CreateActionPlanItemAsync(new CreateActionPlanItemRequest { Parent = "runder/x", ActionPlanItem = Item("odc-1") },
            cancellationToken: Ct), "parent");
        await ApiAssert.NotFound(() => Client.CreateActionPlanItemAsync(new CreateActionPlanItemRequest { Parent = "rounds/findes-ikke", ActionPlanItem = Item("odc-1") },
            cancellationToken: Ct), "rounds/findes-ikke");

        // A workplace below a target unit is one, and so is the target unit itself.
        var item = await CreateAsync(Client, round, Item("byc-2"));
        Assert.Equal("byc", (await CreateAsync(Client, round, Item("byc"))).Unit);

        await ApiAssert.InvalidArgument(() => UpdateAsync(Client, new ActionPlanItem { Name = "actionPlanItems/x", Problem = "P" }, "", "problem"),
            "action_plan_item.name");
        await ApiAssert.InvalidArgument(() => UpdateAsync(Client, new ActionPlanItem { Name = item.Name, Unit = "odc-1" }, "", "unit"), "update_mask");
        await ApiAssert.InvalidArgument(() => UpdateAsync(Client, new ActionPlanItem { Name = item.Name }, "", "problem", "action", "responsible", "deadline", "state"),
            "action_plan_item.problem", "action_plan_item.action", "action_plan_item.responsible", "action_plan_item.deadline", "action_plan_item.state");
        await ApiAssert.InvalidArgument(() => UpdateAsync(Client, new ActionPlanItem { Name = item.Name, Deadline = Date(2201, 1, 1) }, "", "deadline"),
            "action_plan_item.deadline");
        await ApiAssert.InvalidArgument(() => Client.UpdateActionPlanItemAsync(new UpdateActionPlanItemRequest(), cancellationToken: Ct), "action_plan_item");
        Assert.Equal(item, await Client.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = item.Name }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Managers_and_groups_see_and_keep_the_plans_of_their_units_the_board_reads_all_and_the_auditor_none()
    {
        var round = await RoundAsync($"omfang-{Store}");
        var odc1 = await CreateAsync(Client, round, Item("odc-1"));
        var odc2 = await CreateAsync(Client, round, Item("odc-2"));
        var byc1 = await CreateAsync(Client, round, Item("byc-1"));

        // The leader of ØDC's first workplace keeps its plan, not BYC's or the workplace beside it.
        var leaderSubject = $"leder-{Store}";
        using (var channel = ChannelAs(leaderSubject, [SurveysRoles.Manager], SurveysClaims.ForManager("odc-leder-1")))
        {
            var leader = new SurveysService.SurveysServiceClient(channel);
            var own = await CreateAsync(leader, round, Item("odc-1", problem: "Lederens eget punkt"));
            var elsewhere = await ApiAssert.RpcError(StatusCode.PermissionDenied, () => CreateAsync(leader, round, Item("byc-1")), "UNIT_NOT_SERVED");
            Assert.Equal("byc-1", elsewhere.Info.Metadata["unit"]);
            await ApiAssert.RpcError(StatusCode.PermissionDenied, () => CreateAsync(leader, round, Item("odc-2")), "UNIT_NOT_SERVED");
            Assert.Equal(Names(odc1, own), Names([.. await ListAllAsync(leader, round)]));
            Assert.Empty(await ListAllAsync(leader, round, unit: "byc-1"));
            // Outside the scope an item does not exist, for reading and for changing alike.
            await ApiAssert.NotFound(() => leader.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = byc1.Name }, cancellationToken: Ct), byc1.Name);
            await ApiAssert.NotFound(() => UpdateAsync(leader, new ActionPlanItem { Name = byc1.Name, State = ActionPlanItemState.Done }, "", "state"), byc1.Name);
            Assert.Equal(ActionPlanItemState.InProgress,
                (await UpdateAsync(leader, new ActionPlanItem { Name = odc1.Name, State = ActionPlanItemState.InProgress }, odc1.Etag, "state")).State);
        }
        // The refusal is audited; the item outside the scope is unchanged.
        var audit = await Client.ListAuditEntriesAsync(new ListAuditEntriesRequest { Subject = leaderSubject }, cancellationToken: Ct);
        Assert.Equal(2, audit.Entries.Count(e => e.Action == AuditAction.Denied && e.Resource == round.Name
            && e.Method == "/governance.surveys.v1.SurveysService/CreateActionPlanItem"));
        Assert.Equal(byc1, await Client.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = byc1.Name }, cancellationToken: Ct));

        // ØDC's head keeps every ØDC workplace's plan.
        using (var channel = ChannelAs($"centerchef-{Store}", [SurveysRoles.Manager], SurveysClaims.ForManager("odc-chef")))
        {
            var head = new SurveysService.SurveysServiceClient(channel);
            var added = await CreateAsync(head, round, Item("odc-2", problem: "Centerchefens punkt"));
            Assert.Equal(["odc-1", "odc-1", "odc-2", "odc-2"], (await ListAllAsync(head, round)).Select(i => i.Unit));
            Assert.Equal(Names(odc2, added), Names([.. await ListAllAsync(head, round, unit: "odc-2")]));
        }

        // The working-environment group of ØDC's second workplace: that plan only.
        using (var channel = ChannelAs($"amg-{Store}", [SurveysRoles.WorkEnvironmentGroup], SurveysClaims.ForWorkEnvironmentUnits("odc-2")))
        {
            var group = new SurveysService.SurveysServiceClient(channel);
            var listed = await ListAllAsync(group, round);
            Assert.All(listed, i => Assert.Equal("odc-2", i.Unit));
            Assert.Equal(2, listed.Count);
            Assert.Empty(await ListAllAsync(group, round, unit: "odc-1"));
            await ApiAssert.NotFound(() => group.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = odc1.Name }, cancellationToken: Ct), odc1.Name);
            await ApiAssert.RpcError(StatusCode.PermissionDenied, () => CreateAsync(group, round, Item("odc-1")), "UNIT_NOT_SERVED");
            Assert.Equal("odc-2", (await CreateAsync(group, round, Item("odc-2", problem: "Gruppens punkt"))).Unit);
            Assert.Equal(odc2.Name, (await group.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = odc2.Name }, cancellationToken: Ct)).Name);
        }

        // The executive board reads every plan and keeps none; holding a manager's role too, it keeps that manager's.
        using (var channel = ChannelAs($"direktion-{Store}", [SurveysRoles.Executive]))
        {
            var board = new SurveysService.SurveysServiceClient(channel);
            Assert.Equal(6, (await ListAllAsync(board, round)).Count);
            Assert.Equal(byc1.Name, (await board.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = byc1.Name }, cancellationToken: Ct)).Name);
            await AuthorizationAssert.PermissionDenied(() => CreateAsync(board, round, Item("byc-1")).ResponseAsync, AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "board creates");
            await AuthorizationAssert.PermissionDenied(() => UpdateAsync(board, new ActionPlanItem { Name = byc1.Name, Problem = "P" }, "", "problem").ResponseAsync,
                AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "board updates");
        }
        using (var channel = ChannelAs($"direktion-og-leder-{Store}", [SurveysRoles.Executive, SurveysRoles.Manager], SurveysClaims.ForManager("odc-leder-1")))
        {
            var both = new SurveysService.SurveysServiceClient(channel);
            Assert.Equal(6, (await ListAllAsync(both, round)).Count);
            await ApiAssert.RpcError(StatusCode.PermissionDenied, () => UpdateAsync(both, new ActionPlanItem { Name = byc1.Name, Problem = "P" }, "", "problem"),
                "UNIT_NOT_SERVED");
            Assert.Equal("P", (await UpdateAsync(both, new ActionPlanItem { Name = odc1.Name, Problem = "P" }, "", "problem")).Problem);
        }

        // A manager the token does not name sees nothing; the auditor may not ask.
        using (var channel = ChannelAs($"leder-uden-id-{Store}", [SurveysRoles.Manager]))
        {
            var nobody = new SurveysService.SurveysServiceClient(channel);
            Assert.Empty(await ListAllAsync(nobody, round));
            await ApiAssert.RpcError(StatusCode.PermissionDenied, () => CreateAsync(nobody, round, Item("odc-1")), "UNIT_NOT_SERVED");
        }
        using (var channel = ChannelAs($"revisor-{Store}", [PlatformRoles.Auditor]))
        {
            var auditor = new SurveysService.SurveysServiceClient(channel);
            await AuthorizationAssert.PermissionDenied(() => auditor.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = round.Name }, cancellationToken: Ct)
                .ResponseAsync, AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "auditor lists");
            await AuthorizationAssert.PermissionDenied(() => auditor.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = odc1.Name }, cancellationToken: Ct)
                .ResponseAsync, AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "auditor gets");
        }
    }

    [Fact]
    public async Task Each_role_may_call_the_action_plan_rpcs_as_the_access_table_says()
    {
        var round = await RoundAsync($"roller-{Store}");
        var item = await CreateAsync(Client, round, Item("odc-1"));
        var problems = new List<string>();
        var rpcs = SurveysAuthorizationExpectations.RpcAccess.Keys.Where(r => r.Contains("ActionPlanItem", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, rpcs.Count);
        foreach (var role in SurveysRoles.All)
        {
            // Claims that cover every unit, so that only the role decides.
            using var channel = ChannelAs($"rolle-{role}-{Store}", [role], SurveysClaims.ForManager("kd"), SurveysClaims.ForWorkEnvironmentUnits(Caller.Everything));
            var client = new SurveysService.SurveysServiceClient(channel);
            foreach (var rpc in rpcs)
            {
                Func<Task> call = rpc switch
                {
                    "CreateActionPlanItem" => () => CreateAsync(client, round, Item("byc-1")).ResponseAsync,
                    "GetActionPlanItem" => () => client.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = item.Name }, cancellationToken: Ct).ResponseAsync,
                    "ListActionPlanItems" => async () => Assert.NotEmpty((await client.ListActionPlanItemsAsync(
                        new ListActionPlanItemsRequest { Parent = round.Name }, cancellationToken: Ct)).ActionPlanItems),
                    "UpdateActionPlanItem" => () => UpdateAsync(client, new ActionPlanItem { Name = item.Name, Responsible = $"Sat af {role}" }, "", "responsible").ResponseAsync,
                    _ => throw new InvalidOperationException($"{rpc}: no request for it here; add one."),
                };
                var allowed = SurveysAuthorizationExpectations.RoleHas(role, SurveysAuthorizationExpectations.AccessOf(rpc));
                try
                {
                    await call();
                    if (!allowed)
                    {
                        problems.Add($"{rpc} as {role}: allowed, expected ROLE_REQUIRED");
                    }
                }
                catch (RpcException ex)
                {
                    var reason = ex.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason;
                    if (allowed || ex.StatusCode != StatusCode.PermissionDenied || reason != "ROLE_REQUIRED")
                    {
                        problems.Add($"{rpc} as {role}: {ex.StatusCode} {reason}, expected {(allowed ? "success" : "ROLE_REQUIRED")}: {ex.Status.Detail}");
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Each_change_publishes_the_whole_item_after_the_rounds_own_events()
    {
        var round = await RoundAsync($"haendelser-{Store}");
        var requestId = Guid.NewGuid().ToString();
        var created = await CreateAsync(Client, round, Item("odc-1"), requestId);
        await CreateAsync(Client, round, Item("odc-1"), requestId);
        host.Clock.Advance(TimeSpan.FromHours(1));
        var changed = await UpdateAsync(Client, new ActionPlanItem { Name = created.Name, Responsible = "AMR", State = ActionPlanItemState.InProgress }, created.Etag,
            "responsible", "state");
        using (var channel = ChannelAs($"leder-haendelser-{Store}", [SurveysRoles.Manager], SurveysClaims.ForManager("odc-leder-1")))
        {
            await ApiAssert.RpcError(StatusCode.PermissionDenied, () => CreateAsync(new SurveysService.SurveysServiceClient(channel), round, Item("byc-1")), "UNIT_NOT_SERVED");
        }

        var events = await OutboxAsync(round.Name);
        Assert.Equal(["round-opened", "round-closed", "results-released", "next-round-due", "action-plan-item-added", "action-plan-item-changed"],
            events.Select(e => e.Type));
        foreach (var ((_, body), item, state) in new[] { (events[4], created, "OPEN"), (events[5], changed, "IN_PROGRESS") })
        {
            using var json = JsonDocument.Parse(body);
            var e = json.RootElement;
            Assert.Equal((item.Name, round.Name, "odc-1", "ØDC afdeling 1"),
                (e.GetProperty("item").GetString(), e.GetProperty("round").GetString(), e.GetProperty("unit").GetString(), e.GetProperty("unitDisplayName").GetString()));
            Assert.Equal((item.Problem, item.Action, item.Responsible, "2027-03-01", state),
                (e.GetProperty("problem").GetString(), e.GetProperty("action").GetString(), e.GetProperty("responsible").GetString(),
                    e.GetProperty("deadline").GetString(), e.GetProperty("state").GetString()));
            Assert.Equal(long.Parse(item.Etag[3..^1], System.Globalization.CultureInfo.InvariantCulture), e.GetProperty("version").GetInt64());
            Assert.Equal(item.UpdateTime.ToDateTimeOffset(), e.GetProperty("occurredAt").GetDateTimeOffset());
        }
    }

    /// <summary>The round's events in the outbox, oldest first: their type (from the URN) and JSON.</summary>
    private async Task<IReadOnlyList<(string Type, string Body)>> OutboxAsync(string round)
    {
        await using var db = await host.OpenStoreAsync();
        var rows = await db.QueryAsync<(string MessageType, string Body)>(
            "SELECT message_type, body FROM outbox_messages WHERE ordering_key = @round ORDER BY sequence", new { round });
        return [.. rows.Select(r => (Type: r.MessageType.Split(':')[^2], r.Body))];
    }
}

public sealed class ActionPlanApiSqliteTests(SqliteRoundHost host) : ActionPlanApiTests(host), IClassFixture<SqliteRoundHost>;

public sealed class ActionPlanApiPostgresTests(PostgresRoundHost host) : ActionPlanApiTests(host), IClassFixture<PostgresRoundHost>;
