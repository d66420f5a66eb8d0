using static Governance.Reminders.Domain.ExpectedTime;

namespace Governance.Reminders.Domain;

/// <summary>What a closed (lukket) reminder shows those who may not read it: that it exists, when it
/// is expected and who is responsible, its case's journal number and its meeting, as a closed agenda
/// item shows its journal number; never its subject, notes, decision, or the secretary's own words
/// about the time (a free text, or a label: the time then shows its standard wording, or a rule
/// without one its RRULE).</summary>
public static class ClosedReminder
{
    public const string Title = "Lukket";

    public static ReminderRecord Redacted(ReminderRecord r) => r with
    {
        Subject = Title,
        Notes = "",
        Decision = "",
        ExpectedTime = r.ExpectedTime switch
        {
            OnDate d => d with { Label = null },
            InMonth m => m with { Label = null },
            Recurring rule => rule with { Label = null },
            _ => new FreeText(Title),
        },
    };
}
