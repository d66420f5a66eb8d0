using Google.Protobuf.WellKnownTypes;
using Governance.Integration.Tests.Reminders;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Governance.Testing;
using Grpc.Core;
using SurveysAssert = Governance.Testing.ApiAssert<Governance.Integration.Tests.Surveys.SurveysErrorDomain>;

namespace Governance.Integration.Tests.Surveys;

/// <summary>The ErrorInfo domain of the Surveys API (surveys_service.proto).</summary>
public sealed class SurveysErrorDomain : IErrorDomain
{
    public static string Domain => "governance.surveys";
}

/// <summary>
/// Issue 12 end to end, through the public gRPC APIs only, with every service in one process: HR imports
/// an organisation of 367 employees and runs an APV, social capital and leadership round for all of them;
/// the employees answer with the link in their e-mail (most at once, some part-way and resumed, some only
/// after the reminder, some never); the clock brings the reminder days (to those who have not answered
/// only, each with a new link), the close (the links die) and the release; HR and the managers read the results
/// per unit (the workplace of three shows nothing, no shown group can be subtracted down to fewer than
/// five, and one workplace's scores are the ones computed here from what its employees answered); two
/// workplaces' managers make action plans; and the Reminders service has put the next APV on the board's
/// list and each plan item's deadline on its workplace's list, following the item to done.
/// </summary>
public abstract partial class SurveyRoundEndToEndTests(SurveyRoundHost host)
{
    private const int Minimum = 5;
    private const int Sensitive = 20;
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How an employee goes about the survey.</summary>
    private enum Conduct
    {
        /// <summary>Answers everything and submits at once.</summary>
        AtOnce,

        /// <summary>Saves half, comes back with the same link and submits, before the reminder.</summary>
        PartWayThenResumed,

        /// <summary>Saves half; comes back only with the reminder's link, finds the saved half and submits.</summary>
        PartWayThenResumedAfterReminder,

        /// <summary>Answers only after the reminder, with its link.</summary>
        AfterReminder,

        /// <summary>Never answers.</summary>
        Never,
    }

    /// <summary>Every tenth employee of a unit does the same: a unit of ten has one who never answers.</summary>
    private static Conduct ConductOf(Municipality.Employee e) => (e.Position % 10) switch
    {
        9 => Conduct.Never,
        8 => Conduct.PartWayThenResumedAfterReminder,
        7 => Conduct.AfterReminder,
        6 => Conduct.PartWayThenResumed,
        _ => Conduct.AtOnce,
    };

    private sealed record Respondent(Municipality.Employee Employee, Conduct Conduct, IReadOnlyList<Answer> Answers)
    {
        public IReadOnlyList<Answer> FirstHalf => [.. Answers.Take(Answers.Count / 2)];

        public IReadOnlyList<Answer> SecondHalf => [.. Answers.Skip(Answers.Count / 2)];
    }

    private static readonly string[] Suggestions =
    [
        "Flere fælles pauser i løbet af dagen", "Bedre lys og luft i kontorerne", "Faste møder om fordelingen af opgaverne",
        "Mere tid til faglig sparring med kollegerne", "Hurtigere svar fra de andre afdelinger",
    ];

    private SurveysService.SurveysServiceClient SurveysAs(string subject, string[] roles, params TokenClaim[] claims) =>
        new(host.Server.CreateChannel(host.Server.Tokens!.Issue(subject, roles, claims)));

    private SurveysService.SurveysServiceClient Manager(string managerId) => SurveysAs(managerId, ["manager"], SurveysClaims.ForManager(managerId));

