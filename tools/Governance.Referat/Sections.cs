namespace Governance.Referat;

/// <summary>
/// The sections of an item, in the usual order of DOMAIN.md. The recommendation (Indstilling), the
/// decisions (Beslutning) and the attachments (Bilag) have their own types; the rest are text.
/// </summary>
public enum SectionKind
{
    /// <summary>"Afsnit uden overskrift": the layout's own heading for text without one.</summary>
    Untitled,
    Background,
    CasePresentation,
    Finances,
    LegalBasis,
    PolicyAndPlan,
    Information,
    Consultation,
    Assessment,
    OtherDocuments,
    Recommendation,
    Decision,
    Attachments,
}

/// <summary>A section of an agenda item: its heading line and what follows it up to the next heading.</summary>
public abstract record Section(SourceLine Heading) : IFromSource
{
    public abstract SectionKind Kind { get; }

    /// <summary>The heading as written ("Indstilling", "INDSTILLING", "Beslutning Direktionen den 09-03-2017").</summary>
    public string HeadingText => Heading.Trimmed;

    public IEnumerable<SourceLine> SourceLines() => new[] { Heading }.Concat(BodyLines());

    protected abstract IEnumerable<SourceLine> BodyLines();
}

/// <summary>A section of text: Baggrund, Sagsfremstilling, Økonomi, Retsgrundlag, Politik/Plan, Information, Høring, Vurdering, Andre relevante dokumenter.</summary>
public sealed record TextSection(SectionKind Kind, SourceLine Heading, IReadOnlyList<Block> Blocks) : Section(Heading)
{
    public override SectionKind Kind { get; } = Kind;

    /// <summary>"Ingen bemærkninger." is how the layout says the section is empty.</summary>
    public bool HasNoRemarks =>
        Blocks is [Paragraph { Lines: [var only] }] && only.Trimmed.TrimEnd('.').Equals("Ingen bemærkninger", StringComparison.OrdinalIgnoreCase);

    protected override IEnumerable<SourceLine> BodyLines() => Blocks.SelectMany(b => b.SourceLines());
}

/// <summary>Which lines are section headings, in any case ("Indstilling", "INDSTILLING").</summary>
internal static class SectionHeadings
{
    private static readonly (string Heading, SectionKind Kind)[] Fixed =
    [
        ("Afsnit uden overskrift", SectionKind.Untitled),
        ("Baggrund", SectionKind.Background),
        ("Sagsfremstilling", SectionKind.CasePresentation),
        ("Økonomi", SectionKind.Finances),
        ("Retsgrundlag", SectionKind.LegalBasis),
        ("Politik/Plan", SectionKind.PolicyAndPlan),
        ("Information", SectionKind.Information),
        ("Høring", SectionKind.Consultation),
        ("Vurdering", SectionKind.Assessment),
        ("Andre relevante dokumenter", SectionKind.OtherDocuments),
        ("Indstilling", SectionKind.Recommendation),
        ("Bilag", SectionKind.Attachments),
    ];

    public static SectionKind? Classify(SourceLine line)
    {
        if (line.IsBlank)
        {
            return null;
        }
        var text = line.Trimmed.TrimEnd(':').TrimEnd();
        foreach (var (heading, kind) in Fixed)
        {
            if (text.Equals(heading, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }
        return DecisionReader.IsHeading(line) ? SectionKind.Decision : null;
    }

    /// <summary>
    /// The headings that end a Huskeliste's calendars. The calendars hold titles of their own ("ØU",
    /// "Chefforum"), so only the headings that cannot be a calendar's title end them.
    /// </summary>
    public static bool EndsReminderList(SectionKind kind) =>
        kind is SectionKind.Recommendation or SectionKind.Decision or SectionKind.Attachments;
}

/// <summary>Splits an item's lines after the journal number into sections.</summary>
internal static class SectionReader
{
    /// <summary>The sections, and the non-blank lines before the first heading (which belong to no section).</summary>
    public static (List<Section> Sections, List<SourceLine> BeforeFirstHeading) Read(IReadOnlyList<SourceLine> lines, ParseContext context)
    {
        var sections = new List<Section>();
        var before = new List<SourceLine>();
        var start = -1;
        var kind = SectionKind.Untitled;
        var inReminderList = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var heading = SectionHeadings.Classify(lines[i]);
            if (heading is { } k && (!inReminderList || SectionHeadings.EndsReminderList(k)))
            {
                if (start >= 0)
                {
                    sections.Add(Build(kind, lines[start], Slice(lines, start + 1, i), context));
                }
                (start, kind, inReminderList) = (i, k, false);
                continue;
            }
            if (start < 0)
            {
                if (!lines[i].IsBlank)
                {
                    before.Add(lines[i]);
                }
                continue;
            }
            if (!inReminderList && !SectionHeadings.EndsReminderList(kind) && TableSyntax.LayoutOf(lines[i]) is { } layout && ReminderListReader.IsHeader(TableSyntax.Row(lines[i], layout)))
            {
                inReminderList = true;
            }
        }
        if (start >= 0)
        {
            sections.Add(Build(kind, lines[start], Slice(lines, start + 1, lines.Count), context));
        }
        return (sections, before);
    }

    private static Section Build(SectionKind kind, SourceLine heading, IReadOnlyList<SourceLine> body, ParseContext context) => kind switch
    {
        SectionKind.Recommendation => RecommendationReader.Read(heading, body),
        SectionKind.Decision => DecisionReader.Read(heading, body, context),
        SectionKind.Attachments => AttachmentReader.Read(heading, body),
        _ => new TextSection(kind, heading, BlockReader.Read(body, context, allowReminderList: true)),
    };

    private static SourceLine[] Slice(IReadOnlyList<SourceLine> lines, int from, int to) =>
        lines.Skip(from).Take(to - from).ToArray();
}
