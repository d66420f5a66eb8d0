using Governance.ServiceDefaults.Hosting;

namespace Governance.Reminders.Tests.Due;

/// <summary>A mail, sweep or Surveys-list setting the host cannot work with stops it at start, naming the setting.</summary>
public sealed class MailSettingsTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Governance:Reminders:Mail:Smtp", "smtp.kommune.dk", "Governance__Reminders__Mail__Smtp" },
        { "Governance:Reminders:Mail:Smtp", "smtp.kommune.dk:99999", "Governance__Reminders__Mail__Smtp" },
        { "Governance:Reminders:Mail:From", "ikke en adresse", "Governance__Reminders__Mail__From" },
        { "Governance:Reminders:Mail:Units:ØDC", "oekonomi", "Governance:Reminders:Mail:Units:ØDC" },
        { "Governance:Reminders:Due:Interval", "00:00:00", "Governance__Reminders__Due__Interval" },
        { "Governance:Reminders:Surveys:NextRoundBody", "Direktionen", "Governance__Reminders__Surveys__NextRoundBody" },
        { "Governance:Reminders:Surveys:NextRoundResponsible", "HR-centret, afdelingen for arbejdsmiljø og trivsel i hele kommunen", "Governance__Reminders__Surveys__NextRoundResponsible" },
        { "Governance:Reminders:Surveys:ActionPlanBody", "APV {unit}", "Governance__Reminders__Surveys__ActionPlanBody" },
        { "Governance:Reminders:Surveys:ActionPlanBody", "arbejdspladsvurdering-handlingsplan-for-{unit}", "Governance__Reminders__Surveys__ActionPlanBody" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_host_at_start_and_names_it(string key, string value, string named)
    {
        using var directory = new SqliteDatabase();
        var error = await Assert.ThrowsAsync<StartupConfigurationException>(() =>
            GovernanceTestHost.StartAsync(null, directory.DirectoryPath, new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
