using Governance.Reminders.Domain;
using Governance.Reminders.Events;

namespace Governance.Reminders.Publishing;

/// <summary>The events of the Reminders service, made from the reminder and the occurrence a sweep
/// found. Events reach every subscriber: a closed (lukket) reminder travels without its subject.</summary>
public static class ReminderEvents
{
    public static IReminderEvent Of(DueNotice notice, ReminderRecord r, DateTime now)
    {
        var o = notice.Occurrence;
        var subject = r.Closed ? null : r.Subject;
        var units = r.Responsible.Units();
        return notice.Kind == DueNoticeKind.Due
            ? new ReminderDue(r.Name, ReminderNames.Body(r.BodyId), subject, r.Closed, o.Key, Utc(o.DueAtUtc), Utc(o.OverdueAtUtc), units,
                Utc(now), r.Version)
            : new ReminderOverdue(r.Name, ReminderNames.Body(r.BodyId), subject, r.Closed, o.Key, Utc(o.DueAtUtc), Utc(o.OverdueAtUtc), units,
                Utc(now), r.Version);
    }

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
