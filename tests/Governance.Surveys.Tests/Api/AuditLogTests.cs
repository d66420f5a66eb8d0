using Governance.Audit.V1;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Domain;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Surveys.Tests.Api;

/// <summary>The shared audit contract (see <see cref="AuditLogContractTests{TDomain}"/>) on the Surveys
/// service: an instrument copied from a template by HR, then changed.</summary>
public abstract class SurveysAuditLogTests(IApiHost host) : AuditLogContractTests<SurveysErrorDomain>(host)
{
    protected override string MethodPrefix => "/governance.surveys.v1.SurveysService/";

    protected override AsyncUnaryCall<ListAuditEntriesResponse> List(GrpcChannel channel, ListAuditEntriesRequest request) =>
        new SurveysService.SurveysServiceClient(channel).ListAuditEntriesAsync(request, cancellationToken: Ct);

    protected override async Task<string> ResourceWithChangesAsync(string subject, int changes)
    {
        using var channel = Server.CreateChannel(Server.Tokens!.Issue(subject, [SurveysRoles.Hr]));
        var client = new SurveysService.SurveysServiceClient(channel);
        var created = await client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "APV 2014" },
            SourceInstrument = SurveyNames.Instrument(InstrumentTemplates.ApvWellbeingId),
        }, cancellationToken: Ct);
        for (var i = 1; i < changes; i++)
        {
            await client.UpdateInstrumentAsync(new UpdateInstrumentRequest
            {
                Instrument = new Instrument { Name = created.Name, DisplayName = $"APV 2014, ændring {i}" },
                UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "display_name" } },
            }, cancellationToken: Ct);
        }
        return created.Name;
    }

    [Fact]
    public async Task An_import_is_audited_on_its_version_and_a_refusal_as_denied()
    {
        var subject = Unique("hr");
        using var hrChannel = Server.CreateChannel(Server.Tokens!.Issue(subject, [SurveysRoles.Hr]));
        var managerSubject = Unique("leder");
        using var managerChannel = Server.CreateChannel(Server.Tokens!.Issue(managerSubject, [SurveysRoles.Manager]));
        using var auditorChannel = Server.CreateChannel(Server.Tokens!.Issue(Unique("revisor"), [PlatformRoles.Auditor]));
        var hr = new SurveysService.SurveysServiceClient(hrChannel);
        var manager = new SurveysService.SurveysServiceClient(managerChannel);
        var auditor = new SurveysService.SurveysServiceClient(auditorChannel);
        var requestId = Guid.NewGuid().ToString();

        var version = await hr.ImportOrganisationAsync(Sample.Of().Request(requestId: requestId), cancellationToken: Ct);
        var entry = Assert.Single((await auditor.ListAuditEntriesAsync(new ListAuditEntriesRequest { Subject = subject }, cancellationToken: Ct)).Entries);
        Assert.Equal((AuditAction.Change, version.Name, "/governance.surveys.v1.SurveysService/ImportOrganisation", requestId),
            (entry.Action, entry.Resource, entry.Method, entry.RequestId));
        Assert.Equal(subject, version.ImportedBy);

        // A manager reads the organisation but does not import it.
        await AuthorizationAssert.PermissionDenied(() => manager.ImportOrganisationAsync(Sample.Of().Request(), cancellationToken: Ct).ResponseAsync,
            AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "ImportOrganisation as manager");
        var denied = Assert.Single((await auditor.ListAuditEntriesAsync(new ListAuditEntriesRequest { Subject = managerSubject }, cancellationToken: Ct)).Entries);
        Assert.Equal((AuditAction.Denied, "/governance.surveys.v1.SurveysService/ImportOrganisation"), (denied.Action, denied.Method));
        Assert.Equal([SurveysRoles.Manager], denied.Roles);
        Assert.Equal(version.Name, (await hr.GetOrganisationVersionAsync(new GetOrganisationVersionRequest { Name = "organisationVersions/current" }, cancellationToken: Ct)).Name);
    }
}

public sealed class SurveysAuditLogSqliteTests(SqliteApiHost host) : SurveysAuditLogTests(host), IClassFixture<SqliteApiHost>;

public sealed class SurveysAuditLogPostgresTests(PostgresApiHost host) : SurveysAuditLogTests(host), IClassFixture<PostgresApiHost>;
