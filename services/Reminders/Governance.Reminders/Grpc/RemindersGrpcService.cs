using Governance.Data.UnitOfWork;
using Governance.Messaging.Outbox;
using Governance.Reminders.Data;
using Governance.Reminders.Domain;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;

namespace Governance.Reminders.Grpc;

/// <summary>
/// governance.reminders.v1.RemindersService, one partial file per resource. Each RPC reads top to
/// bottom: parse and validate the request (<see cref="Input"/>), load and authorize in one unit of work
/// (<see cref="KeepListAsync"/>: the caller must keep the body's list, and the list is locked), a
/// domain decision (<c>Domain/</c>, no I/O), save, and map what the caller may see
/// (<see cref="RemindersConfidentiality"/>, then <see cref="Mapping"/>). What each RPC needs is
/// declared on it with [RequiresAccess].
/// </summary>
public sealed partial class RemindersGrpcService(RemindersStore store, TimeProvider clock, IHttpContextAccessor http, OutboxSignals outbox)
    : RemindersService.RemindersServiceBase
{
    /// <summary>Runs this call's units of work with their audit entries; wakes the outbox relay after
    /// a change. A refusal names the body it was about.</summary>
    private readonly AuditedCalls<RemindersSession> _calls = new(store.BeginAsync, store.Database.Dialect, clock,
        () => Caller.From(http.HttpContext?.User ?? new System.Security.Claims.ClaimsPrincipal()),
        afterCommit: () => outbox.For(RemindersServiceRegistration.ServiceName).Notify(),
        deniedResource: denied => denied.Metadata.TryGetValue("body", out var name) ? name : null);

    private RemindersConfidentiality? _forCaller;

    private Caller CurrentCaller => _calls.Caller;

    /// <summary>What the caller may see of closed reminders; closed content it is shown is audited.</summary>
    private RemindersConfidentiality ForCaller => _forCaller ??= RemindersConfidentiality.For(CurrentCaller, _calls.ClosedContentRead);

    private DateTime Now => _calls.Now;

    /// <summary>The year of today in Copenhagen: a list printed today shows dates of this year without it.</summary>
    private int ThisYear => CopenhagenTime.ToLocal(Now).Year;

    /// <summary>Locks the body's list to change it: the caller must keep it (the secretariat of the
    /// body). Returns the list's settings.</summary>
    private async Task<ListSettingsRecord> KeepListAsync(RemindersSession s, string bodyId)
    {
        EnsureKeeps(bodyId);
        return await s.LockListAsync(bodyId);
    }

    private void EnsureKeeps(string bodyId)
    {
        if (!CurrentCaller.KeepsListOf(bodyId))
        {
            var error = new PermissionDeniedException("BODY_NOT_SERVED",
                $"Only the secretariat of {ReminderNames.Body(bodyId)} may change its reminder list (the token's bodies claim must name it).");
            error.Metadata["body"] = ReminderNames.Body(bodyId);
            throw error;
        }
    }

    private static async Task<ReminderRecord> RequireReminderAsync(RemindersSession s, string bodyId, string id, bool forUpdate = false) =>
        await s.GetReminderAsync(bodyId, id, forUpdate) ?? throw new NotFoundException(ReminderNames.Reminder(bodyId, id));

    private static async Task<CalendarSectionRecord> RequireSectionAsync(RemindersSession s, string bodyId, string id, bool forUpdate = false) =>
        await s.GetSectionAsync(bodyId, id, forUpdate) ?? throw new NotFoundException(ReminderNames.CalendarSection(bodyId, id));

    private Reminder ReminderProto(ReminderRecord r) => Mapping.ToProto(ForCaller.Reminder(r), ThisYear);
}
