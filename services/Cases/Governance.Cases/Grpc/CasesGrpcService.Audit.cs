using Governance.Audit.V1;
using Governance.Data.Audit;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Cases.Grpc;

public sealed partial class CasesGrpcService
{
    [RequiresAccess(PlatformAccess.Audit)]
    public override Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context) =>
        AuditEntries.ListAsync(store.Database, request, context.CancellationToken);
}
