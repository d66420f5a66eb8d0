using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Governance.Testing.Browser;

namespace Governance.Cli.Tests;

/// <summary>
/// The "done when" of issue 15 beyond the text: each sample imported through <c>gov import referat</c>
/// and rendered through <c>gov minutes</c> as HTML opens in Chromium as the minutes (one h1 without a
/// draft mark, one section per item with its heading, contents links that lead to them, no script, no
/// serious or critical axe violation), and as .docx is a valid Word document with the items as
/// Heading1, a contents field, and the Huskeliste as a real table.
/// </summary>
public sealed class ImportedDocumentsTests(ImportHost host, BrowserFixture browsers) : IClassFixture<ImportHost>, IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Referat.Referat Referat, string Meeting)> ImportAsync(string sample)
    {
        var result = await host.ImportAsync(ImportSamples.Path(sample));
        return (ImportSamples.Parse(sample), result.GetProperty("meeting").GetString()!);
    }

    private static string Title(Referat.Referat referat) => $"REFERAT Direktionen d. {referat.Header.Date:dd-MM-yyyy}";

    private static List<string> Headings(Referat.Referat referat) => [.. referat.Items.Select(i => $"Punkt {i.Number}: {i.Title}")];

    [Fact]
    public async Task The_imported_samples_as_html_open_in_chromium_as_their_minutes()
    {
        browsers.RequireBrowser();
        await using var pages = await LocalPages.StartAsync();
        using var browser = browsers.Open(WindowSize.Desktop);
        foreach (var sample in ImportSamples.All)
        {
            var (referat, meeting) = await ImportAsync(sample);
            var html = await host.RunAsync("minutes", meeting, "--format", "html", "--audience", "members");
            Assert.True(html.ExitCode == 0, html.ToString());
            browser.GoTo(pages.Add($"/{Path.GetFileNameWithoutExtension(sample)}.html", html.Stdout));

            Assert.Equal([Title(referat)], Strings(browser, "return Array.from(document.querySelectorAll('h1')).map(h => h.textContent);"));
            Assert.Equal(0L, (long)browser.Driver.ExecuteScript("return document.querySelectorAll('.draft').length + document.scripts.length;")!);
            Assert.Equal(Headings(referat), Strings(browser, "return Array.from(document.querySelectorAll('section.item h2')).map(h => h.textContent);"));
            // Every contents line leads to the section of its item.
            Assert.Equal(Headings(referat), Strings(browser, """
                return Array.from(document.querySelectorAll('nav a')).filter(a => a.getAttribute('href').startsWith('#punkt-')).map(a => {
                    const target = document.getElementById(a.getAttribute('href').slice(1));
                    return target && target.matches('section.item') ? target.querySelector('h2').textContent : 'NO SECTION: ' + a.textContent;
                });
                """));
            var text = (string)browser.Driver.ExecuteScript("return document.body.innerText;")!;
            foreach (var participant in referat.Header.Participants)
            {
                Assert.Contains(participant.Name, text, StringComparison.Ordinal);
            }
            browser.AssertAccessible(sample);
        }
    }

    [Fact]
    public async Task The_imported_samples_as_docx_are_valid_word_documents_with_headings_contents_and_tables()
    {
        foreach (var sample in ImportSamples.All)
        {
            var (referat, meeting) = await ImportAsync(sample);
            var file = Path.Combine(Path.GetTempPath(), $"{Path.GetFileNameWithoutExtension(sample)}-{Guid.NewGuid():N}.docx");
            try
            {
                var run = await host.RunAsync("minutes", meeting, "--format", "docx", "--audience", "members", "--out", file);
                Assert.True(run.ExitCode == 0, run.ToString());
                using var document = WordprocessingDocument.Open(file, false);
                var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document, Ct).ToList();
                Assert.True(errors.Count == 0, $"{sample}: " + string.Join("\n", errors.Select(e => $"{e.Path?.XPath} {e.Description}")));

                var body = document.MainDocumentPart!.Document!.Body!;
                var paragraphs = body.Elements<Paragraph>().ToList();
                Assert.Equal(("Title", Title(referat)), (Style(paragraphs[0]), paragraphs[0].InnerText));
                Assert.Equal(Headings(referat), paragraphs.Where(p => Style(p) == "Heading1" && p.InnerText.StartsWith("Punkt ", StringComparison.Ordinal)).Select(p => p.InnerText));
                Assert.Contains(body.Descendants<FieldCode>(), f => f.Text.TrimStart().StartsWith("TOC ", StringComparison.Ordinal));
                Assert.Empty(document.MainDocumentPart.HeaderParts); // approved: no "UDKAST" page header
                if (referat.ReminderList is { } list)
                {
                    var subjects = body.Descendants<Table>().SelectMany(t => t.Elements<TableRow>())
                        .Select(r => r.Elements<TableCell>().First().InnerText).ToHashSet(StringComparer.Ordinal);
                    Assert.All(list.Reminders, r => Assert.Contains(r.Subject, subjects));
                }
            }
            finally
            {
                File.Delete(file);
            }
        }
    }

    private static string Style(Paragraph paragraph) => paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "";

    private static List<string> Strings(BrowserSession browser, string script) =>
        [.. ((IReadOnlyCollection<object>)browser.Driver.ExecuteScript(script)!).Cast<string>()];
}
