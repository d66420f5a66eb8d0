using Governance.Reminders.Domain;
using static Governance.Reminders.Tests.Domain.ReminderFixtures;

namespace Governance.Reminders.Tests.Domain;

public sealed class ListSettingsTests
{
    [Fact]
    public void A_body_that_never_changed_its_list_prints_the_samples_headings_ungrouped()
    {
        var defaults = ListSettingsRecord.Defaults("direktionen");
        Assert.Equal(("Sag/emne", "Forventet tidspunkt", "Ansvarlig", false), (defaults.SubjectHeading, defaults.TimeHeading, defaults.ResponsibleHeading, defaults.GroupByMonth));
        Assert.Equal((0L, null, "bodies/direktionen/reminderListSettings"), (defaults.Version, defaults.UpdatedAt, defaults.Name));
    }

    [Fact]
    public void Apply_changes_what_is_given_and_the_first_change_stores_version_one()
    {
        var now = Utc(2014, 8, 11);
        var first = ListSettings.Apply(ListSettingsRecord.Defaults("direktionen"), new ListSettingsChanges(null, "Tidspunkt", null, true), now);
        Assert.Equal(("Sag/emne", "Tidspunkt", "Ansvarlig", true), (first.SubjectHeading, first.TimeHeading, first.ResponsibleHeading, first.GroupByMonth));
        Assert.Equal((1L, (DateTime?)now), (first.Version, first.UpdatedAt));

        var second = ListSettings.Apply(first, new ListSettingsChanges("Emne", null, "Ansv.", false), now.AddDays(1));
        Assert.Equal(("Emne", "Tidspunkt", "Ansv.", false, 2L), (second.SubjectHeading, second.TimeHeading, second.ResponsibleHeading, second.GroupByMonth, second.Version));
    }
}
