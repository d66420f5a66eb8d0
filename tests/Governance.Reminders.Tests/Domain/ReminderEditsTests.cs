using Governance.Reminders.Domain;
using Governance.Reminders.V1;
using ExpectedTime = Governance.Reminders.Domain.ExpectedTime;
using static Governance.Reminders.Tests.Domain.ReminderFixtures;

namespace Governance.Reminders.Tests.Domain;

public sealed class ReminderEditsTests
{
    private static readonly DateTime Now = Utc(2014, 8, 11, 10);

    private static ReminderDraft Draft(ExpectedTime time) =>
        new("  Administrative besparelser - konsekvensbeskrivelser ", new Responsible(["ØDC"], false), time, "jf. mail fra Mikala 27.06", true, 2,
            "12/32140", "meetings/m1", "meetings/m1/items/i1/decisions/d1");

    [Fact]
    public void A_date_falls_due_at_eight_that_morning_even_when_it_has_passed()
    {
        var date = new ExpectedTime.OnDate(new DateOnly(2014, 8, 28));
        Assert.Equal(Utc(2014, 8, 28, 6), ReminderEdits.NextDue(date, Now));
        // Past and not done: still due at its one occurrence.
        Assert.Equal(Utc(2014, 8, 28, 6), ReminderEdits.NextDue(date, Utc(2015, 1, 1)));
        // Winter time: 08:00 is 07:00 UTC.
        Assert.Equal(Utc(2014, 12, 1, 7), ReminderEdits.NextDue(new ExpectedTime.OnDate(new DateOnly(2014, 12, 1)), Now));
    }

    [Fact]
    public void A_month_falls_due_on_its_first_at_eight()
    {
        Assert.Equal(Utc(2014, 9, 1, 6), ReminderEdits.NextDue(new ExpectedTime.InMonth(2014, 9), Now));
        Assert.Equal(Utc(2014, 11, 1, 7), ReminderEdits.NextDue(new ExpectedTime.InMonth(2014, 11), Utc(2015, 6, 1)));
    }

    [Fact]
    public void A_rule_falls_due_at_its_first_occurrence_not_yet_overdue()
    {
        var monthly = new ExpectedTime.Recurring("FREQ=MONTHLY", new DateTime(2014, 1, 5, 8, 0, 0));
        // 5 August 08:00 (06:00 UTC) is overdue a day later; on the 5th at noon it is still the one due.
        Assert.Equal(Utc(2014, 8, 5, 6), ReminderEdits.NextDue(monthly, Utc(2014, 8, 5, 12)));
        Assert.Equal(Utc(2014, 8, 5, 6), ReminderEdits.NextDue(monthly, Utc(2014, 8, 6, 5, 59)));
        // Once overdue, the next one: 5 September.
        Assert.Equal(Utc(2014, 9, 5, 6), ReminderEdits.NextDue(monthly, Utc(2014, 8, 6, 6)));
        // Across the change to winter time: 5 November 08:00 is 07:00 UTC.
        Assert.Equal(Utc(2014, 11, 5, 7), ReminderEdits.NextDue(monthly, Utc(2014, 10, 7)));
    }

    [Fact]
    public void A_rules_next_due_time_passes_over_the_occurrences_marked_done_or_skipped()
    {
        var monthly = new ExpectedTime.Recurring("FREQ=MONTHLY", new DateTime(2014, 1, 5, 8, 0, 0));
        var marked = new HashSet<string> { "2014-08-05T08:00", "2014-09-05T08:00", "2014-12-05T08:00" };
        Assert.Equal(Utc(2014, 10, 5, 6), ReminderEdits.NextDue(monthly, Utc(2014, 8, 5, 12), marked));
        Assert.Equal(Utc(2015, 1, 5, 7), ReminderEdits.NextDue(monthly, Utc(2014, 11, 6, 12), marked));
        // Every occurrence left marked: none is due.
        var counted = new ExpectedTime.Recurring("FREQ=MONTHLY;COUNT=2", new DateTime(2014, 8, 5, 8, 0, 0));
        Assert.Null(ReminderEdits.NextDue(counted, Utc(2014, 8, 1), marked));
        // A date has no marks to pass over.
        Assert.Equal(Utc(2014, 8, 28, 6), ReminderEdits.NextDue(new ExpectedTime.OnDate(new DateOnly(2014, 8, 28)), Now, marked));
    }

