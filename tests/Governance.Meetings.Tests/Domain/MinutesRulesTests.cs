using Governance.Meetings.Domain;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using static Governance.Meetings.Tests.Domain.DomainTestData;

namespace Governance.Meetings.Tests.Domain;

public sealed class MinutesRulesTests
{
    [Theory]
    [InlineData(Audience.Members, Audience.Members)]
    [InlineData(Audience.Public, Audience.Public)]
    [InlineData(Audience.Unspecified, Audience.Public)]
    public void Only_an_explicit_members_audience_gets_the_members_minutes(Audience requested, Audience composed) =>
        Assert.Equal(composed, MinutesRules.AudienceOf(requested));

    [Theory]
    [InlineData(MeetingState.Planned, false)]
    [InlineData(MeetingState.Cancelled, false)]
    [InlineData(MeetingState.AgendaPublished, true)]
    [InlineData(MeetingState.Held, true)]
    [InlineData(MeetingState.MinutesApproved, true)]
    public void Minutes_exist_once_the_agenda_is_published(MeetingState state, bool available)
    {
        var ex = Record.Exception(() => MinutesRules.EnsureAvailable(Meeting(state)));
        if (available)
        {
            Assert.Null(ex);
        }
        else
        {
            var error = Assert.IsType<FailedPreconditionException>(ex);
            Assert.Equal("MINUTES_NOT_AVAILABLE", error.Reason);
            Assert.Contains($"meetings/m1 is {MeetingRules.Describe(state)}", error.Message);
        }
    }
}
