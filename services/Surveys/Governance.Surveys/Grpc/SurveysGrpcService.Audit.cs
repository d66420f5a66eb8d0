using Governance.Audit.V1;
using Governance.Data.Audit;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Surveys.Grpc;

public sealed partial class SurveysGrpcService
{
    [RequiresAccess(PlatformAccess.Audit)]
    public override Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context) =>
        AuditEntries.ListAsync(store.Database, request, context.CancellationToken);
}
