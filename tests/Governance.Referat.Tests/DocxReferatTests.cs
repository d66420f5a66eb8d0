using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Governance.Referat.Tests;

/// <summary>
/// Word documents read into the samples' layout: a document written by a person (Heading styles, line
/// breaks, a real table, Word's contents field with pages) and each sample written as a .docx (a
/// paragraph per block, tab rows as a table) give the same model as the text.
/// </summary>
public sealed class DocxReferatTests
{
    private static W.Paragraph Para(string? style, params string[] lines)
    {
        var run = new W.Run();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new W.Break());
            }
            var parts = lines[i].Split('\t');
            for (var j = 0; j < parts.Length; j++)
            {
                if (j > 0)
                {
                    run.Append(new W.TabChar());
                }
                run.Append(new W.Text(parts[j]) { Space = SpaceProcessingModeValues.Preserve });
            }
        }
        var paragraph = new W.Paragraph(run);
        if (style is not null)
        {
            paragraph.PrependChild(new W.ParagraphProperties(new W.ParagraphStyleId { Val = style }));
        }
        return paragraph;
    }

    private static W.Table Table(IEnumerable<string[]> rows) =>
        new(rows.Select(r => new W.TableRow(r.Select(c => new W.TableCell(new W.Paragraph(new W.Run(new W.Text(c) { Space = SpaceProcessingModeValues.Preserve })))))));

    private static MemoryStream Docx(IEnumerable<OpenXmlElement> content)
    {
        var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new W.Document(new W.Body(content));
        }
        stream.Position = 0;
        return stream;
    }

    /// <summary>Word's contents: a TOC field over several paragraphs, each "Title&lt;tab&gt;page" with a PAGEREF field.</summary>
    private static IEnumerable<W.Paragraph> WordContents(params (string Title, int Page)[] entries)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            var paragraph = new W.Paragraph(new W.ParagraphProperties(new W.ParagraphStyleId { Val = "TOC1" }));
            if (i == 0)
            {
                paragraph.Append(new W.Run(new W.FieldChar { FieldCharType = W.FieldCharValues.Begin }),
                    new W.Run(new W.FieldCode(" TOC \\o \"1-2\" \\h ")),
                    new W.Run(new W.FieldChar { FieldCharType = W.FieldCharValues.Separate }));
            }
            paragraph.Append(new W.Run(new W.Text(entries[i].Title)), new W.Run(new W.TabChar()),
                new W.Run(new W.FieldChar { FieldCharType = W.FieldCharValues.Begin }),
                new W.Run(new W.FieldCode(" PAGEREF _Toc1 \\h ")),
                new W.Run(new W.FieldChar { FieldCharType = W.FieldCharValues.Separate }),
                new W.Run(new W.Text($"{entries[i].Page}")),
                new W.Run(new W.FieldChar { FieldCharType = W.FieldCharValues.End }));
            if (i == entries.Length - 1)
            {
                paragraph.Append(new W.Run(new W.FieldChar { FieldCharType = W.FieldCharValues.End }));
            }
            yield return paragraph;
        }
    }

    [Fact]
    public void A_document_written_with_heading_styles_reads_as_the_text_would()
    {
        using var docx = Docx(
        [
            Para("Title", "REFERAT Direktionen d. 09-03-2017"),
            Para(null, "Mødedato Torsdag d. 09. marts 2017 kl. 08:30"),
            Para(null, "Mødested Mødelokale B105"),
            Para(null, "Mødedeltagere Lars Holte, Kathrine Seier Skastrup (sekretær)"),
            Para("TOCHeading", "Indholdsfortegnelse"),
            .. WordContents(("Regnskab 2016", 3), ("Huskeliste 09-03-2017", 5)),
            Para("Heading1", "Punkt 1: Regnskab 2016"),
            Para(null, "16/25345"),
            Para("Heading2", "Sagsfremstilling"),
            Para(null, "Første linje", "anden linje i samme afsnit"),
            Table([["", "2016", "2017"], ["Drift", "10", "12"]]),
            Para(null, "Efter tabellen."),
            Para("Heading2", "Beslutning Direktionen den 09-03-2017"),
            Para(null, "Godkendt."),
            Para("Heading1", "Punkt 2: Huskeliste 09-03-2017"),
            Para(null, "16/26813"),
            Para("Heading2", "Sagsfremstilling"),
            Table([["Sag/emne", "Forventet tidspunkt", "Ansvarlig"], ["Marts"], ["Budgetopfølgning", "13.", "ØDC"]]),
            Para(null, "Byrådets temamøder"),
            Para(null, "24. september: Kommuneplan"),
        ]);

        var text = DocxReferat.ToText(docx);
        var referat = ReferatParser.Parse(text);

        Assert.Equal("Direktionen", referat.Header.Body);
        Assert.Equal(new DateOnly(2017, 3, 9), referat.Header.Date);
        Assert.Equal(new TimeOnly(8, 30), referat.Header.StartTime);
        Assert.Equal("Mødelokale B105", referat.Header.Room);
        Assert.Equal(["Lars Holte", "Kathrine Seier Skastrup"], referat.Header.Participants.Select(p => p.Name));
        Assert.Equal([("Regnskab 2016", 3), ("Huskeliste 09-03-2017", 5)], referat.Contents!.Entries.Select(e => (e.Title, e.Page)));
        Assert.Equal([(1, "Regnskab 2016", "16/25345"), (2, "Huskeliste 09-03-2017", "16/26813")], referat.Items.Select(i => (i.Number, i.Title, i.JournalText!)));
        var section = referat.Item(1).TextSections.Single();
        Assert.Equal("Første linje\nanden linje i samme afsnit", ((Paragraph)section.Blocks[0]).Text);
        var table = Assert.IsType<Table>(section.Blocks[1]);
        Assert.Equal(["Drift", "10", "12"], table.Rows[1].Cells);
        Assert.Equal("Efter tabellen.", ((Paragraph)section.Blocks[2]).Text);
        Assert.Equal("Godkendt.", referat.Item(1).Decisions.Single().Text);
        var reminder = referat.ReminderList!.Reminders.Single();
        Assert.Equal(("Budgetopfølgning", "13.", "ØDC", (int?)3), (reminder.Subject, reminder.ExpectedTime, reminder.Responsible, reminder.GroupMonth));
        var calendar = referat.ReminderList.Calendars.Single();
        Assert.Equal("Byrådets temamøder", calendar.Name);
        Assert.Equal("Kommuneplan", calendar.Lines.Single().Text);
        Assert.Empty(referat.Report.Unclassified);
    }

    /// <summary>A sample as a .docx: each block between blank lines a paragraph (its lines as breaks),
    /// a run of tab rows a table. Gives the same items, sections, decisions and Huskeliste as the text.</summary>
    [Theory]
    [InlineData(Samples.Direktionen20120814)]
    [InlineData(Samples.Direktionen20130909)]
    [InlineData(Samples.Direktionen20170309)]
    public void Each_sample_written_as_docx_parses_as_its_text(string sample)
    {
        var text = Samples.Text(sample);
        var content = new List<OpenXmlElement>();
        foreach (var block in text.Replace("\r\n", "\n").Split("\n\n").Select(b => b.Trim('\n')).Where(b => b.Trim().Length > 0))
        {
            var lines = block.Split('\n');
            // Tab rows (not the contents' dotted entries) become a table; other lines a paragraph.
            if (lines.All(l => l.Contains('\t') && !l.Contains(".....", StringComparison.Ordinal)))
            {
                content.Add(Table(lines.Select(l => l.TrimEnd().Split('\t'))));
            }
            else
            {
                content.Add(Para(null, lines));
            }
        }
        using var docx = Docx(content);
        var fromDocx = DocxReferat.Parse(docx);
        var fromText = Samples.Parse(sample);

        Assert.Equal(fromText.Header with { TitleLine = null, DateLine = null, PlaceLine = null, ParticipantsLine = null, Participants = [] },
            fromDocx.Header with { TitleLine = null, DateLine = null, PlaceLine = null, ParticipantsLine = null, Participants = [] });
        Assert.Equal(fromText.Header.Participants, fromDocx.Header.Participants);
        Assert.Equal(fromText.Items.Select(i => (i.Number, i.Title, i.JournalText)), fromDocx.Items.Select(i => (i.Number, i.Title, i.JournalText)));
        foreach (var item in fromText.Items)
        {
            var other = fromDocx.Item(item.Number);
            Assert.Equal(item.Sections.Select(s => s.HeadingText), other.Sections.Select(s => s.HeadingText));
            Assert.Equal(item.Decisions.Select(d => (d.MeetingDate, Words(d.Text))), other.Decisions.Select(d => (d.MeetingDate, Words(d.Text))));
            Assert.Equal(item.TextSections.SelectMany(s => s.Blocks).OfType<Paragraph>().Select(p => Words(p.Text)),
                other.TextSections.SelectMany(s => s.Blocks).OfType<Paragraph>().Select(p => Words(p.Text)));
        }
        Assert.Equal(fromText.ReminderList?.Reminders.Select(r => (r.Subject, r.ExpectedTime, r.Responsible, r.GroupMonth)),
            fromDocx.ReminderList?.Reminders.Select(r => (r.Subject, r.ExpectedTime, r.Responsible, r.GroupMonth)));
        Assert.Equal(fromText.ReminderList?.Calendars.SelectMany(c => c.Lines).Select(l => l.Line.Trimmed),
            fromDocx.ReminderList?.Calendars.SelectMany(c => c.Lines).Select(l => l.Line.Trimmed));
        Assert.Equal(fromText.Report.UnclassifiedLineCount, fromDocx.Report.UnclassifiedLineCount);
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
