using Governance.Meetings.V1;

namespace Governance.Meetings.Domain;

/// <summary>The Danish words and headings of agendas and minutes, as the secretariat writes them.</summary>
public static class Wording
{
    public const string Closed = "Lukket";
    public const string NoRemarks = "Ingen bemærkninger.";
    public const string Recommendation = "Indstilling";
    public const string Attachments = "Bilag";
    public const string Contents = "Indholdsfortegnelse";
    public const string Supplement = "Tillæg";

    public static string SectionHeading(SectionKind kind) => kind switch
    {
        SectionKind.Baggrund => "Baggrund",
        SectionKind.Sagsfremstilling => "Sagsfremstilling",
        SectionKind.Okonomi => "Økonomi",
        SectionKind.Retsgrundlag => "Retsgrundlag",
        SectionKind.PolitikPlan => "Politik/Plan",
        SectionKind.Information => "Information",
        SectionKind.Horing => "Høring",
        SectionKind.Vurdering => "Vurdering",
        SectionKind.AndreRelevanteDokumenter => "Andre relevante dokumenter",
        _ => "",
    };

    /// <summary>"Økonomiopfølgning - 09-03-2017" for a standing item that carries the meeting date.</summary>
    /// <summary>What a draft prints in place of the reminder list when the Reminders service cannot
    /// give it (unreachable, or not to this reader).</summary>
    public const string ReminderListUnavailable = "Huskelisten kan ikke vises lige nu: den kunne ikke hentes fra huskelistetjenesten.";

    public static string StandingItemTitle(StandingItemTemplate template, DateTime meetingLocal) =>
        template.AppendMeetingDate ? template.Title + MeetingDateSuffix(meetingLocal) : template.Title;

    /// <summary>" - 09-03-2017": the meeting date as a standing item's title ends with it.</summary>
    public static string MeetingDateSuffix(DateTime meetingLocal) => $" - {CopenhagenTime.ShortDate(meetingLocal)}";

    /// <summary>"Beslutning Direktionen den 09-03-2017".</summary>
    public static string DecisionHeading(string bodyDisplayName, DateTime meetingLocal) =>
        $"Beslutning {bodyDisplayName} den {CopenhagenTime.ShortDate(meetingLocal)}";

    /// <summary>"REFERAT Direktionen d. 09-03-2017"; minutes not yet approved are marked
    /// "UDKAST – REFERAT Direktionen d. 09-03-2017".</summary>
    public static string MinutesTitle(string bodyDisplayName, DateTime meetingLocal, bool draft = false) =>
        $"{(draft ? DraftMark : "")}REFERAT {bodyDisplayName} d. {CopenhagenTime.ShortDate(meetingLocal)}";

    /// <summary>What the title of minutes that are not approved begins with.</summary>
    public const string DraftMark = "UDKAST – ";

    /// <summary>The notice a rendered draft carries above its title (every format).</summary>
    public const string DraftNotice = "UDKAST: referatet er endnu ikke godkendt og kan stadig ændres.";

    /// <summary>The page header of every page of a draft in a paged format (.docx).</summary>
    public const string DraftPageHeader = "UDKAST";

    /// <summary>The heading of the part after approved minutes that lists later corrections.</summary>
    public const string CorrectionsAfterApproval = "Rettelser efter godkendelse";

    /// <summary>"Punkt 6: Lukket".</summary>
    public static string ItemHeading(int number, string title) => $"Punkt {number}: {title}";

    /// <summary>"Lars Holte, Jørgen Lerhard, Kathrine Seier Skastrup (sekretær)".</summary>
    public static string Participants(IEnumerable<BodyMember> participants) =>
        string.Join(", ", participants.Select(p => p.Role switch
        {
            MemberRole.Secretary => $"{p.DisplayName} (sekretær)",
            MemberRole.Chair => $"{p.DisplayName} (formand)",
            _ => p.DisplayName,
        }));

    // The minutes' text (Minutes/MinutesText lays them out).

    public const string MeetingDateLabel = "Mødedato";
    public const string MeetingPlaceLabel = "Mødested";
    public const string ParticipantsLabel = "Mødedeltagere";
    public const string ItemGuests = "Deltagere under punktet";
    public const string CorrectsEarlierDecision = "Rettelse af en tidligere beslutning:";
    public const string CorrectedByLaterDecision = "(Rettet ved en senere beslutning.)";

    /// <summary>"Godkendt", "Udsat"...: an outcome as the minutes write it.</summary>
    public static string Outcome(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Approved => "Godkendt",
        DecisionOutcome.Noted => "Taget til efterretning",
        DecisionOutcome.Discussed => "Drøftet",
        DecisionOutcome.ApprovedWithRemarks => "Godkendt med bemærkninger",
        DecisionOutcome.Rejected => "Afvist",
        DecisionOutcome.Postponed => "Udsat",
        _ => "",
    };

    /// <summary>"Pind a: Godkendt. Med bemærkning."</summary>
    public static string PointOutcomeLine(PointOutcome point) =>
        $"Pind {point.Label}: {Outcome(point.Outcome)}.{(point.Text.Length > 0 ? " " + point.Text : "")}";

    /// <summary>"Opfølgning (ØDC, senest 31-01-2018): Ny prognose".</summary>
    public static string FollowUpLine(FollowUp followUp)
    {
        var due = followUp.DueDate is null ? "" : $", senest {DateText(followUp.DueDate)}";
        return $"Opfølgning ({followUp.Unit}{due}): {followUp.Description}";
    }

    /// <summary>"Forelægges Økonomiudvalget 31-01-2018: tekst".</summary>
    public static string ReferralLine(Referral referral)
    {
        var when = referral.ExpectedDate is null ? "" : $" {DateText(referral.ExpectedDate)}";
        return $"Forelægges {referral.BodyDisplayName}{when}{(referral.Text.Length > 0 ? ": " + referral.Text : "")}";
    }

    /// <summary>"Jens Hansen, ØDC, kl. 09.30": a guest under an item.</summary>
    public static string GuestLine(Guest guest)
    {
        var at = guest.JoinsAt is null ? "" : $", kl. {guest.JoinsAt.Hours:00}.{guest.JoinsAt.Minutes:00}";
        var affiliation = guest.Affiliation.Length > 0 ? $", {guest.Affiliation}" : "";
        return $"{guest.DisplayName}{affiliation}{at}";
    }

    /// <summary>"Budget 2018 (dok.nr. 177144/12)".</summary>
    public static string AttachmentLine(Attachment attachment) =>
        attachment.DocumentNumber.Length > 0 ? $"{attachment.Title} (dok.nr. {attachment.DocumentNumber})" : attachment.Title;

    private static string DateText(Google.Type.Date date) => $"{date.Day:00}-{date.Month:00}-{date.Year}";
}
