using Governance.Reminders.V1;
using static Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Reminders.Domain;

/// <summary>A follow-up (opfølgning) of a decision: what, which unit, by when.</summary>
public sealed record FollowUp(string Description, string Unit, DateOnly? DueDate);

/// <summary>A referral (oversendelse) of a decision to another body: which, when it is expected there,
/// and a note.</summary>
public sealed record Referral(string BodyDisplayName, DateOnly? ExpectedDate, string Text);

/// <summary>What a DecisionRecorded event says that reminders need. <see cref="Closed"/>: the item is
/// closed, so the event carries no follow-ups, referrals or title.</summary>
public sealed record DecisionFacts(string Decision, string? Corrects, string Meeting, string BodyId, string JournalNumber, bool Closed,
    IReadOnlyList<FollowUp> FollowUps, DateTime OccurredAt, IReadOnlyList<Referral>? Referrals = null, string ItemTitle = "");

/// <summary>What to do with a body's list for one version of a decision. <see cref="NewOrigins"/>
/// says what each new reminder came from (a follow-up when not given).</summary>
public sealed record FollowUpPlan(IReadOnlyList<ReminderDraft> New, IReadOnlyList<string> NewKeys, IReadOnlyList<ReminderRecord> Changed,
    IReadOnlyList<(ReminderRecord Before, ReminderRecord After)> Dropped, IReadOnlyList<ReminderOrigin>? NewOrigins = null);

/// <summary>
/// Reminders made from decisions: each follow-up of a decision becomes one reminder on the list of
/// the decision's body. A decision edited (published again) or corrected (a new decision that
/// corrects it) updates those reminders in place instead of adding new ones: they are all kept under
/// the first decision of the chain (<see cref="ReminderRecord.Source"/>), one per follow-up number.
/// A referral with an expected date ("forelægges HU den 19. september") becomes one too, one per
/// referral number. A follow-up or referral the newer version no longer has is dropped from the list
/// (and opens again, last, if a later version has it again).
/// An older version arriving after a newer one changes nothing.
/// </summary>
public static class DecisionFollowUps
{
    /// <summary>Who changes a reminder's state on behalf of the Meetings service.</summary>
    public const string Actor = "meetings";

    public static string Key(string source, int number) => $"{source}#follow-up-{number}";

    public static string ReferralKey(string source, int number) => $"{source}#referral-{number}";

    /// <summary>The first decision of the chain <paramref name="d"/> belongs to: its own name, or for a
    /// correction the source of the reminders of the decision it corrects (or that decision).</summary>
    public static string SourceOf(DecisionFacts d, string? sourceOfCorrected) => d.Corrects is null ? d.Decision : sourceOfCorrected ?? d.Corrects;

    public static FollowUpPlan Plan(DecisionFacts d, string source, IReadOnlyList<ReminderRecord> existing, DateTime now)
    {
        if (existing.Any(r => r.SourceAt > d.OccurredAt))
        {
            return new FollowUpPlan([], [], [], []);
        }
        if (d.Closed)
        {
            // A closed item's event carries no follow-ups: what was made before is kept, but closed.
            return new FollowUpPlan([], [], [.. existing.Where(r => !r.Closed).Select(r => r with { Closed = true, SourceAt = d.OccurredAt, Version = r.Version + 1, UpdatedAt = now })], []);
        }
        var byKey = existing.Where(r => r.SourceKey is not null).ToDictionary(r => r.SourceKey!, StringComparer.Ordinal);
        var wanted = d.FollowUps.Select((f, i) => (Key: Key(source, i + 1), Origin: ReminderOrigin.DecisionFollowUp, Draft: Draft(d, f)))
            .Concat((d.Referrals ?? []).Select((r, i) => (Key: ReferralKey(source, i + 1), Origin: ReminderOrigin.DecisionReferral, Draft: Draft(d, r)))
                .Where(w => w.Draft is not null).Select(w => (w.Key, w.Origin, Draft: w.Draft!)))
            .ToList();
        var drafts = new List<ReminderDraft>();
        var keys = new List<string>();
        var origins = new List<ReminderOrigin>();
        var changed = new List<ReminderRecord>();
        foreach (var (key, origin, draft) in wanted)
        {
            if (byKey.Remove(key, out var held))
            {
                // Dropped by an earlier version and back in this one: open again (the consumer gives it
                // the last place). One the secretary marked done or dropped stays so.
                var r = held is { State: ReminderState.Dropped, StateChangedBy: Actor }
                    ? ReminderLifecycle.Change(held, ReminderState.Open, Actor, now, position: 0) with { Version = held.Version }
                    : held;
                changed.Add(r with
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
                });
            }
            else
            {
                drafts.Add(draft);
                keys.Add(key);
                origins.Add(origin);
            }
        }
        var dropped = byKey.Values.Where(r => r.State == ReminderState.Open)
            .Select(r => (r, ReminderLifecycle.Change(r, ReminderState.Dropped, Actor, now, 0) with { SourceAt = d.OccurredAt }))
            .ToList();
        return new FollowUpPlan(drafts, keys, changed, dropped, origins);
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

    /// <summary>The reminder a referral with an expected date makes: "Budget 2018-21 – forelægges
    /// Hovedudvalget" on that date, its note as the notes; no one responsible yet (the secretary names
    /// them). Null for a referral without a date: there is nothing to be reminded of when.</summary>
    public static ReminderDraft? Draft(DecisionFacts d, Referral r)
    {
        if (r.ExpectedDate is not { } expected)
        {
            return null;
        }
        const int subjectMax = 500;
        var subject = $"{d.ItemTitle.Trim()} – forelægges {r.BodyDisplayName.Trim()}".TrimStart(' ', '–');
        return new ReminderDraft(
            Subject: subject.Length <= subjectMax ? subject : subject[..(subjectMax - 1)].TrimEnd() + "…",
            Responsible: new Responsible([], false),
            ExpectedTime: new OnDate(expected),
            Notes: r.Text.Trim(),
            Closed: false,
            Position: 0,
            JournalNumber: d.JournalNumber,
            Meeting: d.Meeting,
            Decision: d.Decision);
    }
}
