using System.Data.Common;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Governance.Audit.V1;
using Governance.Data.Connections;
using Governance.Data.UnitOfWork;

namespace Governance.Data.Audit;

/// <summary>
/// ListAuditEntries (governance.audit.v1) for every service: a service's handler passes its own
/// database and keeps its own [RequiresAccess]; the filters, paging and mapping are the same everywhere.
/// </summary>
public static class AuditEntries
{
    /// <summary>Validates the request (INVALID_ARGUMENT per bad field), reads one page of the service's
    /// audit log, newest first, and maps it to the contract.</summary>
    public static async Task<ListAuditEntriesResponse> ListAsync(ServiceDatabase database, ListAuditEntriesRequest request,
        CancellationToken cancellationToken)
    {
        var listing = AuditListing.Parse(request);
        await using var session = await database.BeginAsync(false, (c, t, d) => new ReadSession(c, t, d), cancellationToken);
        var page = await listing.ReadAsync(session.Connection, session.Transaction, session.Dialect);
        await session.CommitAsync(cancellationToken);
        var response = new ListAuditEntriesResponse { NextPageToken = page.NextPageToken };
        response.Entries.AddRange(page.Items.Select(ToContract));
        return response;
    }

    /// <summary>A stored entry as the contract shows it.</summary>
    public static AuditEntry ToContract(AuditRecord r) => new()
    {
        Id = r.Id,
        Time = Timestamp.FromDateTime(DbTime.Utc(r.OccurredAt)),
        Subject = r.Subject,
        Roles = { r.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries) },
        Method = r.Method,
        Resource = r.Resource,
        Action = Enum.TryParse<AuditAction>(r.Action, out var action) ? action : AuditAction.Unspecified,
        RequestId = r.RequestId ?? "",
        Detail = r.Detail ?? "",
    };

    private sealed class ReadSession(DbConnection connection, DbTransaction transaction, StoreDialect dialect)
        : DbSession(connection, transaction, dialect);
}
