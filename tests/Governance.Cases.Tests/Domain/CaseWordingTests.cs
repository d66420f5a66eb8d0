using Governance.Cases.Domain;
using Governance.Cases.V1;

namespace Governance.Cases.Tests.Domain;

/// <summary>The Danish text of the timeline entries Cases writes itself.</summary>
public sealed class CaseWordingTests
{
    [Fact]
    public void An_opened_case_names_its_journal_number_and_title() =>
        Assert.Equal("Sagen er oprettet med journalnummer 26/00007: Personalesag: tjenstlig samtale", Wording.CaseOpened(CaseModels.Case()));

    [Fact]
    public void A_registered_case_says_registreret() =>
        Assert.StartsWith("Sagen er registreret med journalnummer 26/00007", Wording.CaseOpened(CaseModels.Case() with { Registered = true }),
            StringComparison.Ordinal);

    [Theory]
    [InlineData("Partshøring slut", "Status ændret fra OPEN til IN_PROGRESS: Partshøring slut")]
    [InlineData("", "Status ændret fra OPEN til IN_PROGRESS")]
    public void A_status_change_names_both_statuses_and_the_reason(string reason, string expected) =>
        Assert.Equal(expected, Wording.StatusChanged(CaseLifecycle.Change(CaseModels.Case(), CaseStatus.InProgress, reason, CaseModels.Now)));

    [Fact]
    public void A_document_is_its_number_and_title() =>
        Assert.Equal("Dokument 000012/26: Referat af samtale", Wording.DocumentAdded(CaseModels.Document(CaseModels.Case())));

    [Fact]
    public void A_closed_case_is_called_Lukket() => Assert.Equal("Lukket", Wording.Closed);
}
