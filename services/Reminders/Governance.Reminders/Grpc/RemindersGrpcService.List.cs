using Governance.Reminders.Data;
using Governance.Reminders.Domain;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Reminders.Grpc;

public sealed partial class RemindersGrpcService
{
    [RequiresAccess(RemindersAccess.Read)]
    public override Task<ReminderList> GetReminderList(GetReminderListRequest request, ServerCallContext context)
    {
        var bodyId = Input.Body(request.Body, "body");
        var v = new Validator();
        var asOf = Input.ListDate(v, "as_of", request.AsOf, Now);
        var horizon = Input.Horizon(v, "horizon_days", request.HorizonDays);
        v.ThrowIfInvalid();

        return _calls.ReadAsync(context, request, async s =>
        {
            var settings = await s.GetListSettingsAsync(bodyId);
            // The public view (the public minutes) shows closed reminders as outsiders see them, whoever asks.
            var readers = request.PublicView ? RemindersConfidentiality.Everyone : ForCaller;
            var reminders = readers.Reminders(await s.OpenRemindersAsync(bodyId));
            var sections = await ListSectionsAsync(s, bodyId, asOf!.Value, horizon);
            var composed = ReminderListLayout.Compose(settings,
                [.. reminders.Select(r => new ListedReminder(r.Record.Position, r.Record.Subject, r.Record.ExpectedTime, r.Record.Responsible))],
                sections.Select(x => x.Section).ToList(), asOf.Value, horizon);
            return Mapping.ToProto(composed, bodyId, asOf.Value, reminders.ToDictionary(r => r.Record.Position, r => r.Record),
                [.. sections.Select(x => x.Name)]);
        });
    }

    /// <summary>The body's calendar sections in order, each with its hand-made entries and the meetings
    /// of the body it follows from <paramref name="asOf"/> to the horizon: a fixed number of statements
    /// whatever the number of sections and meetings.</summary>
    private static async Task<IReadOnlyList<(string Name, ListSection Section)>> ListSectionsAsync(RemindersSession s, string bodyId,
        DateOnly asOf, int horizon)
    {
        var sections = await s.ListSectionsAsync(bodyId, afterPosition: 0, ListOrder.MaxSections);
        var followed = sections.Select(c => c.FollowedBody).Where(b => b.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var meetings = (await s.ForumMeetingsAsync(followed, asOf, asOf.AddDays(horizon))).ToLookup(m => m.BodyId, StringComparer.Ordinal);
        return [.. sections.Select(c => (c.Name, new ListSection(c.Title, c.LeadParagraphs,
            [.. c.Entries, .. c.FollowedBody.Length == 0 ? [] : meetings[c.FollowedBody].Select(ForumMeetings.Entry)],
            c.TrailingParagraphs)))];
    }
}
