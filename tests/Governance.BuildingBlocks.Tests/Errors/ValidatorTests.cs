using Governance.ServiceDefaults.Errors;

namespace Governance.BuildingBlocks.Tests.Errors;

public sealed class ValidatorTests
{
    [Fact]
    public void A_new_validator_is_valid_and_does_not_throw()
    {
        var v = new Validator();
        Assert.True(v.IsValid);
        Assert.Empty(v.Violations);
        v.ThrowIfInvalid();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Required_rejects_blank(string? value)
    {
        var v = new Validator();
        Assert.False(v.Required("body.display_name", value, 200));
        Assert.Equal(new FieldViolation("body.display_name", "is required"), Assert.Single(v.Violations));
    }

    [Fact]
    public void Required_checks_the_length_too()
    {
        var v = new Validator();
        Assert.True(v.Required("title", "Ærø", 3));
        Assert.False(v.Required("title", "Æbleø", 3));
        Assert.Equal(new FieldViolation("title", "must be at most 3 characters (was 5)"), Assert.Single(v.Violations));
    }

    [Fact]
    public void Max_length_allows_null_and_the_limit()
    {
        var v = new Validator();
        Assert.True(v.MaxLength("a", null, 0));
        Assert.True(v.MaxLength("a", "", 0));
        Assert.True(v.MaxLength("a", "12345", 5));
        Assert.False(v.MaxLength("a", "123456", 5));
        Assert.Single(v.Violations);
    }

    [Fact]
    public void Max_count_limits_entries()
    {
        var v = new Validator();
        Assert.True(v.MaxCount("members", new List<int> { 1, 2 }, 2));
        Assert.False(v.MaxCount("members", new List<int> { 1, 2, 3 }, 2));
        Assert.Equal(new FieldViolation("members", "must have at most 2 entries (had 3)"), Assert.Single(v.Violations));
    }

    [Fact]
    public void Every_violation_is_reported_in_one_exception()
    {
        var v = new Validator();
        v.Required("body.display_name", "", 200);
        v.Add("body.members[2].role", "is not a known role").Add("body.members[2].role", "again");
        v.MaxLength("body.short_name", new string('x', 21), 20);
        Assert.False(v.IsValid);

        var ex = Assert.Throws<ValidationException>(v.ThrowIfInvalid);
        Assert.Equal(
            ["body.display_name", "body.members[2].role", "body.members[2].role", "body.short_name"],
            ex.Violations.Select(x => x.Field));
        Assert.Equal("The request has 4 invalid fields: body.display_name is required; body.members[2].role is not a known role; "
            + "body.members[2].role again; body.short_name must be at most 20 characters (was 21).", ex.Message);
        Assert.Equal("FIELD_VIOLATION", ex.Reason);

        // The exception keeps its own copy.
        v.Add("later", "added after throwing");
        Assert.Equal(4, ex.Violations.Count);
    }

    [Fact]
    public void One_violation_is_described_in_the_message()
    {
        var ex = new ValidationException("meeting.start", "does not exist in Europe/Copenhagen");
        Assert.Equal("Invalid meeting.start: does not exist in Europe/Copenhagen", ex.Message);
    }
}
