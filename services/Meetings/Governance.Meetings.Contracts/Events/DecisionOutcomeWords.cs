using Governance.Meetings.V1;

namespace Governance.Meetings.Events;

/// <summary>The Danish words of a decision's outcome, as the secretariat writes them in the minutes
/// ("Godkendt", "Udsat"...). Here, beside the events, so that every service that reads a
/// <see cref="DecisionRecorded.Outcome"/> shows the same word without referencing Meetings itself.</summary>
public static class DecisionOutcomeWords
{
    /// <summary>The word of an outcome; "" for UNSPECIFIED (or a value this version does not know).</summary>
    public static string Of(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Approved => "Godkendt",
        DecisionOutcome.Noted => "Taget til efterretning",
        DecisionOutcome.Discussed => "Drøftet",
        DecisionOutcome.ApprovedWithRemarks => "Godkendt med bemærkninger",
        DecisionOutcome.Rejected => "Afvist",
        DecisionOutcome.Postponed => "Udsat",
        _ => "",
    };

    /// <summary>The word of an outcome as events carry it ("APPROVED", "POSTPONED"...); null for a
    /// name this version does not know (a newer producer), so a reader can leave it out rather than
    /// show the English name.</summary>
    public static string? OfWireName(string? outcome) => outcome switch
    {
        "APPROVED" => Of(DecisionOutcome.Approved),
        "NOTED" => Of(DecisionOutcome.Noted),
        "DISCUSSED" => Of(DecisionOutcome.Discussed),
        "APPROVED_WITH_REMARKS" => Of(DecisionOutcome.ApprovedWithRemarks),
        "REJECTED" => Of(DecisionOutcome.Rejected),
        "POSTPONED" => Of(DecisionOutcome.Postponed),
        _ => null,
    };
}
