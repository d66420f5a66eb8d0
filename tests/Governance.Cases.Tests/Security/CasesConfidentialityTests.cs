using Governance.Cases.Domain;
using Governance.Cases.Security;
using Governance.Cases.Tests.Domain;
using Governance.ServiceDefaults.Security;

namespace Governance.Cases.Tests.Security;

/// <summary>The one confidentiality policy: who sees a closed case's content, and that each closed
/// read it lets through is reported for the audit log.</summary>
public sealed class CasesConfidentialityTests
{
    private static Caller As(string role, params string[] units) => new("someone", new HashSet<string> { role },
        new Dictionary<string, IReadOnlySet<string>> { [CasesClaims.Units] = units.ToHashSet() });

    private readonly List<string> _closedReads = [];

    private CasesConfidentiality For(Caller caller) => CasesConfidentiality.For(caller, _closedReads.Add);

    [Fact]
    public void A_case_handler_of_the_unit_sees_a_closed_case_and_the_read_is_reported()
    {
        var c = CaseModels.Case(confidential: true);
        var seen = For(As(CasesRoles.CaseHandler, "HRC")).Case(c);
        Assert.Equal((c, false), (seen.Record, seen.Redacted));
        Assert.Equal([c.Key.Name], _closedReads);
    }

    [Theory]
    [InlineData(CasesRoles.CaseHandler, "ØDC")]
    [InlineData(CasesRoles.EmployeeReader, "HRC")]
    [InlineData(CasesRoles.Secretariat, "*")]
    public void Anyone_else_sees_it_redacted_and_nothing_is_reported(string role, string unit)
    {
        var c = CaseModels.Case(confidential: true);
        var policy = For(As(role, unit));
        var seen = policy.Case(c);
        Assert.Equal((ClosedCase.Redacted(c), true), (seen.Record, seen.Redacted));
        Assert.All(policy.Documents(c, [CaseModels.Document(c)]), d => Assert.Equal(("Lukket", true), (d.Record.Title, d.Redacted)));
        Assert.Empty(_closedReads);
    }

    [Fact]
    public void A_case_that_is_not_closed_is_seen_by_everyone_without_a_report()
    {
        var c = CaseModels.Case();
        Assert.False(For(As(CasesRoles.EmployeeReader)).Case(c).Redacted);
        Assert.Equal("Personalesag: tjenstlig samtale", CasesConfidentiality.Everyone.Text(c, c.Title));
        Assert.Empty(_closedReads);
    }

    [Fact]
    public void An_empty_list_of_a_closed_case_is_no_closed_read()
    {
        var c = CaseModels.Case(confidential: true);
        Assert.Empty(For(As(CasesRoles.CaseHandler, "*")).Timeline(c, []));
        Assert.Empty(_closedReads);
    }

    [Fact]
    public void The_event_audience_reads_no_closed_text_and_gets_null_for_an_empty_one()
    {
        var closed = CaseModels.Case(confidential: true);
        Assert.Null(CasesConfidentiality.Everyone.Text(closed, closed.Title));
        Assert.Null(CasesConfidentiality.Everyone.Text(CaseModels.Case(), ""));
    }

    [Fact]
    public void Search_looks_into_the_closed_cases_of_the_handled_units_only()
    {
        Assert.Equal("False:HRC,ØDC", Scope(For(As(CasesRoles.CaseHandler, "ØDC", "HRC")).SearchScope));
        Assert.Equal("True:", Scope(For(As(CasesRoles.CaseHandler, "*")).SearchScope));
        Assert.Equal("False:", Scope(For(As(CasesRoles.EmployeeReader, "*")).SearchScope));
        Assert.Equal("False:", Scope(CasesConfidentiality.Everyone.SearchScope));

        static string Scope(Governance.Cases.Data.ClosedScope s) => $"{s.All}:{string.Join(",", s.Units)}";
    }
}
