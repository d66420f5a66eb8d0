using Governance.Reminders.Domain;

namespace Governance.Reminders.Tests.Domain;

public sealed class CalendarEntryTextTests
{
    [Theory]
    [InlineData(2014, 9, 25, "", "Vækst- og Erhvervspolitik", "25. september: Vækst- og Erhvervspolitik")]
    [InlineData(2014, 4, 30, "res.", null, "30. april (res.)")]
    [InlineData(2014, 9, 4, "", "", "4. september:")]
    [InlineData(2014, 9, 19, "", null, "19. september")]
    [InlineData(2014, 10, 29, "", "(NB! Skal sandsynligvis aflyses)", "29. oktober: (NB! Skal sandsynligvis aflyses)")]
    [InlineData(2014, 12, 1, "res.", "Budgetseminar", "1. december (res.): Budgetseminar")]
    [InlineData(2015, 1, 12, "", null, "12. januar 2015")]
    [InlineData(2013, 5, 2, "", "Regnskab", "2. maj 2013: Regnskab")]
    public void An_entry_prints_as_the_lists_print_it(int year, int month, int day, string note, string? topic, string text) =>
        Assert.Equal(text, CalendarEntryText.Render(new CalendarEntryRecord(new DateOnly(year, month, day), note, topic), 2014));
}
