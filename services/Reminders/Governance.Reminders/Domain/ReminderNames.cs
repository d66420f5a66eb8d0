namespace Governance.Reminders.Domain;

/// <summary>The resource names of the Reminders service. A list belongs to a body of the Meetings
/// service, so every name starts with its <c>bodies/{body}</c>.</summary>
public static class ReminderNames
{
    public const int MaxIdLength = 100;

    public static string Body(string bodyId) => $"bodies/{bodyId}";

    public static string Reminder(string bodyId, string id) => $"bodies/{bodyId}/reminders/{id}";

    public static string CalendarSection(string bodyId, string id) => $"bodies/{bodyId}/calendarSections/{id}";

    public static string ListSettings(string bodyId) => $"bodies/{bodyId}/reminderListSettings";

    /// <summary>A body id as Meetings makes them: lower-case letters, digits and '-', 1-100 characters.</summary>
    public static bool IsBodyId(string id) =>
        id.Length is > 0 and <= MaxIdLength && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    /// <summary>An id this service assigns (or a test's own): letters, digits, '-' and '_', 1-100 characters.</summary>
    public static bool IsResourceId(string id) =>
        id.Length is > 0 and <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>The Meetings service's resource names as its events carry them.</summary>
public static class MeetingsNames
{
    /// <summary>"bodies/direktionen" → "direktionen".</summary>
    public static string BodyId(string bodyName) => After(bodyName, "bodies/");

    /// <summary>"meetings/abc" → "abc".</summary>
    public static string MeetingId(string meetingName) => After(meetingName, "meetings/");

    private static string After(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length
            ? name[prefix.Length..]
            : throw new FormatException($"'{name[..Math.Min(name.Length, 60)]}' is not a name {prefix}{{id}} of the Meetings service.");
}

/// <summary>The Surveys service's resource names as its events carry them.</summary>
public static class SurveysNames
{
    private const string Rounds = "rounds/";
    private const string Items = "/actionPlanItems/";

    /// <summary>"rounds/apv-2017", checked: FormatException for anything else.</summary>
    public static string Round(string name) =>
        name.StartsWith(Rounds, StringComparison.Ordinal) && ReminderNames.IsResourceId(name[Rounds.Length..])
            ? name
            : throw new FormatException($"'{name[..Math.Min(name.Length, 60)]}' is not a round rounds/{{id}} of the Surveys service.");

    /// <summary>"rounds/apv-2017/actionPlanItems/a1" of <paramref name="round"/>, checked: FormatException
    /// for anything else, or an item of another round.</summary>
    public static string ActionPlanItem(string name, string round)
    {
        var prefix = Round(round) + Items;
        return name.StartsWith(prefix, StringComparison.Ordinal) && ReminderNames.IsResourceId(name[prefix.Length..])
            ? name
            : throw new FormatException($"'{name[..Math.Min(name.Length, 60)]}' is not an action plan item {round}{Items}{{id}} of the Surveys service.");
    }

    /// <summary>"rounds/apv-2017/actionPlanItems/a1" → "rounds/apv-2017".</summary>
    public static string RoundOfItem(string item)
    {
        var at = item.IndexOf(Items, StringComparison.Ordinal);
        return at > 0 ? item[..at] : item;
    }
}
