using Google.Protobuf;
using Governance.Audit.V1;
using Governance.Cases.Security;
using Governance.Cases.V1;

namespace Governance.Cases.Tests.Api;

/// <summary>
/// No closed text reaches anyone but the case handlers of the unit. A closed case carries a unique
/// marker in its title, legal basis, document title, note and status reason; every read RPC
/// (get by name and by journal number, list, documents, timeline, search, audit) is walked as each
/// outsider, over gRPC and over HTTP/JSON, and the marker must appear in no response. A handler of the
/// unit does see it, so the walk can fail; and the read is audited.
/// </summary>
public abstract class ClosedCaseLeakTests(IAuthorizationHost host) : CasesApiTestBase(host)
{
    private readonly IAuthorizationHost server = host;

    private sealed record Fixtures(string Marker, string Unit, Case Case);

    public static TheoryData<string> Outsiders =>
        ["employee_reader", "service", "secretariat", "body_member", "auditor", CaseCallers.CaseHandlerOfAnotherUnit];

    private Task<Fixtures> FixturesAsync() => server.SharedAsync(async () =>
    {
        var marker = $"Hemmelig{Guid.NewGuid():N}"[..20];
        var unit = UniqueUnit("HRC");
        var c = await CreateCaseAsync(unit, $"Personalesag {marker}", x =>
        {
            x.Confidentiality = Confidentiality.Closed;
            x.LegalBasis = $"Forvaltningsloven {marker}";
        });
        await AddDocumentAsync(c, $"Tjenstlig samtale {marker}");
        await AddNoteAsync(c, $"Notat {marker}");
        c = await ChangeStatusAsync(c, CaseStatus.InProgress, $"Begrundelse {marker}");
        return new Fixtures(marker, unit, c);
    });

    /// <summary>Every read as <paramref name="caller"/>, over gRPC or over HTTP/JSON (the google.api.http paths).</summary>
    private async Task<List<(string Call, string Text)>> WalkAsync(string caller, Fixtures f, bool overHttpJson = false)
    {
        using var channel = CaseCallers.Channel(server.Server, caller);
        using var json = new HttpJsonCallInvoker(server.Server.HttpAddress, CaseCallers.Token(server.Server, caller), CasesService.Descriptor);
        var client = overHttpJson ? new CasesService.CasesServiceClient(json) : new CasesService.CasesServiceClient(channel);
        var seen = new List<(string, string)>();
        async Task Read(string call, Func<Task<IMessage>> read)
        {
            try
            {
                seen.Add((call, JsonFormatter.Default.Format(await read())));
            }
            catch (global::Grpc.Core.RpcException ex)
            {
                seen.Add((call, $"{ex.StatusCode} {ex.Status.Detail}"));
            }
        }
        var ct = Ct;
        await Read("GetCase", async () => await client.GetCaseAsync(new GetCaseRequest { Name = f.Case.Name }, cancellationToken: ct));
        await Read("GetCase by number", async () => await client.GetCaseAsync(new GetCaseRequest { JournalNumber = f.Case.JournalNumber }, cancellationToken: ct));
        await Read("ListCases", async () => await client.ListCasesAsync(new ListCasesRequest { Unit = f.Unit }, cancellationToken: ct));
        await Read("ListCaseDocuments", async () => await client.ListCaseDocumentsAsync(new ListCaseDocumentsRequest { Parent = f.Case.Name }, cancellationToken: ct));
        await Read("ListCaseTimeline", async () => await client.ListCaseTimelineAsync(new ListCaseTimelineRequest { Parent = f.Case.Name }, cancellationToken: ct));
        await Read("SearchCases", async () => await client.SearchCasesAsync(new SearchCasesRequest { Query = f.Marker }, cancellationToken: ct));
        await Read("SearchCases personalesag", async () => await client.SearchCasesAsync(new SearchCasesRequest { Query = "Personalesag", Unit = f.Unit }, cancellationToken: ct));
        await Read("ListAuditEntries", async () => await client.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = f.Case.Name }, cancellationToken: ct));
        return seen;
    }

    public static TheoryData<string, bool> OutsidersByTransport =>
        [.. Outsiders.SelectMany(o => new[] { (o.Data, false), (o.Data, true) })];

    [Theory]
    [MemberData(nameof(OutsidersByTransport))]
    public async Task Outsider_sees_no_closed_text_in_any_read(string caller, bool overHttpJson)
    {
        var f = await FixturesAsync();
        var seen = await WalkAsync(caller, f, overHttpJson);
        var leaks = seen.Where(s => s.Text.Contains(f.Marker, StringComparison.Ordinal)).Select(s => s.Call).ToList();
        Assert.True(leaks.Count == 0, $"{caller} on {server.Store} saw closed text in: {string.Join("; ", leaks)}");
        if (caller != "auditor")
        {
            // The walk did read the case, as "Lukket" with its journal number.
            var get = seen.Single(s => s.Call == "GetCase").Text;
            Assert.Contains("\"Lukket\"", get, StringComparison.Ordinal);
            Assert.Contains(f.Case.JournalNumber, get, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Case_handler_of_the_unit_sees_it_all_and_the_read_is_audited(bool overHttpJson)
    {
        var f = await FixturesAsync();
        var seen = await WalkAsync(CasesRoles.CaseHandler, f, overHttpJson);
        foreach (var call in new[] { "GetCase", "ListCaseDocuments", "ListCaseTimeline", "SearchCases" })
        {
            Assert.Contains(f.Marker, seen.Single(s => s.Call == call).Text, StringComparison.Ordinal);
        }
        var audit = await Client.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = f.Case.Name, Subject = $"authz-{CasesRoles.CaseHandler}" }, cancellationToken: Ct);
        Assert.Contains(audit.Entries, e => e.Action == AuditAction.ClosedContentRead);
    }
}

public sealed class ClosedCaseLeakSqliteTests(SqliteAuthorizationHost host) : ClosedCaseLeakTests(host), IClassFixture<SqliteAuthorizationHost>;

public sealed class ClosedCaseLeakPostgresTests(PostgresAuthorizationHost host) : ClosedCaseLeakTests(host), IClassFixture<PostgresAuthorizationHost>;
