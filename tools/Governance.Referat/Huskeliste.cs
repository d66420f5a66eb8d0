using System.Text.RegularExpressions;

namespace Governance.Referat;

/// <summary>
/// The board's reminder list (huskeliste) as the standing item prints it: a table of subject, expected
/// time and responsible (in either column order, tabs or pipes), its rows in groups (months, "Gentagende
/// sager i løbet af året"), and after it the calendars of related forums (Chefforum, HU-møder,
/// Byrådets temamøder, ...).
/// </summary>
/// <param name="Layout">How the table is written.</param>
/// <param name="Header">The header row ("Sag/emne | Forventet tidspunkt | Ansvarlig").</param>
/// <param name="Separators">A pipe table's separator lines.</param>
/// <param name="Groups">The rows, in groups; the first group has no heading when rows come before any.</param>
/// <param name="Calendars">The calendar sections after the table.</param>
public sealed record ReminderList(
    TableLayout Layout, TableRow Header, IReadOnlyList<TableRow> Separators, IReadOnlyList<ReminderGroup> Groups, IReadOnlyList<CalendarSection> Calendars)
    : Block
{
    public IEnumerable<Reminder> Reminders => Groups.SelectMany(g => g.Reminders);

    public override IEnumerable<SourceLine> SourceLines() =>
        new[] { Header.Line }
            .Concat(Separators.Select(s => s.Line))
            .Concat(Groups.SelectMany(g => g.SourceLines()))
            .Concat(Calendars.SelectMany(c => c.SourceLines()))
            .OrderBy(l => l.Number);
}

/// <summary>Rows under a group heading: a month ("Marts", "Oktober 2014") or the recurring ones.</summary>
/// <param name="Heading">The group's heading line, or null for rows before any heading.</param>
/// <param name="Name">The heading's text (the one filled cell of a heading row).</param>
/// <param name="Month">1-12 when the heading is a month.</param>
/// <param name="IsRecurring">Whether the heading is "Gentagende sager i løbet af året".</param>
/// <param name="Reminders">The rows.</param>
public sealed record ReminderGroup(SourceLine? Heading, string? Name, int? Month, bool IsRecurring, IReadOnlyList<Reminder> Reminders) : IFromSource
{
    public IEnumerable<SourceLine> SourceLines() =>
        (Heading is { } h ? new[] { h } : []).Concat(Reminders.Select(r => r.Row.Line));
}

/// <summary>
/// One row of the reminder list. The expected time stays text: Reminders reads it (its
/// ParseExpectedTime takes the text, the meeting's date and <paramref name="GroupMonth"/>, for a
/// "13." under "September"), so the platform has one reading of "28. august" or "(2. uge månedligt)".
/// </summary>
/// <param name="Row">The table row as written.</param>
/// <param name="Subject">"Sag/emne".</param>
/// <param name="ExpectedTime">"Forventet tidspunkt" as written ("28. august", "Kvartalsvis", "(2. uge månedligt)", "13.").</param>
/// <param name="Responsible">"Ansvarlig" as written ("ØDC", "BYC/AM", "PA, BYC").</param>
/// <param name="GroupMonth">The month of the group heading the row stands under, when it is a month.</param>
/// <param name="InRecurringGroup">Under "Gentagende sager i løbet af året".</param>
public sealed record Reminder(TableRow Row, string Subject, string ExpectedTime, string Responsible, int? GroupMonth, bool InRecurringGroup)
{
    /// <summary>The units or people responsible, split at "/", "," and " og ".</summary>
    public IReadOnlyList<string> ResponsibleUnits =>
        Regex.Split(Responsible, @"\s*(?:/|,|\bog\b)\s*", RegexOptions.CultureInvariant).Where(p => p.Length > 0).ToArray();
}

/// <summary>A calendar after the table ("Byrådets temamøder"), with its dated lines and its notes in order.</summary>
/// <param name="Title">The title line, or null when the calendar lines follow the table directly.</param>
/// <param name="Lines">Its lines in order.</param>
public sealed record CalendarSection(SourceLine? Title, IReadOnlyList<CalendarLine> Lines) : IFromSource
{
    public string? Name => Title?.Trimmed;

    public IEnumerable<CalendarLine> Dates => Lines.Where(l => l.Month is not null);

    public IEnumerable<SourceLine> SourceLines() => (Title is { } t ? new[] { t } : []).Concat(Lines.Select(l => l.Line));
}

/// <summary>
/// A line of a calendar: a date with what happens then ("25. september: Vækst- og Erhvervspolitik",
/// "19. september"), or a note ("Forberedelse af kommende ugers mødebånd", "- Kvalitet i folkeskolen").
/// </summary>
/// <param name="Line">The line.</param>
/// <param name="Day">The day, for a dated line.</param>
/// <param name="Month">The month, for a dated line.</param>
/// <param name="Date">The date in the first year that puts it on or after the meeting.</param>
/// <param name="Text">What follows the date ("" when nothing does); the whole line for a note.</param>
public sealed record CalendarLine(SourceLine Line, int? Day, int? Month, DateOnly? Date, string Text);

internal static partial class ReminderListReader
{
    private const string RecurringHeading = "Gentagende sager";

    // The platform's own grouped list puts free-text times under this heading (Reminders' ReminderListLayout).
    private const string OtherHeading = "Øvrige sager";

    public static bool IsHeader(TableRow row) => Columns(row) is not null;

