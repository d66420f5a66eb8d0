using System.Text;

namespace Governance.Reminders.Domain;

/// <summary>An open reminder as the list shows it; <paramref name="Position"/> is its place in the
/// secretary's hand order.</summary>
public sealed record ListedReminder(int Position, string Subject, ExpectedTime Time, Responsible Responsible);

/// <summary>A calendar section after the table ("HU-møder", "Byrådets temamøder") as the list prints
/// it: its title, the paragraphs printed before its dates, its dated entries (the hand-made ones and
/// the followed body's meetings) and the paragraphs after them.</summary>
public sealed record ListSection(
    string Title,
    IReadOnlyList<string> LeadParagraphs,
    IReadOnlyList<CalendarEntryRecord> Entries,
    IReadOnlyList<string> TrailingParagraphs);

/// <summary>A table row as printed: the reminder with its time and responsible texts.</summary>
public sealed record ReminderRow(ListedReminder Reminder, string TimeText, string ResponsibleText);

/// <summary>Rows under one heading; the heading is null for the single group of an ungrouped list.</summary>
public sealed record ReminderGroup(string? Heading, IReadOnlyList<ReminderRow> Rows);

/// <summary>A calendar entry as printed.</summary>
public sealed record CalendarLine(CalendarEntryRecord Entry, string Text);

/// <summary>A calendar section with the entries inside the list's horizon, in date order.</summary>
public sealed record ComposedSection(
    string Title,
    IReadOnlyList<string> LeadParagraphs,
    IReadOnlyList<CalendarLine> Lines,
    IReadOnlyList<string> TrailingParagraphs);

/// <summary>The list as the minutes print it: the groups of table rows, the sections, and the plain
/// text (tab-separated rows, then the sections, paragraphs apart).</summary>
public sealed record ComposedReminderList(
    ListSettingsRecord Settings,
    IReadOnlyList<ReminderGroup> Groups,
    IReadOnlyList<ComposedSection> Sections,
    string Text);

/// <summary>Lays out a body's reminder list for a meeting, as the minutes print it ("Huskeliste").</summary>
public static class ReminderListLayout
{
    /// <summary>The heading the recurring reminders stand under in a grouped list.</summary>
    public const string RecurringHeading = "Gentagende sager i løbet af året";

    /// <summary>The heading free-text reminders stand under in a grouped list: after the months (they
    /// have no date to sort by), before the recurring ones.</summary>
    public const string FreeTextHeading = "Øvrige sager";

    /// <summary>The list as of <paramref name="asOf"/>: the open reminders (hand order, or month groups
    /// when the settings say so), then each section with its entries dated from asOf to asOf +
    /// <paramref name="horizonDays"/>, both inclusive. Years equal to asOf's are not printed.</summary>
    public static ComposedReminderList Compose(
        ListSettingsRecord settings,
        IReadOnlyList<ListedReminder> reminders,
        IReadOnlyList<ListSection> sections,
        DateOnly asOf,
        int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(reminders);
        ArgumentNullException.ThrowIfNull(sections);
        var ordered = reminders.OrderBy(r => r.Position).ToList();
        var groups = settings.GroupByMonth ? MonthGroups(ordered, asOf.Year) : [new ReminderGroup(null, ordered.Select(r => Row(r, asOf.Year, null)).ToList())];
        var last = asOf.AddDays(Math.Max(0, horizonDays));
        var composedSections = sections.Select(s => new ComposedSection(
            s.Title,
            s.LeadParagraphs,
            s.Entries.Where(e => e.Date >= asOf && e.Date <= last).OrderBy(e => e.Date).Select(e => new CalendarLine(e, EntryText(e, asOf.Year))).ToList(),
            s.TrailingParagraphs)).ToList();
        return new ComposedReminderList(settings, groups, composedSections, Text(settings, groups, composedSections));
    }

    /// <summary>"25. september: Vækst- og Erhvervspolitik", "30. april (res.)", "4. september:".</summary>
    public static string EntryText(CalendarEntryRecord entry, int listYear)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ExpectedTimeText.DateText(entry.Date, listYear) +
            (entry.Note is { Length: > 0 } note ? $" ({note})" : "") +
            (entry.Topic is null ? "" : entry.Topic.Length == 0 ? ":" : $": {entry.Topic}");
    }

    // One group per month of the dated and month reminders in date order (a month's own reminders
    // before its dated ones, hand order among equals), then free text, then the recurring ones.
    private static List<ReminderGroup> MonthGroups(List<ListedReminder> reminders, int listYear)
    {
        var groups = reminders
            .Select(r => (Reminder: r, Month: r.Time switch
            {
                ExpectedTime.OnDate d => ((int Year, int Month, int Day)?)(d.Date.Year, d.Date.Month, d.Date.Day),
                ExpectedTime.InMonth m => (m.Year, m.Month, 0),
                _ => null,
            }))
            .Where(r => r.Month is not null)
            .OrderBy(r => r.Month!.Value.Year).ThenBy(r => r.Month!.Value.Month).ThenBy(r => r.Month!.Value.Day)
            .GroupBy(r => (r.Month!.Value.Year, r.Month!.Value.Month))
            .Select(g => new ReminderGroup(
                ExpectedTimeText.MonthHeading(g.Key.Month) + (g.Key.Year != listYear ? $" {g.Key.Year}" : ""),
                // Under its month heading a date needs no month and no year: "13.".
                g.Select(r => Row(r.Reminder, g.Key.Year, g.Key.Month)).ToList()))
            .ToList();
        var freeText = reminders.Where(r => r.Time is ExpectedTime.FreeText).Select(r => Row(r, listYear, null)).ToList();
        if (freeText.Count > 0)
        {
            groups.Add(new ReminderGroup(FreeTextHeading, freeText));
        }
        var recurring = reminders.Where(r => r.Time is ExpectedTime.Recurring).Select(r => Row(r, listYear, null)).ToList();
        if (recurring.Count > 0)
        {
            groups.Add(new ReminderGroup(RecurringHeading, recurring));
        }
        return groups;
    }

    private static ReminderRow Row(ListedReminder reminder, int year, int? groupMonth) =>
        new(reminder, ExpectedTimeText.Render(reminder.Time, year, groupMonth), reminder.Responsible.Render());

    // The header row and the rows tab-separated, a group heading alone on its line; then each section:
    // its title, lead paragraphs, entries and trailing paragraphs, each after a blank line.
    private static string Text(ListSettingsRecord settings, List<ReminderGroup> groups, List<ComposedSection> sections)
    {
        var text = new StringBuilder();
        text.Append(settings.SubjectHeading).Append('\t').Append(settings.TimeHeading).Append('\t').Append(settings.ResponsibleHeading);
        foreach (var group in groups)
        {
            if (group.Heading is { } heading)
            {
                text.Append('\n').Append(heading);
            }
            foreach (var row in group.Rows)
            {
                text.Append('\n').Append(row.Reminder.Subject).Append('\t').Append(row.TimeText).Append('\t').Append(row.ResponsibleText);
            }
        }
        foreach (var section in sections)
        {
            text.Append("\n\n").Append(section.Title);
            foreach (var paragraph in section.LeadParagraphs.Concat(section.Lines.Select(l => l.Text)).Concat(section.TrailingParagraphs))
            {
                text.Append("\n\n").Append(paragraph);
            }
        }
        return text.ToString();
    }
}