    [Fact]
    public void An_ended_rule_and_free_text_never_fall_due()
    {
        Assert.Null(ReminderEdits.NextDue(new ExpectedTime.Recurring("FREQ=MONTHLY;COUNT=2", new DateTime(2014, 1, 5, 8, 0, 0)), Now));
        Assert.Null(ReminderEdits.NextDue(new ExpectedTime.FreeText("Efter sommerferien"), Now));
        Assert.Null(ReminderEdits.NextDue(new ExpectedTime.FreeText(""), Now));
    }

    [Fact]
    public void New_makes_an_open_reminder_at_its_place_with_its_next_due()
    {
        var r = ReminderEdits.New(Draft(new ExpectedTime.OnDate(new DateOnly(2014, 8, 28))), "r9", "direktionen", 3, ReminderOrigin.Manual, null, Now);

        Assert.Equal(("bodies/direktionen/reminders/r9", "Administrative besparelser - konsekvensbeskrivelser"), (r.Name, r.Subject));
        Assert.Equal((ReminderState.Open, 3, 1L, true), (r.State, r.Position, r.Version, r.Closed));
        Assert.Equal(("12/32140", "meetings/m1", "meetings/m1/items/i1/decisions/d1"), (r.JournalNumber, r.Meeting, r.Decision));
        Assert.Equal(Utc(2014, 8, 28, 6), r.NextDueAt);
        Assert.Equal((Now, Now), (r.CreatedAt, r.UpdatedAt));
    }

    [Fact]
    public void Apply_changes_what_is_given_keeps_the_rest_and_recomputes_the_next_due()
    {
        var r = ReminderEdits.New(Draft(new ExpectedTime.OnDate(new DateOnly(2014, 8, 28))), "r9", "direktionen", 3, ReminderOrigin.Manual, null, Now);
        var later = Now.AddHours(1);
        var changed = ReminderEdits.Apply(r, new ReminderChanges(Subject: " Besparelser ", AndOthers: true, ExpectedTime: new ExpectedTime.InMonth(2014, 10)), later);

        Assert.Equal("Besparelser", changed.Subject);
        Assert.Equal(new Responsible(["ØDC"], true), changed.Responsible);
        Assert.Equal(Utc(2014, 10, 1, 6), changed.NextDueAt);
        Assert.Equal((r.Notes, r.Closed, r.Position, r.JournalNumber, r.Decision), (changed.Notes, changed.Closed, changed.Position, changed.JournalNumber, changed.Decision));
        Assert.Equal((2L, later, Now), (changed.Version, changed.UpdatedAt, changed.CreatedAt));

        var emptied = ReminderEdits.Apply(changed, new ReminderChanges(Notes: "", Closed: false, Parties: ["BYC/AM", "PA"], Decision: ""), later);
        Assert.Equal(("", false, ""), (emptied.Notes, emptied.Closed, emptied.Decision));
        Assert.Equal(new Responsible(["BYC/AM", "PA"], true), emptied.Responsible);
    }

    [Fact]
    public void A_reminder_off_the_list_has_no_next_due_whatever_its_time_becomes()
    {
        var done = ReminderLifecycle.Change(ReminderFixtures.Reminder(), ReminderState.Done, "sekretær", Now, 0);
        var changed = ReminderEdits.Apply(done, new ReminderChanges(ExpectedTime: new ExpectedTime.InMonth(2014, 12)), Now);
        Assert.Null(changed.NextDueAt);
        Assert.Equal(new ExpectedTime.InMonth(2014, 12), changed.ExpectedTime);
    }
}
