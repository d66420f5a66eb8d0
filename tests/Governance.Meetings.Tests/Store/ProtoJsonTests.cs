using Governance.Data.Json;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Store;

/// <summary>The stored proto JSON of nested lists reads back as written, for every list type the
/// store keeps, however the text looks.</summary>
public sealed class ProtoJsonTests
{
    /// <summary>Text that a careless splitter of JSON arrays would cut in the wrong place.</summary>
    private const string Tricky = "Pkt. [1], {a}: \"citat\" \\ æøå ÆØÅ – ok,]}";

    private static void RoundTrips<T>(params T[] values) where T : Google.Protobuf.IMessage<T>, new() =>
        Assert.Equal(values, ProtoJson.ListFromJson<T>(ProtoJson.ToJson(values)));

    [Fact]
    public void Every_stored_list_type_reads_back_as_written()
    {
        RoundTrips(new Section { Kind = SectionKind.Baggrund, Text = Tricky }, new Section { Kind = SectionKind.Other, Heading = "Øvrigt", Text = "" });
        RoundTrips(new Guest { DisplayName = Tricky, Affiliation = "ØDC" });
        RoundTrips(new Attachment { Title = Tricky, DocumentNumber = "314159/16" }, new Attachment { Title = "Bilag 2" });
        RoundTrips(new PointOutcome { Label = "1", Outcome = DecisionOutcome.Approved, Text = Tricky });
        RoundTrips(new FollowUp { Description = Tricky, Unit = "HRC" });
        RoundTrips(new Referral { BodyDisplayName = "Hovedudvalget", Text = Tricky });
        RoundTrips(new BodyMember { DisplayName = "Jørgen Lerhard", Role = MemberRole.Member }, new BodyMember { DisplayName = Tricky, Role = MemberRole.Secretary, Unit = "BYC" });
        RoundTrips(new StandingItemTemplate { Title = Tricky });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData(" [ ] ")]
    public void An_empty_list_reads_as_no_values(string? json) => Assert.Empty(ProtoJson.ListFromJson<Section>(json));

    [Fact]
    public void Fields_added_later_are_ignored() =>
        Assert.Equal([new Guest { DisplayName = "Lars Holte" }], ProtoJson.ListFromJson<Guest>("""[{"displayName":"Lars Holte","laterField":{"x":[1,2]}}]"""));
}
