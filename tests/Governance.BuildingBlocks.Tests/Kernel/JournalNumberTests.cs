using Governance.Kernel;

namespace Governance.BuildingBlocks.Tests.Kernel;

public sealed class JournalNumberTests
{
    [Theory]
    [InlineData("11/34493", 11, 34493)]
    [InlineData("12/3142", 12, 3142)]
    [InlineData("16/26813", 16, 26813)]
    [InlineData("16/1", 16, 1)]
    [InlineData("16/123456", 16, 123456)]
    [InlineData("26/00001", 26, 1)]
    [InlineData("99/999999", 99, JournalNumber.MaxRunningNumber)]
    [InlineData("00/1", 0, 1)]
    public void A_two_digit_year_and_a_running_number_parse(string text, int year, int number)
    {
        Assert.Equal(new JournalNumber(year, number), JournalNumber.TryParse(text));
        Assert.True(JournalNumber.IsWellFormed(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2016/1")]
    [InlineData("16-26813")]
    [InlineData("16/")]
    [InlineData("/123")]
    [InlineData("16/1234567")]
    [InlineData("1/123")]
    [InlineData(" 16/26813")]
    [InlineData("16/26813 ")]
    [InlineData("16/26813\n")]
    [InlineData("ab/12345")]
    [InlineData("16/+2681")]
    [InlineData("16/-1")]
    public void Other_forms_are_not_journal_numbers(string? text)
    {
        Assert.Null(JournalNumber.TryParse(text));
        Assert.False(JournalNumber.IsWellFormed(text));
    }

    // .NET's \d matches every Unicode decimal digit, and int.Parse then throws on them: a caller's
    // typo must come back as "not a journal number", never as an exception from the parser.
    [Theory]
    [InlineData("٢٦/1")] // Arabic-Indic year
    [InlineData("26/١٢٣")] // Arabic-Indic running number
    [InlineData("１２/3142")] // full-width year
    [InlineData("12/３１４２")] // full-width running number
    [InlineData("۱۲/3142")] // Extended Arabic-Indic (Persian) year
    [InlineData("१२/3142")] // Devanagari year
    public void Digits_other_than_ascii_are_malformed(string text)
    {
        Assert.Null(JournalNumber.TryParse(text));
        Assert.False(JournalNumber.IsWellFormed(text));
    }

    [Theory]
    [InlineData(26, 1, "26/00001")]
    [InlineData(12, 3142, "12/03142")]
    [InlineData(16, 26813, "16/26813")]
    [InlineData(5, 123456, "05/123456")]
    [InlineData(0, 0, "00/00000")]
    public void It_is_written_with_the_running_number_zero_padded_to_five(int year, int number, string text) =>
        Assert.Equal(text, new JournalNumber(year, number).ToString());

    [Theory]
    [InlineData("26/00001")]
    [InlineData("16/26813")]
    [InlineData("05/123456")]
    public void The_written_form_parses_back(string text) =>
        Assert.Equal(text, JournalNumber.TryParse(text)!.Value.ToString());

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(100, 1)]
    [InlineData(2026, 1)]
    [InlineData(26, -1)]
    [InlineData(26, JournalNumber.MaxRunningNumber + 1)]
    public void A_year_or_number_out_of_range_is_no_journal_number(int year, int number) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new JournalNumber(year, number));

    [Fact]
    public void Numbers_with_different_padding_are_the_same_journal_number() =>
        Assert.Equal(JournalNumber.TryParse("12/3142"), JournalNumber.TryParse("12/03142"));
}
