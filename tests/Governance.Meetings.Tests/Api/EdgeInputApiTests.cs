using System.Text.Json.Nodes;
using Governance.Data.Paging;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>Inputs at and beyond the edges: dates the calendar ends at or does not have, and page
/// tokens forged to positions the service never writes. Each is an answer or INVALID_ARGUMENT on
/// the field, never INTERNAL.</summary>
public abstract class EdgeInputApiTests(IApiHost host) : ApiTestBase(host)
{
    [Fact]
    public async Task ListMeetings_accepts_the_first_and_last_days_of_the_calendar_as_the_range()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));

        var response = await Client.ListMeetingsAsync(new ListMeetingsRequest
        {
            Body = body.Name,
            StartDate = Date(1, 1, 1),
            EndDate = Date(9999, 12, 31),
        }, cancellationToken: Ct);

        Assert.Equal(meeting.Name, Assert.Single(response.Meetings).Name);
    }

    public static TheoryData<int, int, int> NotDates => new()
    {
        { 2017, 13, 1 },
        { 2017, 3, 0 },
        { 0, 3, 9 },
        { 2017, 2, 30 },
        { 10000, 1, 1 },
        { -1, 1, 1 },
        { 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(NotDates))]
    public async Task ListMeetings_refuses_a_date_that_is_not_a_calendar_date(int year, int month, int day)
    {
        var body = await CreateBodyAsync();

        await ApiAssert.InvalidArgument(() => Client.ListMeetingsAsync(new ListMeetingsRequest
        {
            Body = body.Name,
            StartDate = Date(year, month, day),
            EndDate = Date(year, month, day),
        }, cancellationToken: Ct), "start_date", "end_date");
    }

    [Fact]
    public async Task A_start_with_fields_out_of_range_is_a_field_violation()
    {
        var body = await CreateBodyAsync();
        foreach (var start in new[]
        {
            new Google.Type.DateTime { Year = 2017, Month = 3, Day = 9, Hours = 24 },
            new Google.Type.DateTime { Year = 2017, Month = 3, Day = 9, Hours = 8, Nanos = -1 },
            new Google.Type.DateTime { Year = 2017, Month = 13, Day = 9, Hours = 8 },
            new Google.Type.DateTime { Year = 9999, Month = 12, Day = 31, Hours = 23 },
        })
        {
            await ApiAssert.InvalidArgument(() => Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
            {
                Meeting = new Meeting { Body = body.Name, Start = start },
            }, cancellationToken: Ct), "meeting.start");
        }
    }

    [Fact]
    public async Task A_follow_up_due_date_that_is_not_a_date_is_a_field_violation()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var item = await AddItemAsync(meeting);
        await PublishAsync(meeting);

        await ApiAssert.InvalidArgument(() => Client.RecordDecisionAsync(new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision
            {
                Outcome = DecisionOutcome.Approved,
                Text = "Godkendt.",
                FollowUps = { new FollowUp { Description = "Opfølgning", Unit = "ØDC", DueDate = Date(2017, 13, 1) } },
            },
        }, cancellationToken: Ct), "decision.follow_ups[0].due_date");
    }

    [Fact]
    public async Task ListDecisions_refuses_a_forged_offset_and_never_issues_an_overflowed_one()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var item = await AddItemAsync(meeting);
        await PublishAsync(meeting);
        for (var i = 1; i <= 3; i++)
        {
            await DecideAsync(item, DecisionOutcome.Discussed, $"Drøftelse {i}");
        }
        var issued = (await Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = item.Name, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;

        foreach (var offset in new JsonNode?[] { new JsonObject { ["Offset"] = int.MaxValue }, new JsonObject { ["Offset"] = -1 },
            new JsonObject { ["Offset"] = PageRequest.MaxOffset + 1 }, new JsonObject { ["Offset"] = 99_999_999_999L }, 2, null })
        {
            await ApiAssert.InvalidArgument(() => Client.ListDecisionsAsync(
                new ListDecisionsRequest { Parent = item.Name, PageSize = 1, PageToken = PageTokens.WithKey(issued, offset) }, cancellationToken: Ct), "page_token");
        }

        // The deepest offset is a position (past the end: an empty last page), with no token after it.
        var deepest = await Client.ListDecisionsAsync(new ListDecisionsRequest
        {
            Parent = item.Name,
            PageSize = 200,
            PageToken = PageTokens.WithKey(issued, new JsonObject { ["Offset"] = PageRequest.MaxOffset }),
        }, cancellationToken: Ct);
        Assert.Empty(deepest.Decisions);
        Assert.Equal("", deepest.NextPageToken);
    }

    [Fact]
    public async Task The_other_lists_refuse_forged_positions()
    {
        var body = await CreateBodyAsync();
        await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        await ScheduleAsync(body, Local(2017, 3, 10));
        await AddItemAsync(meeting, "Punkt 1");
        await AddItemAsync(meeting, "Punkt 2");

        var meetingsToken = (await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        foreach (var key in new JsonNode[]
        {
            new JsonObject { ["Ticks"] = -1, ["Id"] = "x" },
            new JsonObject { ["Ticks"] = long.MaxValue, ["Id"] = "x" },
            new JsonObject { ["Ticks"] = 0, ["Id"] = "" },
            new JsonObject { ["Ticks"] = 0, ["Id"] = new string('x', PageRequest.MaxIdLength + 1) },
        })
        {
            await ApiAssert.InvalidArgument(() => Client.ListMeetingsAsync(
                new ListMeetingsRequest { Body = body.Name, PageSize = 1, PageToken = PageTokens.WithKey(meetingsToken, key) }, cancellationToken: Ct), "page_token");
        }

        var itemsToken = (await Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        await ApiAssert.InvalidArgument(() => Client.ListAgendaItemsAsync(
            new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = 1, PageToken = PageTokens.WithKey(itemsToken, -1) }, cancellationToken: Ct), "page_token");

        var bodiesToken = (await Client.ListBodiesAsync(new ListBodiesRequest { PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        await ApiAssert.InvalidArgument(() => Client.ListBodiesAsync(
            new ListBodiesRequest { PageSize = 1, PageToken = PageTokens.WithKey(bodiesToken, "") }, cancellationToken: Ct), "page_token");
    }
}

public sealed class EdgeInputApiSqliteTests(SqliteApiHost host) : EdgeInputApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class EdgeInputApiPostgresTests(PostgresApiHost host) : EdgeInputApiTests(host), IClassFixture<PostgresApiHost>;
