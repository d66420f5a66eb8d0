using System.Text.RegularExpressions;
using Governance.Meetings.V1;
using R = Governance.Referat;

namespace Governance.Cli.Import;

/// <summary>
/// Turns a parsed referat into the ImportMeeting request: the header, the items in order with their
/// sections, recommendation, guests, attachments and decisions, the Huskeliste as the item's reminder
/// list, and every line the parser did not understand (an item's as a SECTION_KIND_UNCLASSIFIED
/// section, the meeting's as unclassified_lines). Pure: no calls, the same referat gives the same request.
/// </summary>
public static partial class ReferatImport
{
    /// <summary>The body's id from its display name: "Direktionen" is direktionen, "Økonomiudvalget" oekonomiudvalget.</summary>
    public static string BodyId(string displayName)
    {
        var id = displayName.Trim().ToLowerInvariant()
            .Replace("æ", "ae", StringComparison.Ordinal).Replace("ø", "oe", StringComparison.Ordinal).Replace("å", "aa", StringComparison.Ordinal);
        id = NotIdChar().Replace(Spaces().Replace(id, "-"), "");
        return id.Trim('-');
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[^a-z0-9-]", RegexOptions.CultureInvariant)]
    private static partial Regex NotIdChar();

    /// <summary>Cases' rule for a unit: 1-50 letters (æøå too), digits, '-', '_' and '.'.</summary>
    [GeneratedRegex(@"^[\p{L}0-9_.-]{1,50}$", RegexOptions.CultureInvariant)]
    public static partial Regex ValidUnit();

    public static ImportMeetingRequest Request(R.Referat referat, string bodyName, string source)
    {
        var header = referat.Header;
        var date = header.MeetingDate ?? throw new UsageException("referatet har ingen mødedato (hverken 'Mødedato' eller en dato i titlen).");
        var time = header.StartTime ?? TimeOnly.MinValue;
        var request = new ImportMeetingRequest
        {
            Body = bodyName,
            Start = new Google.Type.DateTime { Year = date.Year, Month = date.Month, Day = date.Day, Hours = time.Hour, Minutes = time.Minute },
            Room = header.Room ?? "",
            Source = source,
        };
        request.Participants.AddRange(Participants(header));
        request.Items.AddRange(referat.Items.Select(i => Item(i, date)));
        request.UnclassifiedLines.AddRange(referat.Unclassified.Select(u => u.Line.Text));
        return request;
    }

    public static IEnumerable<BodyMember> Participants(R.MeetingHeader header) =>
        header.Participants.Select(p => new BodyMember { DisplayName = p.Name, Role = p.IsSecretary ? MemberRole.Secretary : MemberRole.Member });

    private static ImportedItem Item(R.AgendaItem item, DateOnly meetingDate)
    {
        var list = item.ReminderList;
        var imported = new ImportedItem
        {
            Title = item.Title,
            JournalNumber = item.JournalText ?? "",
            Kind = item.IsClosed ? ItemKind.Closed : list is not null ? ItemKind.ReminderList : IsStanding(item, meetingDate) ? ItemKind.Standing : ItemKind.Ordinary,
        };
        if (item.Unclassified.Count > 0)
        {
            // Lines before the first heading: they stood first in the item.
            imported.Sections.Add(new Section { Kind = SectionKind.Unclassified, Text = string.Join('\n', item.Unclassified.Select(u => u.Line.Text)) });
        }
        foreach (var section in item.TextSections)
        {
            // The reminder list is the item's own content; what else its section says stays a section.
            var blocks = section.Blocks.Where(b => b is not R.ReminderList).ToList();
            if (list is not null && blocks.Count == 0 && section.Blocks.Count > 0)
            {
                continue;
            }
            imported.Sections.Add(new Section
            {
                Kind = Kind(section.Kind),
                Heading = section.HeadingText,
                // "Ingen bemærkninger." as written: an empty text would print the platform's own wording.
                Text = BlocksText(blocks),
            });
        }
        if (item.Recommendation is { } recommendation)
        {
            imported.Recommendation = Recommendation(recommendation);
        }
        imported.Guests.AddRange(item.Guests.Select(g => new Guest
        {
            DisplayName = g.Who.Length <= 200 ? g.Who : g.Who[..200],
            JoinsAt = g.Time is { } t ? new Google.Type.TimeOfDay { Hours = t.Hour, Minutes = t.Minute } : null,
        }));
        imported.Attachments.AddRange(item.Attachments.Select(Attachment));
        imported.Decisions.AddRange(item.Decisions.Select(d => Decision(d, meetingDate)));
        if (list is not null)
        {
            imported.ReminderList = ReminderList(list);
        }
        return imported;
    }

    /// <summary>
    /// A standing item: its title ends with the meeting's date ("Øvrige sager - 09-03-2017",
    /// "Økonomiopfølgning 14-08-2012"), as the body's agenda template appends it to recurring items.
    /// </summary>
    public static bool IsStanding(R.AgendaItem item, DateOnly meetingDate) =>
        item.Title.TrimEnd().EndsWith(meetingDate.ToString("dd-MM-yyyy", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The section kind from its heading; "Afsnit uden overskrift" is a section with its own heading.</summary>
    private static SectionKind Kind(R.SectionKind kind) => kind switch
    {
        R.SectionKind.Background => SectionKind.Baggrund,
        R.SectionKind.CasePresentation => SectionKind.Sagsfremstilling,
        R.SectionKind.Finances => SectionKind.Okonomi,
        R.SectionKind.LegalBasis => SectionKind.Retsgrundlag,
        R.SectionKind.PolicyAndPlan => SectionKind.PolitikPlan,
        R.SectionKind.Information => SectionKind.Information,
        R.SectionKind.Consultation => SectionKind.Horing,
        R.SectionKind.Assessment => SectionKind.Vurdering,
        R.SectionKind.OtherDocuments => SectionKind.AndreRelevanteDokumenter,
        _ => SectionKind.Other,
    };

    /// <summary>Blocks as the minutes store text: a blank line between blocks, a block's lines as written
    /// (a table's rows, a paragraph's lines).</summary>
    public static string BlocksText(IEnumerable<R.Block> blocks) =>
        string.Join("\n\n", blocks.Select(b => string.Join('\n', b.SourceLines().Select(l => l.Text))));

    /// <summary>
    /// Points with a label each ("1", "a"), all different, become the recommendation's points; points
    /// without labels (bullets) stay in its text as written, since the contract needs a unique label.
    /// </summary>
    private static Recommendation Recommendation(R.Recommendation recommendation)
    {
        var labelled = recommendation.Points.Count > 0
            && recommendation.Points.All(p => p.Label is not null)
            && recommendation.Points.Select(p => p.Label).Distinct(StringComparer.Ordinal).Count() == recommendation.Points.Count;
        var result = new Recommendation { Unit = recommendation.Unit ?? "" };
        if (labelled)
        {
            result.Text = recommendation.IntroductionText;
            result.Points.AddRange(recommendation.Points.Select(p => new RecommendationPoint { Label = p.Label!, Text = p.Text }));
        }
        else
        {
            var lines = recommendation.Introduction.Concat(recommendation.Points.SelectMany(p => p.Lines)).OrderBy(l => l.Number);
            result.Text = string.Join('\n', lines.Select(l => l.Text));
        }
        return result;
    }

    /// <summary>The title without its document number ("Notat dok.nr. 177144/12" is "Notat" and 177144/12),
    /// since the minutes print the number after the title.</summary>
    private static Attachment Attachment(R.Attachment attachment)
    {
        var title = attachment.Title;
        if (attachment.DocumentNumber is { } number)
        {
            var stripped = DocumentNumberText().Replace(title, "").Trim().TrimEnd(',', '-', '–').Trim();
            if (stripped.Length > 0)
            {
                title = stripped;
            }
        }
        return new Attachment { Title = title, DocumentNumber = attachment.DocumentNumber ?? "" };
    }

    [GeneratedRegex(@"(?:\bdok\.?\s*nr\.?|\bdoc\.?)\s*[0-9]{3,7}/[0-9]{2}\b|\([0-9]{3,7}/[0-9]{2}\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DocumentNumberText();

    private static ImportedDecision Decision(R.Decision decision, DateOnly meetingDate)
    {
        var date = decision.MeetingDate ?? meetingDate;
        var imported = new ImportedDecision { MeetingDate = Date(date), Outcome = Outcome(decision), Text = decision.Text };
        if (decision.Postponement?.To is { } to && to > date)
        {
            imported.PostponedToDate = Date(to);
        }
        return imported;
    }

    /// <summary>
    /// The outcome, read from the decision's first words: a postponement is POSTPONED; "Godkendt..." is
    /// APPROVED; "...til efterretning..." NOTED; "Afvist..." REJECTED; anything else DISCUSSED (the
    /// text is kept as printed, so nothing is lost when the rule guesses too little).
    /// </summary>
    public static DecisionOutcome Outcome(R.Decision decision)
    {
        if (decision.Postponement is not null)
        {
            return DecisionOutcome.Postponed;
        }
        var text = decision.Text.Trim().TrimStart('*', '_').Trim();
        if (text.StartsWith("Godkendt", StringComparison.OrdinalIgnoreCase))
        {
            return DecisionOutcome.Approved;
        }
        if (text.Contains("til efterretning", StringComparison.OrdinalIgnoreCase))
        {
            return DecisionOutcome.Noted;
        }
        return text.StartsWith("Afvist", StringComparison.OrdinalIgnoreCase) ? DecisionOutcome.Rejected : DecisionOutcome.Discussed;
    }

    private static ReminderListContent ReminderList(R.ReminderList list)
    {
        var content = new ReminderListContent();
        var cells = list.Header.Cells;
        // The headings as the table prints them, in the platform's order (subject, time, responsible).
        content.SubjectHeading = cells.FirstOrDefault(c => c.StartsWith("sag", StringComparison.OrdinalIgnoreCase) || c.Contains("emne", StringComparison.OrdinalIgnoreCase)) ?? "";
        content.TimeHeading = cells.FirstOrDefault(c => c.Contains("tidspunkt", StringComparison.OrdinalIgnoreCase)) ?? "";
        content.ResponsibleHeading = cells.FirstOrDefault(c => c.StartsWith("ansvarlig", StringComparison.OrdinalIgnoreCase)) ?? "";
        foreach (var group in list.Groups)
        {
            content.Rows.AddRange(group.Reminders.Select(r => new ReminderListContentRow
            {
                Group = group.Name ?? "",
                Subject = r.Subject,
                TimeText = r.ExpectedTime,
                ResponsibleText = r.Responsible,
            }));
        }
        content.Text = ReminderListText(list);
        return content;
    }

    /// <summary>
    /// The list as the minutes print it: the table as tab-separated lines (its rows as written, a pipe
    /// table's cells joined by tabs, without its separator line) with the group headings in place, then
    /// after a blank line the calendar sections, their lines separated by blank lines as in the referater.
    /// </summary>
    public static string ReminderListText(R.ReminderList list)
    {
        string Row(R.TableRow row) => list.Layout == R.TableLayout.Tabs ? row.Line.Text.TrimEnd() : string.Join('\t', row.Cells);
        var table = new List<string> { Row(list.Header) };
        foreach (var group in list.Groups)
        {
            if (group.Heading is { } heading)
            {
                table.Add(TableLine(heading, list.Layout));
            }
            table.AddRange(group.Reminders.Select(r => Row(r.Row)));
        }
        var calendars = list.Calendars.SelectMany(c => c.SourceLines()).OrderBy(l => l.Number).Select(l => l.Trimmed).ToList();
        var text = string.Join('\n', table);
        return calendars.Count == 0 ? text : text + "\n\n" + string.Join("\n\n", calendars);
    }

    /// <summary>A group heading line: on its own, or a pipe row with one filled cell, as its text.</summary>
    private static string TableLine(R.SourceLine line, R.TableLayout layout)
    {
        var trimmed = line.Trimmed;
        return trimmed.StartsWith('|') ? trimmed.Trim('|').Trim() : layout == R.TableLayout.Tabs ? trimmed.Replace("\t", "", StringComparison.Ordinal) : trimmed;
    }

    public static Google.Type.Date Date(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };
}
