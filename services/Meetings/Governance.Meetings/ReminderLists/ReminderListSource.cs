using Governance.Meetings.V1;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Clients;
using Governance.ServiceDefaults.Errors;
using Grpc.Core;

namespace Governance.Meetings.ReminderLists;

/// <summary>
/// Reads a body's reminder list (Huskeliste) from the Reminders service, which owns it, for an agenda
/// item of kind REMINDER_LIST. The call carries the caller's own token (Reminders decides what the
/// caller may see), has a deadline, is retried while Reminders is UNAVAILABLE and stops at an open
/// circuit breaker (see Governance.ServiceDefaults.Clients). Called outside any transaction of this
/// service, so no database lock waits on the network.
/// </summary>
/// <param name="reminders">Makes the client of the Reminders service; null when this deployment has
/// none (no Reminders in the process and no Governance:Clients:Reminders:Address).</param>
public sealed class ReminderListSource(Func<RemindersService.RemindersServiceClient>? reminders)
{
    /// <summary>The list to keep with approved minutes. Fails (and so the approval changes nothing)
    /// when it cannot be read: UNAVAILABLE while Reminders is unreachable, FAILED_PRECONDITION when
    /// there is no Reminders service, PERMISSION_DENIED when Reminders will not show it to the caller.</summary>
    public async Task<ReminderListContent> ReadToKeepAsync(string bodyId, DateOnly asOf, bool publicView, DateTime now, CancellationToken cancellationToken)
    {
        if (reminders is null)
        {
            throw new FailedPreconditionException("REMINDERS_NOT_CONFIGURED",
                "The agenda has a reminder list (Huskeliste), and this installation has no Reminders service to read it from " +
                "(set Governance__Clients__Reminders__Address); the minutes cannot be approved without it.");
        }
        try
        {
            return Content(await ReadAsync(reminders(), bodyId, asOf, publicView, cancellationToken), ReminderListContentState.Kept, now);
        }
        catch (RpcException ex) when (ex.IsDependencyUnavailable())
        {
            throw ex.ToDependencyUnavailable("Reminders", "REMINDERS_UNAVAILABLE");
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
        {
            throw new PermissionDeniedException("REMINDER_LIST_NOT_READABLE",
                $"The Reminders service does not show you the reminder list of {Domain.Identifiers.BodyName(bodyId)}, which the approved minutes keep; " +
                "approve them with a token of the body's secretariat that the Reminders service accepts.");
        }
    }

    /// <summary>The list as it is now, for a draft: when it cannot be read (Reminders unreachable or
    /// absent, or refusing this reader) the item says so rather than failing the whole read.</summary>
    public async Task<ReminderListContent> ReadLiveAsync(string bodyId, DateOnly asOf, bool publicView, DateTime now, CancellationToken cancellationToken)
    {
        if (reminders is null)
        {
            return Unavailable(bodyId, asOf);
        }
        try
        {
            return Content(await ReadAsync(reminders(), bodyId, asOf, publicView, cancellationToken), ReminderListContentState.Live, now);
        }
        catch (RpcException ex) when (ex.IsDependencyUnavailable() || ex.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
        {
            return Unavailable(bodyId, asOf);
        }
    }

    private static async Task<Reminders.V1.ReminderList> ReadAsync(RemindersService.RemindersServiceClient client, string bodyId, DateOnly asOf,
        bool publicView, CancellationToken cancellationToken) =>
        await client.GetReminderListAsync(new GetReminderListRequest
        {
            Body = Domain.Identifiers.BodyName(bodyId),
            AsOf = Date(asOf),
            PublicView = publicView,
        }, cancellationToken: cancellationToken);

    private static ReminderListContent Content(Reminders.V1.ReminderList list, ReminderListContentState state, DateTime now)
    {
        var content = new ReminderListContent
        {
            State = state,
            Body = list.Body,
            AsOf = list.AsOf,
            SubjectHeading = list.SubjectHeading,
            TimeHeading = list.TimeHeading,
            ResponsibleHeading = list.ResponsibleHeading,
            Text = list.Text,
            ReadTime = Grpc.Mapping.Ts(now),
        };
        content.Rows.AddRange(list.Groups.SelectMany(g => g.Rows.Select(r => new ReminderListContentRow
        {
            Group = g.Heading,
            Subject = r.Subject,
            TimeText = r.TimeText,
            ResponsibleText = r.ResponsibleText,
            Reminder = r.Reminder,
        })));
        return content;
    }

    private static ReminderListContent Unavailable(string bodyId, DateOnly asOf) => new()
    {
        State = ReminderListContentState.Unavailable,
        Body = Domain.Identifiers.BodyName(bodyId),
        AsOf = Date(asOf),
    };

    private static Google.Type.Date Date(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}
