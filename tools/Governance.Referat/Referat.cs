namespace Governance.Referat;

/// <summary>
/// Parsed minutes (referat) of one meeting: the header, the contents list, the agenda items in order,
/// and the lines of the meeting the parser did not understand. Every non-blank input line is in exactly
/// one of them; <see cref="Report"/> counts and lists them.
/// </summary>
public sealed record Referat(MeetingHeader Header, ContentsList? Contents, IReadOnlyList<AgendaItem> Items, IReadOnlyList<UnclassifiedLine> Unclassified, ParseReport Report)
    : IFromSource
{
    /// <summary>The Huskeliste, from the standing item that prints it.</summary>
    public ReminderList? ReminderList => Items.Select(i => i.ReminderList).FirstOrDefault(l => l is not null);

    public AgendaItem Item(int number) => Items.Single(i => i.Number == number);

    public IEnumerable<SourceLine> SourceLines() =>
        Header.SourceLines()
            .Concat(Contents?.SourceLines() ?? [])
            .Concat(Items.SelectMany(i => i.SourceLines()))
            .Concat(Unclassified.Select(u => u.Line))
            .OrderBy(l => l.Number);
}

/// <summary>
/// What became of the input's lines: how many were classified into the model, and each line kept as
/// written because the parser did not understand it, with its number and where it was kept.
/// </summary>
/// <param name="LineCount">All lines of the input.</param>
/// <param name="BlankLineCount">Blank lines (they carry no text and are not kept).</param>
/// <param name="ClassifiedLineCount">Non-blank lines the model holds as headings, fields, sections, rows...</param>
/// <param name="Unclassified">The non-blank lines kept as-is, in input order (the item's and the meeting's).</param>
public sealed record ParseReport(int LineCount, int BlankLineCount, int ClassifiedLineCount, IReadOnlyList<UnclassifiedLine> Unclassified)
{
    public int UnclassifiedLineCount => Unclassified.Count;

    /// <summary>One line per unclassified input line, for the import report: "linje 12 (punkt 3): ...".</summary>
    public IEnumerable<string> Describe() =>
        Unclassified.Select(u => $"linje {u.Line.Number} ({(u.ItemNumber is { } n ? $"punkt {n}" : "mødet")}): {u.Line.Text}");
}
