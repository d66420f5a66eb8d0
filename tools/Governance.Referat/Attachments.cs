using System.Text.RegularExpressions;

namespace Governance.Referat;

/// <summary>The attachments (bilag) of an item, one title a line.</summary>
public sealed record AttachmentList(SourceLine Heading, IReadOnlyList<Attachment> Attachments) : Section(Heading)
{
    public override SectionKind Kind => SectionKind.Attachments;

    protected override IEnumerable<SourceLine> BodyLines() => Attachments.Select(a => a.Line);
}

/// <summary>An attachment: its title as written and its document number when the title carries one.</summary>
/// <param name="Line">The line.</param>
/// <param name="Title">The title, trimmed.</param>
/// <param name="DocumentNumber">"177144/12" from "dok.nr. 177144/12", "(171734/12)" or "Doc 167736/12".</param>
public sealed record Attachment(SourceLine Line, string Title, string? DocumentNumber) : IFromSource
{
    public IEnumerable<SourceLine> SourceLines() => [Line];
}

internal static partial class AttachmentReader
{
    [GeneratedRegex(@"(?:\bdok\.?\s*nr\.?|\bdoc\.?)\s*(?<n>[0-9]{3,7}/[0-9]{2})\b|\((?<n>[0-9]{3,7}/[0-9]{2})\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DocumentNumber();

    public static string? DocumentNumberIn(string text) =>
        DocumentNumber().Match(text) is { Success: true } m ? m.Groups["n"].Value : null;

    public static AttachmentList Read(SourceLine heading, IReadOnlyList<SourceLine> body) =>
        new(heading, body.Where(l => !l.IsBlank).Select(l => new Attachment(l, l.Trimmed, DocumentNumberIn(l.Trimmed))).ToArray());
}
