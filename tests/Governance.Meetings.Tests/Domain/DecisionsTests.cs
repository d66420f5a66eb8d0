using Governance.Meetings.Domain;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using static Governance.Meetings.Tests.Domain.DomainTestData;

namespace Governance.Meetings.Tests.Domain;

public sealed class DecisionsTests
{
    private static DecisionRecord Draft(params string[] pointLabels) => Decision(id: "") with
    {
        PointOutcomes = [.. pointLabels.Select(l => new PointOutcome { Label = l, Outcome = DecisionOutcome.Approved })],
    };

    [Fact]
    public void A_decision_is_recorded_on_its_item_with_new_id_and_times()
    {
        var (decision, carried) = Decisions.Record(Meeting(MeetingState.Held), Item(), Draft(), corrected: null, postponeTo: null, Now);

        Assert.Null(carried);
        Assert.NotEmpty(decision.Id);
        Assert.Equal(("m1", "i1", 1L, Now, Now), (decision.MeetingId, decision.ItemId, decision.Version, decision.CreatedAt, decision.UpdatedAt));
        Assert.Null(decision.PostponedToMeetingId);
    }

    [Fact]
    public void A_postponement_with_a_target_carries_the_item_and_names_it()
    {
        var target = Meeting(MeetingState.Planned, "m2", startUtc: Meeting(MeetingState.Held).StartUtc.AddDays(7));
        var draft = Draft() with { Outcome = DecisionOutcome.Postponed };

        var (decision, carried) = Decisions.Record(Meeting(MeetingState.Held), Item(), draft, null, (target, 3), Now);

        Assert.NotNull(carried);
        Assert.Equal(("m2", 3, "i1"), (carried.MeetingId, carried.Position, carried.OriginItemId));
        Assert.Equal(("m2", carried.Id), (decision.PostponedToMeetingId, decision.CarriedItemId));
    }

    [Fact]
    public void Point_outcomes_name_points_of_the_recommendation()
    {
        Decisions.Record(Meeting(MeetingState.Held), Item(pointLabels: ["1", "2"]), Draft("2"), null, null, Now);

        var ex = Assert.Throws<ValidationException>(
            () => Decisions.Record(Meeting(MeetingState.Held), Item(pointLabels: ["1", "2"]), Draft("1", "3"), null, null, Now));
        var violation = Assert.Single(ex.Violations);
        Assert.Equal("decision.point_outcomes[1].label", violation.Field);
        Assert.Contains("'3' is not a point of the recommendation (1, 2)", violation.Description);

        var none = Assert.Throws<ValidationException>(() => Decisions.EnsurePointLabelsMatch(Item(), [new PointOutcome { Label = "1" }]));
        Assert.Equal("the item's recommendation has no points", Assert.Single(none.Violations).Description);
    }

    [Fact]
    public void After_approval_only_a_correction_of_a_decision_of_the_same_item_is_recorded()
    {
        var approved = Meeting(MeetingState.MinutesApproved);
        Assert.Equal("MINUTES_APPROVED", Assert.Throws<FailedPreconditionException>(
            () => Decisions.Record(approved, Item(), Draft(), null, null, Now)).Reason);

        var correction = Draft() with { CorrectsDecisionId = "d0" };
        var (decision, _) = Decisions.Record(approved, Item(), correction, Decision("d0"), null, Now);
        Assert.Equal("d0", decision.CorrectsDecisionId);

        var missing = Assert.Throws<NotFoundException>(() => Decisions.Record(approved, Item(), correction, corrected: null, null, Now));
        Assert.Contains("meetings/m1/items/i1/decisions/d0", missing.Message);
        Assert.Throws<NotFoundException>(() => Decisions.Record(approved, Item(), correction, Decision("d0", itemId: "other"), null, Now));
    }

    [Fact]
    public void A_decision_is_edited_until_the_minutes_are_approved()
    {
        var current = Decision();
        var edited = Decisions.Edit(Meeting(MeetingState.Held), Item(), current, current with { Text = "Ny tekst" }, pointOutcomesChanged: false, Now);
        Assert.Equal(current with { Text = "Ny tekst", Version = current.Version + 1, UpdatedAt = Now }, edited);

        Assert.Equal("MINUTES_APPROVED", Assert.Throws<FailedPreconditionException>(
            () => Decisions.Edit(Meeting(MeetingState.MinutesApproved), Item(), current, current, false, Now)).Reason);
    }

    [Fact]
    public void An_edit_checks_point_labels_only_when_they_change_and_keeps_a_carried_postponement()
    {
        var current = Decision() with { PointOutcomes = [new PointOutcome { Label = "x" }] };
        Decisions.Edit(Meeting(MeetingState.Held), Item(), current, current, pointOutcomesChanged: false, Now);
        Assert.Throws<ValidationException>(() => Decisions.Edit(Meeting(MeetingState.Held), Item(), current, current, pointOutcomesChanged: true, Now));

        var carrying = Decision() with { Outcome = DecisionOutcome.Postponed, PostponedToMeetingId = "m2", CarriedItemId = "c1" };
        Assert.Equal("POSTPONEMENT_CARRIED", Assert.Throws<FailedPreconditionException>(() => Decisions.Edit(Meeting(MeetingState.Held), Item(),
            carrying, carrying with { Outcome = DecisionOutcome.Approved }, false, Now)).Reason);
    }
}
