using Governance.Cases.Domain;
using Governance.ServiceDefaults.Errors;

namespace Governance.Cases.Tests.Domain;

public sealed class NumberSeriesTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(999_999L)]
    public void A_document_number_up_to_six_digits_is_taken(long next) => Assert.Equal((int)next, NumberSeries.DocumentNumber(26, next));

    [Fact]
    public void Document_numbers_of_a_year_run_out_after_999999()
    {
        var error = Assert.Throws<FailedPreconditionException>(() => NumberSeries.DocumentNumber(26, 1_000_000));
        Assert.Equal("DOCUMENT_NUMBERS_EXHAUSTED", error.Reason);
        Assert.Contains("year 26", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_free_journal_number_is_used() => Assert.Equal(new CaseKey(26, 4), NumberSeries.JournalNumber(26, new CaseKey(26, 4)));

    [Fact]
    public void Journal_numbers_of_a_year_run_out_when_none_is_free()
    {
        var error = Assert.Throws<FailedPreconditionException>(() => NumberSeries.JournalNumber(7, null));
        Assert.Equal("JOURNAL_NUMBERS_EXHAUSTED", error.Reason);
        Assert.Contains("year 07 up to 999999", error.Message, StringComparison.Ordinal);
    }
}
