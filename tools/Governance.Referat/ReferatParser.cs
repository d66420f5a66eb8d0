namespace Governance.Referat;

/// <summary>What the parts of the parser need to know of the whole: the meeting's date, to place dates without a year.</summary>
internal sealed record ParseContext(DateOnly? MeetingDate);

/// <summary>
/// Reads minutes in the text layout of the board's documents (REFERAT, Mødedato, Mødested,
/// Mødedeltagere, Indholdsfortegnelse, "Punkt N: ..."). It never throws on text and drops nothing:
/// a line it does not understand is kept where it was found and listed in the report. The same text
/// always gives the same result.
/// </summary>
public static class ReferatParser
{
    public static Referat Parse(string text)
    {
        var lines = SourceLine.Split(text);

        // The items start at the first "Punkt N:" heading; after that a heading must number on, so
        // "Punkt 1: ..." quoted in a text does not split an item.
        var starts = new List<int>();
        var last = 0;
        var contentsLines = ContentsBlock(lines);
        for (var i = 0; i < lines.Count; i++)
        {
            if (!contentsLines.Contains(i) && AgendaItemReader.HeadingNumber(lines[i]) is { } n && n > last)
            {
                starts.Add(i);
                last = n;
            }
        }
        var headEnd = starts.Count > 0 ? starts[0] : lines.Count;

        var header = new HeaderReader.Builder();
        ContentsReader.Builder? contents = null;
        var unclassified = new List<UnclassifiedLine>();
        foreach (var line in lines.Take(headEnd).Where(l => !l.IsBlank))
        {
            if (contents is null && ContentsReader.IsHeading(line))
            {
                contents = new ContentsReader.Builder(line);
            }
            else if (!(contents?.TryTake(line) ?? false) && !header.TryTake(line))
            {
                unclassified.Add(new UnclassifiedLine(line, null));
            }
        }

        var context = new ParseContext(header.Header.MeetingDate);
        var items = new List<AgendaItem>();
        for (var s = 0; s < starts.Count; s++)
        {
            var end = s + 1 < starts.Count ? starts[s + 1] : lines.Count;
            items.Add(AgendaItemReader.Read(lines.Skip(starts[s]).Take(end - starts[s]).ToArray(), context));
        }

        var classified = header.Header.SourceLines().Count()
            + (contents?.List.SourceLines().Count() ?? 0)
            + items.Sum(i => i.ClassifiedLines().Count());
        var allUnclassified = unclassified.Concat(items.SelectMany(i => i.Unclassified)).OrderBy(u => u.Line.Number).ToArray();
        var report = new ParseReport(lines.Count, lines.Count(l => l.IsBlank), classified, allUnclassified);
        return new Referat(header.Header, contents?.List, items, unclassified, report);
    }

    /// <summary>
    /// The lines of the contents list before any item: from the first "Indholdsfortegnelse" to the
    /// first blank line after its entries. The platform's own minutes list the items there as
    /// "Punkt N: Title", which must not start the items.
    /// </summary>
    private static HashSet<int> ContentsBlock(IReadOnlyList<SourceLine> lines)
    {
        var block = new HashSet<int>();
        var heading = -1;
        for (var i = 0; i < lines.Count && heading < 0; i++)
        {
            if (ContentsReader.IsHeading(lines[i]))
            {
                heading = i;
            }
            else if (AgendaItemReader.HeadingNumber(lines[i]) is not null)
            {
                return block;
            }
        }
        if (heading < 0)
        {
            return block;
        }
        var j = heading + 1;
        while (j < lines.Count && lines[j].IsBlank)
        {
            j++;
        }
        for (; j < lines.Count && !lines[j].IsBlank; j++)
        {
            block.Add(j);
        }
        return block;
    }
}
