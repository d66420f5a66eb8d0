using CsCheck;

namespace Governance.Referat.Tests;

/// <summary>
/// Generated input never makes the parser throw or lose a line: random lines built from the layout's
/// own pieces (headings, journal numbers, table rows, dates) and from arbitrary characters, and the
/// samples with lines inserted, removed and shuffled.
/// </summary>
public sealed class NoiseProperties
{
    /// <summary>Lines that steer the parser: each opens a state (an item, a section, a table, a list, a decision).</summary>
    private static readonly string[] LayoutLines =
    [
        "REFERAT Direktionen d. 09-03-2017", "REFERAT Direktionen d. 31-02-2017", "Mødedato Torsdag d. 09. marts 2017 kl. 08:30",
        "Mødedato Torsdag d. 99. smarts 2017 kl. 99:99", "Mødested Mødelokale B105", "Mødedeltagere A, B (sekretær), C og D", "Mødedeltagere ",
        "Indholdsfortegnelse", "Evaluering af KVIK.....\t6", "| Lukket..... | 12 |", "| | |", "|--|----|", "|", "||",
        "Punkt 1: Økonomiopfølgning", "Punkt 2: Lukket", "Punkt 3:", "Punkt 999: Sidste", "PUNKT 4: Store bogstaver", "16/26813", "99/9999999",
        "Afsnit uden overskrift", "Baggrund", "SAGSFREMSTILLING", "Økonomi", "Indstilling", "INDSTILLING:", "Bilag", "Bilag:", "Vurdering",
        "Beslutning", "Beslutning Direktionen den 09-03-2017", "BESLUTNING DIREKTIONEN DEN 16-12-2014", "Beslutning Direktionen den 99-99-2017",
        "Beslutning Direktionen den 27-02-2017 — Udskudt.", "Beslutning den 10-12-2014 — Udsættes til direktionsmødet 16/12", "Udskudt til 2/1-2017",
        "Udskudt til 31/2", "Udsat til 45/13-2017", "ØDC indstiller, at", "- 1) At Direktionen godkender", "1. at", "a) b", "· at", "-", "*",
        "Eva Dammas, BYC deltager kl. 9.15", "X deltager kl. 99.99", "Stine deltog under punktet.", "deltager kl. 10.00",
        "Sag/emne\tForventet tidspunkt\tAnsvarlig", "| Ansvarlig | Sag/emne | Forv. tidspunkt |", "|---|---|---|", "Sag/emne\tAnsvarlig\ttidspunkt",
        "Projekt\tMånedlig\tPA", "Processag\t13.\tBYC/AM", "X\t99.\tY", "X\t7/10\tY", "X\t99/99\tY", "| September | | |", "Marts 2014", "Gentagende sager i løbet af året",
        "Øvrige sager", "HU-møder", "19. september", "31. februar:", "30. april 2014 (res.)", "0. maj", "25. september: Vækst",
        "\t2013\t2014", "\t", "\t\t\t", " ", "   \t  ", "١٣.", "٢٦/1", "Punkt ٣: Arabisk", "１２/3142", "Beslutning Direktionen den ٠٩-٠٣-٢٠١٧",
    ];

    private static readonly Gen<string> RandomLine =
        Gen.Char["abcæøåABCÆØÅ0123456789 .,:;-–—/|()*·\t٣"].Array[0, 30].Select(chars => new string(chars));

    private static readonly Gen<string> Line = Gen.Frequency(
        (4, Gen.OneOf<string>(LayoutLines)),
        (2, RandomLine),
        (1, Gen.String[0, 20].Select(s => s.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal))),
        (2, Gen.Const("")));

    private static readonly Gen<string> Document =
        Gen.Select(Line.Array[0, 80], Gen.Bool, (lines, crlf) => string.Join(crlf ? "\r\n" : "\n", lines));

    [Fact]
    public void Random_lines_never_throw_and_never_lose_a_line() =>
        Document.Sample(text => ModelWalk.AssertEveryLineOnce(text, ReferatParser.Parse(text)), iter: 2000);

    [Fact]
    public void Arbitrary_text_never_throws_and_never_loses_a_line() =>
        Gen.String[0, 400].Sample(text => ModelWalk.AssertEveryLineOnce(text, ReferatParser.Parse(text)), iter: 2000);

    [Fact]
    public void Samples_with_lines_inserted_removed_and_moved_never_lose_a_line()
    {
        var samples = Samples.All.Select(n => Samples.Text(n).Split('\n')).ToArray();
        Gen.Select(Gen.Int[0, samples.Length - 1], Line.Array[0, 12], Gen.Int[0, 40], Gen.Int[0, int.MaxValue])
            .Sample((which, noise, removals, seed) =>
            {
                var lines = samples[which].ToList();
                var random = new Random(seed);
                for (var r = 0; r < removals && lines.Count > 0; r++)
                {
                    lines.RemoveAt(random.Next(lines.Count));
                }
                foreach (var line in noise)
                {
                    lines.Insert(random.Next(lines.Count + 1), line);
                }
                if (lines.Count > 1 && random.Next(4) == 0)
                {
                    var from = random.Next(lines.Count);
                    var moved = lines[from];
                    lines.RemoveAt(from);
                    lines.Insert(random.Next(lines.Count + 1), moved);
                }
                var text = string.Join('\n', lines);
                var referat = ReferatParser.Parse(text);
                ModelWalk.AssertEveryLineOnce(text, referat);
                Assert.Equal(ModelWalk.Lines(referat), ModelWalk.Lines(ReferatParser.Parse(text)));
            }, iter: 300);
    }
}
