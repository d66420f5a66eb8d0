using Google.Protobuf.WellKnownTypes;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>AddAgendaItem, GetAgendaItem, ListAgendaItems, UpdateAgendaItem, ReorderAgendaItems,
/// RemoveAgendaItem, and supplements (tillæg) after publication.</summary>
public abstract class AgendaItemsApiTests(IApiHost host) : ApiTestBase(host)
{
    /// <summary>An item with every kind of content, as in the 2017-03-09 minutes.</summary>
    internal static AgendaItem FullItem() => new()
    {
        JournalNumber = "16/25345",
        Title = "Regnskab 2016 (Direktionen)",
        Kind = ItemKind.Ordinary,
        Sections =
        {
            new Section { Kind = SectionKind.Baggrund, Text = "I henhold til den kommunale styrelseslov aflægges årsregnskabet af Økonomiudvalget." },
            new Section { Kind = SectionKind.Sagsfremstilling, Text = "Høje-Taastrup Kommune har fortsat en robust økonomi." },
            new Section { Kind = SectionKind.Okonomi, Text = "| År | Mio. kr. |\n|--|--|\n| 2016 | -31,8 |" },
            new Section { Kind = SectionKind.Other, Heading = "Anvendelse af investeringsmidler", Text = "I budget 2015 blev der afsat 5 mio. kr." },
        },
        Recommendation = new Recommendation
        {
            Unit = "ØDC",
            Text = "ØDC indstiller, at Direktionen",
            Points =
            {
                new RecommendationPoint { Label = "1", Text = "godkender årsregnskab 2016" },
                new RecommendationPoint { Label = "2", Text = "oversender regnskabet til Økonomiudvalget og Byrådet" },
            },
        },
        Guests =
        {
            new Guest { DisplayName = "Jesper Andersen", Affiliation = "Chefrevisor, KPMG", JoinsAt = new Google.Type.TimeOfDay { Hours = 10 } },
            new Guest { DisplayName = "Eva Dammas", Affiliation = "BYC" },
        },
        Attachments =
        {
            new Attachment { Title = "Sammenfatning af Regnskab 2016", DocumentNumber = "177144/12" },
            new Attachment { Title = "Regnskab 2016" },
        },
    };

    [Fact]
    public async Task AddAgendaItem_stores_every_part_of_the_item()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var input = FullItem();

