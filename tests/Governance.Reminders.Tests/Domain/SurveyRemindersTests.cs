using Governance.Reminders.Consumers;
using Governance.Reminders.Domain;
using Governance.Reminders.V1;
using Microsoft.Extensions.Configuration;
using ExpectedTime = Governance.Reminders.Domain.ExpectedTime;
using static Governance.Reminders.Tests.Domain.ReminderFixtures;

namespace Governance.Reminders.Tests.Domain;

/// <summary>The reminders made from the Surveys events: the next APV, and the deadlines of action plan
/// items followed through their versions and states.</summary>
public sealed class SurveyRemindersTests
{
    private const string Round = "rounds/apv-2017";
    private const string Item = "rounds/apv-2017/actionPlanItems/a1";
    private static readonly DateTime Released = Utc(2017, 5, 2, 9);
    private static readonly Responsible Hr = new(["HRC"], false);

    private static NextRoundFacts NextRound(long version = 1, DateOnly? due = null, string displayName = "APV 2017") =>
        new(Round, displayName, due ?? new DateOnly(2020, 3, 1), Released, version);

    private static ActionPlanItemFacts Facts(long version, string state = "OPEN", DateOnly? deadline = null, string action = "Afklaringsmøde om roller i hvert team",
        string unitDisplayName = "Børnehuset Solsikken") =>
        new(Item, Round, "solsikken", unitDisplayName, "Mange oplever uklare forventninger", action, "Leder og AMR",
            deadline ?? new DateOnly(2017, 10, 1), state, Released.AddDays(version), version);

    /// <summary>The item's reminder as the consumer stores it: the plan's new record, placed first if open.</summary>
    private static ReminderRecord Made(ActionPlanItemFacts f)
    {
        var made = SurveyReminders.PlanActionPlanItem(f, null, "apv-solsikken", "r1", Released).New!;
        return made.State == ReminderState.Open ? made with { Position = 1 } : made;
    }

    private static ReminderRecord Changed(ReminderRecord existing, ActionPlanItemFacts f, DateTime now)
    {
        var plan = SurveyReminders.PlanActionPlanItem(f, existing, "apv-solsikken", "unused", now);
        Assert.Null(plan.New);
        Assert.Same(existing, plan.Before);
        return plan.After!;
    }

    [Fact]
    public void A_released_round_makes_the_next_APV_a_reminder_for_HR_on_its_due_date()
    {
        var plan = SurveyReminders.PlanNextRound(NextRound(), null, "direktionen", Hr, "r1", Released);

        var r = Assert.IsType<ReminderRecord>(plan.New);
        Assert.Equal("Næste APV skal gennemføres (seneste: APV 2017)", r.Subject);
        Assert.Equal(new ExpectedTime.OnDate(new DateOnly(2020, 3, 1)), r.ExpectedTime);
        Assert.Equal(Hr, r.Responsible);
        Assert.Equal(("direktionen", ReminderOrigin.SurveyNextRound, ReminderState.Open), (r.BodyId, r.Origin, r.State));
        Assert.Equal((Round, "rounds/apv-2017#next-round", Released, 1L), (r.Source, r.SourceKey, r.SourceAt, r.SourceVersion));
        Assert.Contains("APV 2017 (rounds/apv-2017)", r.Notes, StringComparison.Ordinal);
        Assert.Contains("mindst hvert 3. år", r.Notes, StringComparison.Ordinal);
        // 08:00 in Copenhagen (CET) on the due date.
        Assert.Equal(Utc(2020, 3, 1, 7), r.NextDueAt);
        Assert.Null(plan.After);
    }

    [Fact]
    public void The_next_APV_of_a_round_is_replaced_only_by_a_newer_version_and_keeps_its_responsible_and_state()
    {
        var made = SurveyReminders.PlanNextRound(NextRound(), null, "direktionen", Hr, "r1", Released).New! with { Position = 3 };
        var kept = made with { Responsible = new Responsible(["HRC/AM"], false) };

        Assert.Equal(SurveyReminderPlan.Nothing, SurveyReminders.PlanNextRound(NextRound(version: 1), kept, "direktionen", Hr, "r2", Released));

        var later = Released.AddDays(1);
        var plan = SurveyReminders.PlanNextRound(NextRound(version: 2, due: new DateOnly(2020, 2, 1), displayName: "APV 2017 (rettet)"), kept,
            "direktionen", Hr, "r2", later);
        var after = plan.After!;
        Assert.Equal((made.Id, 3, ReminderState.Open), (after.Id, after.Position, after.State));
        Assert.Equal("Næste APV skal gennemføres (seneste: APV 2017 (rettet))", after.Subject);
        Assert.Equal(new ExpectedTime.OnDate(new DateOnly(2020, 2, 1)), after.ExpectedTime);
        Assert.Equal(new Responsible(["HRC/AM"], false), after.Responsible);
        Assert.Equal((2L, 2L, later), (after.SourceVersion, after.Version, after.UpdatedAt));
    }

