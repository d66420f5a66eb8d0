using System.Globalization;
using Governance.Kernel;

namespace Governance.Surveys.Domain;

/// <summary>The Danish e-mails to respondents: the invitation and each reminder, with the answer link.
/// They name the round and the deadline, never the unit or anything the respondent has answered.</summary>
public static class InvitationLetters
{
    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    /// <summary>The subject and body of the e-mail number <paramref name="mailsSent"/> + 1 of an invitation (the first is the invitation).</summary>
    public static (string Subject, string Body) Compose(string roundDisplayName, DateTime closeUtc, string link, int mailsSent)
    {
        var deadline = CopenhagenTime.ToLocal(DateTime.SpecifyKind(closeUtc, DateTimeKind.Utc)).ToString("dddd 'den' d. MMMM yyyy 'kl.' HH:mm", Danish);
        if (mailsSent == 0)
        {
            return ($"Invitation: {roundDisplayName}",
                $"""
                Du er inviteret til at svare på {roundDisplayName}.

                Svar her: {link}

                Linket er personligt og kan kun bruges af dig. Du kan gemme undervejs og fortsætte senere med det samme link, indtil du sender dine svar.
                Dine svar er anonyme: de gemmes uden forbindelse til dig eller til linket, og resultater vises kun for grupper på mindst fem.

                Svarfrist: {deadline}.
                """);
        }
        return ($"Påmindelse: {roundDisplayName}",
            $"""
            Vi mangler stadig dit svar på {roundDisplayName}.

            Svar her: {link}

            Brug linket i denne mail; links i tidligere mails virker ikke længere. Har du allerede gemt svar, er de bevaret.
            Dine svar er anonyme: de gemmes uden forbindelse til dig eller til linket.

            Svarfrist: {deadline}.
            """);
    }
}
