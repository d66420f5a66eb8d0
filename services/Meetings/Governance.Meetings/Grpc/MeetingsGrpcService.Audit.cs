using System.Text.RegularExpressions;
using Governance.Data.Audit;
using Governance.Data.Paging;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Meetings.Grpc;

public sealed partial class MeetingsGrpcService
{
    [RequiresAccess(Access.Audit)]
    public override Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var v = new Validator();
        if (request.Resource.Length > 0 && !ResourceFilter().IsMatch(request.Resource))
        {
            v.Add("resource", "must be a resource name such as meetings/{meeting} (lower-case letters, digits, '-' and '/')");
        }
        v.MaxLength("subject", request.Subject, 200);
        var from = request.StartTime?.ToDateTime();
        var to = request.EndTime?.ToDateTime();
        if (from is not null && to is not null && to <= from)
        {
            v.Add("end_time", "must be after start_time");
        }
        v.ThrowIfInvalid();
        var size = PageRequest.Size(request.PageSize);
        var filter = $"audit|{request.Resource}|{request.Subject}|{from?.Ticks}|{to?.Ticks}";
        var before = PageRequest.DecodeToken<AuditKey>(request.PageToken, filter);
        if (before is not null && (before.Ticks < DateTime.MinValue.Ticks || before.Ticks > DateTime.MaxValue.Ticks))
        {
            throw new ValidationException("page_token", "is not a page token issued by this service");
        }

        return ReadAsync(context, request, async s =>
        {
            var rows = await AuditLog.ListAsync(s.Connection, s.Transaction, s.Dialect,
                request.Resource.Length > 0 ? request.Resource : null,
                request.Subject.Length > 0 ? request.Subject : null,
                from, to, before is null ? null : (new DateTime(before.Ticks, DateTimeKind.Utc), before.Id), size + 1);
            var page = rows.Take(size).ToList();
            var response = new ListAuditEntriesResponse();
            response.Entries.AddRange(page.Select(r => new AuditEntry
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
            if (rows.Count > size)
            {
                response.NextPageToken = PageRequest.EncodeToken(new AuditKey(page[^1].OccurredAt.Ticks, page[^1].Id), filter);
            }
            return response;
        });
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9/-]{0,499}\z")]
    private static partial Regex ResourceFilter();

    private sealed record AuditKey(long Ticks, string Id);
}
