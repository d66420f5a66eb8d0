using System.Text;
using Governance.Meetings.Domain;
using Governance.Meetings.V1;

namespace Governance.Meetings.Minutes;

/// <summary>
/// Renders structured minutes as one self-contained, print-ready HTML file: UTF-8, lang="da", the
/// style sheet embedded (no script, no external address), the title as the one h1, a contents list
/// linking to each item's anchor ("punkt-N"), and each item a section that starts a new page when
/// printed. A draft carries a visible notice. Every piece of text from the minutes is HTML-encoded.
/// Like <see cref="MinutesText"/> it only reads the already redacted message.
/// </summary>
internal static class MinutesHtml
{
    // Print first: A4, a page per item, the contents and the draft notice kept readable in black and white.
    private const string Style = """
        :root { color: #1a1a1a; background: #fff; }
        body { font-family: Georgia, "Times New Roman", serif; line-height: 1.45; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; } h3 { font-size: 1.05rem; margin-bottom: .25rem; }
        .draft { border: 3px solid #8b0000; color: #8b0000; font-weight: bold; padding: .5rem 1rem; text-transform: none; }
        .journal { color: #444; margin-top: 0; }
        .header dt { font-weight: bold; } .header dd { margin: 0 0 .5rem 0; }
        .points { list-style: none; padding-left: 1rem; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
        th, td { border: 1px solid #888; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        tbody th { background: #eee; }
        section.item, section.corrections { page-break-before: always; break-before: page; }
        @page { size: A4; margin: 2cm; }
        @media print {
          body { margin: 0; max-width: none; font-size: 11pt; }
          nav a { color: inherit; text-decoration: none; }
          .draft { border-width: 2pt; }
        }
        """;

