using Governance.Data.Audit;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Meetings.Grpc;

public sealed partial class MeetingsGrpcService
{
    [RequiresAccess(PlatformAccess.Audit)]
    public override Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var listing = AuditListing.Parse(request.Resource, request.Subject, request.StartTime?.ToDateTime(), request.EndTime?.ToDateTime(),
            request.PageSize, request.PageToken);
        return _calls.ReadAsync(context, request, async s =>
        {
            var page = await listing.ReadAsync(s.Connection, s.Transaction, s.Dialect);
            var response = new ListAuditEntriesResponse { NextPageToken = page.NextPageToken };
            response.Entries.AddRange(page.Items.Select(r => new AuditEntry
            {
                Id = r.Id,
                Time = Mapping.Ts(r.OccurredAt),
                Subject = r.Subject,
                Roles = { r.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                Method = r.Method,
                Resource = r.Resource,
                Action = Enum.TryParse<AuditAction>(r.Action, out var action) ? action : AuditAction.Unspecified,
                RequestId = r.RequestId ?? "",
            }));
            return response;
        });
    }
}
