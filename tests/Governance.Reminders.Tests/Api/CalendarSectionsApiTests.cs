using Google.Protobuf.WellKnownTypes;
using Governance.Reminders.V1;
using Grpc.Core;

namespace Governance.Reminders.Tests.Api;

/// <summary>The calendar sections after the reminder table, and how the list is printed (its
/// settings), through the real host.</summary>
public abstract class CalendarSectionsApiTests(IApiHost host) : RemindersApiTestBase(host)
{
    private static CalendarSection Temamoeder()
    {
        var section = new CalendarSection { Title = "Byrådets temamøder" };
        section.Entries.Add(Entry(2013, 10, 29, topic: "(NB! Skal sandsynligvis aflyses)"));
        section.Entries.Add(Entry(2013, 9, 24, topic: "Kommuneplan, Evaluering af byrådsarbejdet."));
        section.Entries.Add(Entry(2014, 4, 30, note: "res."));
        section.Entries.Add(Entry(2013, 9, 4, topic: ""));
        section.TrailingParagraphs.Add("Kommende emner:");
        section.TrailingParagraphs.Add("- Kvalitet i folkeskolen");
        return section;
    }

    [Fact]
    public async Task A_section_keeps_its_entries_in_date_order_each_with_its_printed_line()
    {
        var body = UniqueBody();
        var created = await CreateSectionAsync(body, Temamoeder());

        Assert.StartsWith($"{body}/calendarSections/", created.Name);
        Assert.Equal(1, created.Position);
        Assert.Equal(
            [$"4. september 2013:", "24. september 2013: Kommuneplan, Evaluering af byrådsarbejdet.", "29. oktober 2013: (NB! Skal sandsynligvis aflyses)", "30. april 2014 (res.)"],
            created.Entries.Select(e => e.Text));
        Assert.True(created.Entries[0].HasTopic);
        Assert.False(created.Entries[3].HasTopic);
        Assert.Equal(["Kommende emner:", "- Kvalitet i folkeskolen"], created.TrailingParagraphs);
        Assert.Equal(created, await Client.GetCalendarSectionAsync(new GetCalendarSectionRequest { Name = created.Name }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Sections_keep_their_order_through_creates_moves_and_deletes()
    {
        var body = UniqueBody();
        var hu = await CreateSectionAsync(body, new CalendarSection { Title = "HU-møder" });
        var forum = await CreateSectionAsync(body, new CalendarSection { Title = "Direktionens Strategiske Lederforum" });
        var chef = await CreateSectionAsync(body, new CalendarSection { Title = "Chefforum", Position = 1 });

        async Task<IReadOnlyList<string>> Titles() =>
            (await Client.ListCalendarSectionsAsync(new ListCalendarSectionsRequest { Parent = body }, cancellationToken: Ct)).CalendarSections.Select(s => s.Title).ToList();

        Assert.Equal(["Chefforum", "HU-møder", "Direktionens Strategiske Lederforum"], await Titles());

        hu = await Client.GetCalendarSectionAsync(new GetCalendarSectionRequest { Name = hu.Name }, cancellationToken: Ct);
        hu.Position = 3;
        var moved = await Client.UpdateCalendarSectionAsync(new UpdateCalendarSectionRequest
        {
            CalendarSection = hu, UpdateMask = new FieldMask { Paths = { "position" } }, Etag = hu.Etag,
        }, cancellationToken: Ct);
        Assert.Equal(3, moved.Position);
        Assert.Equal(["Chefforum", "Direktionens Strategiske Lederforum", "HU-møder"], await Titles());

        chef = await Client.GetCalendarSectionAsync(new GetCalendarSectionRequest { Name = chef.Name }, cancellationToken: Ct);
        await Client.DeleteCalendarSectionAsync(new DeleteCalendarSectionRequest { Name = chef.Name, Etag = chef.Etag }, cancellationToken: Ct);
        Assert.Equal(["Direktionens Strategiske Lederforum", "HU-møder"], await Titles());
        var listed = await Client.ListCalendarSectionsAsync(new ListCalendarSectionsRequest { Parent = body }, cancellationToken: Ct);
        Assert.Equal([1, 2], listed.CalendarSections.Select(s => s.Position));
        await ApiAssert.RpcError(StatusCode.NotFound, () => Client.GetCalendarSectionAsync(new GetCalendarSectionRequest { Name = chef.Name }, cancellationToken: Ct));
        _ = forum;
    }

    [Fact]
    public async Task Sections_page_by_position()
    {
        var body = UniqueBody();
        for (var i = 1; i <= 5; i++)
        {
            await CreateSectionAsync(body, new CalendarSection { Title = $"Afsnit {i}" });
        }
        var first = await Client.ListCalendarSectionsAsync(new ListCalendarSectionsRequest { Parent = body, PageSize = 2 }, cancellationToken: Ct);
        var second = await Client.ListCalendarSectionsAsync(new ListCalendarSectionsRequest { Parent = body, PageSize = 2, PageToken = first.NextPageToken }, cancellationToken: Ct);
        var third = await Client.ListCalendarSectionsAsync(new ListCalendarSectionsRequest { Parent = body, PageSize = 2, PageToken = second.NextPageToken }, cancellationToken: Ct);
        Assert.Equal(["Afsnit 1", "Afsnit 2", "Afsnit 3", "Afsnit 4", "Afsnit 5"],
            first.CalendarSections.Concat(second.CalendarSections).Concat(third.CalendarSections).Select(s => s.Title));
        Assert.Empty(third.NextPageToken);
        await ApiAssert.InvalidArgument(
            () => Client.ListCalendarSectionsAsync(new ListCalendarSectionsRequest { Parent = UniqueBody(), PageToken = first.NextPageToken }, cancellationToken: Ct),
            "page_token");
    }

    [Fact]
    public async Task Update_replaces_the_masked_fields_and_refuses_a_stale_etag()
    {
        var body = UniqueBody();
        var created = await CreateSectionAsync(body, Temamoeder());
        var change = created.Clone();
        change.Entries.Clear();
        change.Entries.Add(Entry(2013, 11, 27));
        change.FollowedBody = "bodies/byraadet";
        change.Title = "ignored";

        var updated = await Client.UpdateCalendarSectionAsync(new UpdateCalendarSectionRequest
        {
            CalendarSection = change, UpdateMask = new FieldMask { Paths = { "entries", "followed_body" } }, Etag = created.Etag,
        }, cancellationToken: Ct);
        Assert.Equal("Byrådets temamøder", updated.Title);
        Assert.Equal(["27. november 2013"], updated.Entries.Select(e => e.Text));
        Assert.Equal("bodies/byraadet", updated.FollowedBody);

        await ApiAssert.RpcError(StatusCode.Aborted, () => Client.UpdateCalendarSectionAsync(new UpdateCalendarSectionRequest
        {
            CalendarSection = change, UpdateMask = new FieldMask { Paths = { "title" } }, Etag = created.Etag,
        }, cancellationToken: Ct).ResponseAsync);
    }

    [Fact]
    public async Task Create_validates_every_field_at_once()
    {
        var bad = new CalendarSection { Title = "", FollowedBody = "byraadet", Position = -2 };
        bad.Entries.Add(new CalendarEntry());
        bad.Entries.Add(new CalendarEntry { Date = Date(2013, 2, 30), Note = new string('n', 201) });
        bad.LeadParagraphs.Add("");
        await ApiAssert.InvalidArgument(() => CreateSectionAsync(UniqueBody(), bad),
            "calendar_section.title", "calendar_section.followed_body", "calendar_section.position", "calendar_section.entries[0].date",
            "calendar_section.entries[1].date", "calendar_section.entries[1].note", "calendar_section.lead_paragraphs[0]");
    }

    [Fact]
    public async Task A_request_id_makes_create_safe_to_retry()
    {
        var body = UniqueBody();
        var id = NewRequestId();
        var first = await CreateSectionAsync(body, new CalendarSection { Title = "HU-møder" }, id);
        Assert.Equal(first, await CreateSectionAsync(body, new CalendarSection { Title = "HU-møder" }, id));
        var listed = await Client.ListCalendarSectionsAsync(new ListCalendarSectionsRequest { Parent = body }, cancellationToken: Ct);
        Assert.Single(listed.CalendarSections);
    }

    [Fact]
    public async Task Settings_have_defaults_until_changed_and_change_with_a_mask_and_etag()
    {
        var body = UniqueBody();
        var name = $"{body}/reminderListSettings";
        var defaults = await Client.GetReminderListSettingsAsync(new GetReminderListSettingsRequest { Name = name }, cancellationToken: Ct);
        Assert.Equal(("Sag/emne", "Forventet tidspunkt", "Ansvarlig", false),
            (defaults.SubjectHeading, defaults.TimeHeading, defaults.ResponsibleHeading, defaults.GroupByMonth));

        var updated = await Client.UpdateReminderListSettingsAsync(new UpdateReminderListSettingsRequest
        {
            Settings = new ReminderListSettings { Name = name, TimeHeading = "Forv. tidspunkt", SubjectHeading = "ignored" },
            UpdateMask = new FieldMask { Paths = { "time_heading" } },
            Etag = defaults.Etag,
        }, cancellationToken: Ct);
        Assert.Equal(("Sag/emne", "Forv. tidspunkt"), (updated.SubjectHeading, updated.TimeHeading));
        Assert.Equal(updated, await Client.GetReminderListSettingsAsync(new GetReminderListSettingsRequest { Name = name }, cancellationToken: Ct));

        await ApiAssert.RpcError(StatusCode.Aborted, () => Client.UpdateReminderListSettingsAsync(new UpdateReminderListSettingsRequest
        {
            Settings = new ReminderListSettings { Name = name, GroupByMonth = true },
            UpdateMask = new FieldMask { Paths = { "group_by_month" } },
            Etag = defaults.Etag,
        }, cancellationToken: Ct).ResponseAsync);
        await ApiAssert.InvalidArgument(() => Client.UpdateReminderListSettingsAsync(new UpdateReminderListSettingsRequest
        {
            Settings = new ReminderListSettings { Name = name, TimeHeading = " " },
            UpdateMask = new FieldMask { Paths = { "time_heading" } },
        }, cancellationToken: Ct), "settings.time_heading");
        await ApiAssert.InvalidArgument(() => Client.GetReminderListSettingsAsync(new GetReminderListSettingsRequest { Name = body }, cancellationToken: Ct), "name");
    }
}

public sealed class CalendarSectionsApiSqliteTests(SqliteApiHost host) : CalendarSectionsApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class CalendarSectionsApiPostgresTests(PostgresApiHost host) : CalendarSectionsApiTests(host), IClassFixture<PostgresApiHost>;
