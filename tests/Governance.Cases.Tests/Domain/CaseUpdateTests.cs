using Governance.Cases.Domain;

namespace Governance.Cases.Tests.Domain;

public sealed class CaseUpdateTests
{
    [Fact]
    public void Only_the_fields_in_the_mask_change_and_the_version_moves_on()
    {
        var c = CaseModels.Case();
        var updated = CaseUpdate.Apply(c, new CaseChanges(Title: " Ny titel ", Confidential: true), CaseModels.Now);
        Assert.Equal(c with { Title = "Ny titel", Confidential = true, Version = c.Version + 1, UpdatedAt = CaseModels.Now }, updated);
    }

    [Fact]
    public void Every_field_of_the_mask_can_change()
    {
        var c = CaseModels.Case(confidential: true);
        var updated = CaseUpdate.Apply(c, new CaseChanges("T", "ØDC", " jens ", false, "", " Lov "), CaseModels.Now);
        Assert.Equal(("T", "ØDC", "jens", false, "", "Lov"),
            (updated.Title, updated.Unit, updated.CaseHandler, updated.Confidential, updated.KleNumber, updated.LegalBasis));
        Assert.Equal((c.Status, c.StatusReason, c.JournalNumber), (updated.Status, updated.StatusReason, updated.JournalNumber));
    }

    [Fact]
    public void Moving_the_case_to_another_unit_is_a_hand_over()
    {
        var c = CaseModels.Case();
        Assert.Equal("ØDC", CaseUpdate.HandedOverTo(c, new CaseChanges(Unit: "ØDC")));
        Assert.Null(CaseUpdate.HandedOverTo(c, new CaseChanges(Unit: c.Unit)));
        Assert.Null(CaseUpdate.HandedOverTo(c, new CaseChanges(Title: "T")));
    }
}
