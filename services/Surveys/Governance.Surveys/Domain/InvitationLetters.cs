using System.Globalization;
using System.Net;
using Governance.Kernel;

namespace Governance.Surveys.Domain;

/// <summary>The Danish e-mails to respondents: the invitation and each reminder, with the answer link,
/// as plain text and as HTML (the same paragraphs; no images, no tracking, nothing fetched from
/// elsewhere). They name the round and the deadline, never the unit or anything the respondent has answered.</summary>
public static class InvitationLetters
{
    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    /// <summary>One e-mail: its subject, plain-text body and HTML body.</summary>
    public sealed record Letter(string Subject, string Text, string Html);

    /// <summary>The e-mail number <paramref name="mailsSent"/> + 1 of an invitation (the first is the invitation, then reminders).</summary>
    public static Letter Compose(string roundDisplayName, DateTime closeUtc, string link, int mailsSent)
    {
        var deadline = CopenhagenTime.ToLocal(DateTime.SpecifyKind(closeUtc, DateTimeKind.Utc)).ToString("dddd 'den' d. MMMM yyyy 'kl.' HH:mm", Danish);
        var (subject, opening, about) = mailsSent == 0
            ? ($"Invitation: {roundDisplayName}", $"Du er inviteret til at svare på {roundDisplayName}.",
                "Linket er personligt og kan kun bruges af dig. Du kan gemme undervejs og fortsætte senere med det samme link, indtil du sender dine svar.")
            : ($"Påmindelse: {roundDisplayName}", $"Vi mangler stadig dit svar på {roundDisplayName}.",
                "Brug linket i denne mail; links i tidligere mails virker ikke længere. Har du allerede gemt svar, er de bevaret.");
        const string anonymous =
            "Dine svar er anonyme: de gemmes uden forbindelse til dig eller til linket, og resultater vises kun for grupper, der er store nok til, at ingen kan genkendes.";
        var text = $"{opening}\n\nSvar her: {link}\n\n{about}\n{anonymous}\n\nSvarfrist: {deadline}.\n";
        var html =
            $"""
            <!DOCTYPE html>
            <html lang="da"><head><meta charset="utf-8"><title>{Encode(subject)}</title></head>
            <body>
            <p>{Encode(opening)}</p>
            <p><a href="{Encode(link)}">Svar på undersøgelsen</a></p>
            <p>{Encode(about)}</p>
            <p>{Encode(anonymous)}</p>
            <p>Svarfrist: {Encode(deadline)}.</p>
            </body></html>
            """;
        return new Letter(subject, text, html);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
