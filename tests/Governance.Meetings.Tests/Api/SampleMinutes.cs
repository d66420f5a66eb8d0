using System.Text.RegularExpressions;

namespace Governance.Meetings.Tests.Api;

/// <summary>
/// The sample referat <c>Samples/direktionen-2017-03-09.txt</c> read into its parts: the header lines,
/// the table of contents and the items ("Punkt N: ..."), each as paragraphs (blocks between blank lines).
/// </summary>
public sealed partial class SampleMinutes
{
    private SampleMinutes(IReadOnlyList<string> header, IReadOnlyList<string> tableOfContents, IReadOnlyList<SampleItem> items)
    {
        Header = header;
        TableOfContents = tableOfContents;
        Items = items;
    }

    /// <summary>"REFERAT Direktionen d. 09-03-2017", "Mødedato ...", "Mødested ...", "Mødedeltagere ...".</summary>
    public IReadOnlyList<string> Header { get; }

    public string Title => Header[0];

    public string Room => Field("Mødested ");

    public string ParticipantsText => Field("Mødedeltagere ");

    /// <summary>The titles of the table of contents, in order.</summary>
    public IReadOnlyList<string> TableOfContents { get; }

    public IReadOnlyList<SampleItem> Items { get; }

    public SampleItem Item(int number) => Items.Single(i => i.Number == number);

    public static SampleMinutes Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Samples", "direktionen-2017-03-09.txt");
        return Parse(File.ReadAllText(path));
    }

    public static SampleMinutes Parse(string text)
    {
        var paragraphs = Paragraphs(text);
        var header = paragraphs.TakeWhile(p => p != "Indholdsfortegnelse").ToList();
        var tableOfContents = paragraphs
            .SkipWhile(p => p != "Indholdsfortegnelse").Skip(1).First()
            .Split('\n')
            .Select(line => TocLine().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["title"].Value.Trim())
            .ToList();

        var items = new List<SampleItem>();
        List<string>? current = null;
        foreach (var paragraph in paragraphs)
        {
            if (ItemHeading().IsMatch(paragraph))
            {
                current = [];
                var heading = ItemHeading().Match(paragraph);
                items.Add(new SampleItem(int.Parse(heading.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    heading.Groups["title"].Value.Trim(), current));
            }
            else
            {
                current?.Add(paragraph);
            }
        }
        return new SampleMinutes(header, tableOfContents, items);
    }

    /// <summary>The text split at blank lines; each paragraph trimmed at its ends, lines kept.</summary>
    public static IReadOnlyList<string> Paragraphs(string text) =>
        [.. BlankLines().Split(text.ReplaceLineEndings("\n")).Select(p => p.Trim()).Where(p => p.Length > 0)];

    private string Field(string prefix) => Header.Single(h => h.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];

    [GeneratedRegex(@"\n[ \t]*\n")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^\|\s*(?<title>[^|]*?)\.{3,}\s*\|\s*\d+\s*\|$")]
    private static partial Regex TocLine();

    [GeneratedRegex(@"^Punkt (?<number>\d+): (?<title>.+)$")]
    private static partial Regex ItemHeading();
}

/// <summary>One item of the sample: its number, title and the paragraphs under its heading (the
/// journal number first).</summary>
public sealed partial record SampleItem(int Number, string Title, IReadOnlyList<string> Paragraphs)
{
    public string JournalNumber => Paragraphs[0];

    /// <summary>The paragraphs after the heading paragraph <paramref name="heading"/>, up to the next of
    /// <paramref name="until"/> (or the end).</summary>
    public IReadOnlyList<string> Under(string heading, params string[] until) =>
        [.. Paragraphs.SkipWhile(p => p != heading).Skip(1).TakeWhile(p => !until.Contains(p))];

    /// <summary>The text under a heading, paragraphs joined by a blank line.</summary>
    public string Text(string heading, params string[] until) => string.Join("\n\n", Under(heading, until));

    /// <summary>The numbered points "1. ..." of the paragraphs under a heading: label and text.</summary>
    public IReadOnlyList<(string Label, string Text)> Points(string heading, params string[] until) =>
        [.. Under(heading, until)
            .SelectMany(p => p.Split('\n'))
            .Select(line => NumberedLine().Match(line))
            .Where(m => m.Success)
            .Select(m => (m.Groups["label"].Value, m.Groups["text"].Value.Trim()))];

    [GeneratedRegex(@"^\s*(?<label>\d+)\.\s+(?<text>.+)$")]
    private static partial Regex NumberedLine();
}
