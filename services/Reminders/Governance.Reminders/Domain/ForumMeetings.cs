namespace Governance.Reminders.Domain;

/// <summary>The meetings of a followed body as dates of a calendar section.</summary>
public static class ForumMeetings
{
    /// <summary>"25. september: Vækst- og Erhvervspolitik": the meeting's date with its title as the
    /// topic; a meeting without a title prints its date alone.</summary>
    public static CalendarEntryRecord Entry(ForumMeetingRecord m) =>
        new(m.Date, "", m.Title.Length > 0 ? m.Title : null, Meeting: $"meetings/{m.MeetingId}");
}
