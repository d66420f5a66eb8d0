using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Governance.Meetings.Domain;
using Governance.Meetings.Minutes;
using Governance.Meetings.V1;
using WBody = DocumentFormat.OpenXml.Wordprocessing.Body;
using WText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace Governance.Meetings.Tests.Minutes;

/// <summary>The .docx rendering of minutes, read back with the Open XML SDK: valid, the headings, contents
/// field and tables in the order of the minutes, the draft marked, and nothing beyond the message.</summary>
public sealed class MinutesDocxTests
{
    private const string ApvTable =
        "| Undersøgelse | Årstal | Årstal | Årstal |\n" +
        "|------------------------------|---------------|---------------|---------------|\n" +
        "| APV/trivsel + Social Kapital | 2017, efterår | 2020, efterår | 2023, efterår |\n" +
        "| Ledelsesevaluering | 2016, efterår | 2019, efterår | 2022, efterår |";

    /// <summary>Minutes of Direktionen 09-03-2017 (facts from the sample referat), members' audience.</summary>
    private static V1.Minutes Sample(MinutesStatus status)
    {
        var draft = status == MinutesStatus.Draft;
        var minutes = new V1.Minutes
        {
            Name = "meetings/m1/minutes",
            Meeting = "meetings/m1",
            Status = status,
            Audience = Audience.Members,
            Title = (draft ? Wording.DraftMark : "") + "REFERAT Direktionen d. 09-03-2017",
            Header = new MinutesHeader
            {
                Body = "bodies/direktionen",
                BodyDisplayName = "Direktionen",
                MeetingDateText = "Torsdag d. 09. marts 2017 kl. 08:30",
                Room = "Mødelokale B105",
                ParticipantsText = "Lars Holte, Jørgen Lerhard, Per Aalbæk Nielsen, Charlotte Markussen, Kathrine Seier Skastrup (sekretær)",
                Secretary = "Kathrine Seier Skastrup",
            },
        };
        var regnskab = new MinutesItem
        {
            Number = 2,
            Heading = "Punkt 2: Regnskab 2016 (Direktionen)",
            Title = "Regnskab 2016 (Direktionen)",
            JournalNumber = "16/25345",
            Kind = ItemKind.Ordinary,
            Sections =
            {
                new Section { Kind = SectionKind.Baggrund, Heading = "Baggrund", Text = "I henhold til den kommunale styrelseslov aflægges Høje-Taastrup Kommunes årsregnskab 2016 af Økonomiudvalget til Byrådet.\n\nRevisionen skal inden 15. juni 2017 fremsende revisionsberetning." },
                new Section { Kind = SectionKind.Sagsfremstilling, Heading = "Sagsfremstilling", Text = "Høje-Taastrup Kommune har fortsat en robust økonomi.\nMerforbruget udgør 11,3 mio. kr." },
                new Section { Kind = SectionKind.Okonomi, Heading = "Økonomi", Text = Wording.NoRemarks },
            },
            Recommendation = new Recommendation
            {
                Unit = "ØDC",
                Text = "ØDC indstiller, at Direktionen",
                Points = { new RecommendationPoint { Label = "1", Text = "godkender årsregnskab 2016" } },
            },
            Decisions =
            {
                new Decision
                {
                    Outcome = DecisionOutcome.Approved,
                    Heading = "Beslutning Direktionen den 09-03-2017",
                    Text = "Direktionen godkendte regnskabet og understregede, at den overordnede fortælling skal tydeliggøres.",
                },
            },
            Guests = { new Guest { DisplayName = "Jesper Andersen", Affiliation = "Chefrevisor, KPMG" } },
            Attachments = { new Attachment { Title = "Sammenfatning af Regnskab 2016", DocumentNumber = "177144/12" } },
        };
        var apv = new MinutesItem
        {
            Number = 4,
            Heading = "Punkt 4: APV/Trivselsmåling og måling af Social Kapital",
            Title = "APV/Trivselsmåling og måling af Social Kapital",
            JournalNumber = "16/20931",
            Kind = ItemKind.Ordinary,
            Sections = { new Section { Kind = SectionKind.Sagsfremstilling, Heading = "Sagsfremstilling", Text = "Målingerne gennemføres hvert tredje år:\n\n" + ApvTable + "\n\nPlanen godkendes i marts." } },
            Decisions = { new Decision { Outcome = DecisionOutcome.Approved, Heading = "Beslutning Direktionen den 09-03-2017" } },
        };
        var closed = new MinutesItem
        {
            Number = 6,
            Heading = "Punkt 6: Personalesag om omplacering",
            Title = "Personalesag om omplacering",
            JournalNumber = "17/4242",
            Kind = ItemKind.Closed,
            Supplement = true,
            Sections = { new Section { Kind = SectionKind.Baggrund, Heading = "Baggrund", Text = "Sagen drøftes på mødet." } },
        };
        var huskeliste = new MinutesItem
        {
            Number = 8,
            Heading = "Punkt 8: Huskeliste - 09-03-2017",
            Title = "Huskeliste - 09-03-2017",
            JournalNumber = "12/32140",
            Kind = ItemKind.ReminderList,
            ReminderList = new ReminderListContent
            {
                State = draft ? ReminderListContentState.Live : ReminderListContentState.Kept,
                SubjectHeading = "Sag/emne",
                TimeHeading = "Forv. tidspunkt",
                ResponsibleHeading = "Ansvarlig",
                Rows =
                {
                    new ReminderListContentRow { Group = "Marts", Subject = "Indkøbspolitik", TimeText = "Marts", ResponsibleText = "ØDC" },
                    new ReminderListContentRow { Group = "Gentagende sager i løbet af året", Subject = "Status på revisionsbemærkninger", TimeText = "Kvartalsvis", ResponsibleText = "PA" },
                },
                Text = "Sag/emne\tForv. tidspunkt\tAnsvarlig\nMarts\nIndkøbspolitik\tMarts\tØDC\nGentagende sager i løbet af året\nStatus på revisionsbemærkninger\tKvartalsvis\tPA\n\nChefforum\n\nForberedelse af kommende ugers mødebånd.",
            },
        };
        foreach (var item in new[] { regnskab, apv, closed, huskeliste })
        {
            minutes.TableOfContents.Add(new TableOfContentsEntry { Number = item.Number, Title = item.Title, Supplement = item.Supplement });
            minutes.Items.Add(item);
        }
        if (!draft)
        {
            minutes.CorrectionsAfterApproval.Add(new MinutesItem
            {
                Number = 2,
                Heading = regnskab.Heading,
                JournalNumber = regnskab.JournalNumber,
                Decisions =
                {
                    new Decision
                    {
                        Outcome = DecisionOutcome.Approved,
                        Heading = "Beslutning Direktionen den 16-03-2017",
                        Text = "Beløbet rettes til 11,4 mio. kr.",
                        Corrects = "meetings/m1/items/i2/decisions/d1",
                    },
                },
            });
        }
        minutes.Text = MinutesText.Render(minutes);
        return minutes;
    }

