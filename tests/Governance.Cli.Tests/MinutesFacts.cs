using Governance.Referat;

namespace Governance.Cli.Tests;

/// <summary>
/// The round-trip check of issue 15: every fact of a parsed referat must be in rendered minutes (the
/// text of <c>gov minutes --format text --audience members</c>), which are read back with the same
/// parser. The header (body, date, time, room, every participant), every item's number, title and
/// journal number, every decision's date and every paragraph of its text, every Huskeliste row
/// (subject, responsible, time expression) and calendar line, every paragraph of every section, and
/// every line kept as unclassified; also every line of a recommendation and every attachment. Paragraphs are compared with white space normalised, a table row
/// by its cells (so a pipe table and the Word table it became are the same rows). <see cref="FirstLost"/>
/// names the first fact that did not survive ("punkt 3, Baggrund: afsnittet '…' mangler").
/// </summary>
public static partial class MinutesFacts
{
    /// <summary>The first lost fact in words, or null when every fact survived.</summary>
    public static string? FirstLost(Referat.Referat source, string renderedMinutes) => Lost(source, renderedMinutes).FirstOrDefault();

    /// <summary>Every lost fact, in document order.</summary>
    public static IEnumerable<string> Lost(Referat.Referat source, string renderedMinutes)
    {
        var rendered = ReferatParser.Parse(renderedMinutes);
        var h = source.Header;
        var r = rendered.Header;
        if (!string.Equals(h.Body, r.Body, StringComparison.Ordinal))
        {
            yield return $"hovedet: organet '{h.Body}' mangler (fandt '{r.Body}')";
        }
        if (h.MeetingDate != r.MeetingDate)
        {
            yield return $"hovedet: mødedatoen {h.MeetingDate:dd-MM-yyyy} mangler (fandt {r.MeetingDate:dd-MM-yyyy})";
        }
        if (h.StartTime is { } time && time != r.StartTime)
        {
            yield return $"hovedet: klokkeslættet {time:HH\\:mm} mangler (fandt {r.StartTime:HH\\:mm})";
        }
        if (h.Room is { } room && !string.Equals(Words(room), Words(r.Room ?? ""), StringComparison.Ordinal))
        {
            yield return $"hovedet: mødestedet '{room}' mangler (fandt '{r.Room}')";
        }
        foreach (var participant in h.Participants)
        {
            if (!r.Participants.Any(p => p.Name == participant.Name && p.IsSecretary == participant.IsSecretary))
            {
                yield return $"hovedet: deltageren '{participant.Name}'{(participant.IsSecretary ? " (sekretær)" : "")} mangler";
            }
        }
        var meetingLines = rendered.Unclassified.Select(u => Words(u.Line.Text)).ToHashSet(StringComparer.Ordinal);
        foreach (var line in source.Unclassified.Where(u => !meetingLines.Contains(Words(u.Line.Text))))
        {
            yield return $"mødet: den ukendte linje {line.Line.Number} '{line.Line.Trimmed}' mangler";
        }

        foreach (var item in source.Items)
        {
            var other = rendered.Items.FirstOrDefault(i => i.Number == item.Number);
            if (other is null)
            {
                yield return $"punkt {item.Number} '{item.Title}' mangler";
                continue;
            }
            var where = $"punkt {item.Number}";
            if (!string.Equals(Words(item.Title), Words(other.Title), StringComparison.Ordinal))
            {
                yield return $"{where}: titlen '{item.Title}' mangler (fandt '{other.Title}')";
            }
            if (item.JournalText is { } journal && !(journal == other.JournalText || (item.JournalNumber is { } n && n.Equals(other.JournalNumber))))
            {
                yield return $"{where}: journalnummeret {journal} mangler (fandt '{other.JournalText}')";
            }
            foreach (var lost in ItemFacts(item, other, where))
            {
                yield return lost;
            }
        }
    }

