using Governance.Reminders.Domain;
using static Governance.Reminders.Tests.Domain.ReminderFixtures;

namespace Governance.Reminders.Tests.Domain;

public sealed class CalendarSectionsTests
{
    private static CalendarEntryRecord E(int month, int day, string note = "", string? topic = null) => new(new DateOnly(2014, month, day), note, topic);

    [Fact]
    public void A_new_section_keeps_its_entries_in_date_order_and_same_day_ones_as_given()
    {
        var content = new SectionContent("Byrådets temamøder", null, ["Temamøderne holdes kl. 16-19."],
            [E(10, 29, topic: "(NB! Skal sandsynligvis aflyses)"), E(9, 25, topic: "Vækst- og Erhvervspolitik"), E(9, 25, "res."), E(4, 30, "res.")], null, "byraadet");
        var s = CalendarSections.New(content, "s1", "direktionen", 2, Utc(2014, 8, 11));

        Assert.Equal(("bodies/direktionen/calendarSections/s1", "Byrådets temamøder", 2, 1L), (s.Name, s.Title, s.Position, s.Version));
        Assert.Equal([E(4, 30, "res."), E(9, 25, topic: "Vækst- og Erhvervspolitik"), E(9, 25, "res."), E(10, 29, topic: "(NB! Skal sandsynligvis aflyses)")], s.Entries);
        Assert.Equal(["Temamøderne holdes kl. 16-19."], s.LeadParagraphs);
        Assert.Empty(s.TrailingParagraphs);
        Assert.Equal("byraadet", s.FollowedBody);
    }

    [Fact]
    public void A_new_section_without_optional_fields_has_empty_ones()
    {
        var s = CalendarSections.New(new SectionContent("HU-møder 2014", null, null, null, null, null), "s1", "direktionen", 1, Utc(2014, 8, 11));
        Assert.Empty(s.LeadParagraphs);
        Assert.Empty(s.Entries);
        Assert.Empty(s.TrailingParagraphs);
        Assert.Equal("", s.FollowedBody);
    }

    [Fact]
    public void Apply_changes_what_is_given_and_keeps_the_rest()
    {
        var created = Utc(2014, 8, 11);
        var s = CalendarSections.New(new SectionContent("HU-møder 2014", null, ["Indledning"], [E(9, 19)], ["Afslutning"], "hu"), "s1", "direktionen", 1, created);
        var later = created.AddDays(1);

        var retitled = CalendarSections.Apply(s, new SectionContent("HU-møder 2015", null, null, null, null, null), later);
        Assert.Equal(("HU-møder 2015", 1, 2L, later, created), (retitled.Title, retitled.Position, retitled.Version, retitled.UpdatedAt, retitled.CreatedAt));
        Assert.Equal((s.LeadParagraphs, s.Entries, s.TrailingParagraphs, s.FollowedBody), (retitled.LeadParagraphs, retitled.Entries, retitled.TrailingParagraphs, retitled.FollowedBody));

        var emptied = CalendarSections.Apply(retitled, new SectionContent(null, 3, [], [E(12, 1), E(11, 3)], [], ""), later);
        Assert.Equal(("HU-møder 2015", 3, 3L), (emptied.Title, emptied.Position, emptied.Version));
        Assert.Equal([E(11, 3), E(12, 1)], emptied.Entries);
        Assert.Empty(emptied.LeadParagraphs);
        Assert.Empty(emptied.TrailingParagraphs);
        Assert.Equal("", emptied.FollowedBody);
    }
}
