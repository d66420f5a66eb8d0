namespace Governance.Referat;

/// <summary>How a table is written: cells separated by tabs (Word's export), or a Markdown-like pipe table.</summary>
public enum TableLayout
{
    Tabs,
    Pipes,
}

/// <summary>One row of a table: its line and its cells (trimmed). A pipe table's "|--|--|" line is a separator row.</summary>
public sealed record TableRow(SourceLine Line, IReadOnlyList<string> Cells, bool IsSeparator) : IFromSource
{
    public IEnumerable<SourceLine> SourceLines() => [Line];

    /// <summary>The cells that say something.</summary>
    public IEnumerable<string> FilledCells => Cells.Where(c => c.Length > 0);
}

/// <summary>A table inside a section (economy overviews, time plans), kept row by row as written.</summary>
public sealed record Table(TableLayout Layout, IReadOnlyList<TableRow> Rows) : Block
{
    /// <summary>The rows with content, without a pipe table's separator line.</summary>
    public IEnumerable<TableRow> ContentRows => Rows.Where(r => !r.IsSeparator);

    public override IEnumerable<SourceLine> SourceLines() => Rows.Select(r => r.Line);
}

/// <summary>How the two table layouts are recognised and split.</summary>
internal static class TableSyntax
{
    public static bool IsTabRow(SourceLine line) => !line.IsBlank && line.Text.Contains('\t', StringComparison.Ordinal);

    public static bool IsPipeRow(SourceLine line)
    {
        var t = line.Trimmed;
        return t.Length >= 2 && t[0] == '|' && t[^1] == '|';
    }

    public static TableLayout? LayoutOf(SourceLine line) =>
        IsPipeRow(line) ? TableLayout.Pipes : IsTabRow(line) ? TableLayout.Tabs : null;

    public static TableRow Row(SourceLine line, TableLayout layout)
    {
        if (layout == TableLayout.Tabs)
        {
            // Leading empty cells matter ("\t2013\t2014\t2015" is a header over a label column).
            return new TableRow(line, line.Text.TrimEnd().Split('\t').Select(c => c.Trim()).ToArray(), false);
        }
        var inner = line.Trimmed[1..^1];
        var cells = inner.Split('|').Select(c => c.Trim()).ToArray();
        var separator = cells.All(c => c.Length > 0 && c.All(ch => ch is '-' or ':' or ' '));
        return new TableRow(line, separator ? [] : cells, separator);
    }
}
