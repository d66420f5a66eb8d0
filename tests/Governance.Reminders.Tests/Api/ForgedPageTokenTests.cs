using System.Text.Json.Nodes;
using Governance.Data.Paging;
using Governance.Reminders.V1;

namespace Governance.Reminders.Tests.Api;

/// <summary>Every list refuses a page token forged to a position the service never writes, or issued
/// for another list or filter (INVALID_ARGUMENT on page_token), and offsets never overflow.</summary>
public abstract class ForgedPageTokenTests(IApiHost host) : RemindersApiTestBase(host)
{
    [Fact]
    public async Task Every_list_refuses_a_forged_position()
    {
        var body = UniqueBody();
        await CreateAsync(body, NewReminder("Regnskab 2014"));
        await CreateAsync(body, NewReminder("Budget 2015-18"));
        await CreateSectionAsync(body, new CalendarSection { Title = "HU-møder 2014" });
        await CreateSectionAsync(body, new CalendarSection { Title = "Byrådets temamøder" });

        var remindersToken = (await Client.ListRemindersAsync(new ListRemindersRequest { Parent = body, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        foreach (var key in new JsonNode?[]
                 {
                     new JsonObject { ["Offset"] = int.MaxValue }, new JsonObject { ["Offset"] = -1 }, new JsonObject { ["Offset"] = PageRequest.MaxOffset + 1 },
                     new JsonObject { ["Offset"] = "1" }, null,
                 })
        {
            await ApiAssert.InvalidArgument(() => Client.ListRemindersAsync(
                new ListRemindersRequest { Parent = body, PageSize = 1, PageToken = PageTokens.WithKey(remindersToken, key) }, cancellationToken: Ct), "page_token");
        }
        // A token is bound to its filter: another state, another body.
        await ApiAssert.InvalidArgument(() => Client.ListRemindersAsync(
            new ListRemindersRequest { Parent = body, State = ReminderState.Open, PageSize = 1, PageToken = remindersToken }, cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListRemindersAsync(
            new ListRemindersRequest { Parent = UniqueBody(), PageSize = 1, PageToken = remindersToken }, cancellationToken: Ct), "page_token");
        var deepest = await Client.ListRemindersAsync(new ListRemindersRequest
        {
            Parent = body,
            PageSize = 200,
            PageToken = PageTokens.WithKey(remindersToken, new JsonObject { ["Offset"] = PageRequest.MaxOffset }),
        }, cancellationToken: Ct);
        Assert.Empty(deepest.Reminders);
        Assert.Equal("", deepest.NextPageToken);

        var sectionsToken = (await Client.ListCalendarSectionsAsync(new ListCalendarSectionsRequest { Parent = body, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        foreach (var key in new JsonNode?[] { -1, 51, int.MaxValue, "1", new JsonObject { ["Offset"] = 1 }, null })
        {
            await ApiAssert.InvalidArgument(() => Client.ListCalendarSectionsAsync(
                new ListCalendarSectionsRequest { Parent = body, PageSize = 1, PageToken = PageTokens.WithKey(sectionsToken, key) }, cancellationToken: Ct), "page_token");
        }
        // One list's token is no token of the other.
        await ApiAssert.InvalidArgument(() => Client.ListCalendarSectionsAsync(
            new ListCalendarSectionsRequest { Parent = body, PageSize = 1, PageToken = remindersToken }, cancellationToken: Ct), "page_token");
        await ApiAssert.InvalidArgument(() => Client.ListRemindersAsync(
            new ListRemindersRequest { Parent = body, PageSize = 1, PageToken = sectionsToken }, cancellationToken: Ct), "page_token");
        // The last position a list may hold is a valid place to continue from: an empty last page.
        var beyond = await Client.ListCalendarSectionsAsync(new ListCalendarSectionsRequest
        {
            Parent = body,
            PageSize = 200,
            PageToken = PageTokens.WithKey(sectionsToken, 50),
        }, cancellationToken: Ct);
        Assert.Empty(beyond.CalendarSections);
        Assert.Equal("", beyond.NextPageToken);
    }

    [Fact]
    public async Task The_occurrence_marks_refuse_a_forged_key()
    {
        var body = UniqueBody();
        var r = await CreateAsync(body, NewReminder("ØKO-LIS", Rule("FREQ=MONTHLY", 2014, 1, 1), ["ØDC"]));
        for (var i = 0; i < 2; i++)
        {
            r = await Client.MarkOccurrenceAsync(new MarkOccurrenceRequest { Name = r.Name, OccurrenceTime = r.NextDueTime, State = OccurrenceState.Done },
                cancellationToken: Ct);
        }
        var token = (await Client.ListOccurrenceMarksAsync(new ListOccurrenceMarksRequest { Parent = r.Name, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        Assert.NotEmpty(token);
        foreach (var key in new JsonNode?[]
                 {
                     new JsonObject { ["Ticks"] = -1, ["Id"] = "2026-03-09T08:00" }, new JsonObject { ["Ticks"] = long.MaxValue, ["Id"] = "x" },
                     new JsonObject { ["Ticks"] = 1, ["Id"] = "" }, new JsonObject { ["Ticks"] = 1, ["Id"] = new string('x', PageRequest.MaxIdLength + 1) },
                     new JsonObject { ["Offset"] = 1 }, "1", null,
                 })
        {
            await ApiAssert.InvalidArgument(() => Client.ListOccurrenceMarksAsync(
                new ListOccurrenceMarksRequest { Parent = r.Name, PageSize = 1, PageToken = PageTokens.WithKey(token, key) }, cancellationToken: Ct), "page_token");
        }
        // Another list's token is none of this one.
        await CreateAsync(body, NewReminder("Budget 2015-18"));
        var remindersToken = (await Client.ListRemindersAsync(new ListRemindersRequest { Parent = body, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        await ApiAssert.InvalidArgument(() => Client.ListOccurrenceMarksAsync(
            new ListOccurrenceMarksRequest { Parent = r.Name, PageSize = 1, PageToken = remindersToken }, cancellationToken: Ct), "page_token");
    }

    [Fact]
    public async Task The_statutory_catalogue_refuses_a_forged_key()
    {
        var token = (await Client.ListStatutoryDeadlinesAsync(new ListStatutoryDeadlinesRequest { PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        Assert.NotEmpty(token);
        foreach (var key in new JsonNode?[] { "Not A Key", "", new string('a', 101), 7, new JsonObject { ["Offset"] = 1 }, null })
        {
            await ApiAssert.InvalidArgument(() => Client.ListStatutoryDeadlinesAsync(
                new ListStatutoryDeadlinesRequest { PageSize = 1, PageToken = PageTokens.WithKey(token, key) }, cancellationToken: Ct), "page_token");
        }
        await ApiAssert.InvalidArgument(() => Client.ListRemindersAsync(
            new ListRemindersRequest { Parent = UniqueBody(), PageSize = 1, PageToken = token }, cancellationToken: Ct), "page_token");
        // A key after every key is a valid place to continue from: an empty last page.
        var last = await Client.ListStatutoryDeadlinesAsync(new ListStatutoryDeadlinesRequest { PageToken = PageTokens.WithKey(token, "zzz") }, cancellationToken: Ct);
        Assert.Empty(last.StatutoryDeadlines);
    }
}

public sealed class ForgedPageTokenSqliteTests(SqliteApiHost host) : ForgedPageTokenTests(host), IClassFixture<SqliteApiHost>;

public sealed class ForgedPageTokenPostgresTests(PostgresApiHost host) : ForgedPageTokenTests(host), IClassFixture<PostgresApiHost>;
