using Governance.Reminders.Domain;
using static Governance.Reminders.Tests.Domain.ReminderFixtures;

namespace Governance.Reminders.Tests.Domain;

public sealed class ClosedReminderTests
{
    private static ReminderRecord Closed(ExpectedTime time) => Reminder("Personalesag: tjenstlig samtale", time) with
    {
        Closed = true,
        Notes = "Efter samtalen med medarbejderen",
        JournalNumber = "14/01234",
        Meeting = "meetings/m1",
        Decision = "meetings/m1/items/i7/decisions/d1",
        Responsible = new Responsible(["HRC/AM"], true),
    };

    [Fact]
    public void Outsiders_see_that_it_exists_when_and_who_but_not_what()
    {
        var r = Closed(new ExpectedTime.OnDate(new DateOnly(2014, 8, 28)));
        var seen = ClosedReminder.Redacted(r);

        Assert.Equal(("Lukket", "", ""), (seen.Subject, seen.Notes, seen.Decision));
        Assert.Equal(r.ExpectedTime, seen.ExpectedTime);
        Assert.Equal((r.Name, r.JournalNumber, r.Meeting, r.Responsible, r.Position, r.Version, r.Closed),
            (seen.Name, seen.JournalNumber, seen.Meeting, seen.Responsible, seen.Position, seen.Version, seen.Closed));
    }

    [Fact]
    public void A_free_text_time_is_the_secretarys_words_and_reads_lukket()
    {
        var seen = ClosedReminder.Redacted(Closed(new ExpectedTime.FreeText("Når samtalen med medarbejderen er holdt")));
        Assert.Equal(new ExpectedTime.FreeText("Lukket"), seen.ExpectedTime);
    }

    [Fact]
    public void A_months_and_a_rules_time_are_kept()
    {
        var month = new ExpectedTime.InMonth(2014, 9);
        var rule = new ExpectedTime.Recurring("FREQ=MONTHLY", new DateTime(2014, 1, 6, 8, 0, 0));
        Assert.Equal(month, ClosedReminder.Redacted(Closed(month)).ExpectedTime);
        Assert.Equal(rule, ClosedReminder.Redacted(Closed(rule)).ExpectedTime);
    }

    /// <summary>A label is the secretary's own words about the time as much as a free text is, so it
    /// must not reach outsiders either: the time shows in its standard wording.</summary>
    [Fact]
    public void A_label_on_the_time_is_the_secretarys_words_and_is_not_kept()
    {
        var date = new ExpectedTime.OnDate(new DateOnly(2014, 8, 28), "28. august, efter samtalen med medarbejderen");
        var rule = new ExpectedTime.Recurring("FREQ=MONTHLY", new DateTime(2014, 1, 6, 8, 0, 0), "Månedligt indtil sagen om medarbejderen er afsluttet");
        Assert.Equal(date with { Label = null }, ClosedReminder.Redacted(Closed(date)).ExpectedTime);
        Assert.Equal(rule with { Label = null }, ClosedReminder.Redacted(Closed(rule)).ExpectedTime);
    }
}
