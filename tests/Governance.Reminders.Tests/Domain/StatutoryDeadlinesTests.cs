using Governance.Reminders.Domain;

namespace Governance.Reminders.Tests.Domain;

public sealed class StatutoryDeadlinesTests
{
    [Fact]
    public void Every_entry_validates_renders_and_falls_due()
    {
        Assert.Equal(7, StatutoryDeadlines.All.Count);
        Assert.Equal(StatutoryDeadlines.All.Count, StatutoryDeadlines.All.Select(d => d.Key).Distinct().Count());
        foreach (var deadline in StatutoryDeadlines.All)
        {
            Assert.Empty(ExpectedTimeText.Validate(deadline.Time, "expected_time"));
            Assert.Empty(Responsible.Validate(deadline.DefaultResponsible, "responsible"));
            Assert.InRange(deadline.Subject.Length, 1, 200);
            Assert.InRange(deadline.LegalBasis.Length, 1, 200);
            Assert.NotNull(ExpectedTimeText.RuleWording(deadline.Time.RRule, deadline.Time.Start));
            Assert.Equal(deadline.Time.Label ?? ExpectedTimeText.RuleWording(deadline.Time.RRule, deadline.Time.Start), ExpectedTimeText.Render(deadline.Time, 2026));
            Assert.NotNull(ReminderSchedule.NextDueAtOrAfter(deadline.Time, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        }
    }

    [Theory]
    [InlineData("regnskab-til-revision", "Årligt 1. maj", "2026-05-01T08:00")]
    [InlineData("revisionsberetning", "Årligt 15. juni", "2026-06-15T08:00")]
    [InlineData("regnskab-til-tilsyn", "Årligt 31. august", "2026-08-31T08:00")]
    [InlineData("sjette-ferieuge-medarbejdere", "Årligt 1. oktober", "2026-10-01T08:00")]
    [InlineData("sjette-ferieuge-kollektiv-meddelelse", "Årligt 1. maj", "2026-05-01T08:00")]
    [InlineData("ligestillingsredegoerelse", "Hvert 2. år", "2026-01-01T08:00")]
    [InlineData("apv", "Hvert 3. år", "2026-01-01T08:00")]
    public void Each_deadline_has_the_date_the_law_sets(string key, string wording, string firstKey)
    {
        var deadline = StatutoryDeadlines.All.Single(d => d.Key == key);
        Assert.Equal(wording, ExpectedTimeText.RuleWording(deadline.Time.RRule, deadline.Time.Start));
        Assert.Equal(firstKey, ReminderSchedule.NextDueAtOrAfter(deadline.Time, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc))!.Key);
    }

    [Fact]
    public void A_catalogue_seeded_later_starts_at_the_next_deadline()
    {
        var seeded = StatutoryDeadlines.StartingFrom(new DateOnly(2026, 12, 2));
        var audit = seeded.Single(d => d.Key == "revisionsberetning");
        Assert.Equal(new DateTime(2027, 6, 15, 8, 0, 0), audit.Time.Start);
        var apv = seeded.Single(d => d.Key == "apv");
        Assert.Equal(["2026-12-01T08:00", "2029-12-01T08:00"],
            ReminderSchedule.Between(apv.Time, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Select(o => o.Key));
    }
}
