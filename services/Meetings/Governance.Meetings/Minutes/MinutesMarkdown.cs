using System.Text;
using System.Text.RegularExpressions;
using Governance.Meetings.Domain;
using Governance.Meetings.V1;

namespace Governance.Meetings.Minutes;

/// <summary>
/// Renders structured minutes as Markdown (CommonMark with pipe tables): the title as the one level-1
/// heading, a level-2 heading per item, the sections, Indstilling and each decision (its heading
/// carries body and date) as level-3 headings, and the reminder list as a pipe table. Text from the
/// minutes is escaped so it reads as text, never as markup. Like <see cref="MinutesText"/> it only
/// reads the already redacted message.
/// </summary>
internal static partial class MinutesMarkdown
{
    public static string Render(V1.Minutes minutes)
    {
        var md = new StringBuilder();
        if (minutes.Status != MinutesStatus.Approved)
        {
            Block(md, $"> **{Escape(Wording.DraftNotice)}**");
        }
        Block(md, $"# {Escape(minutes.Title)}");
        var h = minutes.Header;
        Block(md, $"**{Wording.MeetingDateLabel}:** {Escape(h.MeetingDateText)}  \n**{Wording.MeetingPlaceLabel}:** {Escape(h.Room)}  \n**{Wording.ParticipantsLabel}:** {Escape(h.ParticipantsText)}");
        // Imported minutes: the lines outside any item the importer did not understand, each its own paragraph.
        foreach (var line in h.UnclassifiedLines.Where(l => l.Trim().Length > 0))
        {
            Block(md, Escape(line.Trim()));
        }
        Block(md, $"## {Wording.Contents}");
        foreach (var line in minutes.TableOfContents)
        {
            md.Append("- ").AppendLine(Escape(Wording.ItemHeading(line.Number, line.Title) + (line.Supplement ? $" ({Wording.Supplement})" : "")));
        }
        md.AppendLine();
        foreach (var item in minutes.Items)
        {
            RenderItem(md, item);
        }
        if (minutes.CorrectionsAfterApproval.Count > 0)
        {
            Block(md, $"## {Wording.CorrectionsAfterApproval}");
            foreach (var item in minutes.CorrectionsAfterApproval)
            {
                Block(md, $"### {Escape(item.Heading)}");
                Text(md, item.JournalNumber);
                foreach (var decision in item.Decisions)
                {
                    RenderDecision(md, decision, "####");
                }
            }
        }
        return md.ToString().TrimEnd() + "\n";
    }

    private static void RenderItem(StringBuilder md, MinutesItem item)
    {
        Block(md, $"## {Escape(item.Heading + (item.Supplement ? $" ({Wording.Supplement})" : ""))}");
        Text(md, item.JournalNumber);
        if (item.Redacted)
        {
            return;
        }
        foreach (var section in item.Sections.Where(s => s.Kind == SectionKind.Baggrund))
        {
            RenderSection(md, section);
        }
        if (item.ReminderList is { } list)
        {
            Block(md, $"### {Wording.SectionHeading(SectionKind.Sagsfremstilling)}");
            RenderReminderList(md, list);
        }
        if (item.Recommendation is { } r)
        {
            Block(md, $"### {Wording.Recommendation}");
            Text(md, r.Text);
            foreach (var point in r.Points)
            {
                md.AppendLine($"- {Escape(point.Label)}) {Escape(point.Text)}");
            }
            md.AppendLine();
        }
        foreach (var decision in item.Decisions)
        {
            RenderDecision(md, decision, "###");
        }
        foreach (var section in item.Sections.Where(s => s.Kind != SectionKind.Baggrund))
        {
            RenderSection(md, section);
        }
        List(md, Wording.ItemGuests, item.Guests.Select(Wording.GuestLine));
        List(md, Wording.Attachments, item.Attachments.Select(Wording.AttachmentLine));
    }

