using Governance.Meetings.Domain;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using static Governance.Meetings.Tests.Domain.DomainTestData;

namespace Governance.Meetings.Tests.Domain;

public sealed class AgendaTests
{
    [Theory]
    [InlineData(MeetingState.Planned, false)]
    [InlineData(MeetingState.AgendaPublished, true)]
    public void An_item_added_after_publication_is_a_supplement(MeetingState state, bool supplement)
    {
        var added = Agenda.Add(Meeting(state), Item(id: "") with { Supplement = !supplement }, 4, origin: null, Now);

        Assert.Equal(supplement, added.Supplement);
        Assert.Equal(4, added.Position);
        Assert.Equal("m1", added.MeetingId);
        Assert.NotEmpty(added.Id);
        Assert.Equal((1L, Now, Now), (added.Version, added.CreatedAt, added.UpdatedAt));
        Assert.Null(added.OriginItemId);
    }

    [Theory]
    [InlineData(MeetingState.Held)]
    [InlineData(MeetingState.MinutesApproved)]
    [InlineData(MeetingState.Cancelled)]
    public void Items_are_frozen_once_the_meeting_is_held_or_cancelled(MeetingState state)
    {
        Assert.Equal("MEETING_STATE", Assert.Throws<FailedPreconditionException>(() => Agenda.Add(Meeting(state), Item(), 1, null, Now)).Reason);
        Assert.Equal("MEETING_STATE", Assert.Throws<FailedPreconditionException>(() => Agenda.Change(Meeting(state), Item(), Item(), Now)).Reason);
    }

    [Fact]
    public void An_item_continues_an_item_of_another_meeting_only()
    {
        var added = Agenda.Add(Meeting(MeetingState.Planned), Item(id: ""), 1, Item("earlier", "m0"), Now);
        Assert.Equal("earlier", added.OriginItemId);

        var ex = Assert.Throws<ValidationException>(() => Agenda.Add(Meeting(MeetingState.Planned), Item(id: ""), 2, Item("same", "m1"), Now));
        Assert.Equal("item.origin_item", Assert.Single(ex.Violations).Field);
    }

    [Theory]
    [InlineData(MeetingState.Planned, false, false)]
    [InlineData(MeetingState.AgendaPublished, false, true)]
    [InlineData(MeetingState.Planned, true, true)]
    public void A_changed_item_becomes_and_stays_a_supplement(MeetingState state, bool wasSupplement, bool supplement)
    {
        var current = Item() with { Supplement = wasSupplement };
        var changed = Agenda.Change(Meeting(state), current, current with { Title = "Ny titel" }, Now);

        Assert.Equal(supplement, changed.Supplement);
        Assert.Equal("Ny titel", changed.Title);
        Assert.Equal((current.Version + 1, Now), (changed.Version, changed.UpdatedAt));
    }

    [Fact]
    public void Standing_items_come_from_the_template_numbered_from_one_with_the_meeting_date()
    {
        var body = new BodyRecord
        {
            Id = "direktionen",
            DisplayName = "Direktionen",
            AgendaTemplate =
            [
                new StandingItemTemplate { Title = "Økonomiopfølgning", JournalNumber = "12/3142", AppendMeetingDate = true },
                new StandingItemTemplate { Title = "Eventuelt", JournalNumber = "12/3143" },
            ],
        };

        var items = Agenda.StandingItems(Meeting(MeetingState.Planned), body, Now);

        Assert.Equal(["Økonomiopfølgning - 09-03-2017", "Eventuelt"], items.Select(i => i.Title));
        Assert.Equal([1, 2], items.Select(i => i.Position));
        Assert.All(items, i => Assert.Equal((ItemKind.Standing, "m1", Now), (i.Kind, i.MeetingId, i.CreatedAt)));
        Assert.Equal(2, items.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public void A_reorder_names_every_item_exactly_once_on_an_unpublished_agenda()
    {
        IReadOnlyList<ItemRecord> agenda = [Item("a"), Item("b") with { Position = 2 }];
        Assert.Equal(["b", "a"], Agenda.Reorder(Meeting(MeetingState.Planned), agenda, ["b", "a"]));

        foreach (string[] order in new[] { new[] { "a" }, ["a", "a"], ["a", "c"], ["a", "b", "c"] })
        {
            var ex = Assert.Throws<ValidationException>(() => Agenda.Reorder(Meeting(MeetingState.Planned), agenda, order));
            Assert.Equal("items", Assert.Single(ex.Violations).Field);
        }
        Assert.Throws<FailedPreconditionException>(() => Agenda.Reorder(Meeting(MeetingState.AgendaPublished), agenda, ["b", "a"]));
    }

    [Fact]
    public void Removing_an_item_moves_the_later_items_up()
    {
        IReadOnlyList<ItemRecord> agenda = [Item("c") with { Position = 3 }, Item("a"), Item("b") with { Position = 2 }];
        Assert.Equal(["a", "c"], Agenda.Remove(Meeting(MeetingState.Planned), agenda, "b"));
        Assert.Throws<FailedPreconditionException>(() => Agenda.Remove(Meeting(MeetingState.AgendaPublished), agenda, "b"));
    }
}
