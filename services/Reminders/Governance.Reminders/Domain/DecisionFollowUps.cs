using Governance.Reminders.V1;
using static Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Reminders.Domain;

/// <summary>A follow-up (opfølgning) of a decision: what, which unit, by when.</summary>
public sealed record FollowUp(string Description, string Unit, DateOnly? DueDate);

/// <summary>What a DecisionRecorded event says that reminders need. <see cref="Closed"/>: the item is
/// closed, so the event carries no follow-ups.</summary>
public sealed record DecisionFacts(string Decision, string? Corrects, string Meeting, string BodyId, string JournalNumber, bool Closed,
    IReadOnlyList<FollowUp> FollowUps, DateTime OccurredAt);

/// <summary>What to do with a body's list for one version of a decision. <see cref="Reopened"/>: reminders
/// an earlier version dropped whose follow-up number the decision has again; open again, each still to be
/// given its place (last on the list).</summary>
public sealed record FollowUpPlan(IReadOnlyList<ReminderDraft> New, IReadOnlyList<string> NewKeys, IReadOnlyList<ReminderRecord> Changed,
    IReadOnlyList<(ReminderRecord Before, ReminderRecord After)> Dropped, IReadOnlyList<ReminderRecord> Reopened);

/// <summary>
/// Reminders made from decisions: each follow-up of a decision becomes one reminder on the list of
/// the decision's body. A decision edited (published again) or corrected (a new decision that
/// corrects it) updates those reminders in place instead of adding new ones: they are all kept under
/// the first decision of the chain (<see cref="ReminderRecord.Source"/>), one per follow-up number.
/// A follow-up the newer version no longer has is dropped from the list (and comes back, last, when a
/// later version has that follow-up number again). An older version arriving after a newer one changes nothing.
/// </summary>
public static class DecisionFollowUps
{
    /// <summary>Who changes a reminder's state on behalf of the Meetings service.</summary>
    public const string Actor = "meetings";

    public static string Key(string source, int number) => $"{source}#follow-up-{number}";

    /// <summary>The first decision of the chain <paramref name="d"/> belongs to: its own name, or for a
    /// correction the source of the reminders of the decision it corrects (or that decision).</summary>
    public static string SourceOf(DecisionFacts d, string? sourceOfCorrected) => d.Corrects is null ? d.Decision : sourceOfCorrected ?? d.Corrects;

    public static FollowUpPlan Plan(DecisionFacts d, string source, IReadOnlyList<ReminderRecord> existing, DateTime now)
    {
        if (existing.Any(r => r.SourceAt > d.OccurredAt))
        {
            return new FollowUpPlan([], [], [], [], []);
        }
        if (d.Closed)
        {
            // A closed item's event carries no follow-ups: what was made before is kept, but closed.
            return new FollowUpPlan([], [], [.. existing.Where(r => !r.Closed).Select(r => r with { Closed = true, SourceAt = d.OccurredAt, Version = r.Version + 1, UpdatedAt = now })], [], []);
        }
        var byKey = existing.Where(r => r.SourceKey is not null).ToDictionary(r => r.SourceKey!, StringComparer.Ordinal);
        var drafts = new List<ReminderDraft>();
        var keys = new List<string>();
        var changed = new List<ReminderRecord>();
        var reopened = new List<ReminderRecord>();
        for (var i = 0; i < d.FollowUps.Count; i++)
        {
            var key = Key(source, i + 1);
            var draft = Draft(d, d.FollowUps[i]);
            if (byKey.Remove(key, out var r))
            {
                var updated = r with
                {
                    Subject = draft.Subject,
                    Responsible = draft.Responsible,
                    ExpectedTime = draft.ExpectedTime,
                    Notes = draft.Notes,
                    Closed = false,
                    JournalNumber = draft.JournalNumber,
                    Meeting = draft.Meeting,
                    Decision = draft.Decision,
                    SourceAt = d.OccurredAt,
                    NextDueAt = r.State == ReminderState.Open ? ReminderEdits.NextDue(draft.ExpectedTime, now) : null,
                    Version = r.Version + 1,
                    UpdatedAt = now,
                };
                if (r.State == ReminderState.Dropped && r.StateChangedBy == Actor)
                {
                    // Dropped because an earlier version lacked this follow-up: the decision has it again. One
                    // done or dropped by a person stays as they left it.
                    reopened.Add(updated with
                    {
                        State = ReminderState.Open,
                        StateChangedBy = Actor,
                        StateChangedAt = now,
                        NextDueAt = ReminderEdits.NextDue(draft.ExpectedTime, now),
                    });
                }
                else
                {
                    changed.Add(updated);
                }
            }
            else
            {
                drafts.Add(draft);
                keys.Add(key);
            }
        }
        var dropped = byKey.Values.Where(r => r.State == ReminderState.Open)
            .Select(r => (r, ReminderLifecycle.Change(r, ReminderState.Dropped, Actor, now, 0) with { SourceAt = d.OccurredAt }))
            .ToList();
        return new FollowUpPlan(drafts, keys, changed, dropped, reopened);
    }

    /// <summary>The reminder a follow-up makes: its description as subject (cut at 500 characters, the
    /// whole text then in the notes), its unit responsible, its due date expected (none: "").</summary>
    public static ReminderDraft Draft(DecisionFacts d, FollowUp f)
    {
        const int subjectMax = 500;
        var description = f.Description.Trim();
        var subject = description.Length <= subjectMax ? description : description[..(subjectMax - 1)].TrimEnd() + "…";
        return new ReminderDraft(
            Subject: subject,
            Responsible: new Responsible([f.Unit.Trim()], false),
            ExpectedTime: f.DueDate is { } due ? new OnDate(due) : new FreeText(""),
            Notes: subject.Length < description.Length ? description : "",
            Closed: false,
            Position: 0,
            JournalNumber: d.JournalNumber,
            Meeting: d.Meeting,
            Decision: d.Decision);
    }
}
