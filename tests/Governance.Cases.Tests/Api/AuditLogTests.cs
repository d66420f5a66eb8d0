using Governance.Audit.V1;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Cases.Tests.Api;

/// <summary>The shared audit contract (see <see cref="AuditLogContractTests{TDomain}"/>) on the Cases
/// service: a case created by a case handler of its unit, with notes added under it.</summary>
public abstract class CasesAuditLogTests(IApiHost host) : AuditLogContractTests<CasesErrorDomain>(host)
{
    protected override string MethodPrefix => "/governance.cases.v1.CasesService/";

    protected override AsyncUnaryCall<ListAuditEntriesResponse> List(GrpcChannel channel, ListAuditEntriesRequest request) =>
        new CasesService.CasesServiceClient(channel).ListAuditEntriesAsync(request, cancellationToken: Ct);

    protected override async Task<string> ResourceWithChangesAsync(string subject, int changes)
    {
        var unit = $"AUD-{Guid.NewGuid():N}"[..12];
        using var channel = Server.CreateChannel(Server.Tokens!.Issue(subject, [CasesRoles.CaseHandler], [CasesClaims.ForUnits(unit)]));
        var client = new CasesService.CasesServiceClient(channel);
        var created = await client.CreateCaseAsync(new CreateCaseRequest
        {
            Case = new Case { Title = "Budget 2018-21", Unit = unit, LegalBasis = "Lov om kommunernes styrelse § 40", KleNumber = "00.01.00" },
        }, cancellationToken: Ct);
        for (var i = 1; i < changes; i++)
        {
            await client.AddCaseNoteAsync(new AddCaseNoteRequest { Parent = created.Name, Note = new CaseNote { Text = $"Notat {i}" } },
                cancellationToken: Ct);
        }
        return created.Name;
    }
}

public sealed class CasesAuditLogSqliteTests(SqliteApiHost host) : CasesAuditLogTests(host), IClassFixture<SqliteApiHost>;

public sealed class CasesAuditLogPostgresTests(PostgresApiHost host) : CasesAuditLogTests(host), IClassFixture<PostgresApiHost>;
