using System.Text;
using Governance.Meetings.Domain;
using Governance.Meetings.V1;

namespace Governance.Meetings.Minutes;

/// <summary>
/// Renders structured minutes as plain text in the layout of the published referat: header, table
/// of contents, then each item with Baggrund, Indstilling and the decisions first, the other
/// sections after, and Bilag last. It only reads the (already redacted) minutes message; the words
/// are <see cref="Wording"/>'s.
/// </summary>
internal static class MinutesText
{
    public static string Render(V1.Minutes minutes)
    {
        var text = new StringBuilder();
        var h = minutes.Header;
        Paragraph(text, minutes.Title);
        Paragraph(text, $"{Wording.MeetingDateLabel} {h.MeetingDateText}");
        Paragraph(text, $"{Wording.MeetingPlaceLabel} {h.Room}");
        Paragraph(text, $"{Wording.ParticipantsLabel} {h.ParticipantsText}");
        // Imported minutes: the lines outside any item the importer did not understand, as written.
        if (h.UnclassifiedLines.Count > 0)
        {
            foreach (var line in h.UnclassifiedLines)
            {
                text.AppendLine(line);
            }
            text.AppendLine();
        }
        Paragraph(text, Wording.Contents);
        foreach (var line in minutes.TableOfContents)
        {
            text.Append(Wording.ItemHeading(line.Number, line.Title));
            text.AppendLine(line.Supplement ? $" ({Wording.Supplement})" : "");
        }
        text.AppendLine();
        foreach (var item in minutes.Items)
        {
            RenderItem(text, item);
        }
        return EndWithOneNewline(text);
    }

    /// <summary>The part after approved minutes: "Rettelser efter godkendelse", then per item its
    /// heading, journal number and the corrections recorded after approval.</summary>
    public static string RenderCorrections(IEnumerable<MinutesItem> items)
    {
        var text = new StringBuilder();
        Paragraph(text, Wording.CorrectionsAfterApproval);
        foreach (var item in items)
        {
            Paragraph(text, item.Heading);
            Paragraph(text, item.JournalNumber);
            foreach (var decision in item.Decisions)
            {
                RenderDecision(text, decision);
            }
        }
        return EndWithOneNewline(text);
    }

    /// <summary>The text without trailing white space, ended by one newline. Trimmed in the builder: the
    /// minutes of a long meeting are a large string, and each copy of it is one more large-object allocation.</summary>
    private static string EndWithOneNewline(StringBuilder text)
    {
        while (text.Length > 0 && char.IsWhiteSpace(text[^1]))
        {
            text.Length--;
        }
        return text.Append('\n').ToString();
    }

    private static void RenderItem(StringBuilder text, MinutesItem item)
    {
        Paragraph(text, item.Heading + (item.Supplement ? $" ({Wording.Supplement})" : ""));
        Paragraph(text, item.JournalNumber);
        if (item.Redacted)
        {
            return;
        }
        foreach (var section in item.Sections.Where(s => s.Kind == SectionKind.Baggrund))
        {
            RenderSection(text, section);
        }
        if (item.ReminderList is { } list)
        {
            // As the referater print the Huskeliste: the table and the calendar sections as the item's Sagsfremstilling.
            Paragraph(text, Wording.SectionHeading(SectionKind.Sagsfremstilling));
            Paragraph(text, list.State == ReminderListContentState.Unavailable ? Wording.ReminderListUnavailable : list.Text);
        }
        if (item.Recommendation is { } r)
        {
            Paragraph(text, Wording.Recommendation);
            if (r.Text.Length > 0)
            {
                Paragraph(text, r.Text);
            }
            foreach (var point in r.Points)
            {
                text.AppendLine($"{point.Label}) {point.Text}");
            }
            text.AppendLine();
        }
        foreach (var decision in item.Decisions)
        {
            RenderDecision(text, decision);
        }
        foreach (var section in item.Sections.Where(s => s.Kind != SectionKind.Baggrund))
        {
            RenderSection(text, section);
        }
        if (item.Guests.Count > 0)
        {
            Paragraph(text, Wording.ItemGuests);
            foreach (var guest in item.Guests)
            {
                text.AppendLine(Wording.GuestLine(guest));
            }
            text.AppendLine();
        }
        if (item.Attachments.Count > 0)
        {
            Paragraph(text, Wording.Attachments);
            foreach (var attachment in item.Attachments)
            {
                Paragraph(text, Wording.AttachmentLine(attachment));
            }
        }
    }

    private static void RenderSection(StringBuilder text, Section section)
    {
        // Unclassified lines of an imported referat are printed as written, without a heading.
        if (section.Kind != SectionKind.Unclassified)
        {
            Paragraph(text, section.Heading);
        }
        Paragraph(text, section.Text);
    }

    private static void RenderDecision(StringBuilder text, Decision decision)
    {
        Paragraph(text, decision.Heading);
        if (decision.Corrects.Length > 0)
        {
            Paragraph(text, Wording.CorrectsEarlierDecision);
        }
        Paragraph(text, decision.Text.Length > 0 ? decision.Text : $"{Wording.Outcome(decision.Outcome)}.");
        foreach (var point in decision.PointOutcomes)
        {
            text.AppendLine(Wording.PointOutcomeLine(point));
        }
        foreach (var followUp in decision.FollowUps)
        {
            text.AppendLine(Wording.FollowUpLine(followUp));
        }
        foreach (var referral in decision.Referrals)
        {
            text.AppendLine(Wording.ReferralLine(referral));
        }
        if (decision.Corrected)
        {
            text.AppendLine(Wording.CorrectedByLaterDecision);
        }
        if (decision.PointOutcomes.Count + decision.FollowUps.Count + decision.Referrals.Count > 0 || decision.Corrected)
        {
            text.AppendLine();
        }
    }

    private static void Paragraph(StringBuilder text, string line)
    {
        text.AppendLine(line);
        text.AppendLine();
    }
}
