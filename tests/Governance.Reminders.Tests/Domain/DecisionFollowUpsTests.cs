using Governance.Reminders.Domain;
using Governance.Reminders.V1;

namespace Governance.Reminders.Tests.Domain;

/// <summary>The plan for a decision's follow-ups when a version drops one and a later version has that
/// follow-up number again (the reminders of one decision kept under its follow-up numbers).</summary>
public sealed class DecisionFollowUpsTests
{
    private const string Decision = "meetings/m1/items/i1/decisions/d1";
    private static readonly DateTime First = new(2027, 3, 9, 8, 0, 0, DateTimeKind.Utc);

    private static DecisionFacts Version(DateTime at, params FollowUp[] followUps) =>
        new(Decision, null, "meetings/m1", "direktionen", "13/123456", false, followUps, at);

    private static ReminderRecord Made(int number, string state, string by) => new()
    {
        Id = $"r{number}",
        BodyId = "direktionen",
        Subject = $"Opfølgning {number}",
        Responsible = new Responsible(["ØDC"], false),
        ExpectedTime = new Governance.Reminders.Domain.ExpectedTime.OnDate(new DateOnly(2027, 8, 28)),
        State = Enum.Parse<ReminderState>(state),
        StateChangedBy = by,
        Position = state == "Open" ? number : 0,
        Decision = Decision,
        Origin = ReminderOrigin.DecisionFollowUp,
        Source = Decision,
        SourceKey = DecisionFollowUps.Key(Decision, number),
        SourceAt = First,
        Version = 3,
    };

    [Fact]
    public void A_follow_up_number_dropped_by_an_earlier_version_opens_again_with_the_new_content()
    {
        var later = First.AddMinutes(5);
        var plan = DecisionFollowUps.Plan(
            Version(later, new FollowUp("Opfølgning 1", "ØDC", new DateOnly(2027, 8, 28)), new FollowUp("Orientering af MED", "HR", new DateOnly(2027, 10, 15))),
            Decision, [Made(1, "Open", ""), Made(2, "Dropped", DecisionFollowUps.Actor)], later);

        Assert.Empty(plan.New);
        Assert.Empty(plan.Dropped);
        Assert.Equal(["r1"], plan.Changed.Select(r => r.Id));
        var reopened = Assert.Single(plan.Reopened);
        Assert.Equal("r2", reopened.Id);
        Assert.Equal(ReminderState.Open, reopened.State);
        Assert.Equal("Orientering af MED", reopened.Subject);
        Assert.Equal(["HR"], reopened.Responsible.Parties);
        Assert.Equal(later, reopened.StateChangedAt);
        Assert.Equal(later, reopened.SourceAt);
        Assert.Equal(4, reopened.Version);
        Assert.NotNull(reopened.NextDueAt);
    }

    [Theory]
    [InlineData("Dropped", "ehs")]
    [InlineData("Done", "ehs")]
    [InlineData("Done", DecisionFollowUps.Actor)]
    public void A_reminder_a_person_dropped_or_that_is_done_keeps_its_state_when_the_decision_changes(string state, string by)
    {
        var later = First.AddMinutes(5);
        var plan = DecisionFollowUps.Plan(Version(later, new FollowUp("Ny tekst", "ØDC", null)), Decision, [Made(1, state, by)], later);

        Assert.Empty(plan.Reopened);
        var changed = Assert.Single(plan.Changed);
        Assert.Equal(Enum.Parse<ReminderState>(state), changed.State);
        Assert.Equal("Ny tekst", changed.Subject);
        Assert.Null(changed.NextDueAt);
    }
}