    [Fact]
    public async Task A_round_for_the_whole_municipality_runs_from_the_invitations_to_the_action_plans_on_the_reminder_lists()
    {
        var hr = SurveysAs("hr-konsulent", ["hr"]);
        var answering = new SurveyAnsweringService.SurveyAnsweringServiceClient(host.Server.CreateChannel(bearerToken: null));
        await ReflectionListsTheSurveysServicesAsync();

        // The organisation and the instruments.
        var employees = Municipality.Employees;
        Assert.InRange(employees.Count, 300, 400);
        Assert.Equal((30, 25), (Municipality.Units.Count, Municipality.Workplaces.Count()));
        var version = await hr.ImportOrganisationAsync(Municipality.Import(), cancellationToken: Ct);
        var root = await hr.GetUnitAsync(new GetUnitRequest { Name = $"{version.Name}/units/{Municipality.Root}" }, cancellationToken: Ct);
        Assert.Equal(employees.Count, root.TotalHeadcount);
        var year = host.Clock.GetUtcNow().Year;
        var apv = await CopyAsync(hr, "apv-trivsel-skabelon", $"APV og trivsel {year}");
        var social = await CopyAsync(hr, "social-kapital-skabelon", $"Social kapital {year}");
        var leadership = await CopyAsync(hr, "ledelsesevaluering-skabelon", $"Ledelsesevaluering {year}");
        Assert.Equal([InstrumentKind.ApvWellbeing, InstrumentKind.SocialCapital, InstrumentKind.LeadershipEvaluation], [apv.Kind, social.Kind, leadership.Kind]);
        Instrument[] instruments = [apv, social, leadership];

        // The round: everyone, 14 days, reminders on day 7 and 11, released on day 17.
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var draft = await hr.CreateRoundAsync(new CreateRoundRequest
        {
            RoundId = $"trivsel-{year}",
            RequestId = Guid.NewGuid().ToString(),
            Round = new Round
            {
                DisplayName = $"APV, social kapital og ledelsesevaluering {year}", Instruments = { instruments.Select(i => i.Name) },
                TargetUnits = { Municipality.Root }, AnswerDays = 14, ReminderDays = { 7, 11 },
                PlannedOpenTime = Timestamp.FromDateTime(now), ReleaseTime = Timestamp.FromDateTime(now.AddDays(17)),
            },
        }, cancellationToken: Ct);
        var scheduled = await hr.ScheduleRoundAsync(new ScheduleRoundRequest { Name = draft.Name, Etag = draft.Etag }, cancellationToken: Ct);
        var opened = await hr.OpenRoundAsync(new OpenRoundRequest
        {
            Name = draft.Name, Etag = scheduled.Etag, Invitees = { employees.Select(e => new Invitee { Unit = e.Unit, Email = e.Email }) },
        }, cancellationToken: Ct);
        Assert.Equal((RoundState.Open, employees.Count, version.Name), (opened.State, opened.InvitedCount, opened.OrganisationVersion));
        var round = opened.Name;

        // One invitation each, with a link of its own.
        var letters = await host.Mailbox.WaitForAsync(l => l.Count(x => !x.Reminder) >= employees.Count, $"{employees.Count} invitations");
        var invitations = letters.Where(l => !l.Reminder).ToDictionary(l => l.To, l => l.Token, StringComparer.Ordinal);
        Assert.Equal(employees.Select(e => e.Email).Order(StringComparer.Ordinal), invitations.Keys.Order(StringComparer.Ordinal));
        Assert.All(invitations.Values, t => Assert.Equal(43, t.Length));
        Assert.Equal(employees.Count, invitations.Values.Distinct(StringComparer.Ordinal).Count());

        var respondents = employees.Select(e => new Respondent(e, ConductOf(e), AnswersOf(e, instruments))).ToList();
        var submitted = new HashSet<string>(StringComparer.Ordinal);

        // Before the reminder: most answer at once, some save half and come back with the same link.
        await Parallel.ForEachAsync(respondents, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (r, ct) =>
        {
            var token = invitations[r.Employee.Email];
            switch (r.Conduct)
            {
                case Conduct.AtOnce:
                    await SubmitAsync(answering, token, r.Answers, r.Answers.Count, ct);
                    break;
                case Conduct.PartWayThenResumed:
                    await SaveHalfAsync(answering, token, r, ct);
                    await ResumeAsync(answering, token, r, ct);
                    break;
                case Conduct.PartWayThenResumedAfterReminder:
                    await SaveHalfAsync(answering, token, r, ct);
                    break;
            }
        });
        submitted.UnionWith(respondents.Where(r => r.Conduct is Conduct.AtOnce or Conduct.PartWayThenResumed).Select(r => r.Employee.Email));
        Assert.Equal(submitted.Count, (await GetRoundAsync(hr, round)).ResponseCount);
        Assert.Equal(ExpectedRates(submitted), await ResponseRatesAsync(hr, round));
        var once = respondents.First(r => r.Conduct == Conduct.AtOnce);
        var used = invitations[once.Employee.Email];
        await SurveysAssert.FailedPrecondition(() => answering.SaveAnswersAsync(new SaveAnswersRequest { InvitationToken = used, Answers = { once.Answers[0] } },
            cancellationToken: Ct), "ALREADY_SUBMITTED");

        // Day 7: a reminder to each who has not submitted, and to no one else, with a new link; the old one is dead.
        var waiting = respondents.Where(r => !submitted.Contains(r.Employee.Email)).ToList();
        host.Clock.Advance(7 * Day + TimeSpan.FromHours(1));
        letters = await host.Mailbox.WaitForAsync(l => l.Count(x => x.Reminder) >= waiting.Count, $"{waiting.Count} reminders");
        var reminderLetters = letters.Where(l => l.Reminder).ToList();
        Assert.Equal(waiting.Select(r => r.Employee.Email).Order(StringComparer.Ordinal), reminderLetters.Select(l => l.To).Order(StringComparer.Ordinal));
        var newLinks = reminderLetters.ToDictionary(l => l.To, l => l.Token, StringComparer.Ordinal);
        Assert.All(newLinks, l => Assert.NotEqual(invitations[l.Key], l.Value));
        var late = waiting.First(r => r.Conduct == Conduct.AfterReminder).Employee.Email;
        await SurveysAssert.RpcError(StatusCode.NotFound, () => answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = invitations[late] },
            cancellationToken: Ct), "INVITATION_NOT_FOUND");

        // After the reminder: those who saved half find it kept under the new link; the late ones answer.
        await Parallel.ForEachAsync(waiting, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (r, ct) =>
        {
            var token = newLinks[r.Employee.Email];
            switch (r.Conduct)
            {
                case Conduct.PartWayThenResumedAfterReminder:
                    await ResumeAsync(answering, token, r, ct);
                    break;
                case Conduct.AfterReminder:
                    await SubmitAsync(answering, token, r.Answers, r.Answers.Count, ct);
                    break;
            }
        });
        submitted.UnionWith(waiting.Where(r => r.Conduct != Conduct.Never).Select(r => r.Employee.Email));
        Assert.Equal(submitted.Count, (await GetRoundAsync(hr, round)).ResponseCount);
        Assert.Equal(ExpectedRates(submitted), await ResponseRatesAsync(hr, round));

        // Day 11: the second reminder, to those who have still not answered and no one else; their first reminder's link is dead.
        var silent = waiting.Where(r => r.Conduct == Conduct.Never).Select(r => r.Employee.Email).ToList();
        host.Clock.Advance(4 * Day);
        letters = await host.Mailbox.WaitForAsync(l => l.Count(x => x.Reminder) >= reminderLetters.Count + silent.Count, $"{silent.Count} second reminders");
        var secondLetters = letters.Where(l => l.Reminder && !reminderLetters.Contains(l)).ToList();
        Assert.Equal(silent.Order(StringComparer.Ordinal), secondLetters.Select(l => l.To).Order(StringComparer.Ordinal));
        var lastLinks = secondLetters.ToDictionary(l => l.To, l => l.Token, StringComparer.Ordinal);
        var never = silent[0];
        await SurveysAssert.RpcError(StatusCode.NotFound, () => answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = newLinks[never] },
            cancellationToken: Ct), "INVITATION_NOT_FOUND");
        Assert.Empty((await answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = lastLinks[never] }, cancellationToken: Ct)).Answers);

        // Day 14: closed by itself; every link is dead, answered or not; nothing shows before the release.
        host.Clock.Advance(3 * Day);
        var closed = await WaitForStateAsync(hr, round, RoundState.Closed);
        Assert.Equal((employees.Count, submitted.Count), (closed.InvitedCount, closed.ResponseCount));
        foreach (var token in new[] { lastLinks[never], used, newLinks[late] })
        {
            await SurveysAssert.RpcError(StatusCode.NotFound, () => answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token },
                cancellationToken: Ct), "INVITATION_NOT_FOUND");
        }
        await SurveysAssert.FailedPrecondition(() => hr.ListGroupResultsAsync(new ListGroupResultsRequest { Round = round, Instrument = apv.Name },
            cancellationToken: Ct), "ROUND_NOT_RELEASED");
        Assert.Equal(ExpectedRates(submitted), await ResponseRatesAsync(hr, round));

        // Day 17: released by itself.
        host.Clock.Advance(3 * Day);
        var released = await WaitForStateAsync(hr, round, RoundState.Released);
        Assert.NotNull(released.ReleasedTime);

        // What HR reads: every unit, the workplace of three and whatever protects another group hidden.
        var answered = respondents.Where(r => submitted.Contains(r.Employee.Email)).ToList();
        var byUnit = new Dictionary<Instrument, IReadOnlyDictionary<string, GroupResults>>();
        foreach (var instrument in new[] { apv, social })
        {
            var groups = await AllGroupsAsync(hr, round, instrument);
            Assert.Equal(Municipality.Units.Select(u => u.Id).Order(StringComparer.Ordinal), groups.Keys);
            AssertSuppressedGroupsShowNothing(groups.Values);
            var small = groups[Municipality.SmallWorkplace];
            Assert.Equal((true, SuppressionReason.TooFewRespondents), (small.Suppressed, small.SuppressionReason));
            AssertNoHiddenGroupCanBeComputed(groups, Municipality.IsWithin, g => !g.Suppressed, Minimum, instrument.DisplayName);
            AssertNoHiddenGroupCanBeComputed(groups, Municipality.IsWithin, ShowsSensitiveItems, Sensitive, instrument.DisplayName + " (sensitive items)");
            // BYC's own two staff are BYC less its workplaces: one more group is hidden for them.
            Assert.True(groups.Values.Any(g => g.SuppressionReason == SuppressionReason.ProtectsAnotherGroup), "No group is hidden to protect another.");
            var total = groups[Municipality.Root];
            Assert.Equal((false, employees.Count, answered.Count), (total.Suppressed, total.InvitedCount, total.ResponseCount));
            Assert.All(total.Themes.Where(t => t.Score.HasValue), t => Assert.InRange(t.Score.Value, 50, 95));
            Assert.All(groups.Values.SelectMany(g => g.Themes).SelectMany(t => t.Items).Where(i => i.Score?.HasValue == true), i => Assert.InRange(i.Score.Value, 0, 100));
            byUnit[instrument] = groups;
        }
        var single = await hr.GetGroupResultsAsync(new GetGroupResultsRequest { Round = round, Instrument = apv.Name, Group = Municipality.SmallWorkplace },
            cancellationToken: Ct);
        Assert.Equal(byUnit[apv][Municipality.SmallWorkplace], single);

        // One workplace computed here from what its employees answered.
        var spot = new[] { "odc-regnskab", "hrc-loen", "byc-plan" }.First(w => !byUnit[apv][w].Suppressed && !byUnit[social][w].Suppressed);
        var spotAnswers = answered.Where(r => r.Employee.Unit == spot).Select(r => r.Answers).ToList();
        Assert.InRange(spotAnswers.Count, Minimum, Sensitive - 1);
        AssertAsComputed(byUnit[apv][spot], apv, spotAnswers);
        AssertAsComputed(byUnit[social][spot], social, spotAnswers);

        // What managers read: their own part of the tree, the same as HR reads it.
        var centreHead = Manager("hrc-chef");
        var centre = await AllGroupsAsync(centreHead, round, apv);
        Assert.Equal(Municipality.Units.Where(u => Municipality.IsWithin(u.Id, "hrc")).Select(u => u.Id).Order(StringComparer.Ordinal), centre.Keys);
        Assert.All(centre, g => Assert.Equal(byUnit[apv][g.Key], g.Value));
        await SurveysAssert.RpcError(StatusCode.NotFound, () => centreHead.GetGroupResultsAsync(new GetGroupResultsRequest
        {
            Round = round, Instrument = apv.Name, Group = spot,
        }, cancellationToken: Ct), "GROUP_NOT_FOUND");
        var smallLeader = Manager(Municipality.ById[Municipality.SmallWorkplace].Manager);
        var own = Assert.Single(await AllGroupsAsync(smallLeader, round, apv));
        Assert.Equal((Municipality.SmallWorkplace, true), (own.Key, own.Value.Suppressed));
        await SurveysAssert.FailedPrecondition(() => smallLeader.ListFreeTextAnswersAsync(new ListFreeTextAnswersRequest
        {
            Round = round, Instrument = apv.Name, Unit = Municipality.SmallWorkplace,
        }, cancellationToken: Ct), "GROUP_SUPPRESSED");
        var spotLeader = Manager(Municipality.ById[spot].Manager);
        var texts = await spotLeader.ListFreeTextAnswersAsync(new ListFreeTextAnswersRequest { Round = round, Instrument = apv.Name, Unit = spot, PageSize = 200 },
            cancellationToken: Ct);
        Assert.Equal(TextsOf(spotAnswers, apv), texts.Answers.Select(a => $"{a.ItemId}: {a.Text}").Order(StringComparer.Ordinal));

        // Leadership: each leader their own group, the director every manager's, HR the total only.
        var mine = Assert.Single((await AllGroupsAsync(spotLeader, round, leadership)).Values);
        AssertAsComputed(mine, leadership, spotAnswers);
        var managers = await AllGroupsAsync(Manager(Municipality.Director), round, leadership);
        Assert.Equal(SuppressionReason.TooFewRespondents, managers[Municipality.ById[Municipality.SmallWorkplace].Manager].SuppressionReason);
        AssertSuppressedGroupsShowNothing(managers.Values);
        var leadershipTotal = Assert.Single(await AllGroupsAsync(hr, round, leadership));
        Assert.Equal((Municipality.Root, false, answered.Count), (leadershipTotal.Key, leadershipTotal.Value.Suppressed, leadershipTotal.Value.ResponseCount));
        var everyone = new Dictionary<string, GroupResults>(managers) { [Municipality.Root] = leadershipTotal.Value };
        AssertNoHiddenGroupCanBeComputed(everyone, (group, above) => group == above || above == Municipality.Root, g => !g.Suppressed, Minimum,
            leadership.DisplayName);

        // Action plans of two workplaces, each made by its own leader.
        var today = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime);
        var spotItem = await spotLeader.CreateActionPlanItemAsync(new CreateActionPlanItemRequest
        {
            Parent = round, RequestId = Guid.NewGuid().ToString(),
            ActionPlanItem = new ActionPlanItem
            {
                Unit = spot, Problem = "Mange oplever uklare forventninger til opgaverne", Action = "Månedlige teammøder om opgaver og prioriteringer",
                Responsible = "Leder og AMR", Deadline = Date(today.AddMonths(4)),
            },
        }, cancellationToken: Ct);
        var road = "byc-vej";
        var roadItem = await Manager(Municipality.ById[road].Manager).CreateActionPlanItemAsync(new CreateActionPlanItemRequest
        {
            Parent = round, RequestId = Guid.NewGuid().ToString(),
            ActionPlanItem = new ActionPlanItem
            {
                Unit = road, Problem = "Tunge løft ved vedligeholdelse af parkerne", Action = "Nye løftehjælpemidler og instruktion i brugen",
                Responsible = "Driftsleder og AMR", Deadline = Date(today.AddMonths(6)),
            },
        }, cancellationToken: Ct);
        Assert.Equal((ActionPlanItemState.Open, ActionPlanItemState.Open), (spotItem.State, roadItem.State));

        // The Reminders service: the next APV on the board's list three years on, each deadline on its workplace's list.
        var reminders = new RemindersDriver(host.Server.CreateChannel(host.Server.Tokens!.Issue("medarbejder", ["employee_reader"])));
        var boardList = await reminders.WaitForAsync("bodies/direktionen", all => all.Any(r => r.SurveyRound == round), "the next APV");
        var next = Assert.Single(boardList, r => r.SurveyRound == round);
        Assert.Equal((ReminderOrigin.SurveyNextRound, ReminderState.Open, "", $"Næste APV skal gennemføres (seneste: {opened.DisplayName})"),
            (next.Origin, next.State, next.ActionPlanItem, next.Subject));
        Assert.Equal(Date(DateOnly.FromDateTime(Governance.Kernel.CopenhagenTime.ToLocal(opened.OpenTime.ToDateTime())).AddYears(3)), next.ExpectedTime.Date);
        Assert.Equal(["HRC"], next.Responsible);
        var spotReminder = await ReminderOfAsync(reminders, spotItem);
        var roadReminder = await ReminderOfAsync(reminders, roadItem);
        foreach (var (item, reminder) in new[] { (spotItem, spotReminder), (roadItem, roadReminder) })
        {
            Assert.StartsWith($"bodies/apv-{item.Unit}/reminders/", reminder.Name, StringComparison.Ordinal);
            Assert.Equal((ReminderOrigin.SurveyActionPlan, ReminderState.Open, round, $"APV-handlingsplan: {item.Action}", item.Deadline),
                (reminder.Origin, reminder.State, reminder.SurveyRound, reminder.Subject, reminder.ExpectedTime.Date));
            Assert.Equal([Municipality.ById[item.Unit].DisplayName], reminder.Responsible);
        }

        // The item done: its reminder done, by the Surveys feed; the other workplace's stays open.
        var done = await spotLeader.UpdateActionPlanItemAsync(new UpdateActionPlanItemRequest
        {
            ActionPlanItem = new ActionPlanItem { Name = spotItem.Name, State = ActionPlanItemState.Done }, UpdateMask = new FieldMask { Paths = { "state" } },
            Etag = spotItem.Etag,
        }, cancellationToken: Ct);
        Assert.Equal(ActionPlanItemState.Done, done.State);
        var doneReminder = Assert.Single(await reminders.WaitForAsync($"bodies/apv-{spot}",
            all => all.Any(r => r.ActionPlanItem == spotItem.Name && r.State == ReminderState.Done), "the done item's reminder done"));
        Assert.Equal((spotReminder.Name, "surveys"), (doneReminder.Name, doneReminder.StateChangedBy));
        Assert.Equal(ReminderState.Open, (await ReminderOfAsync(reminders, roadItem)).State);

        var apvGroups = byUnit[apv].Values;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{host.Kind}: {employees.Count} employees in {Municipality.Units.Count} units, {answered.Count} responses, {reminderLetters.Count} reminded on day 7 and {secondLetters.Count} on day 11; " +
            $"APV groups shown {apvGroups.Count(g => !g.Suppressed)}, suppressed {apvGroups.Count(g => g.Suppressed)} " +
            $"({apvGroups.Count(g => g.SuppressionReason == SuppressionReason.TooFewRespondents)} too few, " +
            $"{apvGroups.Count(g => g.SuppressionReason == SuppressionReason.ProtectsAnotherGroup)} protecting another); " +
            $"managers shown {managers.Values.Count(g => !g.Suppressed)} of {managers.Count}; spot-checked {spot}.");
    }
}
