using Governance.Reminders.Domain;
using Governance.Reminders.V1;
using ExpectedTime = Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Reminders.Tests.Domain;

/// <summary>Referrals with an expected date become reminders beside the follow-ups of a decision.</summary>
public sealed class DecisionReferralsTests
{
    private static readonly DateTime Now = new(2013, 9, 9, 10, 0, 0, DateTimeKind.Utc);

    private static DecisionFacts Decision(DateTime at, params Referral[] referrals) => new(
        "meetings/m1/items/i1/decisions/d1", null, "meetings/m1", "direktionen", "12/32140", false,
        [new FollowUp("Udarbejd notat", "ØDC", new DateOnly(2013, 9, 30))], at, referrals, "Budget 2014-17");

    [Fact]
    public void A_referral_with_an_expected_date_becomes_a_reminder_on_that_date_and_one_without_makes_none()
    {
        var plan = DecisionFollowUps.Plan(Decision(Now,
            new Referral("Hovedudvalget", new DateOnly(2013, 9, 19), "Til orientering"),
            new Referral("Økonomiudvalget", null, "Når budgettet er klar")), "meetings/m1/items/i1/decisions/d1", [], Now);

        Assert.Equal(["meetings/m1/items/i1/decisions/d1#follow-up-1", "meetings/m1/items/i1/decisions/d1#referral-1"], plan.NewKeys);
        Assert.Equal([ReminderOrigin.DecisionFollowUp, ReminderOrigin.DecisionReferral], plan.NewOrigins);
        var referral = plan.New[1];
        Assert.Equal("Budget 2014-17 – forelægges Hovedudvalget", referral.Subject);
        Assert.Equal(new ExpectedTime.OnDate(new DateOnly(2013, 9, 19)), referral.ExpectedTime);
        Assert.Equal("Til orientering", referral.Notes);
        Assert.Empty(referral.Responsible.Parties);
        Assert.Equal("19. september", ExpectedTimeText.Render(referral.ExpectedTime, 2013));
    }

    [Fact]
    public void A_referral_the_newer_version_no_longer_has_is_dropped_and_a_moved_date_updates_it()
    {
        var source = "meetings/m1/items/i1/decisions/d1";
        var first = DecisionFollowUps.Plan(Decision(Now, new Referral("Hovedudvalget", new DateOnly(2013, 9, 19), "")), source, [], Now);
        var existing = first.New.Select((draft, i) => ReminderEdits.New(draft, $"r{i}", "direktionen", i + 1, first.NewOrigins![i], first.NewKeys[i], Now)
            with { Source = source, SourceAt = Now }).ToList();

        var moved = DecisionFollowUps.Plan(Decision(Now.AddMinutes(5), new Referral("Hovedudvalget", new DateOnly(2013, 10, 23), "")), source, existing, Now);
        Assert.Empty(moved.New);
        Assert.Equal(new ExpectedTime.OnDate(new DateOnly(2013, 10, 23)), Assert.Single(moved.Changed, r => r.Id == "r1").ExpectedTime);

        var withdrawn = DecisionFollowUps.Plan(Decision(Now.AddMinutes(10)), source, existing, Now);
        var (before, after) = Assert.Single(withdrawn.Dropped);
        Assert.Equal("r1", before.Id);
        Assert.Equal(ReminderState.Dropped, after.State);
    }
}
