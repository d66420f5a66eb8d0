using Google.Protobuf;
using Governance.Audit.V1;
using Governance.Data.Audit;
using Governance.Data.Connections;
using Governance.Data.Idempotency;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Data.UnitOfWork;

/// <summary>
/// How a gRPC service runs its calls on its store, with the audit log every contract documents: a
/// change and its CHANGE entry in one transaction, closed content a read returned audited after the
/// read, and a refusal audited as DENIED on its own. One instance serves one call, like the service
/// instance that creates it: it remembers the caller and the call's closed-content reads.
/// </summary>
/// <param name="begin">Starts a unit of work on the service's store (write: take the lock up front).</param>
/// <param name="dialect">The store's dialect, to tell a unique-key race from other failures.</param>
/// <param name="clock">The service's clock; audit entries and idempotency keys take their time from it.</param>
/// <param name="caller">Who is calling; asked once.</param>
/// <param name="afterCommit">Runs after a change commits (e.g. wakes the outbox relay).</param>
/// <param name="deniedResource">The resource a refusal names, when the request alone does not say it;
/// null falls back to the request's resource.</param>
public sealed class AuditedCalls<TSession>(
    Func<bool, CancellationToken, Task<TSession>> begin,
    StoreDialect dialect,
    TimeProvider clock,
    Func<Caller> caller,
    Action? afterCommit = null,
    Func<PermissionDeniedException, string?>? deniedResource = null)
    where TSession : DbSession
{
    // The names the audit log stores: the shared contract's AuditAction, as C# spells it.
    private const string Change = nameof(AuditAction.Change);
    private const string ClosedContent = nameof(AuditAction.ClosedContentRead);
    private const string Denied = nameof(AuditAction.Denied);

    /// <summary>Resources whose closed content this call returned; audited when the read ends.</summary>
    private readonly SortedSet<string> _closedReads = new(StringComparer.Ordinal);
    private Caller? _caller;
    private (string Resource, string Detail)? _described;

    public Caller Caller => _caller ??= caller();

    /// <summary>The current instant to the microsecond, the precision PostgreSQL keeps, so what a write
    /// answers carries the same times as later reads of the row.</summary>
    public DateTime Now
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
    public async Task<T> WriteAsync<T>(ServerCallContext context, IMessage request, Func<TSession, Task<T>> work)
        where T : IMessage
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = await begin(true, context.CancellationToken);
                var result = await work(session);
                // Sent with the call's other final inserts (outbox rows, idempotency key) by the commit.
                AuditLog.Queue(session.Tail, [Entry(context, Change, _described?.Resource ?? RequestFields.ResourceOf(request, result), request, _described?.Detail)]);
                await session.CommitAsync(context.CancellationToken);
                afterCommit?.Invoke();
                _closedReads.Clear();
                return result;
            }
            catch (Exception ex) when (attempt == 1 && dialect.IsUniqueViolation(ex))
            {
            }
            catch (PermissionDeniedException denied)
            {
                await AuditDeniedAsync(context, denied, request);
                throw;
            }
            catch (Exception ex) when (dialect.IsUnavailable(ex))
            {
                throw StoreUnavailable(ex);
            }
        }
    }

    /// <summary>The service's own database did not answer (in time): UNAVAILABLE, never INTERNAL. Nothing
    /// was changed (the transaction did not commit), so trying again is safe.</summary>
    private static DependencyUnavailableException StoreUnavailable(Exception cause) =>
        new("DATABASE_UNAVAILABLE", $"The service's database did not answer in time ({cause.GetType().Name}); please try again shortly.", "database");

    /// <summary>Runs a read. If it returned closed content, that read is audited afterwards.</summary>
    public async Task<T> ReadAsync<T>(ServerCallContext context, IMessage request, Func<TSession, Task<T>> work)
    {
        T result;
        try
        {
            await using var session = await begin(false, context.CancellationToken);
            result = await work(session);
            await session.CommitAsync(context.CancellationToken);
        }
        catch (PermissionDeniedException denied)
        {
            await AuditDeniedAsync(context, denied, request);
            throw;
        }
        catch (Exception ex) when (dialect.IsUnavailable(ex))
        {
            throw StoreUnavailable(ex);
        }
        if (_closedReads.Count > 0)
        {
            await using var audit = await begin(true, context.CancellationToken);
            await AuditLog.AppendAllAsync(audit.Connection, audit.Transaction,
                [.. _closedReads.Select(resource => Entry(context, ClosedContent, resource, request))]);
            await audit.CommitAsync(context.CancellationToken);
        }
        return result;
    }

    /// <summary>Names the resource a change's entry is about and says in words what the change was, where
    /// the request and the answer do not (e.g. an import: which meeting, created or replaced, from where).
    /// A refusal names the resource described so far. At most 1,000 characters of the detail are kept.</summary>
    public void Describe(string resource, string detail) =>
        _described = (resource, detail.Length > 1000 ? detail[..1000] : detail);

    /// <summary>Notes that the call returned closed content of <paramref name="resource"/>.</summary>
    public void ClosedContentRead(string resource) => _closedReads.Add(resource);

    /// <summary>An idempotent create, as one audited change (see <see cref="WriteAsync"/>): a retry with
    /// the same request_id and request gets the first result; the same id with another request is
    /// ALREADY_EXISTS. The operation is the RPC's method name. Reads as the handler means it:
    /// <code>
    /// _calls.CreateOnceAsync(context, request, requestId,
    ///     authorize: s => ManageMeetingAsync(s, meetingId),
    ///     create: s => RecordAsync(s, ...),
    ///     loadExisting: (s, name) => DecisionProtoAsync(s, name));
    /// </code></summary>
    /// <param name="context">The call; its method name is the idempotency operation.</param>
    /// <param name="request">The request, hashed to tell a retry from another request with the same id.</param>
    /// <param name="requestId">The request's normalized request_id; null makes a plain create.</param>
    /// <param name="authorize">Runs first, so a replayed request_id answers nobody who may not make the request.</param>
    /// <param name="create">Makes the resource; returns its name (kept with the request_id) and the answer.</param>
    /// <param name="loadExisting">Answers a retry from the name the first request created.</param>
    public Task<T> CreateOnceAsync<T>(ServerCallContext context, IMessage request, string? requestId,
        Func<TSession, Task> authorize, Func<TSession, Task<(string Name, T Result)>> create, Func<TSession, string, Task<T>> loadExisting)
        where T : IMessage
    {
        var operation = context.Method[(context.Method.LastIndexOf('/') + 1)..];
        return WriteAsync(context, request, s =>
            CreateOnceInSessionAsync(s, requestId, operation, request, () => authorize(s), () => create(s), name => loadExisting(s, name)));
    }

    /// <summary>The idempotent create inside the change's session (see the public overload).</summary>
    private async Task<T> CreateOnceInSessionAsync<T>(TSession session, string? requestId, string operation, IMessage request,
        Func<Task> authorize, Func<Task<(string Name, T Result)>> create, Func<string, Task<T>> loadExisting)
    {
        var now = Now;
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
        IdempotencyKeys.Queue(session.Tail, requestId, operation, hash, name, now);
        return result;
    }

    private async Task AuditDeniedAsync(ServerCallContext context, PermissionDeniedException denied, IMessage request)
    {
        // The refusal is recorded on its own: what it refused never happened.
        await using var audit = await begin(true, CancellationToken.None);
        var resource = deniedResource?.Invoke(denied) ?? _described?.Resource ?? RequestFields.ResourceOf(request, null);
        await AuditLog.AppendAsync(audit.Connection, audit.Transaction, Entry(context, Denied, resource, request));
        await audit.CommitAsync(CancellationToken.None);
    }

    private AuditRecord Entry(ServerCallContext context, string action, string resource, IMessage request, string? detail = null) => new(
        Guid.CreateVersion7().ToString("N"), Now, Caller.Subject, string.Join(",", Caller.Roles.Order(StringComparer.Ordinal)),
        context.Method, resource, action, RequestFields.RequestIdOf(request), detail);
}
