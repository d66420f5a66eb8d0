using System.IO.Compression;
using Governance.Meetings.Domain;
using Governance.Meetings.V1;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using W = DocumentFormat.OpenXml.Wordprocessing;
using Body = DocumentFormat.OpenXml.Wordprocessing.Body;

namespace Governance.Meetings.Minutes;

/// <summary>
/// Renders structured minutes as a Word document (.docx): the content and order of
/// <see cref="MinutesText"/>, with the built-in styles Title, Heading1 and Heading2 (so Word's
/// navigation pane and contents work), a contents field whose cached result is the minutes' table of
/// contents, and tables as real tables. It only reads the (already redacted) minutes message: what an
/// audience may see was decided by <see cref="MinutesComposer"/>. The same message gives the same bytes.
/// </summary>
public static class MinutesDocx
{
    private const string TitleStyle = "Title";
    private const string Heading1 = "Heading1";
    private const string Heading2 = "Heading2";
    private const string Heading3 = "Heading3";
    private const string TocHeadingStyle = "TOCHeading";
    private const string Toc1 = "TOC1";
    private const string TableGridStyle = "TableGrid";
    private const string DraftNoticeStyle = "DraftNotice";

    /// <summary>Word refreshes the contents from the Heading1/Heading2 paragraphs, with links (\h).</summary>
    private const string TocInstruction = " TOC \\o \"1-2\" \\h \\z \\u ";

    // A fixed time for every zip entry: System.IO.Packaging stamps entries with the current time.
    private static readonly DateTimeOffset FixedEntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Render(V1.Minutes minutes)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        var draft = minutes.Status == MinutesStatus.Draft;
        using var package = new MemoryStream();
        using (var document = WordprocessingDocument.Create(package, WordprocessingDocumentType.Document))
        {
            // Fixed relationship ids: the SDK would pick random ones, and the bytes would differ each time.
            var main = document.AddNewPart<MainDocumentPart>("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "rIdDocument");
            main.AddNewPart<StyleDefinitionsPart>("rIdStyles").Styles = Styles();
            // Word updates the contents field when the document is opened.
            main.AddNewPart<DocumentSettingsPart>("rIdSettings").Settings = new Settings(
                new UpdateFieldsOnOpen { Val = true },
                new Compatibility(new CompatibilitySetting
                {
                    Name = CompatSettingNameValues.CompatibilityMode,
                    Uri = "http://schemas.microsoft.com/office/word",
                    Val = "15",
                }));
            string? draftHeaderId = null;
            if (draft)
            {
                draftHeaderId = "rIdDraftHeader";
                main.AddNewPart<HeaderPart>(draftHeaderId).Header = new Header(
                    StyledParagraph(DraftNoticeStyle, Wording.DraftPageHeader));
            }
            var body = new Body();
            RenderDocument(body, minutes, draft);
            body.Append(Page(draftHeaderId));
            main.Document = new Document(body);
        }
        return WithFixedEntryTimes(package.ToArray());
    }

    private static void RenderDocument(Body body, V1.Minutes minutes, bool draft)
    {
        var header = minutes.Header ?? new MinutesHeader();
        body.Append(StyledParagraph(TitleStyle, minutes.Title));
        if (draft)
        {
            body.Append(StyledParagraph(DraftNoticeStyle, Wording.DraftNotice));
        }
        body.Append(Fact(Wording.MeetingDateLabel, header.MeetingDateText));
        body.Append(Fact(Wording.MeetingPlaceLabel, header.Room));
        body.Append(Fact(Wording.ParticipantsLabel, header.ParticipantsText));
        // Imported minutes: the lines outside any item the importer did not understand, each its own paragraph.
        foreach (var line in header.UnclassifiedLines)
        {
            body.Append(new Paragraph(RunOf(Normalize(line).Replace('\n', ' '))));
        }
        body.Append(StyledParagraph(TocHeadingStyle, Wording.Contents));
        body.Append(Contents(minutes.TableOfContents));
        foreach (var item in minutes.Items)
        {
            RenderItem(body, item);
        }
        if (minutes.CorrectionsAfterApproval.Count > 0)
        {
            RenderCorrections(body, minutes.CorrectionsAfterApproval);
        }
    }

