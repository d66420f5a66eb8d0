using Google.Protobuf;
using Governance.Data.Audit;
using Governance.Data.Connections;
using Governance.Data.Idempotency;
using Governance.Meetings.Data;
using Governance.Meetings.Domain;
using Governance.Meetings.Journal;
using Governance.Meetings.V1;
using Governance.Messaging.Outbox;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Governance.Meetings.Grpc;

/// <summary>
/// governance.meetings.v1.MeetingsService. Each RPC validates its input, runs in one unit of work,
/// applies the domain rules and maps the result. Split by resource: Bodies, Meetings, Items,
/// Decisions, Minutes. What each RPC needs is declared on it with [RequiresAccess]; which bodies a
/// secretariat may change is checked where a row is loaded for a change (ManageBodyAsync,
/// ManageMeetingAsync), and which closed content a reader sees, where items and decisions are mapped.
/// </summary>
public sealed partial class MeetingsGrpcService(MeetingsStore store, TimeProvider clock, IHttpContextAccessor http, OutboxSignals outbox,
    JournalNumberCheck journalNumbers)
    : MeetingsService.MeetingsServiceBase
{
    private Caller? _caller;

    /// <summary>Who is calling (one service instance serves one call).</summary>
    private Caller CurrentCaller => _caller ??= Caller.From(http.HttpContext?.User ?? new System.Security.Claims.ClaimsPrincipal());

    /// <summary>The current instant to the microsecond, the precision PostgreSQL keeps, so what a write
    /// answers carries the same times as later reads of the row.</summary>
    private DateTime Now
    {
        get
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        }
    }

    /// <summary>Runs a change in one transaction, with its audit entry in the same transaction: the
    /// entry exists exactly when the change does. A unique-key race (a concurrent retry with the same
    /// request_id, or the same new id) is run once more, when the winner's row decides the answer.</summary>
    private async Task<T> WriteAsync<T>(ServerCallContext context, IMessage request, Func<MeetingsSession, Task<T>> work)
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
                outbox.For(MeetingsServiceRegistration.ServiceName).Notify();
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
    private async Task<T> ReadAsync<T>(ServerCallContext context, IMessage request, Func<MeetingsSession, Task<T>> work)
    {
        T result;
        try
        {
            await using var session = await store.BeginAsync(write: false, context.CancellationToken);
            result = await work(session);
            await session.CommitAsync(context.CancellationToken);
        }
        catch (PermissionDeniedException denied)
        {
            await AuditDeniedAsync(context, denied, request);
            throw;
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

    /// <summary>Resources whose closed content this call returned; audited when the read ends.</summary>
    private readonly SortedSet<string> _closedReads = new(StringComparer.Ordinal);

    private void ClosedContentRead(string resource) => _closedReads.Add(resource);

    private async Task AuditDeniedAsync(ServerCallContext context, PermissionDeniedException denied, IMessage request)
    {
        // The refusal is recorded on its own: what it refused never happened.
        await using var audit = await store.BeginAsync(write: true, CancellationToken.None);
        var resource = RequestFields.ResourceOf(request, null);
        await AuditLog.AppendAsync(audit.Connection, audit.Transaction, AuditEntry(context, AuditAction.Denied, resource, request));
        await audit.CommitAsync(CancellationToken.None);
    }

    private AuditRecord AuditEntry(ServerCallContext context, AuditAction action, string resource, IMessage request) => new(
        Identifiers.NewId(), Now, CurrentCaller.Subject, string.Join(",", CurrentCaller.Roles.Order(StringComparer.Ordinal)),
        context.Method, resource, action.ToString(), RequestFields.RequestIdOf(request));

    /// <summary>An idempotent create: a retry with the same request_id and request gets the first
    /// result; the same id with another request is ALREADY_EXISTS. <paramref name="authorize"/> runs
    /// first, so a replayed request_id answers nobody who may not make the request.</summary>
    private static async Task<T> CreateOnceAsync<T>(MeetingsSession session, string? requestId, string operation, IMessage request,
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

    /// <summary>Writes an event to the outbox in the change's own transaction: it is published exactly
    /// when the change commits (see Governance.Messaging.Outbox).</summary>
    private Task PublishAsync(MeetingsSession s, object message) => Outbox.AppendAsync(s.Connection, s.Transaction, message, Now);

    private static async Task<BodyRecord> RequireBodyAsync(MeetingsSession s, string id, bool forUpdate = false) =>
        await s.GetBodyAsync(id, forUpdate) ?? throw new NotFoundException(Identifiers.BodyName(id));

    private static async Task<MeetingRecord> RequireMeetingAsync(MeetingsSession s, string id, bool forUpdate = false) =>
        await s.GetMeetingAsync(id, forUpdate) ?? throw new NotFoundException(Identifiers.MeetingName(id));

    /// <summary>Loads a body to change it or what belongs to it: locks the row, and the caller must
    /// be the secretariat of that body.</summary>
    private async Task<BodyRecord> ManageBodyAsync(MeetingsSession s, string id)
    {
        var body = await RequireBodyAsync(s, id, forUpdate: true);
        EnsureManages(body.Id);
        return body;
    }

    /// <summary>Loads a meeting to change it or its agenda and decisions: locks the row, and the
    /// caller must be the secretariat of the meeting's body.</summary>
    private async Task<MeetingRecord> ManageMeetingAsync(MeetingsSession s, string id)
    {
        var meeting = await RequireMeetingAsync(s, id, forUpdate: true);
        EnsureManages(meeting.BodyId);
        return meeting;
    }

    private void EnsureManages(string bodyId)
    {
        if (!CurrentCaller.IsSecretariatOf(bodyId))
        {
            var error = new PermissionDeniedException("BODY_NOT_SERVED",
                $"Only the secretariat of {Identifiers.BodyName(bodyId)} may change it, its meetings, agendas and decisions.");
            error.Metadata["body"] = Identifiers.BodyName(bodyId);
            throw error;
        }
    }

    private static async Task<ItemRecord> RequireItemAsync(MeetingsSession s, string meetingId, string itemId)
    {
        var item = await s.GetItemAsync(itemId);
        return item is not null && item.MeetingId == meetingId
            ? item
            : throw new NotFoundException(Identifiers.ItemName(meetingId, itemId));
    }
}
