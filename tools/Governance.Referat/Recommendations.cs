using System.Text.RegularExpressions;

namespace Governance.Referat;

/// <summary>
/// The recommendation (indstilling): who recommends ("ØDC indstiller, at", "HR-Centret indstiller:",
/// "Det indstilles at:") and its points ("1. ...", "- 1) ...", "a) ...", "- at ...", "· at ...").
/// A recommendation without points ("Til drøftelse.") has its whole text in the introduction.
/// </summary>
/// <param name="Heading">The "Indstilling" line.</param>
/// <param name="Introduction">The lines before the first point.</param>
/// <param name="Points">The points, in order.</param>
public sealed partial record Recommendation(SourceLine Heading, IReadOnlyList<SourceLine> Introduction, IReadOnlyList<RecommendationPoint> Points)
    : Section(Heading)
{
    public override SectionKind Kind => SectionKind.Recommendation;

    /// <summary>The recommending unit ("ØDC", "HR-Centret", "Administrationen"); null for "Det indstilles".</summary>
    public string? Unit => Introduction.Count > 0 && UnitPattern().Match(Introduction[0].Trimmed) is { Success: true } m ? m.Groups["unit"].Value : null;

    /// <summary>The introduction as written, lines joined by "\n".</summary>
    public string IntroductionText => string.Join('\n', Introduction.Select(l => l.Text));

    [GeneratedRegex(@"^(?<unit>\S.*?)\s+indstiller\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnitPattern();

    protected override IEnumerable<SourceLine> BodyLines() => Introduction.Concat(Points.SelectMany(p => p.Lines)).OrderBy(l => l.Number);
}

/// <summary>One point of a recommendation; a line after a point that is not a point continues it.</summary>
/// <param name="Lines">The point's lines as written.</param>
/// <param name="Label">"1", "a", or null for a bullet without a number.</param>
/// <param name="Text">The text without bullet and label; continuation lines joined by "\n".</param>
public sealed record RecommendationPoint(IReadOnlyList<SourceLine> Lines, string? Label, string Text);

internal static partial class RecommendationReader
{
    // A bullet ("-", "–", "•", "·", "*"), a label ("1.", "2)", "a)"), or a bullet and then a label.
    [GeneratedRegex(@"^\s*(?:(?<bullet>[-–•·*])\s*(?:(?<label>[0-9]{1,2})[.)]\s+|(?<label>[a-zæøå])\)\s+)?|(?<label>[0-9]{1,2})[.)]\s+|(?<label>[a-zæøå])\)\s+)(?<text>\S.*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PointPattern();

    public static Recommendation Read(SourceLine heading, IReadOnlyList<SourceLine> body)
    {
        var introduction = new List<SourceLine>();
        var points = new List<(List<SourceLine> Lines, string? Label, List<string> Text)>();
        foreach (var line in body.Where(l => !l.IsBlank))
        {
            if (PointPattern().Match(line.Text) is { Success: true } m)
            {
                var label = m.Groups["label"].Success ? m.Groups["label"].Value : null;
                points.Add(([line], label, [m.Groups["text"].Value.Trim()]));
            }
            else if (points.Count > 0)
            {
                points[^1].Lines.Add(line);
                points[^1].Text.Add(line.Trimmed);
            }
            else
            {
                introduction.Add(line);
            }
        }
        return new Recommendation(heading, introduction,
            points.Select(p => new RecommendationPoint(p.Lines, p.Label, string.Join('\n', p.Text))).ToArray());
    }
}
