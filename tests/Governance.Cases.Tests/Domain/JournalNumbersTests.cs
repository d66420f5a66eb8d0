using Governance.Cases.Domain;
using Governance.ServiceDefaults.Errors;

namespace Governance.Cases.Tests.Domain;

public sealed class JournalNumbersTests
{
    [Theory]
    [InlineData("26/00001", 26, 1)]
    [InlineData("12/3142", 12, 3142)]
    [InlineData("16/26813", 16, 26813)]
    [InlineData("99/999999", 99, 999_999)]
    [InlineData("00/1", 0, 1)]
    public void A_journal_number_parses_to_year_and_running_number(string text, int year, int number) =>
        Assert.Equal(new CaseKey(year, number), JournalNumbers.TryParse(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("26/00001 ")]
    [InlineData("26/00001\n")]
    [InlineData("2026/1")]
    [InlineData("26/1234567")]
    [InlineData("26-1")]
    [InlineData("26/")]
    [InlineData("ab/12")]
    [InlineData("٢٦/1")]
    [InlineData("１２/3142")]
    public void Anything_else_is_not_a_journal_number(string? text) => Assert.Null(JournalNumbers.TryParse(text));

    [Fact]
    public void A_key_names_its_case_and_its_allocated_number()
    {
        var key = new CaseKey(26, 42);
        Assert.Equal("26-42", key.Id);
        Assert.Equal("cases/26-42", key.Name);
        Assert.Equal("26/00042", key.Allocated);
        Assert.Equal("cases/05-3142", new CaseKey(5, 3142).Name);
    }

    [Theory]
    [InlineData("cases/26-1", 26, 1)]
    [InlineData("cases/12-3142", 12, 3142)]
    [InlineData("cases/16-999999", 16, 999_999)]
    public void A_case_name_parses(string name, int year, int number) =>
        Assert.Equal(new CaseKey(year, number), JournalNumbers.ParseName(name, "name"));

    [Theory]
    [InlineData("")]
    [InlineData("cases/26-01")]
    [InlineData("cases/26/1")]
    [InlineData("cases/2026-1")]
    [InlineData("cases/26-1\n")]
    [InlineData("meetings/26-1")]
    [InlineData("cases/٢٦-1")] // Arabic-Indic digits: \d matched them and int.Parse threw (INTERNAL)
    [InlineData("cases/26-１")]
    public void Anything_else_is_a_field_violation(string name)
    {
        var error = Assert.Throws<ValidationException>(() => JournalNumbers.ParseName(name, "parent"));
        Assert.Equal("parent", Assert.Single(error.Violations).Field);
    }

    [Fact]
    public void Document_numbers_are_six_digits_and_the_year() =>
        Assert.Equal("000001/26", JournalNumbers.DocumentNumber(26, 1));

    [Theory]
    [InlineData("00.01.00", true)]
    [InlineData("27.24.00", true)]
    [InlineData("27.24", false)]
    [InlineData("27.24.00 ", false)]
    [InlineData("2a.24.00", false)]
    [InlineData("２７.24.00", false)]
    public void Kle_numbers_are_three_pairs_of_digits(string text, bool valid) => Assert.Equal(valid, JournalNumbers.IsKleNumber(text));

    [Theory]
    [InlineData(0, null)]
    [InlineData(2026, 26)]
    [InlineData(2000, 0)]
    [InlineData(2099, 99)]
    public void A_year_filter_is_the_two_digit_year(int year, int? expected)
    {
        var v = new Validator();
        Assert.Equal(expected, JournalNumbers.YearFilter(v, "year", year));
        v.ThrowIfInvalid();
    }

    [Theory]
    [InlineData(1999)]
    [InlineData(2100)]
    [InlineData(26)]
    public void A_year_outside_the_century_is_a_violation(int year)
    {
        var v = new Validator();
        Assert.Null(JournalNumbers.YearFilter(v, "year", year));
        Assert.Equal("year", Assert.Single(Assert.Throws<ValidationException>(v.ThrowIfInvalid).Violations).Field);
    }
}
