using System.Text.RegularExpressions;

namespace Governance.Referat;

/// <summary>
/// The table of contents ("Indholdsfortegnelse"): one entry per item with its page, written with tabs
/// ("Evaluering af KVIK.....\t6") or as a pipe table ("| Lukket..... | 12 |").
/// </summary>
/// <param name="Heading">The "Indholdsfortegnelse" line.</param>
/// <param name="Layout">Tabs or pipes (the layout of the first entry; tabs when there is none).</param>
/// <param name="Entries">The entries in order.</param>
/// <param name="TableLines">A pipe table's header ("| | |") and separator ("|--|----|") lines.</param>
public sealed record ContentsList(SourceLine Heading, TableLayout Layout, IReadOnlyList<ContentsEntry> Entries, IReadOnlyList<SourceLine> TableLines) : IFromSource
{
    public IEnumerable<SourceLine> SourceLines() =>
        new[] { Heading }.Concat(TableLines).Concat(Entries.Select(e => e.Line)).OrderBy(l => l.Number);
}

/// <summary>
/// An entry: the item's title as the contents write it (without the dots) and its page; 0 for an
/// entry without a page ("Punkt 3: Title", as the platform's own minutes list the items).
/// </summary>
public sealed record ContentsEntry(SourceLine Line, string Title, int Page);

internal static partial class ContentsReader
{
    [GeneratedRegex(@"^indholdsfortegnelse:?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(?<title>.*?)\s*\.{2,}\s*\t\s*(?<page>[0-9]{1,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex TabEntry();

    [GeneratedRegex(@"^\|\s*(?<title>.*?)\s*\.{2,}\s*\|\s*(?<page>[0-9]{1,4})\s*\|$", RegexOptions.CultureInvariant)]
    private static partial Regex PipeEntry();

    // The platform's own minutes: "Punkt 3: Lukket", no page.
    [GeneratedRegex(@"^punkt\s+[0-9]{1,3}\s*:\s*(?<title>\S.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ItemEntry();

    public static bool IsHeading(SourceLine line) => Heading().IsMatch(line.Trimmed);

    /// <summary>A list in progress, from its heading on.</summary>
    internal sealed class Builder(SourceLine heading)
    {
        private readonly List<ContentsEntry> entries = [];
        private readonly List<SourceLine> tableLines = [];
        private TableLayout? layout;

        public ContentsList List => new(heading, layout ?? TableLayout.Tabs, entries.ToArray(), tableLines.ToArray());

        /// <summary>Takes the line when it is an entry, or a pipe table's header or separator line.</summary>
        public bool TryTake(SourceLine line)
        {
            var text = line.Trimmed;
            if (TabEntry().Match(text) is { Success: true } tab)
            {
                Add(line, tab, TableLayout.Tabs);
                return true;
            }
            if (PipeEntry().Match(text) is { Success: true } pipe)
            {
                Add(line, pipe, TableLayout.Pipes);
                return true;
            }
            if (ItemEntry().Match(text) is { Success: true } item)
            {
                layout ??= TableLayout.Tabs;
                entries.Add(new ContentsEntry(line, item.Groups["title"].Value.Trim(), 0));
                return true;
            }
            // "| | |" and "|--|----|": the table's empty header and its separator.
            if (TableSyntax.IsPipeRow(line) && TableSyntax.Row(line, TableLayout.Pipes) is var row && (row.IsSeparator || !row.FilledCells.Any()))
            {
                tableLines.Add(line);
                return true;
            }
            return false;
        }

        private void Add(SourceLine line, Match m, TableLayout entryLayout)
        {
            layout ??= entryLayout;
            entries.Add(new ContentsEntry(line, m.Groups["title"].Value, DanishDates.Int(m.Groups["page"].Value)));
        }
    }
}
