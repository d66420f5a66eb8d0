namespace Governance.Referat.Tests;

/// <summary>The three sample minutes (copies of ../shared/samples/referater/ in Samples/), read and parsed.</summary>
internal static class Samples
{
    public const string Direktionen20120814 = "direktionen-2012-08-14.txt";
    public const string Direktionen20130909 = "direktionen-2013-09-09.txt";
    public const string Direktionen20170309 = "direktionen-2017-03-09.txt";

    public static readonly string[] All = [Direktionen20120814, Direktionen20130909, Direktionen20170309];

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    public static Referat Parse(string name) => ReferatParser.Parse(Text(name));

    /// <summary>The texts of a section's paragraphs, for assertions on exact wording.</summary>
    public static string[] Paragraphs(IEnumerable<Block> blocks) => blocks.OfType<Paragraph>().Select(p => p.Text).ToArray();
}