    [Fact]
    public void An_action_plan_item_becomes_a_reminder_of_its_deadline_for_the_workplace_with_the_whole_item_in_the_notes()
    {
        var r = Made(Facts(1));

        Assert.Equal("APV-handlingsplan: Afklaringsmøde om roller i hvert team", r.Subject);
        Assert.Equal(new Responsible(["Børnehuset Solsikken"], false), r.Responsible);
        Assert.Equal(new ExpectedTime.OnDate(new DateOnly(2017, 10, 1)), r.ExpectedTime);
        Assert.Equal(
            "Arbejdsplads: Børnehuset Solsikken\nAnsvarlig på arbejdspladsen: Leder og AMR\nProblem: Mange oplever uklare forventninger\n" +
            "Handling: Afklaringsmøde om roller i hvert team", r.Notes);
        Assert.Equal((ReminderOrigin.SurveyActionPlan, ReminderState.Open, "apv-solsikken"), (r.Origin, r.State, r.BodyId));
        Assert.Equal((Item, Item + "#deadline", 1L), (r.Source, r.SourceKey, r.SourceVersion));
    }

    [Fact]
    public void A_long_action_is_cut_on_one_line_in_the_subject_and_the_notes_stay_within_their_limit()
    {
        var action = "Trivselsmøde\nmed alle " + new string('x', 1990);
        var r = Made(Facts(1, action: action));

        Assert.Equal(500, r.Subject.Length);
        Assert.StartsWith("APV-handlingsplan: Trivselsmøde med alle xxx", r.Subject, StringComparison.Ordinal);
        Assert.EndsWith("…", r.Subject, StringComparison.Ordinal);
        Assert.Equal(2000, r.Notes.Length);
        Assert.Contains("Handling: Trivselsmøde\nmed alle xxx", r.Notes, StringComparison.Ordinal);
        Assert.EndsWith("…", r.Notes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Børnehuset Solsikken", "solsikken", "Børnehuset Solsikken")]
    [InlineData("  Skole\n Vest ", "skole-vest", "Skole Vest")]
    [InlineData("Center for Økonomi, Digitalisering og Ejendomme", "oede", "oede")]
    [InlineData("Skole/SFO Vest", "skole-sfo-vest", "skole-sfo-vest")]
    [InlineData("", "solsikken", "solsikken")]
    [InlineData("Daginstitutionsområdet for de nordlige og vestlige bydele", "dagtilbud-nord-vest", "dagtilbud-nord-vest")]
    public void The_workplace_is_responsible_by_its_name_when_the_list_can_print_it_else_by_its_id(string displayName, string unit, string party) =>
        Assert.Equal(party, SurveyReminders.Party(displayName, unit));

    [Fact]
    public void A_changed_deadline_moves_the_same_reminder_and_an_older_version_arriving_late_changes_nothing()
    {
        var made = Made(Facts(1));
        var later = Released.AddDays(2);
        var moved = Changed(made, Facts(2, state: "IN_PROGRESS", deadline: new DateOnly(2017, 11, 15)), later);

        Assert.Equal((made.Id, 1, ReminderState.Open), (moved.Id, moved.Position, moved.State));
        Assert.Equal(new ExpectedTime.OnDate(new DateOnly(2017, 11, 15)), moved.ExpectedTime);
        Assert.Equal(Utc(2017, 11, 15, 7), moved.NextDueAt);
        Assert.Equal((2L, 2L), (moved.SourceVersion, moved.Version));

        Assert.Equal(SurveyReminderPlan.Nothing, SurveyReminders.PlanActionPlanItem(Facts(1), moved, "apv-solsikken", "r2", later));
        Assert.Equal(SurveyReminderPlan.Nothing, SurveyReminders.PlanActionPlanItem(Facts(2), moved, "apv-solsikken", "r2", later));
    }

    [Fact]
    public void A_done_item_makes_its_reminder_done_a_cancelled_one_dropped_and_a_reopened_one_open_again_last()
    {
        var made = Made(Facts(1));
        var at = Released.AddDays(3);
        var done = Changed(made, Facts(2, state: "DONE"), at);
        Assert.Equal((ReminderState.Done, SurveyReminders.Actor, at, 0), (done.State, done.StateChangedBy, done.StateChangedAt, done.Position));
        Assert.Null(done.NextDueAt);
        Assert.Equal(2L, done.Version);

        var cancelled = Changed(done, Facts(3, state: "CANCELLED"), at);
        Assert.Equal((ReminderState.Dropped, SurveyReminders.Actor, 0, 3L), (cancelled.State, cancelled.StateChangedBy, cancelled.Position, cancelled.Version));

        var reopened = Changed(cancelled, Facts(4, state: "OPEN", deadline: new DateOnly(2018, 1, 15)), at);
        // Position 0 while open: the consumer gives it the last place.
        Assert.Equal((ReminderState.Open, 0, 4L), (reopened.State, reopened.Position, reopened.Version));
        Assert.Equal(Utc(2018, 1, 15, 7), reopened.NextDueAt);
    }

    [Fact]
    public void A_state_the_secretary_set_by_hand_stays_while_the_item_still_changes_the_rest()
    {
        var made = Made(Facts(1));
        var byHand = ReminderLifecycle.Change(made, ReminderState.Done, "sekretær", Released.AddDays(1), 0);

        var changed = Changed(byHand, Facts(2, state: "IN_PROGRESS", deadline: new DateOnly(2017, 12, 1)), Released.AddDays(2));
        Assert.Equal((ReminderState.Done, "sekretær"), (changed.State, changed.StateChangedBy));
        Assert.Equal(new ExpectedTime.OnDate(new DateOnly(2017, 12, 1)), changed.ExpectedTime);
        Assert.Null(changed.NextDueAt);

        var cancelled = Changed(changed, Facts(3, state: "CANCELLED"), Released.AddDays(3));
        Assert.Equal((ReminderState.Done, "sekretær"), (cancelled.State, cancelled.StateChangedBy));
    }

    [Fact]
    public void An_item_first_heard_of_as_done_is_kept_off_the_list_so_its_older_events_change_nothing()
    {
        var plan = SurveyReminders.PlanActionPlanItem(Facts(3, state: "DONE"), null, "apv-solsikken", "r1", Released);
        var made = plan.New!;
        Assert.Equal((ReminderState.Done, SurveyReminders.Actor, 0, 1L, 3L), (made.State, made.StateChangedBy, made.Position, made.Version, made.SourceVersion));
        Assert.Null(made.NextDueAt);

        Assert.Equal(SurveyReminderPlan.Nothing, SurveyReminders.PlanActionPlanItem(Facts(1), made, "apv-solsikken", "r2", Released));
    }

    [Theory]
    [InlineData("OPEN", ReminderState.Open)]
    [InlineData("IN_PROGRESS", ReminderState.Open)]
    [InlineData("DONE", ReminderState.Done)]
    [InlineData("CANCELLED", ReminderState.Dropped)]
    public void Each_item_state_has_its_reminder_state(string itemState, ReminderState state) =>
        Assert.Equal(state, SurveyReminders.StateOf(itemState));

    [Fact]
    public void An_item_state_this_service_does_not_know_is_refused_not_guessed_at() =>
        Assert.Throws<FormatException>(() => SurveyReminders.PlanActionPlanItem(Facts(1, state: "POSTPONED"), null, "apv-solsikken", "r1", Released));

    [Theory]
    [InlineData("apv-{unit}", "solsikken", "apv-solsikken")]
    [InlineData("hovedudvalget", "solsikken", "hovedudvalget")]
    [InlineData("{unit}", "skole-vest", "skole-vest")]
    public void The_action_plan_list_is_the_setting_with_the_unit_id_put_in(string pattern, string unit, string body) =>
        Assert.Equal(body, SurveyReminders.ActionPlanBody(pattern, unit));

    [Fact]
    public void A_unit_id_that_makes_no_body_id_is_refused() =>
        Assert.Throws<FormatException>(() => SurveyReminders.ActionPlanBody("apv-{unit}", "Solsikken Øst"));

    [Theory]
    [InlineData("rounds/apv-2017/actionPlanItems/a1", "rounds/apv-2017", true)]
    [InlineData("rounds/apv-2018/actionPlanItems/a1", "rounds/apv-2017", false)]
    [InlineData("rounds/apv-2017/items/a1", "rounds/apv-2017", false)]
    [InlineData("rounds/apv-2017/actionPlanItems/", "rounds/apv-2017", false)]
    [InlineData("rounds/apv-2017/actionPlanItems/a1", "apv-2017", false)]
    public void Surveys_names_are_checked_where_they_enter(string item, string round, bool valid)
    {
        if (valid)
        {
            Assert.Equal(item, SurveysNames.ActionPlanItem(item, round));
            Assert.Equal(round, SurveysNames.RoundOfItem(item));
        }
        else
        {
            Assert.Throws<FormatException>(() => SurveysNames.ActionPlanItem(item, round));
        }
    }

    [Fact]
    public void Without_settings_the_next_APV_goes_to_the_boards_list_for_HRC_and_action_plans_to_one_list_per_workplace()
    {
        var options = SurveysFeedOptions.From(new ConfigurationBuilder().Build());

        Assert.Equal("direktionen", options.NextRoundBody);
        Assert.Equal(new Responsible(["HRC"], false), options.NextRoundResponsible);
        Assert.Equal("apv-{unit}", options.ActionPlanBody);
    }

    [Fact]
    public void The_settings_name_other_lists_and_parties()
    {
        var options = SurveysFeedOptions.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Governance:Reminders:Surveys:NextRoundBody"] = "hr-ledelse",
            ["Governance:Reminders:Surveys:NextRoundResponsible"] = "HRC/AM, AMO",
            ["Governance:Reminders:Surveys:ActionPlanBody"] = "hovedudvalget",
        }).Build());

        Assert.Equal("hr-ledelse", options.NextRoundBody);
        Assert.Equal(new Responsible(["HRC/AM", "AMO"], false), options.NextRoundResponsible);
        Assert.Equal("hovedudvalget", options.ActionPlanBody);
    }
}
