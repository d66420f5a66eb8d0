using Governance.Meetings.V1;

namespace Governance.Meetings.Minutes;

/// <summary>
/// Minutes as one document in a format, with its media type: what RenderMinutes answers. Every
/// format renders the same (already redacted) minutes message, so what an audience may see is decided
/// once, by <see cref="MinutesComposer"/>, never by a renderer.
/// </summary>
internal static class MinutesDocuments
{
    public const string TextType = "text/plain; charset=utf-8";
    public const string MarkdownType = "text/markdown; charset=utf-8";
    public const string HtmlType = "text/html; charset=utf-8";
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>The document as bytes: the text formats in UTF-8, and so a binary format (such as .docx) fits beside them.</summary>
    public static (string ContentType, byte[] Document) Render(V1.Minutes minutes, MinutesFormat format) => format switch
    {
        MinutesFormat.Unspecified or MinutesFormat.Text => (TextType, Utf8(minutes.Text)),
        MinutesFormat.Markdown => (MarkdownType, Utf8(MinutesMarkdown.Render(minutes))),
        MinutesFormat.Html => (HtmlType, Utf8(MinutesHtml.Render(minutes))),
        MinutesFormat.Docx => (DocxType, MinutesDocx.Render(minutes)),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a known minutes format"),
    };

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <summary>The calendar sections of a reminder list's text, after its table: the table part (header
    /// row, group headings and tab-separated rows) ends at the first blank line. The renderers print the
    /// table from the rows and these sections after it.</summary>
    public static IReadOnlyList<string> CalendarParagraphs(ReminderListContent list)
    {
        var text = list.Text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var end = text.IndexOf("\n\n", StringComparison.Ordinal);
        return end < 0 ? [] : text[(end + 2)..].Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The rows grouped under their headings, in print order (an empty heading for a list kept in hand order).</summary>
    public static IEnumerable<(string Group, List<ReminderListContentRow> Rows)> Groups(ReminderListContent list)
    {
        var groups = new List<(string, List<ReminderListContentRow>)>();
        foreach (var row in list.Rows)
        {
            if (groups.Count == 0 || groups[^1].Item1 != row.Group)
            {
                groups.Add((row.Group, []));
            }
            groups[^1].Item2.Add(row);
        }
        return groups;
    }
}
