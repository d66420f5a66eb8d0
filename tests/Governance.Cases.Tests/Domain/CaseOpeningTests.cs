using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Cases.Tests.Domain;

public sealed class CaseOpeningTests
{
    private static CaseDraft Draft(RegisteredNumber? registered = null, string handler = "") =>
        new("  Budget 2028-31 ", "ØDC", handler, Confidential: false, "00.01.00", " Styrelsesloven ", registered);

    [Fact]
    public void A_new_case_takes_the_allocated_number_padded_and_is_open_at_version_1()
    {
        var c = CaseOpening.Open(Draft(), new CaseKey(26, 1), "mette", CaseModels.Now);
        Assert.Equal((new CaseKey(26, 1), "26/00001", false), (c.Key, c.JournalNumber, c.Registered));
        Assert.Equal((CaseStatus.Open, 1L, CaseModels.Now, CaseModels.Now), (c.Status, c.Version, c.CreatedAt, c.UpdatedAt));
        Assert.Equal(("Budget 2028-31", "Styrelsesloven", "ØDC", "00.01.00"), (c.Title, c.LegalBasis, c.Unit, c.KleNumber));
    }

    [Fact]
    public void A_registered_case_keeps_its_historical_number_as_given()
    {
        var number = new RegisteredNumber("12/3142", new CaseKey(12, 3142));
        var c = CaseOpening.Open(Draft(number), number.Key, "mette", CaseModels.Now);
        Assert.Equal((new CaseKey(12, 3142), "12/3142", true), (c.Key, c.JournalNumber, c.Registered));
    }

    [Theory]
    [InlineData("", "mette")]
    [InlineData("  ", "mette")]
    [InlineData(" jens ", "jens")]
    public void Without_a_case_handler_the_opener_handles_it(string given, string expected) =>
        Assert.Equal(expected, CaseOpening.Open(Draft(handler: given), new CaseKey(26, 1), "mette", CaseModels.Now).CaseHandler);

    [Fact]
    public void A_historical_number_is_registered_once()
    {
        var number = new RegisteredNumber("12/3142", new CaseKey(12, 3142));
        CaseOpening.EnsureFree(number, taken: false);
        var error = Assert.Throws<AlreadyExistsException>(() => CaseOpening.EnsureFree(number, taken: true));
        Assert.Equal("JOURNAL_NUMBER_TAKEN", error.Reason);
        Assert.Contains("12/3142", error.Message, StringComparison.Ordinal);
    }
}
