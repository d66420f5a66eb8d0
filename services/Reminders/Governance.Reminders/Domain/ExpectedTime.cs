namespace Governance.Reminders.Domain;

/// <summary>"Forventet tidspunkt" of a reminder, machine-readable: a date, a month, a recurrence rule,
/// or free text. A closed set: the four nested records are the only kinds. <c>Label</c> is the
/// secretary's own Danish text when it differs from the standard wording of the same value
/// ("Månedlig", "(Kvartalsvis)", "Aug."); it is shown instead of the standard wording.</summary>
public abstract record ExpectedTime
{
    private ExpectedTime()
    {
    }

    /// <summary>A day: "28. august"; "13." under its month's group.</summary>
    public sealed record OnDate(DateOnly Date, string? Label = null) : ExpectedTime;

    /// <summary>Some time in a month: "September".</summary>
    public sealed record InMonth(int Year, int Month, string? Label = null) : ExpectedTime;

    /// <summary>An RFC 5545 RRULE (without "RRULE:") and its DTSTART as Europe/Copenhagen wall-clock
    /// time (DateTimeKind.Unspecified): "Månedligt" is ("FREQ=MONTHLY", 2026-03-01 08:00).</summary>
    public sealed record Recurring(string RRule, DateTime Start, string? Label = null) : ExpectedTime;

    /// <summary>Anything else, kept verbatim; it never falls due.</summary>
    public sealed record FreeText(string Text) : ExpectedTime;
}
