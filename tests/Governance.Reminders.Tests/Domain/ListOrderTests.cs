using Governance.Reminders.Domain;
using Governance.ServiceDefaults.Errors;

namespace Governance.Reminders.Tests.Domain;

public sealed class ListOrderTests
{
    [Theory]
    [InlineData(0, 3, 4)]
    [InlineData(1, 3, 1)]
    [InlineData(3, 3, 3)]
    [InlineData(4, 3, 4)]
    [InlineData(99, 3, 4)]
    [InlineData(-1, 3, 4)]
    [InlineData(0, 0, 1)]
    [InlineData(1, 0, 1)]
    public void A_new_entry_goes_to_its_place_or_last(int requested, int count, int place) => Assert.Equal(place, ListOrder.PlaceOfNew(requested, count));

    [Theory]
    [InlineData(2, 4, 2)]
    [InlineData(4, 4, 4)]
    [InlineData(99, 4, 4)]
    [InlineData(0, 4, 1)]
    [InlineData(-5, 4, 1)]
    [InlineData(int.MaxValue, 4, 4)]
    [InlineData(3, 0, 1)]
    public void A_moved_entry_stays_within_the_list(int requested, int count, int place) => Assert.Equal(place, ListOrder.PlaceOfMoved(requested, count));

    [Fact]
    public void A_full_list_is_list_full_with_its_limit()
    {
        ListOrder.EnsureRoom("bodies/direktionen", ListOrder.MaxOpenReminders - 1, ListOrder.MaxOpenReminders, "open reminders");
        var error = Assert.Throws<FailedPreconditionException>(() =>
            ListOrder.EnsureRoom("bodies/direktionen", ListOrder.MaxOpenReminders, ListOrder.MaxOpenReminders, "open reminders"));
        Assert.Equal("LIST_FULL", error.Reason);
        Assert.Equal("500", error.Metadata["limit"]);
        Assert.Contains("bodies/direktionen", error.Message, StringComparison.Ordinal);
        Assert.Throws<FailedPreconditionException>(() => ListOrder.EnsureRoom("bodies/direktionen", 60, ListOrder.MaxSections, "calendar sections"));
    }
}
