namespace Governance.Referat;

/// <summary>One line of the input: its 1-based number and its text exactly as written, without the line break.</summary>
public readonly record struct SourceLine(int Number, string Text)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Text);

    /// <summary>The text without surrounding white space: what the classifiers look at.</summary>
    public string Trimmed => Text.Trim();

    /// <summary>
    /// The lines of a document. Only "\n" and "\r\n" end a line, and a byte order mark is not text, so
    /// the numbers are the ones an editor shows.
    /// </summary>
    public static IReadOnlyList<SourceLine> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }
        var parts = text.Split('\n');
        // A final line break ends the last line; it does not start an empty one.
        var count = parts.Length > 1 && parts[^1].Length == 0 ? parts.Length - 1 : parts.Length;
        var lines = new SourceLine[count];
        for (var i = 0; i < count; i++)
        {
            lines[i] = new SourceLine(i + 1, parts[i].EndsWith('\r') ? parts[i][..^1] : parts[i]);
        }
        return lines;
    }
}

/// <summary>
/// A part of the parsed referat that came from lines of the input. Every part can name its lines, so
/// the report can count them and a test can show that no line was dropped or taken twice.
/// </summary>
public interface IFromSource
{
    /// <summary>The non-blank input lines this part was read from, in input order.</summary>
    IEnumerable<SourceLine> SourceLines();
}

/// <summary>A line the parser did not understand, kept as written where it was found.</summary>
/// <param name="Line">The line.</param>
/// <param name="ItemNumber">The agenda item it belongs to, or null when it belongs to the meeting.</param>
public sealed record UnclassifiedLine(SourceLine Line, int? ItemNumber) : IFromSource
{
    public IEnumerable<SourceLine> SourceLines() => [Line];
}
