using System.Text;
using Governance.Reminders.V1;
using static Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Reminders.Domain;

/// <summary>What a NextRoundDue event says that reminders need: the round whose results were released,
/// and when the next APV falls due.</summary>
public sealed record NextRoundFacts(string Round, string DisplayName, DateOnly DueDate, DateTime OccurredAt, long Version);

/// <summary>What an ActionPlanItemAdded or ActionPlanItemChanged event says: the whole item as it is now.
/// <see cref="State"/> is the contract's name without prefix (OPEN, IN_PROGRESS, DONE, CANCELLED).</summary>
public sealed record ActionPlanItemFacts(string Item, string Round, string Unit, string UnitDisplayName, string Problem, string Action,
    string Responsible, DateOnly Deadline, string State, DateTime OccurredAt, long Version);

/// <summary>What to do with the one reminder an event is about: insert <see cref="New"/> (open ones at
/// position 0: the consumer places them last), or write <see cref="Before"/> as <see cref="After"/>
/// (position 0 and open: opened again, the consumer places it last), or nothing.</summary>
public sealed record SurveyReminderPlan(ReminderRecord? New, ReminderRecord? Before, ReminderRecord? After)
{
    public static readonly SurveyReminderPlan Nothing = new(null, null, null);
}

/// <summary>
/// Reminders made from the Surveys service's events. A released APV round makes the next APV due
/// (NextRoundDue): one reminder per round, on HR's list of choice. Each item of a workplace's APV
/// action plan makes one reminder of its deadline (ActionPlanItemAdded/Changed, each carrying the whole
/// item): kept up to date as the item changes, done when the item is done, dropped when it is
/// cancelled, open again when it is reopened. Both are keyed by the Surveys resource
/// (<see cref="ReminderRecord.SourceKey"/>) and remember the version they were made from
/// (<see cref="ReminderRecord.SourceVersion"/>): an event whose version is not above it (a late,
/// older one) changes nothing. A state the secretary set by hand is left to the secretary.
/// </summary>
public static class SurveyReminders
{
    /// <summary>Who changes a reminder's state on behalf of the Surveys service.</summary>
    public const string Actor = "surveys";

    /// <summary>The placeholder of the action plan list setting that the unit's id replaces.</summary>
    public const string UnitPlaceholder = "{unit}";

    private const int SubjectMax = 500;
    private const int NotesMax = 2000;

    public static string NextRoundKey(string round) => $"{round}#next-round";

    public static string ActionPlanKey(string item) => $"{item}#deadline";

    /// <summary>The body whose list gets a unit's action plan items: <paramref name="pattern"/> with
    /// <see cref="UnitPlaceholder"/> replaced by the unit's id ("apv-{unit}" → "apv-odc"), or the one
    /// body it names. FormatException when that is no body id (a unit id Surveys would not make).</summary>
    public static string ActionPlanBody(string pattern, string unit)
    {
        var body = pattern.Replace(UnitPlaceholder, unit, StringComparison.Ordinal);
        return ReminderNames.IsBodyId(body)
            ? body
            : throw new FormatException($"The action plan list of unit '{unit[..Math.Min(unit.Length, 60)]}' would be '{body[..Math.Min(body.Length, 120)]}', which is not a body id.");
    }

    /// <summary>The reminder state an action plan item's state makes: OPEN and IN_PROGRESS are on the
    /// list, DONE is done, CANCELLED dropped. FormatException for a state this service does not know
    /// (a newer contract: the message is parked rather than guessed at).</summary>
    public static ReminderState StateOf(string itemState) => itemState switch
    {
        "OPEN" or "IN_PROGRESS" => ReminderState.Open,
        "DONE" => ReminderState.Done,
        "CANCELLED" => ReminderState.Dropped,
        _ => throw new FormatException($"'{itemState[..Math.Min(itemState.Length, 40)]}' is not an action plan item state (OPEN, IN_PROGRESS, DONE, CANCELLED)."),
    };

    /// <summary>The reminder of the next APV: "Næste APV skal gennemføres (seneste: APV 2017)" on the due
    /// date, for <paramref name="responsible"/> (HR).</summary>
    public static ReminderDraft Draft(NextRoundFacts f, Responsible responsible)
    {
        var name = OneLine(f.DisplayName);
        if (name.Length == 0)
        {
            name = f.Round;
        }
        return new ReminderDraft(
            Subject: Cut($"Næste APV skal gennemføres (seneste: {name})", SubjectMax),
            Responsible: responsible,
            ExpectedTime: new OnDate(f.DueDate),
            Notes: Cut($"Resultaterne af {name} ({f.Round}) er frigivet. Arbejdspladsvurderingen skal revideres mindst hvert 3. år " +
                "(arbejdsmiljøloven § 15 a); fristen regnes fra den dag, runden åbnede.", NotesMax),
            Closed: false,
            Position: 0,
            JournalNumber: "",
            Meeting: "",
            Decision: "");
    }