    private static IEnumerable<string> ItemFacts(AgendaItem item, AgendaItem other, string where)
    {
        // Everything the rendered item says, as facts: what a lost paragraph is looked for in when its
        // own section or decision does not have it.
        var everything = Facts(other.Sections.SelectMany(SectionBlocks)).Concat(other.Unclassified.Select(u => Words(u.Line.Text)))
            .Concat(other.Decisions.Select(d => Words(d.InlineText ?? ""))).ToHashSet(StringComparer.Ordinal);
        foreach (var line in item.Unclassified.Where(u => !everything.Contains(Words(u.Line.Text))))
        {
            yield return $"{where}: den ukendte linje {line.Line.Number} '{line.Line.Trimmed}' mangler";
        }
        foreach (var decision in item.Decisions)
        {
            var heading = $"{where}, {decision.HeadingText}";
            var matching = other.Decisions.Where(d => d.MeetingDate == decision.MeetingDate).ToList();
            if (matching.Count == 0)
            {
                yield return $"{heading}: beslutningen mangler";
                continue;
            }
            var pool = matching.SelectMany(d => Facts(d.Blocks).Append(Words(d.InlineText ?? ""))).ToHashSet(StringComparer.Ordinal);
            var facts = Facts(decision.Blocks).ToList();
            if (decision.InlineText is { } inline)
            {
                facts.Insert(0, Words(inline));
            }
            foreach (var fact in facts.Where(f => !pool.Contains(f)))
            {
                yield return $"{heading}: afsnittet '{Short(fact)}' mangler";
            }
        }
        foreach (var section in item.TextSections)
        {
            var heading = $"{where}, {section.HeadingText}";
            var blocks = section.Blocks.Where(b => b is not ReminderList).ToList();
            var pool = Facts(other.TextSections.Where(s => Same(s.HeadingText, section.HeadingText)).SelectMany(s => s.Blocks)).ToHashSet(StringComparer.Ordinal);
            if (pool.Count == 0 && blocks.Count > 0 && !other.TextSections.Any(s => Same(s.HeadingText, section.HeadingText)))
            {
                yield return $"{heading}: afsnittet mangler";
                continue;
            }
            foreach (var fact in Facts(blocks).Where(f => !pool.Contains(f)))
            {
                yield return $"{heading}: afsnittet '{Short(fact)}' mangler";
            }
        }
        if (item.Recommendation is { } recommendation)
        {
            var heading = $"{where}, {recommendation.HeadingText}";
            var pool = other.Sections.OfType<Recommendation>()
                .SelectMany(r => r.Introduction.Select(l => Words(l.Text)).Concat(r.Points.Select(p => Words(p.Text)))).ToHashSet(StringComparer.Ordinal);
            var facts = recommendation.Introduction.Select(l => Words(l.Text)).Concat(recommendation.Points.Select(p => Words(p.Text)));
            foreach (var fact in facts.Where(f => !pool.Contains(f)))
            {
                yield return $"{heading}: '{Short(fact)}' mangler";
            }
        }
        foreach (var attachment in item.Attachments)
        {
            var title = Words(DocumentNumber().Replace(attachment.Title, " ")).TrimEnd(',', '-', '–', ' ');
            if (!other.Attachments.Any(a => a.DocumentNumber == attachment.DocumentNumber && Words(DocumentNumber().Replace(a.Title, " ")).TrimEnd(',', '-', '–', ' ') == title))
            {
                yield return $"{where}, Bilag: '{attachment.Title}' mangler";
            }
        }
        if (item.ReminderList is { } list)
        {
            var otherList = other.ReminderList;
            if (otherList is null)
            {
                yield return $"{where}: huskelisten mangler";
                yield break;
            }
            foreach (var row in list.Reminders)
            {
                if (!otherList.Reminders.Any(o => Words(o.Subject) == Words(row.Subject) && Words(o.Responsible) == Words(row.Responsible) && Words(o.ExpectedTime) == Words(row.ExpectedTime)))
                {
                    yield return $"{where}, huskelisten: rækken '{row.Subject}' ({row.ExpectedTime}, {row.Responsible}) mangler";
                }
            }
            var calendarLines = otherList.Calendars.SelectMany(c => c.SourceLines()).Select(l => Words(l.Text)).ToHashSet(StringComparer.Ordinal);
            foreach (var line in list.Calendars.SelectMany(c => c.SourceLines()).Where(l => !calendarLines.Contains(Words(l.Text))))
            {
                yield return $"{where}, huskelisten: kalenderlinjen '{line.Trimmed}' mangler";
            }
        }
    }

    private static IEnumerable<Block> SectionBlocks(Section section) => section switch
    {
        TextSection t => t.Blocks,
        Decision d => d.Blocks,
        _ => [],
    };

    private static bool Same(string a, string b) => string.Equals(Words(a).TrimEnd(':'), Words(b).TrimEnd(':'), StringComparison.OrdinalIgnoreCase);

    /// <summary>A block as facts: a paragraph's or guest note's words, a table's rows by their cells.</summary>
    public static IEnumerable<string> Facts(IEnumerable<Block> blocks) => blocks.SelectMany(block => block switch
    {
        Paragraph p => [Words(p.Text)],
        GuestNote g => [Words(g.Line.Text)],
        Table t => t.ContentRows.Select(Row),
        ReminderList => [],
        _ => block.SourceLines().Select(l => Words(l.Text)),
    });

    private static string Row(TableRow row) => string.Join(' ', row.Cells.Where(c => c.Length > 0).Select(Words));

    /// <summary>White space normalised: runs of spaces, tabs and line breaks are one space.</summary>
    public static string Words(string text) =>
        string.Join(' ', text.Split((char[])[' ', '\t', '\n', '\r', '\u00a0'], StringSplitOptions.RemoveEmptyEntries));

    // "dok.nr. 177144/12", "(dok.nr. 177144/12)", "(171734/12)": the minutes print the number after the title.
    [System.Text.RegularExpressions.GeneratedRegex(@"\(?(?:\bdok\.?\s*nr\.?|\bdoc\.?)\s*[0-9]{3,7}/[0-9]{2}\b\)?|\([0-9]{3,7}/[0-9]{2}\)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex DocumentNumber();

    private static string Short(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}
