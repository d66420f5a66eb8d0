using Governance.Reminders.Domain;

namespace Governance.Reminders.Tests.Domain;

public sealed class ResponsibleTests
{
    [Theory]
    [InlineData("PA", new[] { "PA" }, false, new[] { "PA" })]
    [InlineData("ØDC", new[] { "ØDC" }, false, new[] { "ØDC" })]
    [InlineData("BYC/AM", new[] { "BYC/AM" }, false, new[] { "BYC" })]
    [InlineData("PA, BYC", new[] { "PA", "BYC" }, false, new[] { "PA", "BYC" })]
    [InlineData("BYC, CEIS m.fl.", new[] { "BYC", "CEIS" }, true, new[] { "BYC", "CEIS" })]
    [InlineData("BYC/AM, BYC/MH, PA", new[] { "BYC/AM", "BYC/MH", "PA" }, false, new[] { "BYC", "PA" })]
    public void The_samples_parties_parse_render_back_and_name_their_units(string text, string[] parties, bool andOthers, string[] units)
    {
        var responsible = Responsible.Parse(text);
        Assert.Equal(parties, responsible.Parties);
        Assert.Equal(andOthers, responsible.AndOthers);
        Assert.Equal(units, responsible.Units());
        Assert.Equal(text, responsible.Render());
        Assert.Equal(new Responsible(parties, andOthers), responsible);
        Assert.Empty(Responsible.Validate(responsible, "responsible"));
    }

    [Theory]
    [InlineData(" PA ,BYC ,", "PA, BYC")]
    [InlineData("BYC,CEIS m.fl", "BYC, CEIS m.fl.")]
    [InlineData("BYC, CEIS, m.fl.", "BYC, CEIS m.fl.")]
    public void Untidy_text_reads_as_the_same_parties(string text, string rendered) => Assert.Equal(rendered, Responsible.Parse(text).Render());

    [Fact]
    public void Validation_bounds_the_parties_and_does_not_echo_them_unbounded()
    {
        Assert.Equal("r.parties", Assert.Single(Responsible.Validate(Responsible.Parse(""), "r")).Field);
        Assert.Equal("r.parties", Assert.Single(Responsible.Validate(new Responsible(Enumerable.Range(1, 11).Select(i => $"U{i}").ToList(), false), "r")).Field);
        Assert.Equal("r.parties[1]", Assert.Single(Responsible.Validate(new Responsible(["PA", new string('x', 51)], false), "r")).Field);
        Assert.Equal("r.parties[0]", Assert.Single(Responsible.Validate(new Responsible([""], false), "r")).Field);
        var comma = Assert.Single(Responsible.Validate(new Responsible(["PA, BYC" + new string('y', 40)], false), "r"));
        Assert.Equal("r.parties[0]", comma.Field);
        Assert.DoesNotContain(new string('y', 40), comma.Description, StringComparison.Ordinal);
        Assert.Single(Responsible.Validate(new Responsible(["P\nA"], false), "r"));
        Assert.Empty(Responsible.Validate(new Responsible(Enumerable.Range(1, 10).Select(i => $"U{i}").ToList(), true), "r"));
    }
}
