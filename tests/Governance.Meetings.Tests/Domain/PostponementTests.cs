using Governance.Meetings.Domain;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using static Governance.Meetings.Tests.Domain.DomainTestData;

namespace Governance.Meetings.Tests.Domain;

public sealed class PostponementTests
{
    private static readonly MeetingRecord Source = Meeting(MeetingState.Held);

    private static MeetingRecord Target(MeetingState state) => Meeting(state, "m2", startUtc: Source.StartUtc.AddDays(7));

    [Theory]
    [InlineData(MeetingState.Planned, false)]
    [InlineData(MeetingState.AgendaPublished, true)]
    public void The_carried_item_is_the_same_matter_last_on_the_target_without_guests(MeetingState targetState, bool supplement)
    {
        var item = Item() with { Kind = ItemKind.Closed, Sections = [new Section { Kind = SectionKind.Baggrund, Text = "Tekst" }] };

        var carried = Postponement.Carry(Source, item, Target(targetState), 5, Now);

        Assert.NotEqual(item.Id, carried.Id);
        Assert.Equal(("m2", 5, "i1", supplement), (carried.MeetingId, carried.Position, carried.OriginItemId, carried.Supplement));
        Assert.Equal((item.Title, item.JournalNumber, ItemKind.Closed), (carried.Title, carried.JournalNumber, carried.Kind));
        Assert.Equal(item.Sections, carried.Sections);
        Assert.Empty(carried.Guests);
        Assert.Equal((1L, Now, Now), (carried.Version, carried.CreatedAt, carried.UpdatedAt));
    }

    [Fact]
    public void An_item_is_carried_only_to_a_later_open_meeting_of_its_body()
    {
        Assert.Equal("MEETING_STATE", Assert.Throws<FailedPreconditionException>(() => Postponement.Carry(Source, Item(), Target(MeetingState.Held), 1, Now)).Reason);
        Assert.Equal("POSTPONEMENT_OTHER_BODY", Assert.Throws<FailedPreconditionException>(
            () => Postponement.Carry(Source, Item(), Target(MeetingState.Planned) with { BodyId = "hovedudvalget" }, 1, Now)).Reason);
        Assert.Equal("POSTPONE_TARGET_INVALID", Assert.Throws<FailedPreconditionException>(
            () => Postponement.Carry(Source, Item(), Source, 1, Now)).Reason);
    }

    [Fact]
    public void A_postponement_that_carried_its_item_keeps_its_outcome()
    {
        var carrying = Decision() with { Outcome = DecisionOutcome.Postponed, PostponedToMeetingId = "m2", CarriedItemId = "c1" };

        var ex = Assert.Throws<FailedPreconditionException>(() => Postponement.EnsureOutcomeKeepsCarriedItem(carrying, DecisionOutcome.Approved));
        Assert.Equal("POSTPONEMENT_CARRIED", ex.Reason);
        Assert.Contains("meetings/m1/items/i1/decisions/d1 carried the item to meetings/m2", ex.Message);
        Postponement.EnsureOutcomeKeepsCarriedItem(carrying, DecisionOutcome.Postponed);
        Postponement.EnsureOutcomeKeepsCarriedItem(carrying with { CarriedItemId = null }, DecisionOutcome.Approved);
    }

    [Fact]
    public void Removing_the_carried_item_leaves_a_postponement_without_a_target()
    {
        var carrying = Decision() with { Outcome = DecisionOutcome.Postponed, PostponedToMeetingId = "m2", CarriedItemId = "c1" };

        var after = Postponement.CarriedItemRemoved(carrying);

        Assert.Equal(carrying with { PostponedToMeetingId = null, CarriedItemId = null, Version = carrying.Version + 1 }, after);
    }
}
