using Governance.Surveys.Data;
using Governance.Surveys.Domain;
using Governance.Surveys.Publishing;
using Governance.Surveys.V1;

namespace Governance.Surveys.Lifecycle;

/// <summary>The lifecycle steps that HR's RPCs and the round sweep both take, with what each writes
/// beside the round: one place, so a round closed by hand and one closed by the clock are the same.</summary>
public static class RoundSteps
{
    /// <summary>OPEN → CLOSED: the invitations and drafts are deleted (their counts per unit kept), and
    /// RoundClosed is published.</summary>
    public static async Task<RoundRecord> CloseAsync(SurveysSession s, RoundRecord round, DateTime now)
    {
        // Counted now that the round is locked (no submission can still commit): kept from here on, the invitations gone.
        var closed = Rounds.Close(round with { ResponseCount = await s.AnsweredCountAsync(round.Id) }, now);
        await s.ForgetInvitationsAsync(round.Id);
        await s.UpdateRoundAsync(closed);
        SurveyEvents.Queue(s, SurveyEvents.Closed(closed), now);
        return closed;
    }

    /// <summary>CLOSED → RELEASED: ResultsReleased is published, and for a round with an APV the next
    /// APV's due date (NextRoundDue).</summary>
    public static async Task<RoundRecord> ReleaseAsync(SurveysSession s, RoundRecord round, DateTime now)
    {
        var released = Rounds.Release(round, now);
        await s.UpdateRoundAsync(released);
        SurveyEvents.Queue(s, SurveyEvents.Released(released), now);
        if ((await s.RoundInstrumentsAsync(round.Id)).Any(i => i.Kind == InstrumentKind.ApvWellbeing))
        {
            SurveyEvents.Queue(s, SurveyEvents.NextDue(released), now);
        }
        return released;
    }

    /// <summary>A reminder day has come: counts it handled and publishes NonRespondentReminderDue; the
    /// invitation sender then writes to those who have not answered.</summary>
    public static async Task<RoundRecord> RemindAsync(SurveysSession s, RoundRecord round, int day, int handled, DateTime now)
    {
        var counted = round with { RemindersSent = handled, ResponseCount = await s.AnsweredCountAsync(round.Id), Version = round.Version + 1, UpdatedAt = now };
        await s.UpdateRoundAsync(counted);
        SurveyEvents.Queue(s, SurveyEvents.ReminderDue(counted, day, counted.InvitedCount - counted.ResponseCount), now);
        return counted;
    }
}
