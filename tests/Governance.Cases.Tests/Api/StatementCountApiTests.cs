using Governance.Cases.V1;
using Grpc.Core;

namespace Governance.Cases.Tests.Api;

/// <summary>
/// A read runs a fixed number of SQL statements whatever the size of its data: each RPC is counted
/// (<see cref="StatementCounting"/>) on a small unit and on a large one of the same shape, and the
/// counts must be equal. A deterministic guard against a statement per case, document or entry.
/// </summary>
public abstract class StatementCountApiTests(IApiHost host) : CasesApiTestBase(host)
{
    private const int Small = 2;
    private const int Large = 12;

    /// <summary>A unit with <paramref name="size"/> cases whose titles share a word, the first with
    /// <paramref name="size"/> documents and notes.</summary>
    private async Task<(string Unit, Case First)> UnitOfAsync(int size)
    {
        var unit = UniqueUnit();
        var first = await CreateCaseAsync(unit, "Budgetopfølgning for skoleområdet");
        for (var i = 1; i < size; i++)
        {
            await CreateCaseAsync(unit, $"Budgetopfølgning nummer {i}");
        }
        for (var i = 0; i < size; i++)
        {
            await AddDocumentAsync(first, $"Notat om budgetopfølgning {i}");
            await AddNoteAsync(first, $"Drøftet budgetopfølgningen med ØDC, gang {i}.");
        }
        return (unit, first);
    }

    [Fact]
    public async Task Reads_take_a_fixed_number_of_statements()
    {
        var reads = new (string Rpc, Func<(string Unit, Case First), Metadata, Task> Call)[]
        {
            ("GetCase", (d, h) => Client.GetCaseAsync(new GetCaseRequest { Name = d.First.Name }, h, cancellationToken: Ct).ResponseAsync),
            ("ListCases", (d, h) => Client.ListCasesAsync(new ListCasesRequest { Unit = d.Unit, PageSize = 50 }, h, cancellationToken: Ct).ResponseAsync),
            ("ListCaseDocuments", (d, h) => Client.ListCaseDocumentsAsync(new ListCaseDocumentsRequest { Parent = d.First.Name, PageSize = 50 }, h, cancellationToken: Ct).ResponseAsync),
            ("ListCaseTimeline", (d, h) => Client.ListCaseTimelineAsync(new ListCaseTimelineRequest { Parent = d.First.Name, PageSize = 50 }, h, cancellationToken: Ct).ResponseAsync),
            ("SearchCases", (d, h) => Client.SearchCasesAsync(new SearchCasesRequest { Query = "budgetopfølgning", Unit = d.Unit, PageSize = 50 }, h, cancellationToken: Ct).ResponseAsync),
            ("ListAuditEntries", (d, h) => Client.ListAuditEntriesAsync(new Audit.V1.ListAuditEntriesRequest { Resource = d.First.Name, PageSize = 200 }, h, cancellationToken: Ct).ResponseAsync),
        };
        await StatementCounting.AssertFixedAsync(Host, Small, Large, UnitOfAsync, reads);
    }
}

public sealed class StatementCountApiSqliteTests(SqliteApiHost host) : StatementCountApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class StatementCountApiPostgresTests(PostgresApiHost host) : StatementCountApiTests(host), IClassFixture<PostgresApiHost>;
