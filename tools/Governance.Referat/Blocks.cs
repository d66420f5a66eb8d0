using System.Text.RegularExpressions;

namespace Governance.Referat;

/// <summary>A piece of a section's text: a paragraph, a table, a guest note or the reminder list.</summary>
public abstract record Block : IFromSource
{
    public abstract IEnumerable<SourceLine> SourceLines();
}

/// <summary>
/// Lines between blank lines, kept exactly as written: running text, a bulleted list, a programme line.
/// Subheadings inside a section ("Om evalueringen", "Exit-strategi") are paragraphs too.
/// </summary>
public sealed record Paragraph(IReadOnlyList<SourceLine> Lines) : Block
{
    /// <summary>The lines as written, joined by "\n".</summary>
    public string Text => string.Join('\n', Lines.Select(l => l.Text));

    public override IEnumerable<SourceLine> SourceLines() => Lines;
}

/// <summary>
/// A guest who joins for the item ("Peer Anker Hansen deltager i mødet kl. 11.30.", "Eva Dammas, BYC
/// deltager kl. 9.15", "KPMG deltager kl. 10", "Stine West Dyhr deltog under punktet."). Kept where it stands in the text.
/// </summary>
/// <param name="Line">The line.</param>
/// <param name="Who">Who joins, as written (names, titles, units).</param>
/// <param name="Time">"kl. 10.00" when stated.</param>
public sealed partial record GuestNote(SourceLine Line, string Who, TimeOnly? Time) : Block
{
    public override IEnumerable<SourceLine> SourceLines() => [Line];

    // Either a time or "under punktet" is required: "(Stine deltager)" and "kl. 10.-11.30 Borgmesteren
    // deltager" are programme text, not a guest of the item.
    [GeneratedRegex(@"^(?<who>\S.*?)\s+(?:deltager|deltog)(?:\s+(?:på|i)\s+mødet)?(?:\s+kl\.?\s*(?<h>[0-9]{1,2})(?:[.:](?<m>[0-9]{2}))?|\s+under\s+punktet)\s*\.?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    internal static GuestNote? TryRead(SourceLine line)
    {
        var m = Pattern().Match(line.Trimmed);
        if (!m.Success)
        {
            return null;
        }
        // "deltager kl. 10" names the hour only.
        var time = m.Groups["h"].Success ? DanishDates.Time(m.Groups["h"].Value, m.Groups["m"].Success ? m.Groups["m"].Value : "00") : null;
        return new GuestNote(line, m.Groups["who"].Value, time);
    }
}

/// <summary>Reads a section's lines into blocks.</summary>
internal static class BlockReader
{
    public static List<Block> Read(IReadOnlyList<SourceLine> lines, ParseContext context, bool allowReminderList)
    {
        var blocks = new List<Block>();
        var paragraph = new List<SourceLine>();
        void Flush()
        {
            if (paragraph.Count > 0)
            {
                blocks.Add(new Paragraph(paragraph.ToArray()));
                paragraph.Clear();
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.IsBlank)
            {
                Flush();
                continue;
            }
            if (GuestNote.TryRead(line) is { } guest)
            {
                Flush();
                blocks.Add(guest);
                continue;
            }
            if (TableSyntax.LayoutOf(line) is not { } layout)
            {
                paragraph.Add(line);
                continue;
            }
            Flush();
            var first = TableSyntax.Row(line, layout);
            if (allowReminderList && ReminderListReader.IsHeader(first))
            {
                // The Huskeliste table and the calendars under it run to the end of the section.
                blocks.Add(ReminderListReader.Read(lines.Skip(i).ToArray(), context));
                return blocks;
            }
            var rows = new List<TableRow> { first };
            i = ReadRows(lines, i + 1, layout, rows) - 1;
            blocks.Add(new Table(layout, rows));
        }
        Flush();
        return blocks;
    }

    /// <summary>
    /// Adds the rows from <paramref name="start"/> on and returns the index after the table. A tab table
    /// may hold a blank line between rows (an empty row in the original); a pipe table may not.
    /// </summary>
    private static int ReadRows(IReadOnlyList<SourceLine> lines, int start, TableLayout layout, List<TableRow> rows)
    {
        var i = start;
        while (i < lines.Count)
        {
            var next = i;
            while (layout == TableLayout.Tabs && next < lines.Count && lines[next].IsBlank)
            {
                next++;
            }
            if (next >= lines.Count || TableSyntax.LayoutOf(lines[next]) != layout || GuestNote.TryRead(lines[next]) is not null)
            {
                return i;
            }
            rows.Add(TableSyntax.Row(lines[next], layout));
            i = next + 1;
        }
        return i;
    }
}