    /// <summary>The positions of subject, expected time and responsible in a header row, in any order.</summary>
    private static (int Subject, int Time, int Responsible)? Columns(TableRow row)
    {
        int Find(Func<string, bool> test)
        {
            for (var i = 0; i < row.Cells.Count; i++)
            {
                if (test(row.Cells[i].ToLowerInvariant()))
                {
                    return i;
                }
            }
            return -1;
        }
        var subject = Find(c => c.StartsWith("sag", StringComparison.Ordinal) || c.Contains("emne", StringComparison.Ordinal));
        var time = Find(c => c.Contains("tidspunkt", StringComparison.Ordinal));
        var responsible = Find(c => c.StartsWith("ansvarlig", StringComparison.Ordinal));
        return subject >= 0 && time >= 0 && responsible >= 0 && subject != time && time != responsible && subject != responsible
            ? (subject, time, responsible)
            : null;
    }

    /// <summary>Reads the list from its header row to the end of <paramref name="lines"/>.</summary>
    public static ReminderList Read(IReadOnlyList<SourceLine> lines, ParseContext context)
    {
        var layout = TableSyntax.LayoutOf(lines[0])!.Value;
        var header = TableSyntax.Row(lines[0], layout);
        var columns = Columns(header)!.Value;
        var separators = new List<TableRow>();
        var groups = new List<(SourceLine? Heading, string? Name, int? Month, bool Recurring, List<Reminder> Rows)> { (null, null, null, false, []) };

        var i = 1;
        for (; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.IsBlank)
            {
                continue;
            }
            var row = TableSyntax.LayoutOf(line) == layout ? TableSyntax.Row(line, layout) : null;
            if (row is { IsSeparator: true })
            {
                separators.Add(row);
                continue;
            }
            // A group heading is a line of its own, or a row with one filled cell.
            var single = row is null ? line.Trimmed : row.FilledCells.Count() == 1 ? row.FilledCells.First() : null;
            if (single is not null && GroupHeading(single) is { } group)
            {
                groups.Add((line, single, group.Month, group.Recurring, []));
                continue;
            }
            if (row is null)
            {
                break;
            }
            var current = groups[^1];
            current.Rows.Add(new Reminder(row, Cell(row, columns.Subject), Cell(row, columns.Time), Cell(row, columns.Responsible), current.Month, current.Recurring));
        }
        var kept = groups.Where(g => g.Heading is not null || g.Rows.Count > 0)
            .Select(g => new ReminderGroup(g.Heading, g.Name, g.Month, g.Recurring, g.Rows.ToArray())).ToArray();
        return new ReminderList(layout, header, separators, kept, Calendars(lines.Skip(i).ToArray(), context));
    }

    private static string Cell(TableRow row, int index) => index < row.Cells.Count ? row.Cells[index] : "";

    [GeneratedRegex(@"^(?<month>\p{L}+)(?:\s+[0-9]{4})?:?$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthHeading();

    private static (int? Month, bool Recurring)? GroupHeading(string text)
    {
        if (text.StartsWith(RecurringHeading, StringComparison.OrdinalIgnoreCase))
        {
            return (null, true);
        }
        if (text.TrimEnd(':').Equals(OtherHeading, StringComparison.OrdinalIgnoreCase))
        {
            return (null, false);
        }
        return MonthHeading().Match(text) is { Success: true } m && DanishDates.Month(m.Groups["month"].Value) is { } month
            ? (month, false)
            : null;
    }

    [GeneratedRegex(@"^(?<day>[0-9]{1,2})\.\s*(?<month>\p{L}+)(?:\s+(?<year>[0-9]{4}))?\s*:?(?:\s+(?<text>.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex CalendarDate();

    private static CalendarLine? Dated(SourceLine line, ParseContext context)
    {
        if (CalendarDate().Match(line.Trimmed) is not { Success: true } m || DanishDates.Month(m.Groups["month"].Value) is not { } month)
        {
            return null;
        }
        var day = DanishDates.Int(m.Groups["day"].Value);
        int? year = m.Groups["year"].Success ? DanishDates.Int(m.Groups["year"].Value) : null;
        var date = context.MeetingDate is { } meeting ? DanishDates.WithYear(day, month, year, meeting)
            : year is { } y ? DanishDates.Date(y, month, day) : null;
        return new CalendarLine(line, day, month, date, m.Groups["text"].Value.Trim());
    }

    /// <summary>
    /// A calendar's title is a short line of its own ("Chefforum", "HU-møder", "Byrådets temamøder"):
    /// not a date, not a list line or a remark in brackets, without closing punctuation, and not right
    /// under another title (that is the calendar's note: "Forberedelse af kommende ugers mødebånd").
    /// </summary>
    private static bool IsTitle(string text, bool afterTitle) =>
        !afterTitle
        && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 6
        && text[0] is not ('-' or '–' or '•' or '(' or '*' or '|')
        && text[^1] is not ('.' or ':' or ')' or ';' or ',');

    private static CalendarSection[] Calendars(IReadOnlyList<SourceLine> lines, ParseContext context)
    {
        var sections = new List<(SourceLine? Title, List<CalendarLine> Lines)>();
        var afterTitle = false;
        foreach (var line in lines.Where(l => !l.IsBlank))
        {
            if (Dated(line, context) is { } dated)
            {
                if (sections.Count == 0)
                {
                    sections.Add((null, []));
                }
                sections[^1].Lines.Add(dated);
                afterTitle = false;
            }
            else if (IsTitle(line.Trimmed, afterTitle))
            {
                sections.Add((line, []));
                afterTitle = true;
            }
            else
            {
                if (sections.Count == 0)
                {
                    sections.Add((null, []));
                }
                sections[^1].Lines.Add(new CalendarLine(line, null, null, null, line.Trimmed));
                afterTitle = false;
            }
        }
        return sections.Select(s => new CalendarSection(s.Title, s.Lines.ToArray())).ToArray();
    }
}
