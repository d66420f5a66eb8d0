using System.Text.Json.Nodes;
using Governance.Cases.V1;
using Governance.Data.Paging;

namespace Governance.Cases.Tests.Api;

/// <summary>Every list refuses a page token forged to a position the service never writes
/// (INVALID_ARGUMENT on page_token), and offsets never overflow.</summary>
public abstract class ForgedPageTokenTests(IApiHost host) : CasesApiTestBase(host)
{
    [Fact]
    public async Task Every_list_refuses_a_forged_position()
    {
        var unit = UniqueUnit();
        var c = await CreateCaseAsync(unit, "Budget 2018-21");
        await CreateCaseAsync(unit, "Budget 2019-22");
        await AddDocumentAsync(c, "Notat 1");
        await AddDocumentAsync(c, "Notat 2");
        await AddNoteAsync(c);

        var casesToken = (await Client.ListCasesAsync(new ListCasesRequest { Unit = unit, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        foreach (var key in new JsonNode?[] { new JsonObject { ["Year"] = 100, ["Number"] = 1 }, new JsonObject { ["Year"] = 26, ["Number"] = -1 }, null })
        {
            await ApiAssert.InvalidArgument(() => Client.ListCasesAsync(
                new ListCasesRequest { Unit = unit, PageSize = 1, PageToken = PageTokens.WithKey(casesToken, key) }, cancellationToken: Ct), "page_token");
        }

        var documentsToken = (await Client.ListCaseDocumentsAsync(new ListCaseDocumentsRequest { Parent = c.Name, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        await ApiAssert.InvalidArgument(() => Client.ListCaseDocumentsAsync(
            new ListCaseDocumentsRequest { Parent = c.Name, PageSize = 1, PageToken = PageTokens.WithKey(documentsToken, "") }, cancellationToken: Ct), "page_token");

        var timelineToken = (await Client.ListCaseTimelineAsync(new ListCaseTimelineRequest { Parent = c.Name, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        foreach (var key in new JsonNode[] { new JsonObject { ["Ticks"] = -1, ["Id"] = "x" }, new JsonObject { ["Ticks"] = long.MaxValue, ["Id"] = "x" } })
        {
            await ApiAssert.InvalidArgument(() => Client.ListCaseTimelineAsync(
                new ListCaseTimelineRequest { Parent = c.Name, PageSize = 1, PageToken = PageTokens.WithKey(timelineToken, key) }, cancellationToken: Ct), "page_token");
        }

        var searchToken = (await Client.SearchCasesAsync(new SearchCasesRequest { Query = "budget", Unit = unit, PageSize = 1 }, cancellationToken: Ct)).NextPageToken;
        foreach (var offset in new[] { int.MaxValue, -1, PageRequest.MaxOffset + 1 })
        {
            await ApiAssert.InvalidArgument(() => Client.SearchCasesAsync(new SearchCasesRequest
            {
                Query = "budget",
                Unit = unit,
                PageSize = 1,
                PageToken = PageTokens.WithKey(searchToken, new JsonObject { ["Offset"] = offset }),
            }, cancellationToken: Ct), "page_token");
        }
        var deepest = await Client.SearchCasesAsync(new SearchCasesRequest
        {
            Query = "budget",
            Unit = unit,
            PageSize = 200,
            PageToken = PageTokens.WithKey(searchToken, new JsonObject { ["Offset"] = PageRequest.MaxOffset }),
        }, cancellationToken: Ct);
        Assert.Empty(deepest.Hits);
        Assert.Equal("", deepest.NextPageToken);
    }
}

public sealed class ForgedPageTokenSqliteTests(SqliteApiHost host) : ForgedPageTokenTests(host), IClassFixture<SqliteApiHost>;

public sealed class ForgedPageTokenPostgresTests(PostgresApiHost host) : ForgedPageTokenTests(host), IClassFixture<PostgresApiHost>;
