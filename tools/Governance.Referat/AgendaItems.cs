using System.Text.RegularExpressions;
using Governance.Kernel;

namespace Governance.Referat;

/// <summary>
/// An agenda item: "Punkt N: Title", the journal number of its case on the next line, and its sections.
/// A closed item ("Punkt 6: Lukket") shows only the journal number.
/// </summary>
/// <param name="HeadingLine">The "Punkt N: Title" line.</param>
/// <param name="Number">N.</param>
/// <param name="Title">The title as written.</param>
/// <param name="JournalLine">The journal number's line, when the item has one.</param>
/// <param name="Sections">The sections in order.</param>
/// <param name="Unclassified">Lines of the item outside any section, kept as written.</param>
public sealed record AgendaItem(
    SourceLine HeadingLine,
    int Number,
    string Title,
    SourceLine? JournalLine,
    IReadOnlyList<Section> Sections,
    IReadOnlyList<UnclassifiedLine> Unclassified) : IFromSource
{
    /// <summary>The case's journal number ("16/26813"), as the kernel reads it.</summary>
    public JournalNumber? JournalNumber => JournalLine is { } line ? Kernel.JournalNumber.TryParse(line.Trimmed) : null;

    /// <summary>The journal number as written ("12/3142"; the kernel's form pads it to "12/03142").</summary>
    public string? JournalText => JournalLine?.Trimmed;

    /// <summary>"Lukket": the title and content are confidential.</summary>
    public bool IsClosed => Title.Trim().TrimEnd('.').Equals("Lukket", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<TextSection> TextSections => Sections.OfType<TextSection>();

    public Recommendation? Recommendation => Sections.OfType<Recommendation>().FirstOrDefault();

    /// <summary>The decisions as listed, newest first in the layout.</summary>
    public IEnumerable<Decision> Decisions => Sections.OfType<Decision>();

    public IEnumerable<Attachment> Attachments => Sections.OfType<AttachmentList>().SelectMany(l => l.Attachments);

    /// <summary>Guests, wherever in the item's text they are noted.</summary>
    public IEnumerable<GuestNote> Guests => AllBlocks.OfType<GuestNote>();

    /// <summary>The Huskeliste, when this is the standing item that prints it.</summary>
    public ReminderList? ReminderList => AllBlocks.OfType<ReminderList>().FirstOrDefault();

    private IEnumerable<Block> AllBlocks => Sections.SelectMany(s => s switch
    {
        TextSection t => t.Blocks,
        Decision d => d.Blocks,
        _ => [],
    });

    public IEnumerable<SourceLine> SourceLines() =>
        new[] { HeadingLine }.Concat(JournalLine is { } j ? [j] : [])
            .Concat(Sections.SelectMany(s => s.SourceLines()))
            .Concat(Unclassified.Select(u => u.Line))
            .OrderBy(l => l.Number);

    /// <summary>The lines the parser understood: all but the unclassified ones.</summary>
    internal IEnumerable<SourceLine> ClassifiedLines() =>
        new[] { HeadingLine }.Concat(JournalLine is { } j ? [j] : []).Concat(Sections.SelectMany(s => s.SourceLines()));
}

internal static partial class AgendaItemReader
{
    [GeneratedRegex(@"^punkt\s+(?<n>[0-9]{1,3})\s*:\s*(?<title>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[0-9]{2}/[0-9]{1,6}$", RegexOptions.CultureInvariant)]
    private static partial Regex Journal();

    /// <summary>The item number of a heading line, or null.</summary>
    public static int? HeadingNumber(SourceLine line) =>
        Heading().Match(line.Trimmed) is { Success: true } m ? DanishDates.Int(m.Groups["n"].Value) : null;

    /// <summary>Reads an item from its heading line to the line before the next item's heading.</summary>
    public static AgendaItem Read(IReadOnlyList<SourceLine> lines, ParseContext context)
    {
        var heading = lines[0];
        var m = Heading().Match(heading.Trimmed);
        var number = DanishDates.Int(m.Groups["n"].Value);
        var rest = lines.Skip(1).ToArray();
        // The journal number is the first non-blank line under the heading.
        var firstText = Array.FindIndex(rest, l => !l.IsBlank);
        SourceLine? journal = null;
        if (firstText >= 0 && Journal().IsMatch(rest[firstText].Trimmed))
        {
            journal = rest[firstText];
            rest = rest.Skip(firstText + 1).ToArray();
        }
        var (sections, before) = SectionReader.Read(rest, context);
        return new AgendaItem(heading, number, m.Groups["title"].Value.Trim(), journal,
            DecisionReader.LinkPostponements(sections, context),
            before.Select(l => new UnclassifiedLine(l, number)).ToArray());
    }
}
