using Governance.Meetings.Domain;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Meetings.Tests.Domain;

public sealed class MeetingImportsTests
{
    private static readonly DateTime Start = new(2017, 3, 9, 8, 30, 0);
    private static readonly DateTime StartUtc = new(2017, 3, 9, 7, 30, 0, DateTimeKind.Utc);

    private static ImportRecord Import(string meetingId = "m1", string hash = "aa") =>
        new() { MeetingId = meetingId, BodyId = "direktionen", StartLocal = Start, ContentHash = hash, ImportedAt = DomainTestData.Now };

    private static ImportMeetingRequest Request(string source = "a.txt") => new()
    {
        Body = "bodies/direktionen",
        Start = new Google.Type.DateTime { Year = 2017, Month = 3, Day = 9, Hours = 8, Minutes = 30 },
        Items = { new ImportedItem { Title = "Regnskab 2016", JournalNumber = "16/25345" } },
        Source = source,
    };

    [Fact]
    public void No_import_and_no_meeting_creates_the_same_hash_leaves_it_and_another_replaces_it()
    {
        Assert.Equal(ImportOutcome.Created, MeetingImports.Outcome(null, null, "aa"));
        var meeting = DomainTestData.Meeting(MeetingState.MinutesApproved);
        Assert.Equal(ImportOutcome.Unchanged, MeetingImports.Outcome(Import(), meeting, "aa"));
        Assert.Equal(ImportOutcome.Replaced, MeetingImports.Outcome(Import(), meeting, "bb"));
    }

    [Fact]
    public void A_meeting_no_import_made_at_that_start_is_NOT_IMPORTED()
    {
        var scheduled = DomainTestData.Meeting(MeetingState.Planned, id: "m2");
        Assert.Equal("NOT_IMPORTED", Assert.Throws<FailedPreconditionException>(() => MeetingImports.Outcome(null, scheduled, "aa")).Reason);
        Assert.Equal("NOT_IMPORTED", Assert.Throws<FailedPreconditionException>(() => MeetingImports.Outcome(Import("m1"), scheduled, "aa")).Reason);
    }

    [Fact]
    public void Without_an_earlier_import_another_imports_historical_meeting_of_that_date_is_adopted_at_its_start_or_another_time()
    {
        var placeholder = DomainTestData.Meeting(MeetingState.MinutesApproved, id: "h1");
        // At the same start (it is the meeting there) and at another time of day (none there).
        Assert.Equal(ImportOutcome.Adopted, MeetingImports.Outcome(null, placeholder, "aa", placeholder));
        Assert.Equal(ImportOutcome.Adopted, MeetingImports.Outcome(null, null, "aa", placeholder));
        // An earlier import of this start is replaced or left as before: nothing to adopt.
        Assert.Equal(ImportOutcome.Unchanged, MeetingImports.Outcome(Import("m1"), DomainTestData.Meeting(MeetingState.MinutesApproved), "aa", placeholder));
        // Another meeting no import made at that start is still never touched.
        var scheduled = DomainTestData.Meeting(MeetingState.Planned, id: "m2");
        Assert.Equal("NOT_IMPORTED", Assert.Throws<FailedPreconditionException>(() => MeetingImports.Outcome(null, scheduled, "aa", placeholder)).Reason);
    }

    [Fact]
    public void An_adopting_import_keeps_each_placeholder_items_id_for_the_first_item_of_its_journal_number()
    {
        IReadOnlyList<ItemRecord> placeholders =
        [
            DomainTestData.Item("p2", "h1") with { Position = 2, JournalNumber = "16/26764" },
            DomainTestData.Item("p1", "h1") with { Position = 1, JournalNumber = "16/25345" },
        ];
        var ids = MeetingImports.AdoptedItemIds(placeholders, ["17/100", "16/25345", "16/25345", "16/26764"]);
        Assert.Equal([null, "p1", null, "p2"], ids);
        Assert.Equal([null], MeetingImports.AdoptedItemIds([], ["16/25345"]));
    }

    [Fact]
    public void A_placeholders_postponement_stays_only_on_an_imported_postponement()
    {
        var postponed = DomainTestData.Decision("d1", "h1", "p1") with { Outcome = DecisionOutcome.Postponed, PostponedToMeetingId = "m9", CarriedItemId = "i9" };
        var unlinked = DomainTestData.Decision("d2", "h1", "p1") with { Outcome = DecisionOutcome.Postponed };
        Assert.Same(postponed, MeetingImports.KeptPostponement([unlinked, postponed], DecisionOutcome.Postponed));
        Assert.Null(MeetingImports.KeptPostponement([postponed], DecisionOutcome.Approved));
        Assert.Null(MeetingImports.KeptPostponement([unlinked], DecisionOutcome.Postponed));
    }

