using System.Text;
using Governance.Meetings.Domain;
using Governance.Meetings.V1;

namespace Governance.Meetings.Minutes;

/// <summary>
/// Renders structured minutes as plain text in the layout of the published referat: header, table
/// of contents, then each item with Baggrund, Indstilling and the decisions first, the other
/// sections after, and Bilag last. It only reads the (already redacted) minutes message.
/// </summary>
internal static class MinutesText
{
    public static string Render(V1.Minutes minutes)
    {
        var text = new StringBuilder();
        var h = minutes.Header;
        Paragraph(text, minutes.Title);
        Paragraph(text, $"Mødedato {h.MeetingDateText}");
        Paragraph(text, $"Mødested {h.Room}");
        Paragraph(text, $"Mødedeltagere {h.ParticipantsText}");
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
        return text.ToString().TrimEnd() + "\n";
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
        return text.ToString().TrimEnd() + "\n";
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
            Paragraph(text, "Deltagere under punktet");
            foreach (var guest in item.Guests)
            {
                var at = guest.JoinsAt is null ? "" : $", kl. {guest.JoinsAt.Hours:00}.{guest.JoinsAt.Minutes:00}";
                var affiliation = guest.Affiliation.Length > 0 ? $", {guest.Affiliation}" : "";
                text.AppendLine($"{guest.DisplayName}{affiliation}{at}");
            }
            text.AppendLine();
        }
        if (item.Attachments.Count > 0)
        {
            Paragraph(text, Wording.Attachments);
            foreach (var attachment in item.Attachments)
            {
                Paragraph(text, attachment.DocumentNumber.Length > 0 ? $"{attachment.Title} (dok.nr. {attachment.DocumentNumber})" : attachment.Title);
            }
        }
    }

    private static void RenderSection(StringBuilder text, Section section)
    {
        Paragraph(text, section.Heading);
        Paragraph(text, section.Text);
    }

    private static void RenderDecision(StringBuilder text, Decision decision)
    {
        Paragraph(text, decision.Heading);
        if (decision.Corrects.Length > 0)
        {
            Paragraph(text, "Rettelse af en tidligere beslutning:");
        }
        Paragraph(text, decision.Text.Length > 0 ? decision.Text : $"{Outcome(decision.Outcome)}.");
        foreach (var point in decision.PointOutcomes)
        {
            text.AppendLine($"Pind {point.Label}: {Outcome(point.Outcome)}.{(point.Text.Length > 0 ? " " + point.Text : "")}");
        }
        foreach (var followUp in decision.FollowUps)
        {
            var due = followUp.DueDate is null ? "" : $", senest {followUp.DueDate.Day:00}-{followUp.DueDate.Month:00}-{followUp.DueDate.Year}";
            text.AppendLine($"Opfølgning ({followUp.Unit}{due}): {followUp.Description}");
        }
        foreach (var referral in decision.Referrals)
        {
            var when = referral.ExpectedDate is null ? "" : $" {referral.ExpectedDate.Day:00}-{referral.ExpectedDate.Month:00}-{referral.ExpectedDate.Year}";
            text.AppendLine($"Forelægges {referral.BodyDisplayName}{when}{(referral.Text.Length > 0 ? ": " + referral.Text : "")}");
        }
        if (decision.Corrected)
        {
            text.AppendLine("(Rettet ved en senere beslutning.)");
        }
        if (decision.PointOutcomes.Count + decision.FollowUps.Count + decision.Referrals.Count > 0 || decision.Corrected)
        {
            text.AppendLine();
        }
    }

    public static string Outcome(DecisionOutcome outcome) => Events.DecisionOutcomeWords.Of(outcome);

    private static void Paragraph(StringBuilder text, string line)
    {
        text.AppendLine(line);
        text.AppendLine();
    }
}
