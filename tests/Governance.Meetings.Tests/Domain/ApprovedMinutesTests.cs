using Governance.Meetings.Domain;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Domain;

public sealed class ApprovedMinutesTests
{
    private static readonly BodyRecord Direktionen = new() { Id = "direktionen", DisplayName = "Direktionen" };
    private static readonly BodyRecord Other = new() { Id = "hovedudvalget", DisplayName = "Hovedudvalget" };

    private static readonly MeetingRecord Meeting = new()
    {
        Id = "m1",
        BodyId = "direktionen",
        StartLocal = new DateTime(2017, 3, 9, 8, 30, 0),
        State = MeetingState.MinutesApproved,
    };

    private static readonly MeetingRecord Earlier = Meeting with { Id = "m0", StartLocal = new DateTime(2017, 2, 27, 8, 30, 0) };

    private static DecisionView View(string id, MeetingRecord meeting, bool onClosedItem = false, BodyRecord? body = null) =>
        new(new DecisionRecord { Id = id, ItemId = "i1", MeetingId = meeting.Id }, meeting, body ?? Direktionen, false, onClosedItem);

    [Theory]
    [InlineData(Audience.Public, false, true)]
    [InlineData(Audience.Members, false, true)]
    [InlineData(Audience.Public, true, false)]
    [InlineData(Audience.Members, true, true)]
    public void The_record_holds_closed_decisions_of_the_body_for_the_members_only(Audience audience, bool onClosedItem, bool held) =>
        Assert.Equal(held, ApprovedMinutes.InRecord(View("d1", Meeting, onClosedItem), Meeting, audience));

    [Fact]
    public void The_members_record_holds_no_closed_decision_of_another_body()
    {
        var otherMeeting = Earlier with { BodyId = Other.Id };
        Assert.False(ApprovedMinutes.InRecord(View("d1", otherMeeting, onClosedItem: true, Other), Meeting, Audience.Members));
        Assert.True(ApprovedMinutes.InRecord(View("d2", otherMeeting, onClosedItem: false, Other), Meeting, Audience.Members));
    }

    [Fact]
    public void Corrections_after_approval_are_the_meetings_decisions_the_record_does_not_hold()
    {
        var history = new[]
        {
            View("d3-correction", Meeting),
            View("d2", Meeting),
            View("d1-earlier", Earlier),
            View("d4-closed", Meeting, onClosedItem: true),
        };
        var inRecord = new HashSet<string> { "d2", "d1-earlier" };

        Assert.Equal(["d3-correction"],
            ApprovedMinutes.CorrectionsAfterApproval(Meeting, Audience.Public, history, inRecord).Select(d => d.Decision.Id));
        Assert.Equal(["d3-correction", "d4-closed"],
            ApprovedMinutes.CorrectionsAfterApproval(Meeting, Audience.Members, history, inRecord).Select(d => d.Decision.Id));
    }

    [Fact]
    public void A_decision_of_an_earlier_meeting_is_never_a_correction_of_this_record()
    {
        var history = new[] { View("d1-earlier", Earlier) };
        Assert.Empty(ApprovedMinutes.CorrectionsAfterApproval(Meeting, Audience.Members, history, new HashSet<string>()));
    }
}