    [Fact]
    public void The_audit_detail_of_an_adoption_names_the_import_whose_historical_meeting_it_took_over()
    {
        var owner = Import("m9") with { Source = "direktionen-2017-03-09.txt" };
        var detail = MeetingImports.AuditDetail(ImportOutcome.Adopted, new ImportCounts(2, 1, 1, 0), "direktionen-2017-02-27.txt", owner);
        Assert.StartsWith("imported, adopting the historical meeting of the import of meetings/m9", detail, StringComparison.Ordinal);
        Assert.Contains("source \"direktionen-2017-03-09.txt\"", detail, StringComparison.Ordinal);
        Assert.EndsWith("source \"direktionen-2017-02-27.txt\"", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_content_hash_ignores_the_source_and_an_explicit_copenhagen_zone_but_not_the_content()
    {
        var zoned = Request("b.txt");
        zoned.Start.TimeZone = new Google.Type.TimeZone { Id = "Europe/Copenhagen" };
        Assert.Equal(MeetingImports.ContentHash(Request()), MeetingImports.ContentHash(zoned));
        var changed = Request();
        changed.Items[0].Title = "Regnskab 2016 (revideret)";
        Assert.NotEqual(MeetingImports.ContentHash(Request()), MeetingImports.ContentHash(changed));
        Assert.Matches("^[0-9a-f]{64}$", MeetingImports.ContentHash(Request()));
    }

    [Fact]
    public void A_historical_meeting_is_published_held_and_approved_at_its_start_and_a_replacement_keeps_id_and_creation()
    {
        var created = MeetingImports.HistoricalMeeting("direktionen", Start, StartUtc, "B105", [], null, DomainTestData.Now);
        Assert.Equal((MeetingState.MinutesApproved, StartUtc, StartUtc, StartUtc), (created.State, created.AgendaPublishedAt, created.HeldAt, created.MinutesApprovedAt));
        Assert.Equal((1L, DomainTestData.Now), (created.Version, created.CreatedAt));

        var later = DomainTestData.Now.AddDays(1);
        var replaced = MeetingImports.HistoricalMeeting("direktionen", Start, StartUtc, "B105", [], created, later);
        Assert.Equal((created.Id, 2L, DomainTestData.Now, later), (replaced.Id, replaced.Version, replaced.CreatedAt, replaced.UpdatedAt));
    }

    [Fact]
    public void Earlier_dates_are_those_of_decisions_and_postponements_before_the_imported_date_oldest_first()
    {
        var imported = new DateOnly(2017, 3, 9);
        var dates = MeetingImports.EarlierDates(
        [
            (imported, null),
            (new DateOnly(2017, 2, 27), imported),
            (new DateOnly(2017, 1, 30), new DateOnly(2017, 2, 13)),
            (new DateOnly(2017, 2, 27), null),
        ], imported);
        Assert.Equal([new DateOnly(2017, 1, 30), new DateOnly(2017, 2, 13), new DateOnly(2017, 2, 27)], dates);
    }

    [Fact]
    public void An_item_keeps_its_id_only_at_the_same_position_with_the_same_journal_number()
    {
        IReadOnlyList<ItemRecord> replaced = [DomainTestData.Item("i1") with { Position = 1, JournalNumber = "16/25345" }];
        Assert.Equal("i1", MeetingImports.StableItemId(replaced, 1, "16/25345"));
        Assert.NotEqual("i1", MeetingImports.StableItemId(replaced, 2, "16/25345"));
        Assert.NotEqual("i1", MeetingImports.StableItemId(replaced, 1, "16/26764"));
    }

    [Fact]
    public void The_copy_of_a_reminder_list_item_on_an_earlier_meeting_is_a_standing_item()
    {
        var item = DomainTestData.Item("i1", kind: ItemKind.ReminderList);
        var copy = MeetingImports.HistoricalCopy(item, "c1", "h1", 1, "o1");
        Assert.Equal((ItemKind.Standing, "h1", "o1", item.Title), (copy.Kind, copy.MeetingId, copy.OriginItemId, copy.Title));
        Assert.Equal(ItemKind.Closed, MeetingImports.HistoricalCopy(item with { Kind = ItemKind.Closed }, "c2", "h1", 2, null).Kind);
    }
}