    [Fact]
    public void The_document_is_valid_open_xml_for_a_draft_and_for_approved_minutes()
    {
        foreach (var status in new[] { MinutesStatus.Draft, MinutesStatus.Approved })
        {
            using var document = Open(MinutesDocx.Render(Sample(status)));
            var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document, TestContext.Current.CancellationToken).ToList();
            Assert.True(errors.Count == 0, $"{status}: " + string.Join("\n", errors.Select(e => $"{e.Path?.XPath} {e.Description}")));
        }
    }

    [Fact]
    public void Items_are_Heading1_in_order_with_their_journal_numbers_and_sections_are_Heading2()
    {
        var minutes = Sample(MinutesStatus.Approved);
        using var document = Open(MinutesDocx.Render(minutes));
        var body = document.MainDocumentPart!.Document!.Body!;

        var styles = document.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!, s => s.StyleName!.Val!.Value);
        Assert.Equal("Title", styles["Title"]);
        Assert.Equal("heading 1", styles["Heading1"]);
        Assert.Equal("heading 2", styles["Heading2"]);

        var paragraphs = body.Elements<Paragraph>().ToList();
        Assert.Equal(("Title", "REFERAT Direktionen d. 09-03-2017"), (Style(paragraphs[0]), TextOf(paragraphs[0])));
        var texts = paragraphs.Select(TextOf).ToList();
        Assert.Contains("Mødedato Torsdag d. 09. marts 2017 kl. 08:30", texts);
        Assert.Contains("Mødested Mødelokale B105", texts);
        Assert.Contains("Mødedeltagere " + minutes.Header.ParticipantsText, texts);

        Assert.Equal(
            [.. minutes.Items.Select(i => i.Heading + (i.Supplement ? " (Tillæg)" : "")), "Rettelser efter godkendelse"],
            paragraphs.Where(p => Style(p) == "Heading1").Select(TextOf));
        foreach (var item in minutes.Items)
        {
            var heading = paragraphs.FindIndex(p => Style(p) == "Heading1" && TextOf(p).StartsWith(item.Heading, StringComparison.Ordinal));
            Assert.Equal(item.JournalNumber, TextOf(paragraphs[heading + 1]));
        }
        // Item 2 as the text lays it out: Baggrund, Indstilling, the decision, the other sections, guests, Bilag.
        Assert.Equal(
            ["Baggrund", "Indstilling", "Beslutning Direktionen den 09-03-2017", "Sagsfremstilling", "Økonomi", "Deltagere under punktet", "Bilag"],
            Under(body, "Punkt 2: Regnskab 2016 (Direktionen)").OfType<Paragraph>().Where(p => Style(p) == "Heading2").Select(TextOf));
        var item2 = Under(body, "Punkt 2: Regnskab 2016 (Direktionen)").OfType<Paragraph>().Select(TextOf).ToList();
        Assert.Contains("Revisionen skal inden 15. juni 2017 fremsende revisionsberetning.", item2);
        // A single newline stays a line break inside the paragraph.
        Assert.Contains("Høje-Taastrup Kommune har fortsat en robust økonomi.\nMerforbruget udgør 11,3 mio. kr.", item2);
        Assert.Contains("1) godkender årsregnskab 2016", item2);
        Assert.Contains("Sammenfatning af Regnskab 2016 (dok.nr. 177144/12)", item2);

        // The corrections part: the item one level down, its decisions below that.
        var corrections = Under(body, "Rettelser efter godkendelse").OfType<Paragraph>().Select(p => (Style(p), TextOf(p))).ToList();
        Assert.Equal(
            [("Heading2", "Punkt 2: Regnskab 2016 (Direktionen)"), ("", "16/25345"), ("Heading3", "Beslutning Direktionen den 16-03-2017"),
             ("", Wording.CorrectsEarlierDecision), ("", "Beløbet rettes til 11,4 mio. kr.")],
            corrections);
    }

    [Fact]
    public void The_contents_is_a_TOC_field_with_a_linked_entry_per_item_that_Word_updates_on_open()
    {
        var minutes = Sample(MinutesStatus.Draft);
        using var document = Open(MinutesDocx.Render(minutes));
        var main = document.MainDocumentPart!;
        var body = main.Document!.Body!;

        var code = Assert.Single(body.Descendants<FieldCode>());
        Assert.Equal("TOC \\o \"1-2\" \\h \\z \\u", code.Text.Trim());
        var chars = body.Descendants<FieldChar>().Select(c => c.FieldCharType!.Value).ToList();
        Assert.Equal([FieldCharValues.Begin, FieldCharValues.Separate, FieldCharValues.End], chars);

        // The cached result: the paragraphs from the one with "separate" to the one with "end".
        var paragraphs = body.Elements<Paragraph>().ToList();
        var first = paragraphs.FindIndex(p => p.Descendants<FieldChar>().Any(c => c.FieldCharType! == FieldCharValues.Separate));
        var last = paragraphs.FindIndex(p => p.Descendants<FieldChar>().Any(c => c.FieldCharType! == FieldCharValues.End));
        var entries = paragraphs[first..(last + 1)];
        Assert.All(entries, p => Assert.Equal("TOC1", Style(p)));
        Assert.Equal(
            ["Punkt 2: Regnskab 2016 (Direktionen)", "Punkt 4: APV/Trivselsmåling og måling af Social Kapital", "Punkt 6: Personalesag om omplacering (Tillæg)", "Punkt 8: Huskeliste - 09-03-2017"],
            entries.Select(p => TextOf(Assert.Single(p.Elements<Hyperlink>()))));
        // Each link goes to a bookmark on its item's heading.
        var bookmarks = body.Descendants<BookmarkStart>().ToDictionary(b => b.Name!.Value!, b => TextOf((Paragraph)b.Parent!));
        foreach (var (link, item) in entries.Select(p => p.Elements<Hyperlink>().Single()).Zip(minutes.Items))
        {
            Assert.StartsWith(item.Heading, bookmarks[link.Anchor!.Value!], StringComparison.Ordinal);
        }
        Assert.True(main.DocumentSettingsPart!.Settings!.GetFirstChild<UpdateFieldsOnOpen>()!.Val!.Value);
    }

    [Fact]
    public void Pipe_tables_and_the_reminder_list_become_real_tables()
    {
        using var document = Open(MinutesDocx.Render(Sample(MinutesStatus.Approved)));
        var body = document.MainDocumentPart!.Document!.Body!;

        var apv = Assert.Single(Under(body, "Punkt 4: APV/Trivselsmåling og måling af Social Kapital").OfType<Table>());
        Assert.Equal(
            [["Undersøgelse", "Årstal", "Årstal", "Årstal"],
             ["APV/trivsel + Social Kapital", "2017, efterår", "2020, efterår", "2023, efterår"],
             ["Ledelsesevaluering", "2016, efterår", "2019, efterår", "2022, efterår"]],
            Cells(apv));
        Assert.NotNull(apv.Elements<TableRow>().First().TableRowProperties?.GetFirstChild<TableHeader>());
        Assert.Equal(4, apv.GetFirstChild<TableGrid>()!.Elements<GridColumn>().Count());
        // The text around the table stays paragraphs, in order.
        var item4 = Under(body, "Punkt 4: APV/Trivselsmåling og måling af Social Kapital").ToList();
        var tableAt = item4.IndexOf(apv);
        Assert.Equal("Målingerne gennemføres hvert tredje år:", TextOf((Paragraph)item4[tableAt - 1]));
        Assert.Equal("Planen godkendes i marts.", TextOf((Paragraph)item4[tableAt + 1]));

        var reminders = Assert.Single(Under(body, "Punkt 8: Huskeliste - 09-03-2017").OfType<Table>());
        Assert.Equal(
            [["Sag/emne", "Forv. tidspunkt", "Ansvarlig"], ["Marts"], ["Indkøbspolitik", "Marts", "ØDC"],
             ["Gentagende sager i løbet af året"], ["Status på revisionsbemærkninger", "Kvartalsvis", "PA"]],
            Cells(reminders));
        Assert.Equal(3, reminders.Elements<TableRow>().ElementAt(1).Elements<TableCell>().Single().TableCellProperties!.GridSpan!.Val!.Value);
        // The calendar sections follow the table.
        var after = Under(body, "Punkt 8: Huskeliste - 09-03-2017").SkipWhile(e => e != reminders).Skip(1).OfType<Paragraph>().Select(TextOf);
        Assert.Equal(["Chefforum", "Forberedelse af kommende ugers mødebånd."], after);
    }

    [Fact]
    public void A_draft_is_marked_and_approved_minutes_are_not()
    {
        using (var draft = Open(MinutesDocx.Render(Sample(MinutesStatus.Draft))))
        {
            var paragraphs = draft.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(TextOf).ToList();
            Assert.Equal("UDKAST – REFERAT Direktionen d. 09-03-2017", paragraphs[0]);
            Assert.Equal(Wording.DraftNotice, paragraphs[1]);
            Assert.Equal(Wording.DraftPageHeader, TextOf(Assert.Single(draft.MainDocumentPart.HeaderParts).Header!.Elements<Paragraph>().Single()));
        }
        using var approved = Open(MinutesDocx.Render(Sample(MinutesStatus.Approved)));
        Assert.Empty(approved.MainDocumentPart!.HeaderParts);
        Assert.DoesNotContain("UDKAST", AllXml(approved), StringComparison.Ordinal);
    }

    [Fact]
    public void Public_minutes_render_nothing_of_a_closed_item_and_nothing_beyond_the_message()
    {
        var minutes = Public();
        using var document = Open(MinutesDocx.Render(minutes));
        var body = document.MainDocumentPart!.Document!.Body!;

        // The closed item: its heading and journal number, then the next item.
        Assert.Equal(["17/4242"], Under(body, "Punkt 6: Lukket (Tillæg)").Select(e => e.InnerText));
        var xml = AllXml(document);
        foreach (var secret in new[] { "HEMMELIG", "FORTROLIG", "Personalesag", "999999/17" })
        {
            Assert.DoesNotContain(secret, xml, StringComparison.Ordinal);
        }
        // Every line of every paragraph and cell is in the minutes' own text rendering: the .docx adds nothing.
        var text = MinutesText.Render(minutes);
        // (Composed from a held meeting, they are a draft: the draft notice is the one line the .docx adds.)
        Assert.Equal(MinutesStatus.Draft, minutes.Status);
        foreach (var line in body.Descendants<Paragraph>().SelectMany(p => TextOf(p).Split('\n')).Where(l => l.Length > 0 && l != Wording.DraftNotice))
        {
            Assert.True(text.Contains(line, StringComparison.Ordinal), $"Not in the minutes: {line}");
        }
    }

    [Fact]
    public void The_same_minutes_give_the_same_bytes()
    {
        var first = MinutesDocx.Render(Sample(MinutesStatus.Approved));
        Thread.Sleep(2100); // past the two-second resolution of zip entry times
        var second = MinutesDocx.Render(Sample(MinutesStatus.Approved));
        Assert.Equal(first, second);
        Assert.NotEqual(first, MinutesDocx.Render(Sample(MinutesStatus.Draft)));
    }

    [Fact]
    public void Danish_letters_are_stored_as_utf8_text()
    {
        using var document = Open(MinutesDocx.Render(Sample(MinutesStatus.Draft)));
        using var reader = new StreamReader(document.MainDocumentPart!.GetStream(), Encoding.UTF8);
        var xml = reader.ReadToEnd();
        Assert.Contains("Mødested Mødelokale B105", TextOf(document.MainDocumentPart.Document!.Body!.Elements<Paragraph>().ElementAt(3)));
        Assert.Contains(">Økonomi<", xml, StringComparison.Ordinal);
        Assert.Contains("Per Aalbæk Nielsen", xml, StringComparison.Ordinal);
    }

    /// <summary>Public minutes composed from records with a closed item full of secrets.</summary>
    private static V1.Minutes Public()
    {
        var body = new BodyRecord
        {
            Id = "direktionen",
            DisplayName = "Direktionen",
            CreatedAt = new DateTime(2017, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            UpdatedAt = new DateTime(2017, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        var meeting = new MeetingRecord
        {
            Id = "m1",
            BodyId = "direktionen",
            StartLocal = new DateTime(2017, 3, 9, 8, 30, 0),
            StartUtc = new DateTime(2017, 3, 9, 7, 30, 0, DateTimeKind.Utc),
            Title = "Heldagsmøde",
            Room = "Mødelokale B105",
            Participants = [new BodyMember { DisplayName = "Lars Holte", Role = MemberRole.Member }],
            State = MeetingState.Held,
            AgendaPublishedAt = new DateTime(2017, 3, 2, 9, 0, 0, DateTimeKind.Utc),
            HeldAt = new DateTime(2017, 3, 9, 12, 0, 0, DateTimeKind.Utc),
        };
        var open = new ItemRecord
        {
            Id = "i-open",
            MeetingId = "m1",
            Position = 2,
            JournalNumber = "16/25345",
            Title = "Regnskab 2016 (Direktionen)",
            Kind = ItemKind.Ordinary,
            Sections = [new Section { Kind = SectionKind.Baggrund, Heading = "Baggrund", Text = "BAGGRUND om styrelsesloven.\n\n" + ApvTable }],
        };
        var closed = new ItemRecord
        {
            Id = "i-closed",
            MeetingId = "m1",
            Position = 6,
            JournalNumber = "17/4242",
            Title = "Personalesag vedrørende HEMMELIG-NAVN",
            Kind = ItemKind.Closed,
            Supplement = true,
            Sections = [new Section { Kind = SectionKind.Baggrund, Heading = "Baggrund", Text = "FORTROLIG-BAGGRUND" }],
            Recommendation = new Recommendation { Text = "FORTROLIG-INDSTILLING" },
            Guests = [new Guest { DisplayName = "FORTROLIG-GÆST" }],
            Attachments = [new Attachment { Title = "FORTROLIGT-BILAG", DocumentNumber = "999999/17" }],
        };
        var later = open with { Id = "i-later", Position = 7, JournalNumber = "17/1000", Title = "Forslag om sporskifte", Sections = [] };
        return MinutesComposer.Compose(meeting, body, [(open, []), (closed, []), (later, [])], Audience.Public);
    }

    private static WordprocessingDocument Open(byte[] bytes) => WordprocessingDocument.Open(new MemoryStream(bytes), false);

    private static string Style(Paragraph paragraph) => paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "";

    /// <summary>The text as the reader sees it: a break is a newline, a tab a tab.</summary>
    private static string TextOf(OpenXmlElement element)
    {
        var text = new StringBuilder();
        foreach (var e in element.Descendants())
        {
            switch (e)
            {
                case WText t: text.Append(t.Text); break;
                case Break: text.Append('\n'); break;
                case TabChar: text.Append('\t'); break;
            }
        }
        return text.ToString();
    }

    /// <summary>The body's elements after the Heading1 paragraph with this text, up to the next Heading1.</summary>
    private static IEnumerable<OpenXmlElement> Under(WBody body, string heading1) =>
        body.Elements()
            .SkipWhile(e => !(e is Paragraph p && Style(p) == "Heading1" && TextOf(p) == heading1))
            .Skip(1)
            .TakeWhile(e => !(e is Paragraph p && Style(p) == "Heading1") && e is not SectionProperties);

    private static List<List<string>> Cells(Table table) =>
        table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(TextOf).ToList()).ToList();

    private static string AllXml(WordprocessingDocument document) =>
        string.Concat(document.GetAllParts().Select(part =>
        {
            using var reader = new StreamReader(part.GetStream(), Encoding.UTF8);
            return reader.ReadToEnd();
        }));
}
