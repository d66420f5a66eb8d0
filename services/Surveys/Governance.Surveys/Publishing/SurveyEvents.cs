using Governance.Messaging.Outbox;
using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using Governance.Surveys.Events;
using Governance.Surveys.V1;

namespace Governance.Surveys.Publishing;

/// <summary>The Surveys events, built in one place from the records a change wrote, and queued on the
/// change's unit of work (its outbox row commits with the change). No event carries an answer, an
/// address, or a count smaller than the whole round's.</summary>
public static class SurveyEvents
{
    /// <summary>Queues <paramref name="message"/> in the session's outbox, ordered after the earlier events of its round.</summary>
    public static void Queue(SurveysSession s, IRoundEvent message, DateTime now) => Outbox.Queue(s.Tail, message, message.Round, now);

    public static RoundOpened Opened(RoundRecord r, IReadOnlyList<InstrumentRecord> instruments) =>
        new(r.Name, r.DisplayName, [.. instruments.Select(i => i.Name)], [.. instruments.Select(i => KindName(i.Kind))],
            SurveyNames.Version(r.OrganisationVersion!.Value), r.InvitedCount, At(r.CloseTime!.Value), At(r.ReleaseTime!.Value), At(r.OpenTime!.Value),
            r.Version);

    public static RoundClosed Closed(RoundRecord r) =>
        new(r.Name, r.DisplayName, r.InvitedCount, r.ResponseCount, At(r.ReleaseTime!.Value), At(r.UpdatedAt), r.Version);

    public static ResultsReleased Released(RoundRecord r) =>
        new(r.Name, r.DisplayName, [.. r.InstrumentIds.Select(SurveyNames.Instrument)], At(r.ReleasedTime!.Value), r.Version);

    public static NextRoundDue NextDue(RoundRecord r) =>
        new(r.Name, r.DisplayName, Rounds.NextApvDue(r.OpenTime!.Value), At(r.ReleasedTime!.Value), r.Version);

    public static NonRespondentReminderDue ReminderDue(RoundRecord r, int day, int nonRespondents) =>
        new(r.Name, r.DisplayName, day, nonRespondents, At(r.CloseTime!.Value), At(r.UpdatedAt), r.Version);

    /// <summary>An item added to a workplace's action plan: the whole item, with the unit's name in the
    /// round's kept version.</summary>
    public static ActionPlanItemAdded ItemAdded(ActionPlanItemRecord i, UnitRecord unit) =>
        new(i.Name, SurveyNames.Round(i.RoundId), i.UnitId, unit.DisplayName, i.Problem, i.Action, i.Responsible, i.Deadline,
            ActionPlans.StateName(i.State), At(i.CreatedAt), i.Version);

    /// <summary>An action plan item as it is after a change: the whole item.</summary>
    public static ActionPlanItemChanged ItemChanged(ActionPlanItemRecord i, UnitRecord unit) =>
        new(i.Name, SurveyNames.Round(i.RoundId), i.UnitId, unit.DisplayName, i.Problem, i.Action, i.Responsible, i.Deadline,
            ActionPlans.StateName(i.State), At(i.UpdatedAt), i.Version);

    /// <summary>The contract's enum name without its prefix (APV_WELLBEING), as every event says a kind.</summary>
    private static string KindName(InstrumentKind kind) => kind switch
    {
        InstrumentKind.ApvWellbeing => "APV_WELLBEING",
        InstrumentKind.SocialCapital => "SOCIAL_CAPITAL",
        InstrumentKind.LeadershipEvaluation => "LEADERSHIP_EVALUATION",
        _ => "UNSPECIFIED",
    };

    private static DateTimeOffset At(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
