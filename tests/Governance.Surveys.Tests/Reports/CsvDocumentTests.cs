using System.Globalization;
using System.Text;
using Governance.Surveys.Reports;

namespace Governance.Surveys.Tests.Reports;

/// <summary>The CSV file's form, as Excel in Danish reads it, and its defence against formulas.</summary>
public sealed class CsvDocumentTests
{
    private static string Body(CsvDocument csv)
    {
        var bytes = csv.ToBytes();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    [Fact]
    public void Rows_are_fields_between_semicolons_ended_by_crlf_after_a_byte_order_mark()
    {
        var csv = new CsvDocument().Text("Gruppe").Text("Score").EndRow().Text("Økonomi- og Digitaliseringscentret").Number(72.5).EndRow();
        Assert.Equal("Gruppe;Score\r\nØkonomi- og Digitaliseringscentret;72,5\r\n", Body(csv));
        Assert.Equal(2, csv.Rows);
        Assert.Equal("\r\n", Body(new CsvDocument().Empty().EndRow()));
    }

    [Fact]
    public void Numbers_have_a_decimal_comma_whatever_the_culture_and_none_is_an_empty_field()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            foreach (var culture in new[] { "en-US", "da-DK", "de-CH", "ar-SA" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
                var csv = new CsvDocument().Number(66.66667).Number(100).Number(0.05).Number(null).Count(1234).Count(null).Number(1234.5, 2).EndRow();
                Assert.Equal("66,7;100,0;0,1;;1234;;1234,50\r\n", Body(csv));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("almindelig tekst", "almindelig tekst")]
    [InlineData("Leder; HR", "\"Leder; HR\"")]
    [InlineData("Det \"gode\" arbejdsmiljø", "\"Det \"\"gode\"\" arbejdsmiljø\"")]
    [InlineData("to\nlinjer", "\"to\nlinjer\"")]
    [InlineData("to\r\nlinjer", "\"to\r\nlinjer\"")]
    [InlineData("", "")]
    public void A_field_with_a_separator_a_quote_or_a_line_break_is_quoted(string value, string written) =>
        Assert.Equal(written + "\r\n", Body(new CsvDocument().Text(value).EndRow()));

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+45 12345678", "'+45 12345678")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("Afdeling =1", "Afdeling =1")]
    [InlineData("ØDC - afdeling 1", "ØDC - afdeling 1")]
    public void A_text_that_would_start_a_formula_gets_an_apostrophe_first(string value, string written) =>
        Assert.Equal(written + "\r\n", Body(new CsvDocument().Text(value).EndRow()));

    [Fact]
    public void A_row_not_ended_is_no_file()
    {
        Assert.Throws<InvalidOperationException>(() => new CsvDocument().Text("x").ToBytes());
    }
}