    /// <summary>The reminder of an action plan item: "APV-handlingsplan: {action}" (on one line, cut at
    /// 500 characters) on its deadline, the workplace responsible; the workplace, who answers for it
    /// there, the problem and the whole action in the notes (cut at 2,000 characters).</summary>
    public static ReminderDraft Draft(ActionPlanItemFacts f)
    {
        var action = OneLine(f.Action);
        var notes = new StringBuilder()
            .Append("Arbejdsplads: ").Append(f.UnitDisplayName.Trim().Length > 0 ? f.UnitDisplayName.Trim() : f.Unit).Append('\n')
            .Append("Ansvarlig på arbejdspladsen: ").Append(f.Responsible.Trim()).Append('\n')
            .Append("Problem: ").Append(f.Problem.Trim()).Append('\n')
            .Append("Handling: ").Append(f.Action.Trim());
        return new ReminderDraft(
            Subject: Cut($"APV-handlingsplan: {(action.Length > 0 ? action : OneLine(f.Problem))}", SubjectMax),
            Responsible: new Responsible(Party(f.UnitDisplayName, f.Unit) is { Length: > 0 } party ? [party] : [], false),
            ExpectedTime: new OnDate(f.Deadline),
            Notes: Cut(notes.ToString(), NotesMax),
            Closed: false,
            Position: 0,
            JournalNumber: "",
            Meeting: "",
            Decision: "");
    }

    /// <summary>The workplace as the list's "Ansvarlig": its name when that is a party the list can
    /// print (at most 50 characters, no comma, no "/", which would split off a person, no control
    /// characters), else its id (cut at 50).</summary>
    public static string Party(string unitDisplayName, string unit)
    {
        var name = OneLine(unitDisplayName);
        if (name.Length is > 0 and <= Responsible.MaxPartyLength && !name.Any(c => c is ',' or '/' || char.IsControl(c)))
        {
            return name;
        }
        var id = OneLine(unit).Replace(",", "", StringComparison.Ordinal);
        return id.Length <= Responsible.MaxPartyLength ? id : id[..Responsible.MaxPartyLength];
    }

    /// <summary>The next APV's reminder for a round: new (open, to go last on <paramref name="bodyId"/>'s
    /// list) when the round has none, its subject, time and notes replaced when the event is newer than
    /// what made it, otherwise nothing. Its place, state and responsible stay as the list keeps them.</summary>
    public static SurveyReminderPlan PlanNextRound(NextRoundFacts f, ReminderRecord? existing, string bodyId, Responsible responsible,
        string newId, DateTime now)
    {
        var draft = Draft(f, responsible);
        if (existing is null)
        {
            var made = ReminderEdits.New(draft, newId, bodyId, 0, ReminderOrigin.SurveyNextRound, NextRoundKey(f.Round), now)
                with { Source = f.Round, SourceAt = f.OccurredAt, SourceVersion = f.Version };
            return new SurveyReminderPlan(made, null, null);
        }
        if (existing.SourceVersion >= f.Version)
        {
            return SurveyReminderPlan.Nothing;
        }
        return new SurveyReminderPlan(null, existing, existing with
        {
            Subject = draft.Subject,
            ExpectedTime = draft.ExpectedTime,
            Notes = draft.Notes,
            SourceAt = f.OccurredAt,
            SourceVersion = f.Version,
            NextDueAt = existing.State == ReminderState.Open ? ReminderEdits.NextDue(draft.ExpectedTime, now) : null,
            Version = existing.Version + 1,
            UpdatedAt = now,
        });
    }

    /// <summary>An action plan item's reminder, from the whole item as an event carries it (Added and
    /// Changed alike, so whichever arrives first makes it): new in the item's state when the item has
    /// none (open ones to go last on <paramref name="bodyId"/>'s list); when the event is newer than what
    /// made it, subject, responsible, time and notes follow the item, and its state too (done, dropped,
    /// or open again, last) unless the secretary set the state by hand; otherwise nothing.</summary>
    public static SurveyReminderPlan PlanActionPlanItem(ActionPlanItemFacts f, ReminderRecord? existing, string bodyId, string newId,
        DateTime now)
    {
        var target = StateOf(f.State);
        var draft = Draft(f);
        if (existing is null)
        {
            var made = ReminderEdits.New(draft, newId, bodyId, 0, ReminderOrigin.SurveyActionPlan, ActionPlanKey(f.Item), now)
                with { Source = f.Item, SourceAt = f.OccurredAt, SourceVersion = f.Version };
            if (target != ReminderState.Open)
            {
                // First heard of as done or cancelled (its earlier events still on their way): kept off the
                // list, so that they, being older, change nothing when they come.
                made = ReminderLifecycle.Change(made, target, Actor, now, 0) with { Version = made.Version };
            }
            return new SurveyReminderPlan(made, null, null);
        }
        if (existing.SourceVersion >= f.Version)
        {
            return SurveyReminderPlan.Nothing;
        }
        var r = existing;
        if (r.State != target && (r.State == ReminderState.Open || r.StateChangedBy == Actor))
        {
            if (r.State != ReminderState.Open)
            {
                // Position 0: the consumer gives it the last place.
                r = ReminderLifecycle.Change(r, ReminderState.Open, Actor, now, position: 0);
            }
            if (target != ReminderState.Open)
            {
                r = ReminderLifecycle.Change(r, target, Actor, now, position: 0);
            }
        }
        return new SurveyReminderPlan(null, existing, r with
        {
            Subject = draft.Subject,
            Responsible = draft.Responsible,
            ExpectedTime = draft.ExpectedTime,
            Notes = draft.Notes,
            SourceAt = f.OccurredAt,
            SourceVersion = f.Version,
            NextDueAt = r.State == ReminderState.Open ? ReminderEdits.NextDue(draft.ExpectedTime, now) : null,
            Version = existing.Version + 1,
            UpdatedAt = now,
        });
    }

    /// <summary>The text on one line: every run of white space (line breaks too) one space, trimmed.</summary>
    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
}
