using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>Paging of every list: page_size 2 walks every resource exactly once, in order, and the
/// last page has no token; 0 means the default and above 200 is capped.</summary>
public abstract class PagingApiTests(IApiHost host) : ApiTestBase(host)
{
    /// <summary>Reads every page; asserts every non-last page is full and has a token.</summary>
    private static async Task<List<T>> ReadAllPagesAsync<T>(int pageSize, Func<string, Task<(IReadOnlyCollection<T> Items, string Next)>> page)
    {
        var all = new List<T>();
        var token = "";
        for (var pages = 1; ; pages++)
        {
            Assert.True(pages <= 1000, "The pages do not end.");
            var (items, next) = await page(token);
            all.AddRange(items);
            if (next.Length == 0)
            {
                Assert.InRange(items.Count, 0, pageSize);
                return all;
            }
            Assert.Equal(pageSize, items.Count);
            token = next;
        }
    }

    [Fact]
    public async Task ListBodies_pages_through_every_body_once_in_name_order()
    {
        var prefix = UniqueId("paging");
        var names = new List<string>();
        foreach (var suffix in new[] { "e", "b", "d", "a", "c" })
        {
            names.Add((await CreateBodyAsync($"Udvalg {suffix}", bodyId: $"{prefix}-{suffix}")).Name);
        }

        var all = await ReadAllPagesAsync<Body>(2, async token =>
        {
            var response = await Client.ListBodiesAsync(new ListBodiesRequest { PageSize = 2, PageToken = token }, cancellationToken: Ct);
            return (response.Bodies, response.NextPageToken);
        });

        // Other tests of this class add bodies too: every body is listed once, and these in name order.
        Assert.Equal(all.Select(b => b.Name).Distinct().Count(), all.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), all.Select(b => b.Name).Where(n => n.StartsWith($"bodies/{prefix}-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ListMeetings_pages_through_every_meeting_once_in_start_order()
    {
        var body = await CreateBodyAsync();
        // Two meetings at the same start: the order between them is still stable.
        foreach (var (day, hour) in new[] { (6, 8), (2, 8), (4, 13), (4, 13), (1, 8), (3, 9), (5, 10) })
        {
            await ScheduleAsync(body, Local(2017, 11, day, hour, 0));
        }
        var reference = await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, PageSize = 200 }, cancellationToken: Ct);
        Assert.Equal(7, reference.Meetings.Count);
        Assert.Equal(reference.Meetings.OrderBy(m => m.StartTime).Select(m => m.Name), reference.Meetings.Select(m => m.Name));

        var all = await ReadAllPagesAsync<Meeting>(2, async token =>
        {
            var response = await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, PageSize = 2, PageToken = token }, cancellationToken: Ct);
            return (response.Meetings, response.NextPageToken);
        });

        Assert.Equal(reference.Meetings.Select(m => m.Name), all.Select(m => m.Name));
        Assert.Equal([1, 2, 3, 4, 4, 5, 6], all.Select(m => m.Start.Day));
    }

    [Fact]
    public async Task ListMeetings_pages_within_a_date_range_and_with_cancelled_meetings()
    {
        var body = await CreateBodyAsync();
        for (var day = 1; day <= 8; day++)
        {
            var meeting = await ScheduleAsync(body, Local(2018, 1, day));
            if (day % 3 == 0)
            {
                await AdvanceAsync(meeting, MeetingState.Cancelled);
            }
        }

        async Task<List<int>> Days(bool showCancelled) => (await ReadAllPagesAsync<Meeting>(2, async token =>
        {
            var response = await Client.ListMeetingsAsync(new ListMeetingsRequest
            {
                Body = body.Name,
                StartDate = Date(2018, 1, 2),
                EndDate = Date(2018, 1, 7),
                ShowCancelled = showCancelled,
                PageSize = 2,
                PageToken = token,
            }, cancellationToken: Ct);
            return (response.Meetings, response.NextPageToken);
        })).Select(m => m.Start.Day).ToList();

        Assert.Equal([2, 4, 5, 7], await Days(false));
        Assert.Equal([2, 3, 4, 5, 6, 7], await Days(true));
    }

    [Fact]
    public async Task ListAgendaItems_pages_through_every_item_once_in_agenda_order()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var expected = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            expected.Add((await AddItemAsync(meeting, $"Punkt {i}")).Name);
        }

        var all = await ReadAllPagesAsync<AgendaItem>(2, async token =>
        {
            var response = await Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = 2, PageToken = token },
                cancellationToken: Ct);
            return (response.Items, response.NextPageToken);
        });

        Assert.Equal(expected, all.Select(i => i.Name));
        Assert.Equal([1, 2, 3, 4, 5], all.Select(i => i.Number));
    }

    [Fact]
    public async Task ListDecisions_pages_through_the_whole_history_once_newest_first()
    {
        var body = await CreateBodyAsync();
        var first = await ScheduleAsync(body, Local(2017, 2, 27));
        var second = await ScheduleAsync(body, Local(2017, 3, 9));
        var item = await AddItemAsync(first);
        await PublishAsync(first);
        var expected = new List<string>();
        for (var i = 1; i <= 2; i++)
        {
            expected.Add((await DecideAsync(item, DecisionOutcome.Discussed, $"Drøftelse {i}")).Name);
        }
        var postponed = await DecideAsync(item, DecisionOutcome.Postponed, "Udskudt.", d => d.PostponedTo = second.Name);
        expected.Add(postponed.Name);
        await PublishAsync(second);
        var carried = await GetItemAsync(postponed.CarriedItem);
        for (var i = 1; i <= 3; i++)
        {
            expected.Add((await DecideAsync(carried, DecisionOutcome.Discussed, $"Drøftelse {i + 2}")).Name);
        }
        expected.Reverse();

        var all = await ReadAllPagesAsync<Decision>(2, async token =>
        {
            var response = await Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = carried.Name, PageSize = 2, PageToken = token },
                cancellationToken: Ct);
            return (response.Decisions, response.NextPageToken);
        });

        Assert.Equal(expected, all.Select(d => d.Name));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    [InlineData(int.MaxValue)]
    public async Task A_page_size_of_zero_or_above_the_maximum_is_accepted(int pageSize)
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var item = await AddItemAsync(meeting);
        await PublishAsync(meeting);
        await DecideAsync(item);

        var bodies = await Client.ListBodiesAsync(new ListBodiesRequest { PageSize = pageSize }, cancellationToken: Ct);
        var meetings = await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, PageSize = pageSize }, cancellationToken: Ct);
        var items = await Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = pageSize }, cancellationToken: Ct);
        var decisions = await Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = item.Name, PageSize = pageSize }, cancellationToken: Ct);

        Assert.Contains(bodies.Bodies, b => b.Name == body.Name || bodies.NextPageToken.Length > 0);
        Assert.InRange(bodies.Bodies.Count, 1, pageSize == 0 ? 50 : 200);
        Assert.Equal(meeting.Name, Assert.Single(meetings.Meetings).Name);
        Assert.Equal(item.Name, Assert.Single(items.Items).Name);
        Assert.Single(decisions.Decisions);
        Assert.Equal("", meetings.NextPageToken);
    }
}

public sealed class PagingApiSqliteTests(SqliteApiHost host) : PagingApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class PagingApiPostgresTests(PostgresApiHost host) : PagingApiTests(host), IClassFixture<PostgresApiHost>;
