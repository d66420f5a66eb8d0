using Governance.Audit.V1;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Cases.Tests.Api;

/// <summary>
/// A call refused by role policy, before the Cases service runs, is in the Cases audit log as DENIED
/// with the caller's subject and roles, the method, and the case the request named; a call without a
/// token has no subject and is not audited.
/// </summary>
public abstract class RoleRefusalAuditTests(IApiHost host) : CasesApiTestBase(host)
{
    [Fact]
    public async Task A_refusal_by_role_is_in_the_cases_audit_log_as_denied()
    {
        var c = await CreateCaseAsync(UniqueUnit());
        var subject = $"sekr-{Guid.NewGuid():N}"[..17];
        using var secretariatChannel = Host.Server.CreateChannel(Host.Server.Tokens!.Issue(subject, [CasesRoles.Secretariat]));
        using var anonymousChannel = Host.Server.CreateChannel(null);
        using var auditorChannel = Host.Server.CreateChannel(Host.Server.Tokens!.Issue($"revisor-{Guid.NewGuid():N}", [PlatformRoles.Auditor]));
        var secretariat = new CasesService.CasesServiceClient(secretariatChannel);
        var anonymous = new CasesService.CasesServiceClient(anonymousChannel);
        var auditor = new CasesService.CasesServiceClient(auditorChannel);
        var note = new AddCaseNoteRequest { Parent = c.Name, Note = new CaseNote { Text = "Notat" } };

        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => anonymous.AddCaseNoteAsync(note, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
        // The secretariat reads cases but does not change them (cases.manage is the case handler's).
        await AuthorizationAssert.PermissionDenied(() => secretariat.AddCaseNoteAsync(note, cancellationToken: Ct).ResponseAsync,
            AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "AddCaseNote as secretariat");

        var entry = Assert.Single((await auditor.ListAuditEntriesAsync(new ListAuditEntriesRequest { Subject = subject }, cancellationToken: Ct)).Entries);
        Assert.Equal((AuditAction.Denied, c.Name, "/governance.cases.v1.CasesService/AddCaseNote"), (entry.Action, entry.Resource, entry.Method));
        Assert.Equal([CasesRoles.Secretariat], entry.Roles);
        // The case's log: its creation and the one refusal, none for the call without a token.
        var log = (await auditor.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = c.Name }, cancellationToken: Ct)).Entries;
        Assert.Equal(subject, Assert.Single(log, e => e.Action == AuditAction.Denied).Subject);
    }
}

public sealed class RoleRefusalAuditSqliteTests(SqliteApiHost host) : RoleRefusalAuditTests(host), IClassFixture<SqliteApiHost>;

public sealed class RoleRefusalAuditPostgresTests(PostgresApiHost host) : RoleRefusalAuditTests(host), IClassFixture<PostgresApiHost>;
