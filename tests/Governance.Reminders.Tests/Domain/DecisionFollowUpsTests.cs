using Governance.Reminders.Domain;
using Governance.Reminders.V1;
using ExpectedTime = Governance.Reminders.Domain.ExpectedTime;
using static Governance.Reminders.Tests.Domain.ReminderFixtures;

namespace Governance.Reminders.Tests.Domain;

public sealed class DecisionFollowUpsTests
{
    private const string Decision = "meetings/m1/items/i7/decisions/d1";
    private static readonly DateTime Recorded = Utc(2014, 8, 11, 10);

    private static DecisionFacts Facts(DateTime at, params FollowUp[] followUps) =>
        new(Decision, null, "meetings/m1", "direktionen", "14/01234", false, followUps, at);

    private static FollowUp F(string description, string unit = "ØDC", DateOnly? due = null) => new(description, unit, due);

    /// <summary>The reminders a plan's new drafts become, as the consumer stores them.</summary>
    private static List<ReminderRecord> Made(FollowUpPlan plan, DateTime at) =>
        [.. plan.New.Select((d, i) => ReminderEdits.New(d, $"r{i + 1}", "direktionen", i + 1, ReminderOrigin.DecisionFollowUp, plan.NewKeys[i], at) with
            { Source = Decision, SourceAt = at })];

    [Fact]
    public void Each_follow_up_of_a_new_decision_becomes_a_new_reminder_keyed_by_its_number()
    {
        var plan = DecisionFollowUps.Plan(Facts(Recorded, F("Konsekvensbeskrivelser", due: new DateOnly(2014, 8, 28)), F("Orientering af MED", "HRC")), Decision, [], Recorded);

        Assert.Equal([$"{Decision}#follow-up-1", $"{Decision}#follow-up-2"], plan.NewKeys);
        Assert.Equal(["Konsekvensbeskrivelser", "Orientering af MED"], plan.New.Select(d => d.Subject));
        Assert.Equal(new ExpectedTime.OnDate(new DateOnly(2014, 8, 28)), plan.New[0].ExpectedTime);
        Assert.Equal(new ExpectedTime.FreeText(""), plan.New[1].ExpectedTime);
        Assert.Equal(new Responsible(["HRC"], false), plan.New[1].Responsible);
        Assert.All(plan.New, d => Assert.Equal((Decision, "meetings/m1", "14/01234", false), (d.Decision, d.Meeting, d.JournalNumber, d.Closed)));
        Assert.Empty(plan.Changed);
        Assert.Empty(plan.Dropped);
    }

    [Fact]
    public void A_republished_decision_changes_its_reminders_in_place()
    {
        var first = Made(DecisionFollowUps.Plan(Facts(Recorded, F("Konsekvensbeskrivelser")), Decision, [], Recorded), Recorded);
        var later = Recorded.AddHours(2);
        var plan = DecisionFollowUps.Plan(Facts(later, F("Konsekvensbeskrivelser, rettet", "BYC", new DateOnly(2014, 9, 15))), Decision, first, later);

        Assert.Empty(plan.New);
        Assert.Empty(plan.Dropped);
        var changed = Assert.Single(plan.Changed);
        Assert.Equal((first[0].Id, first[0].SourceKey), (changed.Id, changed.SourceKey));
        Assert.Equal(("Konsekvensbeskrivelser, rettet", new Responsible(["BYC"], false)), (changed.Subject, changed.Responsible));
        Assert.Equal(new ExpectedTime.OnDate(new DateOnly(2014, 9, 15)), changed.ExpectedTime);
        Assert.Equal((later, 2L, later), (changed.SourceAt, changed.Version, changed.UpdatedAt));
        Assert.Equal(Utc(2014, 9, 15, 6), changed.NextDueAt);
    }

    [Fact]
    public void A_follow_up_the_newer_version_no_longer_has_is_dropped_unless_it_was_done()
    {
        var made = Made(DecisionFollowUps.Plan(Facts(Recorded, F("A"), F("B"), F("C")), Decision, [], Recorded), Recorded);
        made[2] = ReminderLifecycle.Change(made[2], ReminderState.Done, "sekretær", Recorded.AddHours(1), 0);
        var later = Recorded.AddHours(2);
        var plan = DecisionFollowUps.Plan(Facts(later, F("A")), Decision, made, later);

        Assert.Equal(made[0].Id, Assert.Single(plan.Changed).Id);
        var (before, after) = Assert.Single(plan.Dropped);
        Assert.Equal(made[1], before);
        Assert.Equal((ReminderState.Dropped, DecisionFollowUps.Actor, later, later, 0), (after.State, after.StateChangedBy, after.StateChangedAt, after.SourceAt, after.Position));
        Assert.Empty(plan.New);
    }