        var item = await Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = input }, cancellationToken: Ct);

        Assert.StartsWith($"{meeting.Name}/items/", item.Name, StringComparison.Ordinal);
        Assert.Equal(1, item.Number);
        Assert.Equal(input.JournalNumber, item.JournalNumber);
        Assert.Equal(input.Title, item.Title);
        Assert.Equal(ItemKind.Ordinary, item.Kind);
        // Headings default to the Danish name of the section kind.
        Assert.Equal(["Baggrund", "Sagsfremstilling", "Økonomi", "Anvendelse af investeringsmidler"], item.Sections.Select(s => s.Heading));
        Assert.Equal(input.Sections.Select(s => (s.Kind, s.Text)), item.Sections.Select(s => (s.Kind, s.Text)));
        Assert.Equal(input.Recommendation, item.Recommendation);
        Assert.Equal(input.Guests, item.Guests);
        Assert.Equal(input.Attachments, item.Attachments);
        Assert.False(item.Supplement);
        Assert.Equal("", item.OriginItem);
        Assert.Equal(0, item.DecisionCount);
        Assert.False(string.IsNullOrEmpty(item.Etag));
        Assert.Equal(item, await GetItemAsync(item.Name));
        Assert.Equal(1, (await GetMeetingAsync(meeting.Name)).ItemCount);
    }

    [Fact]
    public async Task AddAgendaItem_appends_at_the_end_and_ListAgendaItems_lists_in_agenda_order()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);

        var first = await AddItemAsync(meeting, "Økonomiopfølgning", ItemKind.Standing, "16/26813");
        var second = await AddItemAsync(meeting, "Regnskab 2016 (Direktionen)");
        var third = await AddItemAsync(meeting, "Personalesag", ItemKind.Closed, "16/26739");

        Assert.Equal([1, 2, 3], new[] { first.Number, second.Number, third.Number });
        var listed = await Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name }, cancellationToken: Ct);
        Assert.Equal([first, second, third], listed.Items);
        Assert.Equal("", listed.NextPageToken);
        Assert.Equal(3, (await GetMeetingAsync(meeting.Name)).ItemCount);
    }

    [Fact]
    public async Task Items_added_at_the_same_time_get_distinct_numbers()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);

        var items = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => Task.Run(() => AddItemAsync(meeting, $"Punkt {i}"), Ct)));

        Assert.Equal(Enumerable.Range(1, 8), items.Select(i => i.Number).Order());
        Assert.Equal(Enumerable.Range(1, 8), (await ListItemsAsync(meeting)).Select(i => i.Number));
        Assert.Equal(8, (await GetMeetingAsync(meeting.Name)).ItemCount);
    }

    [Fact]
    public async Task UpdateAgendaItem_with_a_mask_changes_only_the_masked_fields()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var item = await Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = FullItem() }, cancellationToken: Ct);

        var updated = await Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = item.Name, Title = "Regnskab 2016", JournalNumber = "17/1", Kind = ItemKind.Closed },
            UpdateMask = new FieldMask { Paths = { "title", "journal_number" } },
            Etag = item.Etag,
        }, cancellationToken: Ct);

        Assert.Equal("Regnskab 2016", updated.Title);
        Assert.Equal("17/1", updated.JournalNumber);
        Assert.Equal(ItemKind.Ordinary, updated.Kind);
        Assert.Equal(item.Sections, updated.Sections);
        Assert.Equal(item.Recommendation, updated.Recommendation);
        Assert.Equal(item.Guests, updated.Guests);
        Assert.Equal(item.Attachments, updated.Attachments);
        Assert.Equal(item.Number, updated.Number);
        Assert.False(updated.Supplement);
        Assert.NotEqual(item.Etag, updated.Etag);
        Assert.Equal(updated, await GetItemAsync(item.Name));
    }

    [Fact]
    public async Task UpdateAgendaItem_without_a_mask_replaces_the_content()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var item = await Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = FullItem() }, cancellationToken: Ct);

        var updated = await Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem
            {
                Name = item.Name,
                Title = "Befolkningsprognose 2017-29",
                JournalNumber = "16/26764",
                Kind = ItemKind.Ordinary,
                Sections = { new Section { Kind = SectionKind.Baggrund, Text = "Hvert år udarbejdes en befolkningsprognose." } },
            },
        }, cancellationToken: Ct);

        Assert.Equal("Befolkningsprognose 2017-29", updated.Title);
        Assert.Equal("Baggrund", Assert.Single(updated.Sections).Heading);
        Assert.Null(updated.Recommendation);
        Assert.Empty(updated.Guests);
        Assert.Empty(updated.Attachments);
    }

    [Fact]
    public async Task ReorderAgendaItems_puts_the_items_in_the_new_order()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var a = await AddItemAsync(meeting, "A");
        var b = await AddItemAsync(meeting, "B");
        var c = await AddItemAsync(meeting, "C");

        var response = await Client.ReorderAgendaItemsAsync(new ReorderAgendaItemsRequest { Parent = meeting.Name, Items = { c.Name, a.Name, b.Name } },
            cancellationToken: Ct);

        Assert.Equal(["C", "A", "B"], response.Items.Select(i => i.Title));
        Assert.Equal([1, 2, 3], response.Items.Select(i => i.Number));
        Assert.Equal(response.Items, await ListItemsAsync(meeting));
        Assert.Equal(1, (await GetItemAsync(c.Name)).Number);
    }

    [Fact]
    public async Task RemoveAgendaItem_removes_the_item_and_the_following_items_move_up()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var a = await AddItemAsync(meeting, "A");
        var b = await AddItemAsync(meeting, "B");
        var c = await AddItemAsync(meeting, "C");
        var d = await AddItemAsync(meeting, "D");

        await Client.RemoveAgendaItemAsync(new RemoveAgendaItemRequest { Name = b.Name, Etag = b.Etag }, cancellationToken: Ct);

        var items = await ListItemsAsync(meeting);
        Assert.Equal([a.Name, c.Name, d.Name], items.Select(i => i.Name));
        Assert.Equal([1, 2, 3], items.Select(i => i.Number));
        Assert.Equal(3, (await GetMeetingAsync(meeting.Name)).ItemCount);
        await ApiAssert.NotFound(() => Client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = b.Name }, cancellationToken: Ct), b.Name);

        var e = await AddItemAsync(meeting, "E");
        Assert.Equal(4, e.Number);
    }

    [Fact]
    public async Task Items_added_or_changed_after_publication_are_supplements()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var untouched = await AddItemAsync(meeting, "Økonomiopfølgning - 09-03-2017", ItemKind.Standing, "16/26813");
        var changed = await AddItemAsync(meeting, "Regnskab 2016");
        Assert.False(changed.Supplement);
        meeting = await PublishAsync(meeting);

        var added = await AddItemAsync(meeting, "Befolkningsprognose 2017-29", journalNumber: "16/26764");
        var updated = await Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = changed.Name, Title = "Regnskab 2016 (Direktionen)" },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }, cancellationToken: Ct);

        Assert.True(added.Supplement);
        Assert.Equal(3, added.Number);
        Assert.True(updated.Supplement);
        Assert.Equal([false, true, true], (await ListItemsAsync(meeting)).Select(i => i.Supplement));

        var minutes = await GetMinutesAsync(meeting);
        Assert.Equal([false, true, true], minutes.TableOfContents.Select(t => t.Supplement));
        Assert.Equal([false, true, true], minutes.Items.Select(i => i.Supplement));
        Assert.Equal(untouched.Title, minutes.TableOfContents[0].Title);
        Assert.Contains("Punkt 2: Regnskab 2016 (Direktionen) (Tillæg)", minutes.Text, StringComparison.Ordinal);
        Assert.Contains("Punkt 3: Befolkningsprognose 2017-29 (Tillæg)", minutes.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Punkt 1: Økonomiopfølgning - 09-03-2017 (Tillæg)", minutes.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supplement_stays_a_supplement_and_the_meeting_cannot_change_items_once_held()
    {
        var (_, meeting, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
        var supplement = await AddItemAsync(meeting, "Tillægssag");
        meeting = await HoldAsync(meeting);

        Assert.True((await GetItemAsync(supplement.Name)).Supplement);
        Assert.False((await GetItemAsync(item.Name)).Supplement);
        await ApiAssert.FailedPrecondition(() => Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = NewItem() }, cancellationToken: Ct),
            "MEETING_STATE", "held");
        await ApiAssert.FailedPrecondition(() => Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = item.Name, Title = "Ændret" },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }, cancellationToken: Ct), "MEETING_STATE", "held");
        Assert.Equal(item.Title, (await GetItemAsync(item.Name)).Title);
    }
}

public sealed class AgendaItemsApiSqliteTests(SqliteApiHost host) : AgendaItemsApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class AgendaItemsApiPostgresTests(PostgresApiHost host) : AgendaItemsApiTests(host), IClassFixture<PostgresApiHost>;
