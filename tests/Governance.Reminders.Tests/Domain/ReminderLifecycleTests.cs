using Governance.Reminders.Domain;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Errors;
using static Governance.Reminders.Tests.Domain.ReminderFixtures;

namespace Governance.Reminders.Tests.Domain;

public sealed class ReminderLifecycleTests
{
    [Theory]
    [InlineData(ReminderState.Open, ReminderState.Done, true)]
    [InlineData(ReminderState.Open, ReminderState.Dropped, true)]
    [InlineData(ReminderState.Done, ReminderState.Open, true)]
    [InlineData(ReminderState.Dropped, ReminderState.Open, true)]
    [InlineData(ReminderState.Open, ReminderState.Open, false)]
    [InlineData(ReminderState.Done, ReminderState.Dropped, false)]
    [InlineData(ReminderState.Dropped, ReminderState.Done, false)]
    [InlineData(ReminderState.Done, ReminderState.Done, false)]
    [InlineData(ReminderState.Open, ReminderState.Unspecified, false)]
    [InlineData(ReminderState.Unspecified, ReminderState.Open, false)]
    public void Only_open_to_done_or_dropped_and_back_are_steps(ReminderState from, ReminderState to, bool allowed) =>
        Assert.Equal(allowed, ReminderLifecycle.CanChange(from, to));

    [Fact]
    public void Done_takes_the_reminder_off_the_list_with_who_and_when_and_no_next_due()
    {
        var now = Utc(2014, 9, 1, 9);
        var done = ReminderLifecycle.Change(Reminder(position: 3), ReminderState.Done, "sekretær", now, position: 7);

        Assert.Equal((ReminderState.Done, "sekretær", now), (done.State, done.StateChangedBy, done.StateChangedAt));
        Assert.Equal(0, done.Position);
        Assert.Null(done.NextDueAt);
        Assert.Equal((2L, now), (done.Version, done.UpdatedAt));
        Assert.Equal("Regnskab 2014 - status", done.Subject);
    }

    [Fact]
    public void Opened_again_it_goes_to_the_given_place_and_falls_due_again()
    {
        var now = Utc(2014, 9, 1, 9);
        var dropped = ReminderLifecycle.Change(Reminder(), ReminderState.Dropped, "sekretær", now, 0);
        var reopened = ReminderLifecycle.Change(dropped, ReminderState.Open, "formand", now.AddDays(1), position: 5);

        Assert.Equal((ReminderState.Open, 5, "formand"), (reopened.State, reopened.Position, reopened.StateChangedBy));
        // A date's one occurrence is still due, though it has passed: it is not done.
        Assert.Equal(Utc(2014, 8, 28, 6), reopened.NextDueAt);
        Assert.Equal(3L, reopened.Version);
    }

    [Fact]
    public void A_step_that_is_not_allowed_is_invalid_state_transition_naming_what_is()
    {
        var done = ReminderLifecycle.Change(Reminder(), ReminderState.Done, "sekretær", Utc(2014, 9, 1), 0);
        var error = Assert.Throws<FailedPreconditionException>(() => ReminderLifecycle.Change(done, ReminderState.Dropped, "sekretær", Utc(2014, 9, 2), 0));

        Assert.Equal("INVALID_STATE_TRANSITION", error.Reason);
        Assert.Equal(("DONE", "DROPPED"), (error.Metadata["from"], error.Metadata["to"]));
        Assert.Contains("can become OPEN", error.Message, StringComparison.Ordinal);
        Assert.Throws<FailedPreconditionException>(() => ReminderLifecycle.Change(Reminder(), ReminderState.Open, "sekretær", Utc(2014, 9, 2), 1));
    }

    [Theory]
    [InlineData(ReminderState.Open, "OPEN")]
    [InlineData(ReminderState.Done, "DONE")]
    [InlineData(ReminderState.Dropped, "DROPPED")]
    [InlineData(ReminderState.Unspecified, "UNSPECIFIED")]
    public void Wire_is_the_contracts_name_without_prefix(ReminderState state, string wire) => Assert.Equal(wire, ReminderLifecycle.Wire(state));
}
