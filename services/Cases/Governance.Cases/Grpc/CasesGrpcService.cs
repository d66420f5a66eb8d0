using System.Diagnostics;
using Google.Protobuf;
using Governance.Cases.Data;
using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.Data.Audit;
using Governance.Data.Connections;
using Governance.Data.Idempotency;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Governance.Cases.Grpc;

/// <summary>
/// governance.cases.v1.CasesService. Each RPC validates its input, runs in one unit of work, applies
/// the case rules and maps the result. What each RPC needs is declared on it with [RequiresAccess];
/// which units a case handler may change is checked where a case is loaded for a change
/// (<see cref="ManageCaseAsync"/>), and which closed content a reader sees, where cases are mapped
/// (<see cref="Sees"/>).
/// </summary>
public sealed partial class CasesGrpcService(CasesStore store, TimeProvider clock, IHttpContextAccessor http)
    : CasesService.CasesServiceBase
{
    private Caller? _caller;

    /// <summary>Resources whose closed content this call returned; audited when the read ends.</summary>
    private readonly SortedSet<string> _closedReads = new(StringComparer.Ordinal);

    /// <summary>Who is calling (one service instance serves one call).</summary>
    private Caller CurrentCaller => _caller ??= Caller.From(http.HttpContext?.User ?? new System.Security.Claims.ClaimsPrincipal());

    /// <summary>The current instant to the microsecond, the precision PostgreSQL keeps.</summary>
    private DateTime Now
    {
        get
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        }
    }

    private static string TraceId => Activity.Current?.TraceId.ToHexString() ?? "";

    /// <summary>Runs a change in one transaction with its audit entry (and its timeline entries and
    /// events) in the same transaction. A unique-key race (a concurrent retry with the same
    /// request_id, or a journal number registered meanwhile) is run once more, when the winner's row
    /// decides the answer.</summary>
    private async Task<T> WriteAsync<T>(ServerCallContext context, IMessage request, Func<CasesSession, Task<T>> work)
        where T : IMessage
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = await store.BeginAsync(write: true, context.CancellationToken);
                var result = await work(session);
                await AuditLog.AppendAsync(session.Connection, session.Transaction,
                    AuditEntry(context, AuditAction.Change, RequestFields.ResourceOf(request, result), request));
                await session.CommitAsync(context.CancellationToken);
                _closedReads.Clear();
                return result;
            }
            catch (Exception ex) when (attempt == 1 && store.Database.Dialect.IsUniqueViolation(ex))
            {
            }
            catch (PermissionDeniedException denied)
            {
                await AuditDeniedAsync(context, denied, request);
                throw;
            }
        }
    }

    /// <summary>Runs a read. If it returned closed content, that read is audited afterwards.</summary>
    private async Task<T> ReadAsync<T>(ServerCallContext context, IMessage request, Func<CasesSession, Task<T>> work)
    {
        T result;
        await using (var session = await store.BeginAsync(write: false, context.CancellationToken))
        {
            result = await work(session);
            await session.CommitAsync(context.CancellationToken);
        }
        if (_closedReads.Count > 0)
        {
            await using var audit = await store.BeginAsync(write: true, context.CancellationToken);
            foreach (var resource in _closedReads)
            {
                await AuditLog.AppendAsync(audit.Connection, audit.Transaction, AuditEntry(context, AuditAction.ClosedContentRead, resource, request));
            }
            await audit.CommitAsync(context.CancellationToken);
        }
        return result;
    }

    private async Task AuditDeniedAsync(ServerCallContext context, PermissionDeniedException denied, IMessage request)
    {
        // The refusal is recorded on its own: what it refused never happened.
        await using var audit = await store.BeginAsync(write: true, CancellationToken.None);
        var resource = denied.Metadata.TryGetValue("case", out var name) ? name : RequestFields.ResourceOf(request, null);
        await AuditLog.AppendAsync(audit.Connection, audit.Transaction, AuditEntry(context, AuditAction.Denied, resource, request));
        await audit.CommitAsync(CancellationToken.None);
    }

    private AuditRecord AuditEntry(ServerCallContext context, AuditAction action, string resource, IMessage request) => new(
        Ids.NewId(), Now, CurrentCaller.Subject, string.Join(",", CurrentCaller.Roles.Order(StringComparer.Ordinal)),
        context.Method, resource, action.ToString(), RequestFields.RequestIdOf(request));

    /// <summary>An idempotent create: a retry with the same request_id and request gets the first
    /// result; the same id with another request is ALREADY_EXISTS. <paramref name="authorize"/> runs
    /// first, so a replayed request_id answers nobody who may not make the request.</summary>
    private static async Task<T> CreateOnceAsync<T>(CasesSession session, string? requestId, string operation, IMessage request,
        Func<Task> authorize, Func<Task<(string Name, T Result)>> create, Func<string, Task<T>> loadExisting, DateTime now)
    {
        await authorize();
        if (requestId is null)
        {
            return (await create()).Result;
        }
        var hash = RequestFields.RequestHash(request);
        var existing = await IdempotencyKeys.FindAsync(session.Connection, session.Transaction, requestId, operation, hash);
        if (existing is not null)
        {
            return await loadExisting(existing);
        }
        var (name, result) = await create();
        await IdempotencyKeys.RecordAsync(session.Connection, session.Transaction, requestId, operation, hash, name, now);
        return result;
    }

    private static async Task<CaseRecord> RequireCaseAsync(CasesSession s, CaseKey key, bool forUpdate = false) =>
        await s.GetCaseAsync(key, forUpdate) ?? throw new NotFoundException(key.Name);

    /// <summary>Loads a case to change it or add to it: locks the row, and the caller must handle
    /// cases of its unit.</summary>
    private async Task<CaseRecord> ManageCaseAsync(CasesSession s, CaseKey key)
    {
        var c = await RequireCaseAsync(s, key, forUpdate: true);
        EnsureHandles(c.Unit, c.Key.Name);
        return c;
    }

    private void EnsureHandles(string unit, string? caseName = null)
    {
        if (!CurrentCaller.HandlesCasesOf(unit))
        {
            var error = new PermissionDeniedException("UNIT_NOT_SERVED",
                $"Only case handlers of unit {unit} may create or change its cases (the token's units claim must name it).");
            error.Metadata["unit"] = unit;
            if (caseName is not null)
            {
                error.Metadata["case"] = caseName;
            }
            throw error;
        }
    }

    /// <summary>Whether this caller sees the case's closed content; a closed case it sees is noted
    /// for the audit log.</summary>
    private bool Sees(CaseRecord c)
    {
        if (!c.Confidential)
        {
            return true;
        }
        if (CurrentCaller.HandlesCasesOf(c.Unit))
        {
            _closedReads.Add(c.Key.Name);
            return true;
        }
        return false;
    }

    private async Task<Case> CaseProtoAsync(CasesSession s, CaseRecord c) => (await CaseProtosAsync(s, [c]))[0];

    private async Task<IReadOnlyList<Case>> CaseProtosAsync(CasesSession s, IReadOnlyList<CaseRecord> cases)
    {
        if (cases.Count == 0)
        {
            return [];
        }
        var counts = await s.CountDocumentsAsync(cases.Select(c => c.Key.Id));
        return [.. cases.Select(c => Mapping.ToProto(c, counts.GetValueOrDefault(c.Key.Id), Sees(c)))];
    }
}
