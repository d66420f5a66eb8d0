using Governance.Audit.V1;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Grpc.Core;
using static Governance.Surveys.Tests.Api.ReleasedRounds;

namespace Governance.Surveys.Tests.Api;

/// <summary>Results through the API, for a round answered through the API: scores by hand, the
/// anonymity rules (too few, sensitive items, the subtraction attack tried on what the API shows), who
/// sees which groups, free text, leadership results by manager, the comparison with the previous round,
/// and the audit of every read.</summary>
public abstract class ResultsApiTests(RoundHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SurveysService.SurveysServiceClient Client => host.Client;

    /// <summary>A round released through the API (<see cref="ReleasedRounds.RunAsync"/>), after checking that
    /// its results are not to be had while it is open.</summary>
    private Task<Released> RunAsync(string id, string[] instrumentSources, string[] targets, IReadOnlyList<Respondent> respondents,
        string previousRound = "") =>
        new ReleasedRounds(host).RunAsync(id, instrumentSources, targets, respondents, Ct, previousRound,
            whileOpen: open => ApiAssert.FailedPrecondition(() => Client.GetGroupResultsAsync(new GetGroupResultsRequest
            {
                Round = open.Round.Name, Instrument = open.Instruments.Values.First().Name, Group = targets[0],
            }, cancellationToken: Ct), "ROUND_NOT_RELEASED"));

    private static async Task<IReadOnlyList<GroupResults>> AllGroupsAsync(SurveysService.SurveysServiceClient client, Round round, Instrument instrument)
    {
        var all = new List<GroupResults>();
        var request = new ListGroupResultsRequest { Round = round.Name, Instrument = instrument.Name, PageSize = 2 };
        do
        {
            var page = await client.ListGroupResultsAsync(request, cancellationToken: Ct);
            all.AddRange(page.GroupResults);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    private static string Id(GroupResults g) => g.Group[(g.Group.LastIndexOf('/') + 1)..];

    private static ItemResult ItemOf(GroupResults g, string item) => g.Themes.SelectMany(t => t.Items).Single(i => i.ItemId == item);

    /// <summary>Six in ØDC afdeling 1 and five in afdeling 2, answering by hand-picked points.</summary>
    private static List<Respondent> Workplaces()
    {
        int[] indeklima = [5, 5, 4, 4, 3, 1]; // 100, 100, 75, 75, 50, 0: mean 66.7
        int[] stoej = [1, 1, 1, 2, 5, 5];     // a demand: 100, 100, 100, 75, 0, 0: mean 62.5
        var respondents = new List<Respondent>();
        for (var i = 0; i < 6; i++)
        {
            var r = In("odc-1", ("indeklima", indeklima[i]), ("stoej", stoej[i]), ("vold", i == 0 ? 1 : 0));
            if (i < 2)
            {
                r.Answers["forslag"] = $"Forslag nummer {i + 1}: flere pauser";
            }
            respondents.Add(r);
        }
        for (var i = 0; i < 5; i++)
        {
            respondents.Add(In("odc-2", ("indeklima", 3)));
        }
        return respondents;
    }

    [Fact]
    public async Task Scores_are_computed_as_by_hand_and_small_groups_and_sensitive_items_show_nothing()
    {
        var (round, instruments) = await RunAsync($"score-{host.Store.ToLowerInvariant()}", ["apv-trivsel-skabelon"], ["odc"], Workplaces());
        var apv = instruments[InstrumentKind.ApvWellbeing];
        var groups = (await AllGroupsAsync(Client, round, apv)).ToDictionary(Id);
        // The round's units and those above them, by id: not the other centres.
        Assert.Equal(["kommunen", "odc", "odc-1", "odc-2"], groups.Keys.Order(StringComparer.Ordinal));

        var one = groups["odc-1"];
        Assert.Equal((false, 6, 6), (one.Suppressed, one.ResponseCount, one.InvitedCount));
        Assert.Equal(66.7, ItemOf(one, "indeklima").Score.Value);
        Assert.Equal([2, 2, 1, 0, 1], ItemOf(one, "indeklima").Distribution);
        Assert.Equal(62.5, ItemOf(one, "stoej").Score.Value);
        // Each answered 2 of the theme's 4 items (half): (100+100)/2, (100+100)/2, (75+100)/2, (75+75)/2, (50+0)/2, (0+0)/2.
        var theme = one.Themes.Single(t => t.ThemeId == "fysisk-kemisk");
        Assert.Equal((64.6, 6), (theme.Score.Value, theme.Score.RespondentCount));
        // Violence is sensitive: 6 is far below 20.
        var vold = ItemOf(one, "vold");
        Assert.Equal((true, SuppressionReason.TooFewRespondents, 0), (vold.Suppressed, vold.SuppressionReason, vold.Distribution.Count));
        Assert.Equal(2, ItemOf(one, "forslag").TextAnswerCount);

        // ØDC: both workplaces, 11; the municipality the same.
        Assert.Equal((false, 11), (groups["odc"].Suppressed, groups["odc"].ResponseCount));
        Assert.Equal(Math.Round(((400.0 / 6 * 6) + (50 * 5)) / 11, 1), ItemOf(groups["odc"], "indeklima").Score.Value);

        // A single unit is read the same, and a unit outside the round is not there.
        var got = await Client.GetGroupResultsAsync(new GetGroupResultsRequest { Round = round.Name, Instrument = apv.Name, Group = "odc-1" }, cancellationToken: Ct);
        Assert.Equal(one, got);
        await ApiAssert.RpcError(StatusCode.NotFound, () => Client.GetGroupResultsAsync(new GetGroupResultsRequest
        {
            Round = round.Name, Instrument = apv.Name, Group = "byc-1",
        }, cancellationToken: Ct), "GROUP_NOT_FOUND");
    }

    [Fact]
    public async Task Each_group_is_compared_with_the_previous_round_and_response_rates_are_counts_in_scope()
    {
        var store = host.Store.ToLowerInvariant();
        var (first, _) = await RunAsync($"forrige-{store}", ["apv-trivsel-skabelon"], ["odc"], Workplaces());
        var again = Enumerable.Range(0, 6).Select(i => In("odc-1", ("indeklima", 5), ("stoej", 1))).Concat(
            Enumerable.Range(0, 5).Select(i => In("odc-2", ("indeklima", 1)))).ToList();
        var (second, instruments) = await RunAsync($"naeste-{store}", ["apv-trivsel-skabelon"], ["odc"], again, previousRound: first.Name);
        var apv = instruments[InstrumentKind.ApvWellbeing];
        var one = await Client.GetGroupResultsAsync(new GetGroupResultsRequest { Round = second.Name, Instrument = apv.Name, Group = "odc-1" }, cancellationToken: Ct);
        Assert.Equal((100.0, 66.7), (ItemOf(one, "indeklima").Score.Value, ItemOf(one, "indeklima").Score.PreviousValue));
        Assert.Equal((100.0, 62.5), (ItemOf(one, "stoej").Score.Value, ItemOf(one, "stoej").Score.PreviousValue));
        Assert.Equal((100.0, 64.6), (one.Themes[0].Score.Value, one.Themes[0].Score.PreviousValue));
        var two = await Client.GetGroupResultsAsync(new GetGroupResultsRequest { Round = second.Name, Instrument = apv.Name, Group = "odc-2" }, cancellationToken: Ct);
        Assert.Equal((0.0, 50.0), (ItemOf(two, "indeklima").Score.Value, ItemOf(two, "indeklima").Score.PreviousValue));
        // An item no one answered before has nothing to compare with.
        Assert.False(ItemOf(two, "stoej").Score.HasPreviousValue);

        // Response rates: counts per unit with the units below, for the units of the caller's scope.
        var rates = (await Client.ListResponseRatesAsync(new ListResponseRatesRequest { Round = second.Name, PageSize = 200 }, cancellationToken: Ct)).ResponseRates
            .ToDictionary(r => r.Unit[(r.Unit.LastIndexOf('/') + 1)..], r => (r.InvitedCount, r.ResponseCount));
        Assert.Equal((6, 6), rates["odc-1"]);
        Assert.Equal((5, 5), rates["odc-2"]);
        Assert.Equal((11, 11), rates["odc"]);
        Assert.Equal((11, 11), rates["kommunen"]);
        Assert.Equal((0, 0), rates["byc"]);
        var leader = (await host.ClientAs("manager", SurveysClaims.ForManager("odc-leder-2")).ListResponseRatesAsync(
            new ListResponseRatesRequest { Round = second.Name }, cancellationToken: Ct)).ResponseRates;
        Assert.Equal(["odc-2"], leader.Select(r => r.Unit[(r.Unit.LastIndexOf('/') + 1)..]));
    }

    [Fact]
    public async Task A_filter_never_narrows_a_group_below_the_threshold_nor_lets_the_rest_be_computed()
    {
        // Afdeling 1: six answer 5 to the indoor climate and one answers 2; afdeling 2: five answer 5.
        var respondents = Enumerable.Range(0, 7).Select(i => In("odc-1", ("indeklima", i < 6 ? 5 : 2), ("vold", 0)))
            .Concat(Enumerable.Range(0, 5).Select(i => In("odc-2", ("indeklima", 5), ("vold", 0)))).ToList();
        var (round, instruments) = await RunAsync($"filter-{host.Store.ToLowerInvariant()}", ["apv-trivsel-skabelon"], ["odc"], respondents);
        var apv = instruments[InstrumentKind.ApvWellbeing];
        var unfiltered = (await AllGroupsAsync(Client, round, apv)).ToDictionary(Id);
        Assert.Equal((false, 7), (unfiltered["odc-1"].Suppressed, unfiltered["odc-1"].ResponseCount));

        var request = new ListGroupResultsRequest { Round = round.Name, Instrument = apv.Name, Filter = new AnswerFilter { ItemId = "indeklima", Points = { 5 } } };
        var filtered = (await Client.ListGroupResultsAsync(request, cancellationToken: Ct)).GroupResults.ToDictionary(Id);
        // Afdeling 1 less its six who answered 5 would be the one who did not: hidden, and so is every group above it.
        Assert.Equal((true, SuppressionReason.ProtectsAnotherGroup), (filtered["odc-1"].Suppressed, filtered["odc-1"].SuppressionReason));
        Assert.True(filtered["odc"].Suppressed);
        Assert.True(filtered["kommunen"].Suppressed);
        // Afdeling 2 all answered 5: its filtered view is all of it, and shows.
        Assert.Equal((false, 5, 100.0), (filtered["odc-2"].Suppressed, filtered["odc-2"].ResponseCount, ItemOf(filtered["odc-2"], "indeklima").Score.Value));
        Assert.False(ItemOf(filtered["odc-2"], "indeklima").Score.HasPreviousValue);
        var one = await Client.GetGroupResultsAsync(new GetGroupResultsRequest
        {
            Round = round.Name, Instrument = apv.Name, Group = "odc-2", Filter = request.Filter,
        }, cancellationToken: Ct);
        Assert.Equal(filtered["odc-2"], one);

        // A sensitive item as the filter needs 20 on both sides: nothing shows here.
        request.Filter = new AnswerFilter { ItemId = "vold", Points = { 0 } };
        Assert.All((await Client.ListGroupResultsAsync(request, cancellationToken: Ct)).GroupResults, g => Assert.True(g.Suppressed));

        // What is no filter is refused.
        foreach (var (filter, field) in new[]
        {
            (new AnswerFilter { ItemId = "forslag", Points = { 1 } }, "filter.item_id"),
            (new AnswerFilter { ItemId = "findes-ikke", Points = { 1 } }, "filter.item_id"),
            (new AnswerFilter { ItemId = "indeklima", Points = { 1, 2, 3, 4, 5 } }, "filter.points"),
            (new AnswerFilter { ItemId = "indeklima", Points = { 6 } }, "filter.points"),
            (new AnswerFilter { ItemId = "indeklima", Points = { 3, 3 } }, "filter.points"),
            (new AnswerFilter { ItemId = "vold", Points = { } }, "filter.points"),
        })
        {
            request.Filter = filter;
            await ApiAssert.InvalidArgument(() => Client.ListGroupResultsAsync(request, cancellationToken: Ct), field);
        }
    }

    [Fact]
    public async Task The_subtraction_attack_on_what_the_api_shows_fails()
    {
        // ØDC afdeling 1 has 6, afdeling 2 has 3: ØDC (9) less afdeling 1 would be afdeling 2.
        var respondents = new List<Respondent>();
        int[] points = [5, 4, 4, 2, 1, 3, 5, 5, 5];
        for (var i = 0; i < 9; i++)
        {
            respondents.Add(In(i < 6 ? "odc-1" : "odc-2", ("indeklima", points[i]), ("stoej", 1 + (i % 5))));
        }
        var (round, instruments) = await RunAsync($"angreb-{host.Store.ToLowerInvariant()}", ["apv-trivsel-skabelon"], ["odc"], respondents);
        var groups = (await AllGroupsAsync(Client, round, instruments[InstrumentKind.ApvWellbeing])).ToDictionary(Id);
        Assert.Equal(SuppressionReason.TooFewRespondents, groups["odc-2"].SuppressionReason);
        Assert.Contains(groups.Values, g => g.SuppressionReason == SuppressionReason.ProtectsAnotherGroup);
        Assert.All(groups.Values.Where(g => g.Suppressed), g => Assert.Empty(g.Themes));

        // The attacker: every shown group less the shown groups nearest below it. What is left over must
        // be no one, or a group of at least 5; and afdeling 2's mean is never what is computed.
        var parents = new Dictionary<string, string?> { ["kommunen"] = null, ["odc"] = "kommunen", ["odc-1"] = "odc", ["odc-2"] = "odc" };
        foreach (var (id, g) in groups.Where(x => !x.Value.Suppressed))
        {
            var below = groups.Where(x => !x.Value.Suppressed && x.Key != id && IsBelow(x.Key, id, parents)
                && !groups.Any(y => !y.Value.Suppressed && y.Key != x.Key && y.Key != id && IsBelow(x.Key, y.Key, parents) && IsBelow(y.Key, id, parents)))
                .Select(x => x.Value).ToList();
            var left = g.ResponseCount - below.Sum(b => b.ResponseCount);
            Assert.True(left == 0 || left >= 5, $"{id} less {string.Join(", ", below.Select(Id))} leaves {left} respondents");
            if (left > 0)
            {
                var sum = ItemOf(g, "indeklima").Score.Value * ItemOf(g, "indeklima").Score.RespondentCount
                    - below.Sum(b => ItemOf(b, "indeklima").Score.Value * ItemOf(b, "indeklima").Score.RespondentCount);
                Assert.NotEqual(Math.Round(100.0, 1), Math.Round(sum / left, 1)); // afdeling 2 answered 5, 5, 5: 100
            }
        }
    }

    private static bool IsBelow(string unit, string above, Dictionary<string, string?> parents)
    {
        for (var at = parents[unit]; at is not null; at = parents[at])
        {
            if (at == above)
            {
                return true;
            }
        }
        return false;
    }

    [Fact]
    public async Task Each_caller_sees_the_groups_of_their_scope_and_free_text_only_its_own_workplace_reads()
    {
        var (round, instruments) = await RunAsync($"scope-{host.Store.ToLowerInvariant()}", ["apv-trivsel-skabelon"], ["odc"], Workplaces());
        var apv = instruments[InstrumentKind.ApvWellbeing];
        var leader = host.ClientAs("manager", SurveysClaims.ForManager("odc-leder-1"));
        Assert.Equal(["odc-1"], (await AllGroupsAsync(leader, round, apv)).Select(Id));
        await ApiAssert.RpcError(StatusCode.NotFound, () => leader.GetGroupResultsAsync(new GetGroupResultsRequest
        {
            Round = round.Name, Instrument = apv.Name, Group = "odc-2",
        }, cancellationToken: Ct), "GROUP_NOT_FOUND");
        var chief = host.ClientAs("manager", SurveysClaims.ForManager("odc-chef"));
        Assert.Equal(["odc", "odc-1", "odc-2"], (await AllGroupsAsync(chief, round, apv)).Select(Id));
        var group = host.ClientAs("work_environment_group", SurveysClaims.ForWorkEnvironmentUnits("odc-2"));
        Assert.Equal(["odc-2"], (await AllGroupsAsync(group, round, apv)).Select(Id));
        Assert.Equal(4, (await AllGroupsAsync(host.ClientAs("executive"), round, apv)).Count);
        Assert.Empty(await AllGroupsAsync(host.ClientAs("manager", SurveysClaims.ForManager("byc-chef")), round, apv));

        // Free text: afdeling 1's own working-environment group and managers; not HR, not a unit with units below it.
        var texts = await host.ClientAs("work_environment_group", SurveysClaims.ForWorkEnvironmentUnits("odc-1")).ListFreeTextAnswersAsync(
            new ListFreeTextAnswersRequest { Round = round.Name, Instrument = apv.Name, Unit = "odc-1" }, cancellationToken: Ct);
        Assert.Equal(["Forslag nummer 1: flere pauser", "Forslag nummer 2: flere pauser"], texts.Answers.Select(a => a.Text).Order(StringComparer.Ordinal));
        Assert.All(texts.Answers, a => Assert.Equal("forslag", a.ItemId));
        Assert.Equal(2, (await leader.ListFreeTextAnswersAsync(new ListFreeTextAnswersRequest { Round = round.Name, Instrument = apv.Name, Unit = "odc-1" },
            cancellationToken: Ct)).Answers.Count);
        await AuthorizationAssert.PermissionDenied(() => host.ClientAs("hr").ListFreeTextAnswersAsync(
            new ListFreeTextAnswersRequest { Round = round.Name, Instrument = apv.Name, Unit = "odc-1" }, cancellationToken: Ct).ResponseAsync,
            AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "hr reads free text");
        await ApiAssert.RpcError(StatusCode.NotFound, () => host.ClientAs("work_environment_group", SurveysClaims.ForWorkEnvironmentUnits("odc-2"))
            .ListFreeTextAnswersAsync(new ListFreeTextAnswersRequest { Round = round.Name, Instrument = apv.Name, Unit = "odc-1" }, cancellationToken: Ct),
            "GROUP_NOT_FOUND");
        // HR who also leads another workplace sees afdeling 1's results, not its free text.
        await AuthorizationAssert.PermissionDenied(() => host.ClientAs(["hr", "manager"], SurveysClaims.ForManager("odc-leder-2")).ListFreeTextAnswersAsync(
            new ListFreeTextAnswersRequest { Round = round.Name, Instrument = apv.Name, Unit = "odc-1" }, cancellationToken: Ct).ResponseAsync,
            "governance.surveys", "FREE_TEXT_NOT_READABLE", "hr leading another workplace reads free text");
        await ApiAssert.FailedPrecondition(() => chief.ListFreeTextAnswersAsync(new ListFreeTextAnswersRequest { Round = round.Name, Instrument = apv.Name, Unit = "odc" },
            cancellationToken: Ct), "FREE_TEXT_PER_WORKPLACE");

        // Every read of results is in the audit log, with who read it.
        var audit = await Client.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = $"{round.Name}/results/{apv.Name["instruments/".Length..]}/odc-1" },
            cancellationToken: Ct);
        Assert.Contains(audit.Entries, e => e.Action == AuditAction.ClosedContentRead && e.Subject.StartsWith("manager-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Leadership_results_are_for_the_evaluated_manager_and_their_managers_only()
    {
        var respondents = Enumerable.Range(0, 10).Select(i => In(i < 5 ? "odc-1" : "odc-2", ("maal", 1 + (i % 5)))).ToList();
        var (round, instruments) = await RunAsync($"ledelse-{host.Store.ToLowerInvariant()}", ["ledelsesevaluering-skabelon"], ["odc"], respondents);
        var leadership = instruments[InstrumentKind.LeadershipEvaluation];
        var own = await host.ClientAs("manager", SurveysClaims.ForManager("odc-leder-1")).ListGroupResultsAsync(
            new ListGroupResultsRequest { Round = round.Name, Instrument = leadership.Name }, cancellationToken: Ct);
        var mine = Assert.Single(own.GroupResults);
        Assert.EndsWith("/managers/odc-leder-1", mine.Group, StringComparison.Ordinal);
        Assert.Equal((false, 5), (mine.Suppressed, mine.ResponseCount));

        var director = (await AllGroupsAsync(host.ClientAs("manager", SurveysClaims.ForManager("kd")), round, leadership)).ToDictionary(Id);
        Assert.Contains("odc-leder-1", director.Keys);
        Assert.False(director["odc-leder-2"].Suppressed);
        Assert.Equal(SuppressionReason.TooFewRespondents, director["byc-chef"].SuppressionReason);
        Assert.DoesNotContain("kommunen", director.Keys);
        // HR and the board: the municipality's total only.
        var hr = await AllGroupsAsync(host.ClientAs("hr"), round, leadership);
        Assert.Equal(["kommunen"], hr.Select(Id));
        await ApiAssert.RpcError(StatusCode.NotFound, () => host.ClientAs("executive").GetGroupResultsAsync(new GetGroupResultsRequest
        {
            Round = round.Name, Instrument = leadership.Name, Group = "odc-leder-1",
        }, cancellationToken: Ct), "GROUP_NOT_FOUND");
    }
}

public sealed class ResultsApiSqliteTests(SqliteRoundHost host) : ResultsApiTests(host), IClassFixture<SqliteRoundHost>;

public sealed class ResultsApiPostgresTests(PostgresRoundHost host) : ResultsApiTests(host), IClassFixture<PostgresRoundHost>;
