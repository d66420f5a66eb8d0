using Governance.Data.UnitOfWork;
using Governance.Meetings.Data;
using Governance.Meetings.Domain;
using Governance.Meetings.Events;
using Governance.Meetings.Journal;
using Governance.Meetings.ReminderLists;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.Messaging.Outbox;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;

namespace Governance.Meetings.Grpc;

/// <summary>
/// governance.meetings.v1.MeetingsService, split by resource: Bodies, Meetings, Items, Decisions,
/// Minutes (and Audit). Each RPC reads top to bottom: parse and validate the request (Input), then in
/// one audited unit of work (<see cref="AuditedCalls{TSession}"/>; an idempotent create through its
/// CreateOnceAsync) load and authorize, let a plain function of Domain/ decide (no I/O), save, publish
/// the events and map the answer (Mapping). What each RPC needs is declared on it with [RequiresAccess];
/// which bodies a secretariat may change is checked where a row is loaded for a change
/// (ManageBodyAsync, ManageMeetingAsync); what a reader sees of closed items is
/// <see cref="MeetingsConfidentiality"/>, applied and audited in MeetingsGrpcService.Confidentiality.cs.
/// </summary>
public sealed partial class MeetingsGrpcService(MeetingsStore store, TimeProvider clock, IHttpContextAccessor http, OutboxSignals outbox,
    JournalNumberCheck journalNumbers, ReminderListSource reminderLists)
    : MeetingsService.MeetingsServiceBase
{
    /// <summary>Runs this call's units of work with their audit entries; wakes the outbox relay after
    /// a change, since changes may write events.</summary>
    private readonly AuditedCalls<MeetingsSession> _calls = new(store.BeginAsync, store.Database.Dialect, clock,
        () => Caller.From(http.HttpContext?.User ?? new System.Security.Claims.ClaimsPrincipal()),
        afterCommit: () => outbox.For(MeetingsServiceRegistration.ServiceName).Notify());

    /// <summary>Who is calling (one service instance serves one call).</summary>
    private Caller CurrentCaller => _calls.Caller;

    private DateTime Now => _calls.Now;

    /// <summary>Writes an event to the outbox in the change's own transaction: it is published exactly
    /// when the change commits, after the earlier events of its meeting (see Governance.Messaging.Outbox).
    /// The row goes out with the call's other final inserts, just before the commit (DbSession.Tail).</summary>
    private Task PublishAsync(MeetingsSession s, IMeetingEvent message)
    {
        Outbox.Queue(s.Tail, message, message.Meeting, Now);
        return Task.CompletedTask;
    }

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

    /// <summary>As <see cref="ManageMeetingAsync"/>, with the meeting's body read in the same statement
    /// (for a change whose event names the body).</summary>
    private async Task<(MeetingRecord Meeting, BodyRecord Body)> ManageMeetingAndBodyAsync(MeetingsSession s, string id)
    {
        var (meeting, body) = await s.GetMeetingAndBodyAsync(id, forUpdate: true) ?? throw new NotFoundException(Identifiers.MeetingName(id));
        EnsureManages(meeting.BodyId);
        return (meeting, body ?? throw new NotFoundException(Identifiers.BodyName(meeting.BodyId)));
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
