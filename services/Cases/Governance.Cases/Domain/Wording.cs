namespace Governance.Cases.Domain;

/// <summary>The Danish text Cases shows people: its own timeline entries, what a closed case shows,
/// and the entries that come from Meetings. Outcomes use the words of the minutes,
/// as DecisionRecorded carries them (OutcomeText); meetings are named by their body and date, never by
/// resource name.</summary>
public static class Wording
{
    /// <summary>What a closed (lukket) case and its documents are called for those who may not read them.</summary>
    public const string Closed = "Lukket";

    /// <summary>"Sagen er oprettet med journalnummer 26/00001: title"; "registreret" for a case
    /// registered under its historical number.</summary>
    public static string CaseOpened(CaseRecord c) =>
        $"Sagen er {(c.Registered ? "registreret" : "oprettet")} med journalnummer {c.JournalNumber}: {c.Title}";

    /// <summary>"Status ændret fra OPEN til IN_PROGRESS: reason" (no reason, no colon).</summary>
    public static string StatusChanged(StatusChange change) =>
        $"Status ændret fra {CaseLifecycle.Wire(change.Before.Status)} til {CaseLifecycle.Wire(change.After.Status)}" +
        (change.Reason.Length > 0 ? $": {change.Reason}" : "");

    /// <summary>"Dokument 000001/26: title".</summary>
    public static string DocumentAdded(DocumentRecord d) => $"Dokument {d.DocumentNumber}: {d.Title}";

    /// <summary>"Punkt 3, Direktionen 09-03-2017: Budget 2018-21" (no title for a closed item).</summary>
    public static string Item(string bodyTitle, DateTimeOffset meetingStart, int number, string? title) =>
        $"Punkt {number}, {bodyTitle} {CopenhagenTime.ShortDate(meetingStart)}" + (title is { Length: > 0 } ? $": {title}" : "");

    /// <summary>"Tillæg: Punkt 7, ..." for an item added after the agenda was published.</summary>
    public static string ItemAdded(string item, bool supplement) => (supplement ? "Tillæg: " : "") + item;

    /// <summary>"Beslutning (Godkendt), Punkt 3, ...: title — text"; "Rettet beslutning" for a
    /// correction. Without a word for the outcome (none given) it is left out rather than shown in English.</summary>
    public static string Decision(string? outcomeText, bool correction, string item, string? text) =>
        (correction ? "Rettet beslutning" : "Beslutning") +
        (outcomeText is { Length: > 0 } word ? $" ({word})" : "") +
        $", {item}" + (text is { Length: > 0 } ? $" — {text}" : "");

    /// <summary>"Oversendt til Økonomiudvalget (19-04-2027): text".</summary>
    public static string Referral(string bodyDisplayName, DateOnly? expected, string text) =>
        $"Oversendt til {bodyDisplayName}" + (expected is { } date ? $" ({CopenhagenTime.ShortDate(date)})" : "") +
        (text.Length > 0 ? $": {text}" : "");

    /// <summary>"Opfølgning (ØDC): description, frist 01-04-2027".</summary>
    public static string FollowUp(string unit, string description, DateOnly? due) =>
        $"Opfølgning ({unit}): {description}" + (due is { } date ? $", frist {CopenhagenTime.ShortDate(date)}" : "");

    /// <summary>"Udsat til Direktionens møde 23-03-2027: Punkt 3, ..."; "Udsat til et senere møde: ..."
    /// when the target is not named by body and date (a message from an older producer); "Udsat: ..."
    /// without a target.</summary>
    public static string Postponed(string item, bool hasTarget, string? targetBodyTitle, DateTimeOffset? targetStart) =>
        (hasTarget, targetBodyTitle, targetStart) switch
        {
            (true, { Length: > 0 } body, { } start) => $"Udsat til {Genitive(body)} møde {CopenhagenTime.ShortDate(start)}: {item}",
            (true, _, _) => $"Udsat til et senere møde: {item}",
            _ => $"Udsat: {item}",
        };

    /// <summary>The Danish genitive of a name: "Direktionen" → "Direktionens", "Økonomiudvalget" →
    /// "Økonomiudvalgets"; a name ending in s, x or z takes an apostrophe ("Vest-Als" → "Vest-Als'"),
    /// an abbreviation (ending in a capital or a digit) "'s" ("HMU" → "HMU's").</summary>
    public static string Genitive(string name)
    {
        var trimmed = name.TrimEnd();
        if (trimmed.Length == 0)
        {
            return trimmed;
        }
        var last = trimmed[^1];
        return last is 's' or 'x' or 'z' ? trimmed + "'"
            : char.IsUpper(last) || char.IsDigit(last) ? trimmed + "'s"
            : trimmed + "s";
    }
}
