using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Governance.Referat;

/// <summary>
/// Reads a Word document (.docx) into the text layout of the samples, which <see cref="ReferatParser"/>
/// then reads: one line per paragraph (a line break inside a paragraph starts a new line), a blank line
/// between paragraphs, a table as one tab-separated line per row with a blank line before and after
/// it, and the contents field's cached result as its lines ("Title.....\tpage", as Word's text export
/// writes the dotted leader). It reads the platform's own rendering (Meetings' MinutesDocx: Title and
/// Heading styles, a TOC field, real tables) and documents people wrote with Heading styles alike:
/// styles are not needed, the parser recognises the headings by their words.
/// </summary>
public static partial class DocxReferat
{
    /// <summary>The document's text in the samples' layout.</summary>
    public static string ToText(Stream docx)
    {
        ArgumentNullException.ThrowIfNull(docx);
        using var document = WordprocessingDocument.Open(docx, false);
        var body = document.MainDocumentPart?.Document?.Body;
        var text = new StringBuilder();
        if (body is null)
        {
            return "";
        }
        var inContents = false;
        foreach (var element in body.ChildElements)
        {
            switch (element)
            {
                case W.Paragraph paragraph:
                    var (line, startsContents, endsContents) = Read(paragraph);
                    var contentsEntry = inContents || startsContents || IsContentsStyle(paragraph);
                    inContents = (inContents || startsContents) && !endsContents;
                    if (contentsEntry)
                    {
                        // The contents are one block of lines, as in the samples.
                        if (line.Length > 0)
                        {
                            text.Append(ContentsLine(line)).Append('\n');
                        }
                        if (!inContents)
                        {
                            text.Append('\n');
                        }
                        continue;
                    }
                    if (line.Trim().Length > 0)
                    {
                        text.Append(line).Append("\n\n");
                    }
                    break;
                case W.Table table:
                    foreach (var row in table.Elements<W.TableRow>())
                    {
                        var cells = row.Elements<W.TableCell>()
                            .Select(c => string.Join(' ', c.Elements<W.Paragraph>().Select(p => Read(p).Text.Replace('\n', ' ').Replace('\t', ' ').Trim()).Where(t => t.Length > 0)))
                            .ToList();
                        if (cells.Any(c => c.Length > 0))
                        {
                            // A row with one filled cell across the table (a group heading) is a line of its own.
                            text.Append(cells.Count(c => c.Length > 0) == 1 && cells.Count == 1 ? cells[0] : string.Join('\t', cells)).Append('\n');
                        }
                    }
                    text.Append('\n');
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Reads the .docx and parses it.</summary>
    public static Referat Parse(Stream docx) => ReferatParser.Parse(ToText(docx));

    private static bool IsContentsStyle(W.Paragraph paragraph) =>
        paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value is { } style && TocStyle().IsMatch(style);

    [GeneratedRegex(@"^TOC[1-9]$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TocStyle();

    // Word's cached contents line: "Title<tab>page" (the dots are the tab's leader, not text).
    [GeneratedRegex(@"^(?<title>.*?)\.*\t\s*(?<page>[0-9]{1,4})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex PagedEntry();

    private static string ContentsLine(string line) =>
        PagedEntry().Match(line) is { Success: true } m ? $"{m.Groups["title"].Value.TrimEnd()}.....\t{m.Groups["page"].Value}" : line.Trim();

    /// <summary>A paragraph's text (tabs kept, breaks as "\n"), and whether a TOC field begins or ends in it.</summary>
    private static (string Text, bool StartsContents, bool EndsContents) Read(W.Paragraph paragraph)
    {
        var text = new StringBuilder();
        var starts = false;
        var ends = false;
        var fieldDepth = 0;
        var tocDepth = -1;
        // Runs in document order, also inside hyperlinks and smart tags; a field's code is not text.
        foreach (var node in paragraph.Descendants())
        {
            switch (node)
            {
                case W.FieldChar { FieldCharType: { } type } when type.Value == W.FieldCharValues.Begin:
                    fieldDepth++;
                    break;
                case W.FieldChar { FieldCharType: { } type } when type.Value == W.FieldCharValues.End:
                    if (fieldDepth == 0 || fieldDepth == tocDepth)
                    {
                        ends = true;
                    }
                    fieldDepth = Math.Max(0, fieldDepth - 1);
                    break;
                case W.FieldCode code:
                    if (code.Text.TrimStart().StartsWith("TOC", StringComparison.OrdinalIgnoreCase))
                    {
                        starts = true;
                        tocDepth = fieldDepth;
                    }
                    break;
                case W.Text t:
                    text.Append(t.Text);
                    break;
                case W.TabChar when node.Parent is W.Run:
                    text.Append('\t');
                    break;
                case W.Break when node.Parent is W.Run:
                case W.CarriageReturn:
                    text.Append('\n');
                    break;
            }
        }
        return (text.ToString(), starts, ends);
    }
}
