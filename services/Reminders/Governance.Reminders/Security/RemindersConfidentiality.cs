using Governance.Reminders.Domain;
using Governance.ServiceDefaults.Security;

namespace Governance.Reminders.Security;

/// <summary>A record as an audience may see it: the record itself, or what a closed reminder shows
/// outsiders (<see cref="ClosedReminder"/>) with <see cref="Redacted"/> set. Made only by
/// <see cref="RemindersConfidentiality"/>, so nothing is mapped that did not pass the policy.</summary>
public sealed record Seen<T>
{
    internal Seen(T record, bool redacted) => (Record, Redacted) = (record, redacted);

    public T Record { get; }

    public bool Redacted { get; }
}

/// <summary>
/// The one confidentiality policy of Reminders: what an audience may see of a closed (lukket)
/// reminder. Only the members and the secretariat of the list's body read its content
/// (<see cref="RemindersCaller.SeesClosedOf"/>); everyone else sees it as <see cref="ClosedReminder"/>
/// leaves it. Every read path (get, list, the printed list, the calendar, the occurrence marks) goes through here. A caller's policy
/// reports each closed reminder whose content it let through, so the read is audited.
/// </summary>
public sealed class RemindersConfidentiality
{
    private readonly Func<string, bool> _readsClosedOf;
    private readonly Action<string> _closedContentRead;

    private RemindersConfidentiality(Func<string, bool> readsClosedOf, Action<string> closedContentRead)
    {
        _readsClosedOf = readsClosedOf;
        _closedContentRead = closedContentRead;
    }

    /// <summary>An audience that reads no closed content (events, feeds of outsiders).</summary>
    public static readonly RemindersConfidentiality Everyone = new(_ => false, _ => { });

    /// <summary>What <paramref name="caller"/> may see; <paramref name="closedContentRead"/> hears of
    /// every closed reminder whose content it is shown.</summary>
    public static RemindersConfidentiality For(Caller caller, Action<string> closedContentRead) =>
        new(caller.SeesClosedOf, closedContentRead);

    /// <summary>What a secret calendar feed shows (anonymous readers): the closed reminders of its body
    /// only when its owner could read them when it was created.</summary>
    public static RemindersConfidentiality ForFeed(CalendarFeedRecord feed, Action<string> closedContentRead) =>
        new(bodyId => feed.ShowsClosed && bodyId == feed.BodyId, closedContentRead);

    /// <summary>Whether this audience reads the reminder's content (always, for one that is not closed).</summary>
    public bool Sees(ReminderRecord r)
    {
        if (!r.Closed)
        {
            return true;
        }
        if (!_readsClosedOf(r.BodyId))
        {
            return false;
        }
        _closedContentRead(r.Name);
        return true;
    }

    public Seen<ReminderRecord> Reminder(ReminderRecord r) => Sees(r) ? new(r, false) : new(ClosedReminder.Redacted(r), true);

    public IReadOnlyList<Seen<ReminderRecord>> Reminders(IEnumerable<ReminderRecord> reminders) => [.. reminders.Select(Reminder)];

    /// <summary>The marks of <paramref name="reminder"/>'s occurrences as any audience may see them:
    /// all of them, whoever reads. A mark is an occurrence's time, done or skipped, and who marked it
    /// when: what a closed reminder shows outsiders anyway (its time, who changed its state). It holds
    /// none of the closed content, so reading it is no closed read and is not audited as one. Marks of
    /// another reminder are not passed.</summary>
    public static IReadOnlyList<Seen<OccurrenceMarkRecord>> OccurrenceMarks(ReminderRecord reminder, IEnumerable<OccurrenceMarkRecord> marks)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return [.. marks.Where(m => m.ReminderId == reminder.Id && m.BodyId == reminder.BodyId).Select(m => new Seen<OccurrenceMarkRecord>(m, false))];
    }
}
