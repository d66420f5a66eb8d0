using System.Diagnostics;
using Governance.Cases.Data;
using Governance.Cases.Domain;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.Data.UnitOfWork;
using Governance.Cases.Events;
using Governance.Messaging.Outbox;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;

namespace Governance.Cases.Grpc;

/// <summary>
/// governance.cases.v1.CasesService, one partial file per resource. Each RPC reads top to bottom:
/// parse and validate the request (<see cref="Input"/>), load and authorize in one unit of work
/// (<see cref="ManageCaseAsync"/>: the caller must handle the unit's cases), a domain decision
/// (<c>Domain/</c>, no I/O), save, events (<see cref="Publishing.CaseEvents"/>, into the outbox), and
/// map what the caller may see (<see cref="CasesConfidentiality"/>, then <see cref="Mapping"/>). What
/// each RPC needs is declared on it with [RequiresAccess].
/// </summary>
public sealed partial class CasesGrpcService(CasesStore store, TimeProvider clock, IHttpContextAccessor http, OutboxSignals outbox)
    : CasesService.CasesServiceBase
{
    /// <summary>Runs this call's units of work with their audit entries; wakes the outbox relay after
    /// a change, since changes may write events. A refusal names the case it was about.</summary>
    private readonly AuditedCalls<CasesSession> _calls = new(store.BeginAsync, store.Database.Dialect, clock,
        () => Caller.From(http.HttpContext?.User ?? new System.Security.Claims.ClaimsPrincipal()),
        afterCommit: () => outbox.For(CasesServiceRegistration.ServiceName).Notify(),
        deniedResource: denied => denied.Metadata.TryGetValue("case", out var name) ? name : null);

    private CasesConfidentiality? _forCaller;

    /// <summary>Who is calling (one service instance serves one call).</summary>
    private Caller CurrentCaller => _calls.Caller;

    /// <summary>What the caller may see of closed cases; closed content it is shown is audited.</summary>
    private CasesConfidentiality ForCaller => _forCaller ??= CasesConfidentiality.For(CurrentCaller, _calls.ClosedContentRead);

    private DateTime Now => _calls.Now;

    private static string TraceId => Activity.Current?.TraceId.ToHexString() ?? "";

    /// <summary>Writes an event to the outbox in the change's own transaction: it is published exactly
    /// when the change commits, after the earlier events of its case (see Governance.Messaging.Outbox).
    /// The row goes out with the call's other final inserts, just before the commit (DbSession.Tail).</summary>
    private static Task PublishAsync(CasesSession s, ICaseEvent message, DateTime at)
    {
        Outbox.Queue(s.Tail, message, message.Case, at);
        return Task.CompletedTask;
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

    /// <summary>An entry of the case's own timeline, made by this call's caller.</summary>
    private TimelineRecord OwnEntry(CaseKey key, TimelineEntryKind kind, DateTime at, string text, string resource = "") => new()
    {
        Id = Ids.NewId(),
        Case = key,
        Kind = kind,
        OccurredAt = at,
        Text = text,
        Actor = CurrentCaller.Subject,
        Resource = resource,
        TraceId = TraceId,
    };

    private async Task<Case> CaseProtoAsync(CasesSession s, CaseRecord c) => (await CaseProtosAsync(s, [c]))[0];

    private async Task<IReadOnlyList<Case>> CaseProtosAsync(CasesSession s, IReadOnlyList<CaseRecord> cases)
    {
        if (cases.Count == 0)
        {
            return [];
        }
        var counts = await s.CountDocumentsAsync(cases.Select(c => c.Key.Id));
        return [.. cases.Select(c => Mapping.ToProto(ForCaller.Case(c), counts.GetValueOrDefault(c.Key.Id)))];
    }
}