    [Fact]
    public void A_follow_up_added_by_the_newer_version_is_new()
    {
        var made = Made(DecisionFollowUps.Plan(Facts(Recorded, F("A")), Decision, [], Recorded), Recorded);
        var later = Recorded.AddHours(2);
        var plan = DecisionFollowUps.Plan(Facts(later, F("A"), F("B")), Decision, made, later);

        Assert.Single(plan.Changed);
        Assert.Equal([$"{Decision}#follow-up-2"], plan.NewKeys);
        Assert.Equal("B", Assert.Single(plan.New).Subject);
    }

    [Fact]
    public void A_closed_item_keeps_what_was_made_but_closes_it()
    {
        var made = Made(DecisionFollowUps.Plan(Facts(Recorded, F("A"), F("B")), Decision, [], Recorded), Recorded);
        var later = Recorded.AddHours(2);
        var plan = DecisionFollowUps.Plan(Facts(later) with { Closed = true }, Decision, made, later);

        Assert.Empty(plan.New);
        Assert.Empty(plan.Dropped);
        Assert.Equal(made.Select(r => r.Id), plan.Changed.Select(r => r.Id));
        Assert.All(plan.Changed, r => Assert.Equal((true, later, 2L, ReminderState.Open), (r.Closed, r.SourceAt, r.Version, r.State)));
        Assert.Equal(["A", "B"], plan.Changed.Select(r => r.Subject));
    }

    [Fact]
    public void A_stale_event_arriving_after_a_newer_one_changes_nothing()
    {
        var later = Recorded.AddHours(2);
        var made = Made(DecisionFollowUps.Plan(Facts(later, F("Rettet")), Decision, [], later), later);
        var plan = DecisionFollowUps.Plan(Facts(Recorded, F("Oprindelig"), F("Mere")), Decision, made, later.AddMinutes(1));

        Assert.Equal((0, 0, 0, 0), (plan.New.Count, plan.NewKeys.Count, plan.Changed.Count, plan.Dropped.Count));
        // Also a stale closed one: nothing is closed by an older version.
        var closedPlan = DecisionFollowUps.Plan(Facts(Recorded) with { Closed = true }, Decision, made, later.AddMinutes(1));
        Assert.Empty(closedPlan.Changed);
    }

    [Fact]
    public void A_correction_keeps_the_chains_first_decision_as_source()
    {
        var original = Facts(Recorded);
        Assert.Equal(Decision, DecisionFollowUps.SourceOf(original, sourceOfCorrected: null));

        var correction = original with { Decision = "meetings/m1/items/i7/decisions/d2", Corrects = Decision };
        // The corrected decision's reminders are kept under their source; without any, the corrected decision is it.
        Assert.Equal(Decision, DecisionFollowUps.SourceOf(correction, sourceOfCorrected: null));
        Assert.Equal(Decision, DecisionFollowUps.SourceOf(correction with { Decision = "meetings/m1/items/i7/decisions/d3", Corrects = correction.Decision }, Decision));

        // The correction's plan under that source updates the same reminders, and links the newest decision.
        var made = Made(DecisionFollowUps.Plan(Facts(Recorded, F("A")), Decision, [], Recorded), Recorded);
        var plan = DecisionFollowUps.Plan(correction with { FollowUps = [F("A, korrigeret")], OccurredAt = Recorded.AddDays(1) }, Decision, made, Recorded.AddDays(1));
        var changed = Assert.Single(plan.Changed);
        Assert.Equal((made[0].Id, made[0].SourceKey, "meetings/m1/items/i7/decisions/d2"), (changed.Id, changed.SourceKey, changed.Decision));
        Assert.Empty(plan.New);
    }

    [Fact]
    public void A_long_description_is_cut_to_the_subjects_length_and_kept_whole_in_the_notes()
    {
        var description = string.Concat(Enumerable.Repeat("Konsekvensbeskrivelse af besparelsen. ", 20));
        var draft = DecisionFollowUps.Draft(Facts(Recorded), F("  " + description + "  ", " ØDC "));

        Assert.Equal(500, draft.Subject.Length);
        Assert.EndsWith("…", draft.Subject, StringComparison.Ordinal);
        Assert.Equal(description.Trim(), draft.Notes);
        Assert.Equal(new Responsible(["ØDC"], false), draft.Responsible);

        var exact = new string('x', 500);
        Assert.Equal((exact, ""), (DecisionFollowUps.Draft(Facts(Recorded), F(exact)).Subject, DecisionFollowUps.Draft(Facts(Recorded), F(exact)).Notes));
    }
}
