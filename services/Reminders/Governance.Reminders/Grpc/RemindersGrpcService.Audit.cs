using Governance.Audit.V1;
using Governance.Data.Audit;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Reminders.Grpc;

public sealed partial class RemindersGrpcService
{
    [RequiresAccess(PlatformAccess.Audit)]
    public override Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context) =>
        AuditEntries.ListAsync(store.Database, request, context.CancellationToken);
}
