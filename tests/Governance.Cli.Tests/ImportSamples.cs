namespace Governance.Cli.Tests;

/// <summary>The sample referater (copied from tests/Governance.Referat.Tests/Samples) as files.</summary>
internal static class ImportSamples
{
    public static readonly string[] All = ["direktionen-2012-08-14.txt", "direktionen-2013-09-09.txt", "direktionen-2017-03-09.txt"];

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Samples", name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static Referat.Referat Parse(string name) => Referat.ReferatParser.Parse(Text(name));
}
