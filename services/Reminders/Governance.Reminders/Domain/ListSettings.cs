namespace Governance.Reminders.Domain;

/// <summary>UpdateReminderListSettings' changes: null leaves a field as it is.</summary>
public sealed record ListSettingsChanges(string? SubjectHeading, string? TimeHeading, string? ResponsibleHeading, bool? GroupByMonth);

public static class ListSettings
{
    /// <summary>The settings with the changes applied, one version on (the first change stores version 1).</summary>
    public static ListSettingsRecord Apply(ListSettingsRecord s, ListSettingsChanges c, DateTime now) => s with
    {
        SubjectHeading = c.SubjectHeading ?? s.SubjectHeading,
        TimeHeading = c.TimeHeading ?? s.TimeHeading,
        ResponsibleHeading = c.ResponsibleHeading ?? s.ResponsibleHeading,
        GroupByMonth = c.GroupByMonth ?? s.GroupByMonth,
        Version = s.Version + 1,
        UpdatedAt = now,
    };
}
