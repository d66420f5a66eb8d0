using Governance.Meetings.Domain;
using Governance.ServiceDefaults.Errors;

namespace Governance.Meetings.Tests.Domain;

public sealed class IdentifiersTests
{
    // Service bug: the patterns end in '$', which in .NET also matches before a final '\n', so a
    // value with a trailing newline passes (and is stored with it). They should end in '\z'.
    [Fact]
    public void A_trailing_newline_is_not_accepted()
    {
        Assert.DoesNotMatch(Identifiers.DocumentNumber(), "177144/12\n");
        Assert.DoesNotMatch(Identifiers.BodyId(), "direktionen\n");
        Assert.Throws<ValidationException>(() => Identifiers.ParseBody("bodies/direktionen\n", "name"));
    }

    [Theory]
    [InlineData("177144/12", true)]
    [InlineData("1/12", true)]
    [InlineData("1234567/17", true)]
    [InlineData("177144/2012", false)]
    [InlineData("12345678/12", false)]
    [InlineData("177144/", false)]
    [InlineData("/12", false)]
    [InlineData("177144-12", false)]
    [InlineData("", false)]
    [InlineData("١٧٧١٤٤/12", false)]
    [InlineData("177144/１２", false)]
    public void Document_number_is_running_number_then_two_digit_year(string value, bool valid) =>
        Assert.Equal(valid, Identifiers.DocumentNumber().IsMatch(value));

    [Theory]
    [InlineData("direktionen", true)]
    [InlineData("a", true)]
    [InlineData("hu-2", true)]
    [InlineData("okonomiudvalget-2026", true)]
    [InlineData("Direktionen", false)]
    [InlineData("2direktionen", false)]
    [InlineData("-direktionen", false)]
    [InlineData("direktionen-", false)]
    [InlineData("direk_tionen", false)]
    [InlineData("økonomiudvalget", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    public void Body_id_is_lower_case_letters_digits_and_dashes_starting_with_a_letter(string value, bool valid) =>
        Assert.Equal(valid, Identifiers.BodyId().IsMatch(value));

    [Fact]
    public void Body_id_is_at_most_63_characters()
    {
        Assert.Matches(Identifiers.BodyId(), new string('a', 63));
        Assert.DoesNotMatch(Identifiers.BodyId(), new string('a', 64));
    }

    [Fact]
    public void New_ids_are_unique_32_hex_digits_that_parse_as_resource_ids()
    {
        var a = Identifiers.NewId();
        var b = Identifiers.NewId();
        Assert.NotEqual(a, b);
        Assert.Matches("^[0-9a-f]{32}$", a);
        Assert.Equal(a, Identifiers.ParseMeeting(Identifiers.MeetingName(a), "name"));
    }

    [Fact]
    public void Names_are_built_from_ids()
    {
        Assert.Equal("bodies/direktionen", Identifiers.BodyName("direktionen"));
        Assert.Equal("meetings/m1", Identifiers.MeetingName("m1"));
        Assert.Equal("meetings/m1/items/i1", Identifiers.ItemName("m1", "i1"));
        Assert.Equal("meetings/m1/items/i1/decisions/d1", Identifiers.DecisionName("m1", "i1", "d1"));
    }

    [Fact]
    public void Names_parse_back_to_their_ids()
    {
        Assert.Equal("direktionen", Identifiers.ParseBody("bodies/direktionen", "name"));
        Assert.Equal("0192abc-d", Identifiers.ParseMeeting("meetings/0192abc-d", "name"));
        Assert.Equal(("m1", "i1"), Identifiers.ParseItem("meetings/m1/items/i1", "name"));
        Assert.Equal(("m1", "i1", "d1"), Identifiers.ParseDecision("meetings/m1/items/i1/decisions/d1", "name"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_name_is_required(string? name)
    {
        var ex = Assert.Throws<ValidationException>(() => Identifiers.ParseBody(name, "body.name"));
        var violation = Assert.Single(ex.Violations);
        Assert.Equal("body.name", violation.Field);
        Assert.Contains("is required", violation.Description);
        Assert.Contains("bodies/{body}", violation.Description);
    }

    public static TheoryData<string, string> BadBodyNames => new()
    {
        { "meetings/direktionen", "wrong collection" },
        { "body/direktionen", "singular collection" },
        { "Bodies/direktionen", "collection in upper case" },
        { "bodies/Direktionen", "upper-case id" },
        { "bodies/DIREKTIONEN", "upper-case id" },
        { "bodies/direktionen/meetings/m1", "extra segments" },
        { "bodies/direktionen/", "trailing slash" },
        { "/bodies/direktionen", "leading slash" },
        { "bodies/", "empty id" },
        { "bodies", "no id" },
        { "direktionen", "bare id" },
        { "bodies/-direktionen", "id starting with a dash" },
        { "bodies/direk tionen", "space in id" },
        { "bodies/økonomi", "non-ASCII id" },
        { "bodies/" + new string('a', 64), "id longer than 63" },
    };

    [Theory]
    [MemberData(nameof(BadBodyNames))]
    public void Bad_body_names_are_invalid_for_the_named_field(string name, string why)
    {
        var ex = Assert.Throws<ValidationException>(() => Identifiers.ParseBody(name, "parent"));
        var violation = Assert.Single(ex.Violations);
        Assert.True(violation.Field == "parent", why);
        Assert.Contains("must have the form bodies/{body}", violation.Description);
        Assert.Equal("FIELD_VIOLATION", ex.Reason);
    }

    [Theory]
    [InlineData("bodies/m1")]
    [InlineData("meetings/M1")]
    [InlineData("meetings/m1/items/i1")]
    [InlineData("meetings")]
    public void Bad_meeting_names_are_invalid(string name)
    {
        var ex = Assert.Throws<ValidationException>(() => Identifiers.ParseMeeting(name, "meeting.name"));
        Assert.Equal("meeting.name", Assert.Single(ex.Violations).Field);
    }

    [Theory]
    [InlineData("meetings/m1")]
    [InlineData("meetings/m1/decisions/i1")]
    [InlineData("meetings/m1/items/I1")]
    [InlineData("meetings/M1/items/i1")]
    [InlineData("bodies/m1/items/i1")]
    [InlineData("meetings/m1/items/i1/decisions/d1")]
    [InlineData("meetings/m1/items/")]
    public void Bad_item_names_are_invalid(string name)
    {
        var ex = Assert.Throws<ValidationException>(() => Identifiers.ParseItem(name, "item.name"));
        var violation = Assert.Single(ex.Violations);
        Assert.Equal("item.name", violation.Field);
        Assert.Contains("meetings/{meeting}/items/{item}", violation.Description);
    }

    [Theory]
    [InlineData("meetings/m1/items/i1")]
    [InlineData("meetings/m1/items/i1/decisions/D1")]
    [InlineData("meetings/m1/items/i1/decision/d1")]
    [InlineData("meetings/m1/items/i1/decisions/d1/x")]
    [InlineData("meetings/m1/items/i1/decisions/d1/x/y")]
    public void Bad_decision_names_are_invalid(string name)
    {
        var ex = Assert.Throws<ValidationException>(() => Identifiers.ParseDecision(name, "corrects"));
        var violation = Assert.Single(ex.Violations);
        Assert.Equal("corrects", violation.Field);
        Assert.Contains("meetings/{meeting}/items/{item}/decisions/{decision}", violation.Description);
    }
}
