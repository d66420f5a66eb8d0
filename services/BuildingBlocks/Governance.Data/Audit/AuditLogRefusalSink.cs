using System.Data.Common;
using Governance.Data.Connections;
using Governance.Data.UnitOfWork;
using Governance.ServiceDefaults.Security;

namespace Governance.Data.Audit;

/// <summary>
/// A service's audit log as the sink of calls refused by role policy: each one a DENIED entry, on its
/// own (what it refused never happened), like the refusals the service makes itself. Registered for
/// every service by <see cref="ServiceDatabaseRegistration.AddServiceDatabase"/>.
/// </summary>
public sealed class AuditLogRefusalSink(ServiceDatabase database, TimeProvider clock) : IRefusalAuditSink
{
    // As the contracts' AuditAction enums spell it (see AuditedCalls).
    private const string Denied = "Denied";

    public async Task RecordAsync(RefusedCall refusal, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // To the microsecond, the precision PostgreSQL keeps.
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        await using var session = await database.BeginAsync(true, (c, t, d) => new Session(c, t, d), cancellationToken);
        await AuditLog.AppendAsync(session.Connection, session.Transaction, new AuditRecord(
            Guid.CreateVersion7().ToString("N"), now, refusal.Subject, string.Join(",", refusal.Roles.Order(StringComparer.Ordinal)),
            refusal.Method, refusal.Resource, Denied, refusal.RequestId));
        await session.CommitAsync(cancellationToken);
    }

    private sealed class Session(DbConnection connection, DbTransaction transaction, StoreDialect dialect)
        : DbSession(connection, transaction, dialect);
}
