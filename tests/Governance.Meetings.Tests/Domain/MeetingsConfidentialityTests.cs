using Governance.Meetings.Domain;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Security;
using static Governance.Meetings.Tests.Domain.DomainTestData;

namespace Governance.Meetings.Tests.Domain;

public sealed class MeetingsConfidentialityTests
{
    private static Caller Caller(string role, params string[] bodies) => new("u1", new HashSet<string> { role },
        new Dictionary<string, IReadOnlySet<string>> { [MeetingsClaims.Bodies] = bodies.ToHashSet() });

    private static readonly ItemRecord Open = Item("open");
    private static readonly ItemRecord Closed = Item("closed", kind: ItemKind.Closed);

    private static DecisionView View(ItemRecord item, string bodyId = "direktionen") => new(Decision(itemId: item.Id),
        Meeting(MeetingState.Held, bodyId: bodyId), new BodyRecord { Id = bodyId, DisplayName = bodyId }, false, item.Kind == ItemKind.Closed);

    [Theory]
    [InlineData(MeetingsRoles.BodyMember, "direktionen", true)]
    [InlineData(MeetingsRoles.Secretariat, "direktionen", true)]
    [InlineData(MeetingsRoles.Secretariat, "*", true)]
    [InlineData(MeetingsRoles.BodyMember, "hovedudvalget", false)]
    [InlineData(MeetingsRoles.EmployeeReader, "direktionen", false)]
    [InlineData(MeetingsRoles.CaseHandler, "*", false)]
    public void A_caller_sees_closed_content_of_the_bodies_it_is_member_or_secretariat_of(string role, string body, bool sees)
    {
        var policy = MeetingsConfidentiality.For(Caller(role, body));

        Assert.Equal(sees, policy.SeesClosedOf("direktionen"));
        Assert.Equal(sees, policy.SeesContent(Closed, "direktionen"));
        Assert.Equal(sees, policy.Sees(View(Closed)));
        Assert.Equal(sees ? Closed.Title : Wording.Closed, policy.TitleOf(Closed, "direktionen"));
        Assert.True(policy.SeesContent(Open, "direktionen"));
        Assert.True(policy.Sees(View(Open)));
    }

    [Fact]
    public void Everyone_sees_no_closed_content_and_events_carry_no_closed_title()
    {
        Assert.False(MeetingsConfidentiality.Everyone.SeesContent(Closed, "direktionen"));
        Assert.False(MeetingsConfidentiality.Everyone.Sees(View(Closed)));
        Assert.Null(MeetingsConfidentiality.ForEveryone(Closed));
        Assert.Equal(Open.Title, MeetingsConfidentiality.ForEveryone(Open));
    }

    [Fact]
    public void The_members_minutes_hold_closed_content_of_the_meetings_own_body_only()
    {
        var members = MeetingsConfidentiality.ForMinutes(Audience.Members, "direktionen");
        Assert.True(members.SeesContent(Closed, "direktionen"));
        Assert.True(members.Sees(View(Closed)));
        Assert.False(members.Sees(View(Closed, "hovedudvalget")));
        Assert.True(members.Sees(View(Open, "hovedudvalget")));

        var audience = MeetingsConfidentiality.ForMinutes(Audience.Public, "direktionen");
        Assert.False(audience.SeesContent(Closed, "direktionen"));
        Assert.Equal(["open"], audience.Visible([View(Closed), View(Open)]).Select(d => d.Decision.ItemId));
    }
}