    private static void RenderSection(StringBuilder md, Section section)
    {
        // Unclassified lines of an imported referat are printed as written, without a heading.
        if (section.Kind != SectionKind.Unclassified)
        {
            Block(md, $"### {Escape(section.Heading)}");
        }
        Text(md, section.Text);
    }

    private static void RenderReminderList(StringBuilder md, ReminderListContent list)
    {
        if (list.State == ReminderListContentState.Unavailable)
        {
            Text(md, Wording.ReminderListUnavailable);
            return;
        }
        md.AppendLine($"| {Cell(list.SubjectHeading)} | {Cell(list.TimeHeading)} | {Cell(list.ResponsibleHeading)} |");
        md.AppendLine("| --- | --- | --- |");
        foreach (var (group, rows) in MinutesDocuments.Groups(list))
        {
            if (group.Length > 0)
            {
                md.AppendLine($"| **{Cell(group)}** |  |  |");
            }
            foreach (var row in rows)
            {
                md.AppendLine($"| {Cell(row.Subject)} | {Cell(row.TimeText)} | {Cell(row.ResponsibleText)} |");
            }
        }
        md.AppendLine();
        foreach (var paragraph in MinutesDocuments.CalendarParagraphs(list))
        {
            Text(md, paragraph);
        }
    }

    private static void RenderDecision(StringBuilder md, Decision decision, string level)
    {
        Block(md, $"{level} {Escape(decision.Heading)}");
        if (decision.Corrects.Length > 0)
        {
            Text(md, Wording.CorrectsEarlierDecision);
        }
        Text(md, decision.Text.Length > 0 ? decision.Text : $"{Wording.Outcome(decision.Outcome)}.");
        var lines = decision.PointOutcomes.Select(Wording.PointOutcomeLine)
            .Concat(decision.FollowUps.Select(Wording.FollowUpLine))
            .Concat(decision.Referrals.Select(Wording.ReferralLine)).ToList();
        foreach (var line in lines)
        {
            md.Append("- ").AppendLine(Escape(line));
        }
        if (lines.Count > 0)
        {
            md.AppendLine();
        }
        if (decision.Corrected)
        {
            Text(md, Wording.CorrectedByLaterDecision);
        }
    }

    private static void List(StringBuilder md, string heading, IEnumerable<string> lines)
    {
        var all = lines.ToList();
        if (all.Count == 0)
        {
            return;
        }
        Block(md, $"### {heading}");
        foreach (var line in all)
        {
            md.Append("- ").AppendLine(Escape(line));
        }
        md.AppendLine();
    }

    /// <summary>Free text as paragraphs: blank lines part them, a line break inside one is kept as a hard break.</summary>
    private static void Text(StringBuilder md, string text)
    {
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Block(md, string.Join("  \n", paragraph.Split('\n').Select(l => Escape(l.Trim()))));
        }
    }

    private static void Block(StringBuilder md, string block) => md.AppendLine(block).AppendLine();

    /// <summary>One line of text as literal Markdown: the punctuation that makes inline markup is
    /// backslash-escaped (CommonMark allows that before any ASCII punctuation), and so is what would
    /// start a block at the line's start (a heading, quote, list or thematic break), so the text reads
    /// as written ("d. 09-03-2017" keeps its plain dots and dashes).</summary>
    public static string Escape(string text)
    {
        var escaped = InlineMarkup().Replace(text, @"\$0");
        return BlockStart().Replace(escaped, @"$1\$2");
    }

    /// <summary>A table cell: escaped, on one line.</summary>
    private static string Cell(string text) => Escape(text.ReplaceLineEndings(" "));

    [GeneratedRegex(@"[\\`*_\[\]<>|&~]")]
    private static partial Regex InlineMarkup();

    [GeneratedRegex(@"^(\s*|\s*\d+)([#>+\-=]|(?<=\d)[.)])")]
    private static partial Regex BlockStart();
}
