using Governance.Reminders.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Reminders.Domain;

/// <summary>Where a reminder stands: OPEN → DONE or DROPPED (it leaves the list), and back to OPEN
/// (it goes last on the list).</summary>
public static class ReminderLifecycle
{
    public static bool CanChange(ReminderState from, ReminderState to) => (from, to) switch
    {
        (ReminderState.Open, ReminderState.Done or ReminderState.Dropped) => true,
        (ReminderState.Done or ReminderState.Dropped, ReminderState.Open) => true,
        _ => false,
    };

    /// <summary>The reminder in its new state, one version on, with who and when; at
    /// <paramref name="position"/> when it opens again (0 otherwise: only open reminders have a place).
    /// INVALID_STATE_TRANSITION when the step is not allowed. Opened again, its next due time passes
    /// over the occurrences marked done or skipped (<paramref name="marked"/>, see <see cref="ReminderEdits.NextDue"/>).</summary>
    public static ReminderRecord Change(ReminderRecord r, ReminderState to, string by, DateTime now, int position, IReadOnlySet<string>? marked = null)
    {
        if (!CanChange(r.State, to))
        {
            var allowed = Enum.GetValues<ReminderState>().Where(s => CanChange(r.State, s)).Select(Wire).ToList();
            var error = new FailedPreconditionException("INVALID_STATE_TRANSITION",
                $"{r.Name} is {Wire(r.State)} and cannot become {Wire(to)}; from {Wire(r.State)} it can become {string.Join(" or ", allowed)}.");
            error.Metadata["from"] = Wire(r.State);
            error.Metadata["to"] = Wire(to);
            throw error;
        }
        return r with
        {
            State = to,
            StateChangedBy = by,
            StateChangedAt = now,
            Position = to == ReminderState.Open ? position : 0,
            NextDueAt = to == ReminderState.Open ? ReminderEdits.NextDue(r.ExpectedTime, now, marked) : null,
            Version = r.Version + 1,
            UpdatedAt = now,
        };
    }

    /// <summary>The contract's enum name without prefix: "DONE".</summary>
    public static string Wire(ReminderState state) => state switch
    {
        ReminderState.Open => "OPEN",
        ReminderState.Done => "DONE",
        ReminderState.Dropped => "DROPPED",
        _ => "UNSPECIFIED",
    };
}