    public static string Render(V1.Minutes minutes)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(minutes.Title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n<header>\n");
        if (minutes.Status != MinutesStatus.Approved)
        {
            html.Append("<p class=\"draft\" role=\"note\">").Append(E(Wording.DraftNotice)).Append("</p>\n");
        }
        html.Append("<h1>").Append(E(minutes.Title)).Append("</h1>\n");
        var h = minutes.Header;
        html.Append("<dl class=\"header\">\n");
        Term(html, Wording.MeetingDateLabel, h.MeetingDateText);
        Term(html, Wording.MeetingPlaceLabel, h.Room);
        Term(html, Wording.ParticipantsLabel, h.ParticipantsText);
        html.Append("</dl>\n");
        // Imported minutes: the lines outside any item the importer did not understand, each its own paragraph.
        if (h.UnclassifiedLines.Count > 0)
        {
            html.Append("<div class=\"unclassified\">\n");
            foreach (var line in h.UnclassifiedLines.Where(l => l.Trim().Length > 0))
            {
                html.Append("<p>").Append(E(line.Trim())).Append("</p>\n");
            }
            html.Append("</div>\n");
        }
        html.Append("</header>\n");
        html.Append("<nav aria-labelledby=\"indhold\">\n<h2 id=\"indhold\">").Append(E(Wording.Contents)).Append("</h2>\n<ol>\n");
        foreach (var line in minutes.TableOfContents)
        {
            html.Append("<li><a href=\"#").Append(Anchor(line.Number)).Append("\">")
                .Append(E(Wording.ItemHeading(line.Number, line.Title) + (line.Supplement ? $" ({Wording.Supplement})" : "")))
                .Append("</a></li>\n");
        }
        if (minutes.CorrectionsAfterApproval.Count > 0)
        {
            html.Append("<li><a href=\"#rettelser\">").Append(E(Wording.CorrectionsAfterApproval)).Append("</a></li>\n");
        }
        html.Append("</ol>\n</nav>\n<main>\n");
        foreach (var item in minutes.Items)
        {
            RenderItem(html, item);
        }
        if (minutes.CorrectionsAfterApproval.Count > 0)
        {
            html.Append("<section class=\"corrections\" id=\"rettelser\" aria-labelledby=\"rettelser-overskrift\">\n<h2 id=\"rettelser-overskrift\">")
                .Append(E(Wording.CorrectionsAfterApproval)).Append("</h2>\n");
            foreach (var item in minutes.CorrectionsAfterApproval)
            {
                html.Append("<h3>").Append(E(item.Heading)).Append("</h3>\n");
                Journal(html, item.JournalNumber);
                foreach (var decision in item.Decisions)
                {
                    RenderDecision(html, decision, "h4");
                }
            }
            html.Append("</section>\n");
        }
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The anchor of item <paramref name="number"/>, which the contents links to.</summary>
    public static string Anchor(int number) => $"punkt-{number}";

    private static void RenderItem(StringBuilder html, MinutesItem item)
    {
        var anchor = Anchor(item.Number);
        html.Append("<section class=\"item\" id=\"").Append(anchor).Append("\" aria-labelledby=\"").Append(anchor).Append("-overskrift\">\n")
            .Append("<h2 id=\"").Append(anchor).Append("-overskrift\">")
            .Append(E(item.Heading + (item.Supplement ? $" ({Wording.Supplement})" : ""))).Append("</h2>\n");
        Journal(html, item.JournalNumber);
        if (!item.Redacted)
        {
            RenderContent(html, item);
        }
        html.Append("</section>\n");
    }

    private static void RenderContent(StringBuilder html, MinutesItem item)
    {
        foreach (var section in item.Sections.Where(s => s.Kind == SectionKind.Baggrund))
        {
            RenderSection(html, section);
        }
        if (item.ReminderList is { } list)
        {
            html.Append("<h3>").Append(E(Wording.SectionHeading(SectionKind.Sagsfremstilling))).Append("</h3>\n");
            RenderReminderList(html, list);
        }
        if (item.Recommendation is { } r)
        {
            html.Append("<h3>").Append(E(Wording.Recommendation)).Append("</h3>\n");
            Paragraphs(html, r.Text);
            List(html, r.Points.Select(p => $"{p.Label}) {p.Text}"), "points");
        }
        foreach (var decision in item.Decisions)
        {
            RenderDecision(html, decision, "h3");
        }
        foreach (var section in item.Sections.Where(s => s.Kind != SectionKind.Baggrund))
        {
            RenderSection(html, section);
        }
        if (item.Guests.Count > 0)
        {
            html.Append("<h3>").Append(E(Wording.ItemGuests)).Append("</h3>\n");
            List(html, item.Guests.Select(Wording.GuestLine));
        }
        if (item.Attachments.Count > 0)
        {
            html.Append("<h3>").Append(E(Wording.Attachments)).Append("</h3>\n");
            List(html, item.Attachments.Select(Wording.AttachmentLine));
        }
    }

    private static void RenderSection(StringBuilder html, Section section)
    {
        // Unclassified lines of an imported referat are printed as written, without a heading.
        if (section.Kind != SectionKind.Unclassified)
        {
            html.Append("<h3>").Append(E(section.Heading)).Append("</h3>\n");
        }
        Paragraphs(html, section.Text);
    }

    private static void RenderReminderList(StringBuilder html, ReminderListContent list)
    {
        if (list.State == ReminderListContentState.Unavailable)
        {
            Paragraphs(html, Wording.ReminderListUnavailable);
            return;
        }
        html.Append("<table>\n<thead><tr><th scope=\"col\">").Append(E(list.SubjectHeading))
            .Append("</th><th scope=\"col\">").Append(E(list.TimeHeading))
            .Append("</th><th scope=\"col\">").Append(E(list.ResponsibleHeading)).Append("</th></tr></thead>\n");
        foreach (var (group, rows) in MinutesDocuments.Groups(list))
        {
            html.Append("<tbody>\n");
            if (group.Length > 0)
            {
                html.Append("<tr><th scope=\"rowgroup\" colspan=\"3\">").Append(E(group)).Append("</th></tr>\n");
            }
            foreach (var row in rows)
            {
                html.Append("<tr><td>").Append(E(row.Subject)).Append("</td><td>").Append(E(row.TimeText))
                    .Append("</td><td>").Append(E(row.ResponsibleText)).Append("</td></tr>\n");
            }
            html.Append("</tbody>\n");
        }
        html.Append("</table>\n");
        foreach (var paragraph in MinutesDocuments.CalendarParagraphs(list))
        {
            Paragraphs(html, paragraph);
        }
    }

    private static void RenderDecision(StringBuilder html, Decision decision, string heading)
    {
        html.Append('<').Append(heading).Append('>').Append(E(decision.Heading)).Append("</").Append(heading).Append(">\n");
        if (decision.Corrects.Length > 0)
        {
            Paragraphs(html, Wording.CorrectsEarlierDecision);
        }
        Paragraphs(html, decision.Text.Length > 0 ? decision.Text : $"{Wording.Outcome(decision.Outcome)}.");
        List(html, decision.PointOutcomes.Select(Wording.PointOutcomeLine)
            .Concat(decision.FollowUps.Select(Wording.FollowUpLine))
            .Concat(decision.Referrals.Select(Wording.ReferralLine)));
        if (decision.Corrected)
        {
            Paragraphs(html, Wording.CorrectedByLaterDecision);
        }
    }

    private static void Term(StringBuilder html, string term, string value) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");

    private static void Journal(StringBuilder html, string journalNumber)
    {
        if (journalNumber.Length > 0)
        {
            html.Append("<p class=\"journal\">").Append(E(journalNumber)).Append("</p>\n");
        }
    }

    private static void List(StringBuilder html, IEnumerable<string> lines, string? cssClass = null)
    {
        var all = lines.ToList();
        if (all.Count == 0)
        {
            return;
        }
        html.Append(cssClass is null ? "<ul>\n" : $"<ul class=\"{cssClass}\">\n");
        foreach (var line in all)
        {
            html.Append("<li>").Append(E(line)).Append("</li>\n");
        }
        html.Append("</ul>\n");
    }

    /// <summary>Free text as paragraphs: blank lines part them, a line break inside one is kept.</summary>
    private static void Paragraphs(StringBuilder html, string text)
    {
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(string.Join("<br>\n", paragraph.Split('\n').Select(l => E(l.Trim())))).Append("</p>\n");
        }
    }

    /// <summary>HTML-encoded text: the five characters that mean markup (quotes too, so it is safe in an
    /// attribute). Letters such as æ, ø and å stay as they are; the file is UTF-8 (WebUtility.HtmlEncode
    /// would write them as numeric references).</summary>
    private static string E(string text)
    {
        var encoded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => encoded.Append("&amp;"),
                '<' => encoded.Append("&lt;"),
                '>' => encoded.Append("&gt;"),
                '"' => encoded.Append("&quot;"),
                '\'' => encoded.Append("&#39;"),
                _ => encoded.Append(c),
            };
        }
        return encoded.ToString();
    }
}
