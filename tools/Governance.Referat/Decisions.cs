using System.Text.RegularExpressions;

namespace Governance.Referat;

/// <summary>
/// A decision (beslutning) under its heading "Beslutning Direktionen den 09-03-2017" (or "BESLUTNING
/// DIREKTIONEN DEN 16-12-2014"). An item shows all its decisions, newest first: the ones of earlier
/// meetings are decisions of those meetings, often postponing the item ("Udskudt.").
/// </summary>
/// <param name="Heading">The heading line.</param>
/// <param name="Body">The deciding body as written ("Direktionen", "DIREKTIONEN"), when stated.</param>
/// <param name="MeetingDate">The date of the meeting that decided, when stated.</param>
/// <param name="InlineText">Text on the heading line after a dash ("— Udskudt."), when there is some.</param>
/// <param name="Blocks">The decision's text.</param>
public sealed record Decision(SourceLine Heading, string? Body, DateOnly? MeetingDate, string? InlineText, IReadOnlyList<Block> Blocks)
    : Section(Heading)
{
    public override SectionKind Kind => SectionKind.Decision;

    /// <summary>Whether the decision was made at a meeting before the one these minutes are of.</summary>
    public bool IsOfEarlierMeeting { get; init; }

    /// <summary>Set when the decision postpones the item.</summary>
    public Postponement? Postponement { get; init; }

    /// <summary>The decision's text: the inline text, then the blocks, as written.</summary>
    public string Text => string.Join("\n\n",
        new[] { InlineText }.Concat(Blocks.Select(b => string.Join('\n', b.SourceLines().Select(l => l.Text)))).OfType<string>());

    protected override IEnumerable<SourceLine> BodyLines() => Blocks.SelectMany(b => b.SourceLines());
}

/// <summary>
/// The item was postponed ("Udskudt.", "Udsættes til direktionsmødet 16/12", "Udskudt til 2/1-2017").
/// </summary>
/// <param name="To">
/// The meeting it was postponed to: the next meeting in the item's chain of decisions, or the meeting of
/// these minutes when no later decision is listed.
/// </param>
/// <param name="StatedTarget">What the text says after "til" ("direktionsmødet 16/12"), when it says it.</param>
/// <param name="StatedDate">The date in <paramref name="StatedTarget"/>, when it names one.</param>
public sealed record Postponement(DateOnly? To, string? StatedTarget, DateOnly? StatedDate);

internal static partial class DecisionReader
{
    [GeneratedRegex(@"^beslutning(?<rest>\s.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeadingStart();

    // "Direktionen den 09-03-2017", "DIREKTIONEN DEN 16-12-2014", "den 27-02-2017 — Udskudt.".
    [GeneratedRegex(@"^\s*(?<body>.*?)\s*(?:\bden|\bd\.)\s*(?<date>[0-9]{1,2}-[0-9]{1,2}-[0-9]{4})(?<tail>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Dated();

    [GeneratedRegex(@"^(?:udskudt|udskydes|udsat|udsættes)\b(?:.*?\btil\s+(?<target>.+?))?\s*\.?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Postponed();

    /// <summary>"Beslutning" alone, or with a dated meeting; not a sentence that starts with the word.</summary>
    public static bool IsHeading(SourceLine line)
    {
        var m = HeadingStart().Match(line.Trimmed);
        return m.Success && (!m.Groups["rest"].Success || Dated().IsMatch(m.Groups["rest"].Value));
    }

    public static Decision Read(SourceLine heading, IReadOnlyList<SourceLine> body, ParseContext context)
    {
        var rest = HeadingStart().Match(heading.Trimmed).Groups["rest"].Value;
        string? deciding = null;
        DateOnly? date = null;
        string? inline = null;
        if (Dated().Match(rest) is { Success: true } m)
        {
            deciding = m.Groups["body"].Value.Length > 0 ? m.Groups["body"].Value : null;
            date = DanishDates.Numeric(m.Groups["date"].Value);
            var tail = m.Groups["tail"].Value.Trim().TrimStart('—', '–', '-', ':').Trim();
            inline = tail.Length > 0 ? tail : null;
        }
        return new Decision(heading, deciding, date, inline, BlockReader.Read(body, context, allowReminderList: false))
        {
            IsOfEarlierMeeting = date is { } d && context.MeetingDate is { } meeting && d < meeting,
        };
    }

    /// <summary>
    /// Marks the postponing decisions of one item. Each is postponed to the next later decision's meeting
    /// in the item, or to the meeting of these minutes; that makes the chain of postponements explicit.
    /// </summary>
    public static List<Section> LinkPostponements(List<Section> sections, ParseContext context)
    {
        var dates = sections.OfType<Decision>().Select(d => d.MeetingDate).OfType<DateOnly>().ToArray();
        return sections.Select(section =>
        {
            if (section is not Decision decision || FirstText(decision) is not { } text || Postponed().Match(text) is not { Success: true } m)
            {
                return section;
            }
            var target = m.Groups["target"].Success ? m.Groups["target"].Value : null;
            var decided = decision.MeetingDate ?? context.MeetingDate;
            var stated = target is not null && decided is { } from ? DanishDates.FirstIn(target, from) : null;
            DateOnly? to = null;
            if (decision.MeetingDate is { } own)
            {
                var later = dates.Where(d => d > own).Order().ToArray();
                to = later.Length > 0 ? later[0] : context.MeetingDate is { } meeting && meeting > own ? meeting : stated;
            }
            return decision with { Postponement = new Postponement(to ?? stated, target, stated) };
        }).ToList();
    }

    private static string? FirstText(Decision decision) =>
        decision.InlineText ?? (decision.Blocks.Count > 0 ? decision.Blocks[0].SourceLines().First().Trimmed.Trim('*', '_') : null);
}