    /// <summary>"Mødedato Torsdag d. 09. marts 2017 kl. 08:30", the label in bold.</summary>
    private static Paragraph Fact(string label, string value) =>
        new(new W.Run(new RunProperties(new Bold()), Text(label + " ")), new W.Run(Text(value)));

    /// <summary>The contents as a complex TOC field: its cached result is one linked line per item, as
    /// the minutes' table of contents has them (closed items as the audience sees them).</summary>
    private static IEnumerable<Paragraph> Contents(IReadOnlyList<TableOfContentsEntry> entries)
    {
        var begin = new OpenXmlElement[]
        {
            new W.Run(new FieldChar { FieldCharType = FieldCharValues.Begin, Dirty = true }),
            new W.Run(new FieldCode(TocInstruction) { Space = SpaceProcessingModeValues.Preserve }),
            new W.Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
        };
        var end = new W.Run(new FieldChar { FieldCharType = FieldCharValues.End });
        if (entries.Count == 0)
        {
            return [new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = Toc1 }), begin[0], begin[1], begin[2], end)];
        }
        var paragraphs = new List<Paragraph>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = Toc1 }));
            if (i == 0)
            {
                paragraph.Append(begin);
            }
            var line = Wording.ItemHeading(entry.Number, entry.Title) + (entry.Supplement ? $" ({Wording.Supplement})" : "");
            paragraph.Append(new Hyperlink(new W.Run(Text(line))) { Anchor = ItemBookmark(entry.Number), History = true });
            if (i == entries.Count - 1)
            {
                paragraph.Append(end);
            }
            paragraphs.Add(paragraph);
        }
        return paragraphs;
    }

    /// <summary>A hidden bookmark (the "_Toc" prefix) on each item heading: the target of its contents line.</summary>
    private static string ItemBookmark(int number) => $"_TocPunkt{number}";

    private static void RenderItem(Body body, MinutesItem item)
    {
        var heading = StyledParagraph(Heading1, item.Heading + (item.Supplement ? $" ({Wording.Supplement})" : ""));
        var id = item.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        heading.InsertAfter(new BookmarkStart { Id = id, Name = ItemBookmark(item.Number) }, heading.ParagraphProperties);
        heading.Append(new BookmarkEnd { Id = id });
        body.Append(heading);
        body.Append(new Paragraph(new W.Run(Text(item.JournalNumber))));
        if (item.Redacted)
        {
            return;
        }
        foreach (var section in item.Sections.Where(s => s.Kind == SectionKind.Baggrund))
        {
            RenderSection(body, section);
        }
        if (item.ReminderList is { } list)
        {
            // As the referater print the Huskeliste: the table and the calendar sections as the item's Sagsfremstilling.
            body.Append(StyledParagraph(Heading2, Wording.SectionHeading(SectionKind.Sagsfremstilling)));
            RenderReminderList(body, list);
        }
        if (item.Recommendation is { } r)
        {
            body.Append(StyledParagraph(Heading2, Wording.Recommendation));
            if (r.Text.Length > 0)
            {
                body.Append(Blocks(r.Text));
            }
            foreach (var point in r.Points)
            {
                body.Append(new Paragraph(new W.Run(Text($"{point.Label}) {point.Text}"))));
            }
        }
        foreach (var decision in item.Decisions)
        {
            RenderDecision(body, decision, Heading2);
        }
        foreach (var section in item.Sections.Where(s => s.Kind != SectionKind.Baggrund))
        {
            RenderSection(body, section);
        }
        if (item.Guests.Count > 0)
        {
            body.Append(StyledParagraph(Heading2, Wording.ItemGuests));
            body.Append(item.Guests.Select(g => new Paragraph(new W.Run(Text(Wording.GuestLine(g))))));
        }
        if (item.Attachments.Count > 0)
        {
            body.Append(StyledParagraph(Heading2, Wording.Attachments));
            body.Append(item.Attachments.Select(a => new Paragraph(new W.Run(Text(Wording.AttachmentLine(a))))));
        }
    }

    /// <summary>"Rettelser efter godkendelse", then per item its heading, journal number and the
    /// corrections; one level below the record's headings, so the contents keep the record's items.</summary>
    private static void RenderCorrections(Body body, IEnumerable<MinutesItem> items)
    {
        body.Append(StyledParagraph(Heading1, Wording.CorrectionsAfterApproval));
        foreach (var item in items)
        {
            body.Append(StyledParagraph(Heading2, item.Heading));
            body.Append(new Paragraph(new W.Run(Text(item.JournalNumber))));
            foreach (var decision in item.Decisions)
            {
                RenderDecision(body, decision, Heading3);
            }
        }
    }

    private static void RenderSection(Body body, Section section)
    {
        // Unclassified lines of an imported referat are printed as written, without a heading.
        if (section.Kind != SectionKind.Unclassified)
        {
            body.Append(StyledParagraph(Heading2, section.Heading));
        }
        body.Append(Blocks(section.Text));
    }

    private static void RenderDecision(Body body, Decision decision, string headingStyle)
    {
        body.Append(StyledParagraph(headingStyle, decision.Heading));
        if (decision.Corrects.Length > 0)
        {
            body.Append(new Paragraph(new W.Run(Text(Wording.CorrectsEarlierDecision))));
        }
        body.Append(Blocks(decision.Text.Length > 0 ? decision.Text : $"{Wording.Outcome(decision.Outcome)}."));
        var lines = decision.PointOutcomes.Select(Wording.PointOutcomeLine)
            .Concat(decision.FollowUps.Select(Wording.FollowUpLine))
            .Concat(decision.Referrals.Select(Wording.ReferralLine));
        body.Append(lines.Select(line => new Paragraph(new W.Run(Text(line)))));
        if (decision.Corrected)
        {
            body.Append(new Paragraph(new W.Run(new RunProperties(new Italic()), Text(Wording.CorrectedByLaterDecision))));
        }
    }

    /// <summary>The reminder list: its rows as a table under the column headings (a group heading as a
    /// row across the table), then the calendar sections, which follow the table in the list's text.</summary>
    private static void RenderReminderList(Body body, ReminderListContent list)
    {
        if (list.State == ReminderListContentState.Unavailable)
        {
            body.Append(Blocks(Wording.ReminderListUnavailable));
            return;
        }
        var rows = new List<TableRow> { HeaderRow([list.SubjectHeading, list.TimeHeading, list.ResponsibleHeading]) };
        string? group = null;
        foreach (var row in list.Rows)
        {
            if (row.Group.Length > 0 && row.Group != group)
            {
                rows.Add(new TableRow(Cell(row.Group, bold: true, span: 3)));
            }
            group = row.Group;
            rows.Add(new TableRow(Cell(row.Subject), Cell(row.TimeText), Cell(row.ResponsibleText)));
        }
        body.Append(Table(3, rows));
        // The text is the table (tab-separated lines) and, after the first blank line, the calendar sections.
        var text = Normalize(list.Text);
        var afterTable = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (afterTable >= 0)
        {
            body.Append(Blocks(text[(afterTable + 2)..]));
        }
    }

    /// <summary>A text as the minutes store it: blocks separated by blank lines become paragraphs, a
    /// single line break stays a line break in its paragraph, and a run of Markdown pipe lines
    /// ("| a | b |") becomes a table, its first row the header when a "|---|" line follows it.</summary>
    private static IEnumerable<OpenXmlElement> Blocks(string text)
    {
        var elements = new List<OpenXmlElement>();
        var lines = new List<string>();
        var table = new List<string>();
        void FlushParagraph()
        {
            if (lines.Count > 0)
            {
                elements.Add(LinesParagraph(lines));
                lines.Clear();
            }
        }
        void FlushTable()
        {
            if (table.Count > 0)
            {
                elements.Add(PipeTable(table));
                table.Clear();
            }
        }
        foreach (var line in Normalize(text).Split('\n'))
        {
            if (IsPipeRow(line))
            {
                FlushParagraph();
                table.Add(line);
            }
            else if (string.IsNullOrWhiteSpace(line))
            {
                FlushParagraph();
                FlushTable();
            }
            else
            {
                FlushTable();
                lines.Add(line);
            }
        }
        FlushParagraph();
        FlushTable();
        return elements;
    }

    private static bool IsPipeRow(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '|' && trimmed[^1] == '|';
    }

    private static bool IsPipeSeparator(string line) =>
        PipeCells(line).All(c => c.Length > 0 && c.All(ch => ch is '-' or ':' or ' '));

    private static List<string> PipeCells(string line)
    {
        var trimmed = line.Trim();
        return trimmed[1..^1].Split('|').Select(c => c.Trim()).ToList();
    }

    private static Table PipeTable(List<string> lines)
    {
        var rows = new List<TableRow>();
        var hasHeader = lines.Count > 1 && IsPipeSeparator(lines[1]);
        var cells = lines.Where((_, i) => !(hasHeader && i == 1)).Select(PipeCells).ToList();
        var columns = cells.Max(c => c.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            var padded = cells[i].Concat(Enumerable.Repeat("", columns - cells[i].Count)).ToList();
            rows.Add(hasHeader && i == 0 ? HeaderRow(padded) : new TableRow(padded.Select(c => Cell(c))));
        }
        return Table(columns, rows);
    }

    private static Table Table(int columns, IEnumerable<TableRow> rows)
    {
        // Text width of an A4 page with the margins of Page(), in twentieths of a point, shared evenly.
        const int textWidth = 9638;
        var table = new Table(
            new TableProperties(
                new TableStyle { Val = TableGridStyle },
                new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
                new TableLook { Val = "04A0", FirstRow = true, FirstColumn = false, LastRow = false, LastColumn = false, NoHorizontalBand = false, NoVerticalBand = true }),
            new TableGrid(Enumerable.Range(0, columns).Select(_ => new GridColumn { Width = (textWidth / columns).ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(rows);
        return table;
    }

    /// <summary>A header row, repeated on each page the table runs over.</summary>
    private static TableRow HeaderRow(IEnumerable<string> cells) =>
        new(new OpenXmlElement[] { new TableRowProperties(new TableHeader()) }.Concat(cells.Select(c => Cell(c, bold: true))));

    private static TableCell Cell(string text, bool bold = false, int span = 1)
    {
        var cell = new TableCell();
        if (span > 1)
        {
            cell.Append(new TableCellProperties(new GridSpan { Val = span }));
        }
        var run = new W.Run(Text(text));
        if (bold)
        {
            run.PrependChild(new RunProperties(new Bold()));
        }
        cell.Append(new Paragraph(run));
        return cell;
    }

    /// <summary>One paragraph of lines, a line break between them (as the text has a single newline).</summary>
    private static Paragraph LinesParagraph(IReadOnlyList<string> lines)
    {
        var paragraph = new Paragraph();
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                paragraph.Append(new W.Run(new Break()));
            }
            paragraph.Append(RunOf(lines[i]));
        }
        return paragraph;
    }

    private static Paragraph StyledParagraph(string styleId, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = styleId }), RunOf(text));

    /// <summary>A run of a line: a tab stays a tab (the reminder list's columns, pasted tables).</summary>
    private static W.Run RunOf(string line)
    {
        var run = new W.Run();
        var parts = line.Split('\t');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new TabChar());
            }
            if (parts[i].Length > 0 || parts.Length == 1)
            {
                run.Append(Text(parts[i]));
            }
        }
        return run;
    }

    /// <summary>Text kept as written (leading and trailing spaces too), without the control characters
    /// XML cannot carry.</summary>
    private static Text Text(string value) =>
        new(new string(value.Where(c => c >= ' ' || c == '\t').ToArray()).Replace('\t', ' ')) { Space = SpaceProcessingModeValues.Preserve };

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    /// <summary>A4 portrait with 2 cm margins; a draft has "UDKAST" in the header of every page.</summary>
    private static SectionProperties Page(string? draftHeaderId)
    {
        var section = new SectionProperties();
        if (draftHeaderId is not null)
        {
            section.Append(new HeaderReference { Type = HeaderFooterValues.Default, Id = draftHeaderId });
        }
        section.Append(
            new W.PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U, Header = 567U, Footer = 567U, Gutter = 0U });
        return section;
    }

    private static Styles Styles() => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri", EastAsia = "Calibri" },
                new FontSize { Val = "22" },
                new FontSizeComplexScript { Val = "22" },
                new Languages { Val = "da-DK" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "264", LineRule = LineSpacingRuleValues.Auto }))),
        new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
        ParagraphStyle(TitleStyle, "Title", outlineLevel: null, size: 48, spaceBefore: 0, spaceAfter: 240),
        ParagraphStyle(Heading1, "heading 1", outlineLevel: 0, size: 32, spaceBefore: 360, spaceAfter: 120),
        ParagraphStyle(Heading2, "heading 2", outlineLevel: 1, size: 26, spaceBefore: 240, spaceAfter: 80),
        ParagraphStyle(Heading3, "heading 3", outlineLevel: 2, size: 22, spaceBefore: 200, spaceAfter: 60),
        ParagraphStyle(TocHeadingStyle, "TOC Heading", outlineLevel: null, size: 32, spaceBefore: 360, spaceAfter: 120),
        new Style(
            new StyleName { Val = "toc 1" },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new UIPriority { Val = 39 },
            new UnhideWhenUsed(),
            new StyleParagraphProperties(new SpacingBetweenLines { After = "100" }))
        { Type = StyleValues.Paragraph, StyleId = Toc1 },
        new Style(
            new StyleName { Val = "Udkast" },
            new BasedOn { Val = "Normal" },
            new StyleRunProperties(new Bold(), new W.Color { Val = "C00000" }, new FontSize { Val = "28" }))
        { Type = StyleValues.Paragraph, StyleId = DraftNoticeStyle, CustomStyle = true },
        new Style(
            new StyleName { Val = "Table Grid" },
            new UIPriority { Val = 39 },
            new StyleParagraphProperties(new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto }),
            new StyleTableProperties(
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4U, Space = 0U, Color = "auto" },
                    new LeftBorder { Val = BorderValues.Single, Size = 4U, Space = 0U, Color = "auto" },
                    new BottomBorder { Val = BorderValues.Single, Size = 4U, Space = 0U, Color = "auto" },
                    new RightBorder { Val = BorderValues.Single, Size = 4U, Space = 0U, Color = "auto" },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4U, Space = 0U, Color = "auto" },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4U, Space = 0U, Color = "auto" }),
                new TableCellMarginDefault(
                    new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    new TableCellLeftMargin { Width = 108, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    new TableCellRightMargin { Width = 108, Type = TableWidthValues.Dxa })))
        { Type = StyleValues.Table, StyleId = TableGridStyle });

    /// <summary>A built-in paragraph style: its name ("heading 1") makes Word treat it as its own, and
    /// the outline level puts headings in the navigation pane and the contents.</summary>
    private static Style ParagraphStyle(string id, string name, int? outlineLevel, int size, int spaceBefore, int spaceAfter)
    {
        var paragraph = new StyleParagraphProperties(
            new KeepNext(),
            new SpacingBetweenLines { Before = spaceBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), After = spaceAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (outlineLevel is { } level)
        {
            paragraph.Append(new OutlineLevel { Val = level });
        }
        var sizeText = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Style(
            new StyleName { Val = name },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new UIPriority { Val = outlineLevel is null ? 10 : 9 },
            new PrimaryStyle(),
            paragraph,
            new StyleRunProperties(new Bold(), new FontSize { Val = sizeText }, new FontSizeComplexScript { Val = sizeText }))
        { Type = StyleValues.Paragraph, StyleId = id };
    }

    /// <summary>The package with every zip entry stamped <see cref="FixedEntryTime"/>, so the same
    /// minutes give the same bytes.</summary>
    private static byte[] WithFixedEntryTimes(byte[] package)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = FixedEntryTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return output.ToArray();
    }
}
