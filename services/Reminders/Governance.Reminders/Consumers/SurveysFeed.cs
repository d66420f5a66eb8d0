using Governance.Reminders.Data;
using Governance.Reminders.Domain;
using Governance.Reminders.V1;

namespace Governance.Reminders.Consumers;

/// <summary>
/// The writer the Surveys consumers share (one consumer per event, each in its own file; the inbox is
/// <see cref="MeetingsFeed.ApplyOnceAsync"/>'s): brings the one reminder an event is about up to date
/// (<see cref="SurveyReminders"/>) on the list it is on, or on the list <see cref="SurveysFeedOptions"/>
/// names for a new one. A reminder stays on the list it was made on when the settings change later.
/// </summary>
public sealed class SurveysFeed(SurveysFeedOptions options)
{
    public SurveysFeedOptions Options => options;

    /// <summary>What an action plan item's event says, as the rules read it (Added and Changed carry the
    /// same: the whole item). Texts a subscriber of an older contract left out read as empty.</summary>
    public static ActionPlanItemFacts FactsOf(Governance.Surveys.Events.IActionPlanItemEvent m) =>
        new(SurveysNames.ActionPlanItem(m.Item, m.Round), m.Round, m.Unit, m.UnitDisplayName ?? "", m.Problem ?? "", m.Action ?? "",
            m.Responsible ?? "", m.Deadline, m.State ?? "", MeetingsFeed.Microsecond(m.OccurredAt.UtcDateTime), m.Version);

    public async Task ApplyNextRoundAsync(RemindersSession s, NextRoundFacts f, DateTime now)
    {
        var key = SurveyReminders.NextRoundKey(f.Round);
        var existing = await LockAndReadAsync(s, key, options.NextRoundBody);
        var plan = SurveyReminders.PlanNextRound(f, existing, options.NextRoundBody, options.NextRoundResponsible, Ids.NewId(), now);
        await ApplyAsync(s, plan);
    }

    public async Task ApplyActionPlanItemAsync(RemindersSession s, ActionPlanItemFacts f, DateTime now)
    {
        var key = SurveyReminders.ActionPlanKey(f.Item);
        var bodyId = SurveyReminders.ActionPlanBody(options.ActionPlanBody, f.Unit);
        var existing = await LockAndReadAsync(s, key, bodyId);
        var plan = SurveyReminders.PlanActionPlanItem(f, existing, bodyId, Ids.NewId(), now);
        await ApplyAsync(s, plan);
    }

    /// <summary>Locks the list of the reminder made from <paramref name="sourceKey"/> (or, when there is
    /// none yet, of <paramref name="newBody"/>) and reads that reminder for change. Two messages about one
    /// source lock the same list, so the second reads what the first wrote.</summary>
    private static async Task<ReminderRecord?> LockAndReadAsync(RemindersSession s, string sourceKey, string newBody)
    {
        await s.LockListAsync(await s.BodyOfSourceKeyAsync(sourceKey) ?? newBody);
        return await s.GetReminderBySourceKeyAsync(sourceKey);
    }

    private static async Task ApplyAsync(RemindersSession s, SurveyReminderPlan plan)
    {
        if (plan.New is { } made)
        {
            if (made.State == ReminderState.Open)
            {
                // A full list does not lose the reminder: the message is retried, then parked for an operator.
                made = made with { Position = await LastPlaceAsync(s, made.BodyId) };
            }
            await s.InsertReminderAsync(made);
            return;
        }
        if (plan is not { Before: { } before, After: { } after })
        {
            return;
        }
        if (before.State == ReminderState.Open && after.State != ReminderState.Open)
        {
            // Off the list: the reminders below close up.
            await s.UpdateReminderAsync(after);
            await s.ShiftRemindersAsync(after.BodyId, before.Position, open: false, moving: after.Id);
            return;
        }
        if (before.State != ReminderState.Open && after.State == ReminderState.Open)
        {
            // Opened again: last on the list.
            after = after with { Position = await LastPlaceAsync(s, after.BodyId) };
        }
        await s.UpdateReminderAsync(after);
    }

    private static async Task<int> LastPlaceAsync(RemindersSession s, string bodyId)
    {
        var count = await s.CountOpenRemindersAsync(bodyId);
        ListOrder.EnsureRoom(ReminderNames.Body(bodyId), count, ListOrder.MaxOpenReminders, "open reminders");
        return count + 1;
    }
}
