using Governance.Data.Concurrency;
using Governance.Meetings.Data;
using Governance.Meetings.Domain;
using Governance.Meetings.Minutes;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using Grpc.Core;

namespace Governance.Meetings.Grpc;

/// <summary>
/// The body's reminder list (Huskeliste) in an item of kind REMINDER_LIST: read from the Reminders
/// service, always outside this service's transactions. A draft shows it live, as its reader may see
/// it; at approval it is read for both audiences and kept with the approved minutes, and from then
/// on the item shows what was kept.
/// </summary>
public sealed partial class MeetingsGrpcService
{
    /// <summary>The list of both audiences, read before an approval's transaction; null when the
    /// agenda has no reminder list.</summary>
    private sealed record KeptReminderLists(ReminderListContent Members, ReminderListContent Public)
    {
        public ReminderListContent For(Audience audience) => audience == Audience.Members ? Members : Public;
    }

    /// <summary>The date a meeting's reminder list is printed for: the meeting's own date.</summary>
    private static DateOnly ListDate(MeetingRecord meeting) => DateOnly.FromDateTime(meeting.StartLocal);

    /// <summary>Before approving: checks, as the approval will, that the caller may approve the
    /// minutes now, and reads the reminder list for both audiences with the caller's token. When
    /// Reminders cannot give it the approval fails here, before anything is changed.</summary>
    private async Task<KeptReminderLists?> ReminderListsToKeepAsync(ServerCallContext context, ApproveMinutesRequest request, string meetingId)
    {
        var meeting = await _calls.ReadAsync(context, request, async s =>
        {
            var found = await RequireMeetingAsync(s, meetingId);
            EnsureManages(found.BodyId);
            Etags.Check(request.Etag, found.Version, Identifiers.MeetingName(meetingId));
            MeetingRules.ApproveMinutes(found, Now);
            return (await s.ListItemsAsync(meetingId)).Any(i => i.Kind == ItemKind.ReminderList) ? found : null;
        });
        if (meeting is null)
        {
            return null;
        }
        var ct = context.CancellationToken;
        return new KeptReminderLists(
            await reminderLists.ReadToKeepAsync(meeting.BodyId, ListDate(meeting), publicView: false, Now, ct),
            await reminderLists.ReadToKeepAsync(meeting.BodyId, ListDate(meeting), publicView: true, Now, ct));
    }

    /// <summary>Draft minutes with the live list in the entries that show it; other minutes as they are.</summary>
    private async Task<V1.Minutes> WithLiveReminderListAsync(V1.Minutes minutes, string bodyId, CancellationToken ct)
    {
        if (minutes.Status != MinutesStatus.Draft || !minutes.Items.Any(MinutesComposer.ShowsReminderList))
        {
            return minutes;
        }
        var start = minutes.Header.Start;
        var list = await reminderLists.ReadLiveAsync(bodyId, new DateOnly(start.Year, start.Month, start.Day),
            publicView: minutes.Audience == Audience.Public, Now, ct);
        return MinutesComposer.WithReminderList(minutes, list);
    }

    /// <summary>The lists kept with the approved minutes for the items of kind REMINDER_LIST among
    /// <paramref name="items"/>, by item name: from the record of the audience the caller belongs to
    /// (the members' when the caller sees the body's closed content). Empty before approval.</summary>
    private async Task<IReadOnlyDictionary<string, ReminderListContent>> KeptReminderListsAsync(MeetingsSession s, MeetingRecord meeting,
        IReadOnlyList<AgendaItem> items)
    {
        if (meeting.State != MeetingState.MinutesApproved || !items.Any(i => i.Kind == ItemKind.ReminderList))
        {
            return new Dictionary<string, ReminderListContent>();
        }
        var audience = Confidentiality.SeesClosedOf(meeting.BodyId) ? Audience.Members : Audience.Public;
        var record = await s.GetApprovedMinutesAsync(meeting.Id, audience);
        return (record?.Items ?? []).Where(e => e.ReminderList is not null).ToDictionary(e => e.Item, e => e.ReminderList);
    }

    /// <summary>Fills the list into the items of kind REMINDER_LIST: what was kept at approval, else
    /// the list as the caller may see it now (read once for all of them).</summary>
    private async Task ShowReminderListsAsync(MeetingRecord meeting, IEnumerable<AgendaItem> items,
        IReadOnlyDictionary<string, ReminderListContent> kept, CancellationToken ct)
    {
        ReminderListContent? live = null;
        foreach (var item in items.Where(i => i.Kind == ItemKind.ReminderList))
        {
            item.ReminderList = kept.TryGetValue(item.Name, out var k)
                ? k
                : live ??= await reminderLists.ReadLiveAsync(meeting.BodyId, ListDate(meeting), publicView: false, Now, ct);
        }
    }

    /// <summary>In the approval's transaction: the agenda read there must still be the one whose list
    /// was read before it (a held meeting's agenda cannot change, so this holds unless the approval
    /// raced another change of the meeting).</summary>
    private static void EnsureListsRead(IReadOnlyList<ItemRecord> items, KeptReminderLists? lists)
    {
        if (lists is null && items.Any(i => i.Kind == ItemKind.ReminderList))
        {
            throw new FailedPreconditionException("AGENDA_CHANGED",
                "The agenda changed while the minutes were being approved; read the meeting again and retry.");
        }
    }
}
