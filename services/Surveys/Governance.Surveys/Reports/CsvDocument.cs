using System.Text;

namespace Governance.Surveys.Reports;

/// <summary>
/// A CSV file as Excel in Danish opens it with a double click: UTF-8 with a byte-order mark (else æøå
/// come out garbled), ';' between fields (the list separator where ',' is the decimal comma), CRLF
/// between rows, numbers with a decimal comma whatever the server's culture. A field with ';', '"' or a
/// line break is quoted, its quotes doubled. A text that starts as a formula would (= + - @, or a tab or
/// carriage return) gets a leading apostrophe, so a name typed by someone else is never run as one in
/// the reader's spreadsheet (CSV injection). Numbers are written as numbers: they are ours, not typed text.
/// </summary>
public sealed class CsvDocument
{
    public const char Separator = ';';
    public const string NewLine = "\r\n";

    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    private readonly StringBuilder _text = new();
    private bool _rowStarted;

    /// <summary>The rows written so far, the header included.</summary>
    public int Rows { get; private set; }

    /// <summary>A text field (a name, a title, a note).</summary>
    public CsvDocument Text(string value) => Field(Quoted(Defused(value)));

    /// <summary>A number with <paramref name="decimals"/> decimals and a decimal comma ("72,5"); empty when
    /// there is none to show.</summary>
    public CsvDocument Number(double? value, int decimals = 1) => Field(value is { } v ? DanishNumbers.Plain(v, decimals) : "");

    /// <summary>A count (a whole number); empty when there is none to show.</summary>
    public CsvDocument Count(int? value) => Field(value is { } v ? DanishNumbers.Plain(v, 0) : "");

    /// <summary>An empty field.</summary>
    public CsvDocument Empty() => Field("");

    /// <summary>Ends the row.</summary>
    public CsvDocument EndRow()
    {
        _text.Append(NewLine);
        _rowStarted = false;
        Rows++;
        return this;
    }

    /// <summary>The file: the byte-order mark and the rows in UTF-8.</summary>
    public byte[] ToBytes()
    {
        if (_rowStarted)
        {
            throw new InvalidOperationException("The last row was not ended.");
        }
        var body = Encoding.UTF8.GetBytes(_text.ToString());
        return [.. ByteOrderMark, .. body];
    }

    private CsvDocument Field(string written)
    {
        if (_rowStarted)
        {
            _text.Append(Separator);
        }
        _text.Append(written);
        _rowStarted = true;
        return this;
    }

    /// <summary>A text a spreadsheet would take for a formula, with an apostrophe before it.</summary>
    internal static string Defused(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// <summary>The field as written: quoted, its quotes doubled, when it holds a separator, a quote or a line break.</summary>
    internal static string Quoted(string value) =>
        value.AsSpan().IndexOfAny(";\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
