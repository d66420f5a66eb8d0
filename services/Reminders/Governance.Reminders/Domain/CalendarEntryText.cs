namespace Governance.Reminders.Domain;

/// <summary>A calendar section's dated line as the list prints it: "25. september: Vækst- og
/// Erhvervspolitik", "30. april (res.)", "4. september:" (the topic still to come), "19. september".</summary>
public static class CalendarEntryText
{
    public static string Render(CalendarEntryRecord e, int listYear)
    {
        var text = ExpectedTimeText.DateText(e.Date, listYear);
        if (e.Note.Length > 0)
        {
            text += $" ({e.Note})";
        }
        if (e.Topic is not null)
        {
            text += e.Topic.Length > 0 ? $": {e.Topic}" : ":";
        }
        return text;
    }
}
