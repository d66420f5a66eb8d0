using System.Security.Cryptography;
using Governance.ServiceDefaults.Errors;
using Governance.Surveys.V1;
using MimeKit;

namespace Governance.Surveys.Domain;

/// <summary>An invitation while its round is open: who to write to and where their answers count.
/// <see cref="TokenHash"/> is the SHA-256 of the token last sent (null before the first e-mail);
/// <see cref="Answered"/> has no time. All of it is deleted when the round closes.</summary>
public sealed record InvitationRecord(string Id, string RoundId, string UnitId, string? ManagerId, string Email)
{
    public string? TokenHash { get; init; }
    public bool Answered { get; init; }

    /// <summary>How many e-mails have gone out: 0 before the invitation, then one per reminder.</summary>
    public int MailsSent { get; init; }
}

/// <summary>
/// Invitation tokens and invitees. A token is 256 random bits as 43 characters of base64url: it cannot
/// be guessed, and only its SHA-256 is stored, so neither the database nor a backup can answer in
/// anyone's name. A token is sent by e-mail; each reminder sends a new one, since nothing that could
/// rebuild a token is kept. The old link stops working when the new e-mail has gone out, not before: a
/// reminder that fails or is given up leaves the link sent before working.
/// </summary>
public static class Invitations
{
    public const int TokenLength = 43;

    /// <summary>A new token and the hash to store.</summary>
    public static (string Token, string Hash) NewToken()
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    /// <summary>The stored form of a token: its SHA-256 in lower-case hex.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));

    /// <summary>Whether the text has a token's form (43 base64url characters): anything else is refused
    /// before a lookup, and is never echoed.</summary>
    public static bool IsTokenForm(string? text) =>
        text is { Length: TokenLength } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// The invitations of a round that opens: each invitee's unit must be a target unit or below one
    /// (<paramref name="inScope"/>), each address given once. For a leadership evaluation the evaluated
    /// manager is the invitee's own (given) or the unit's; otherwise none is kept. Every bad invitee is
    /// a field violation (<c>invitees[12].unit</c>).
    /// </summary>
    public static IReadOnlyList<InvitationRecord> Plan(Validator v, string roundId, IReadOnlyList<Invitee> invitees,
        IReadOnlyDictionary<string, UnitRecord> inScope, IReadOnlySet<string> managers, bool leadershipEvaluation)
    {
        if (invitees.Count == 0)
        {
            v.Add("invitees", "is required: a round opens with 1-20,000 invitees");
            return [];
        }
        if (!v.MaxCount("invitees", invitees.ToArray(), Rounds.MaxInvitees))
        {
            return [];
        }
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var plan = new List<InvitationRecord>(invitees.Count);
        for (var i = 0; i < invitees.Count; i++)
        {
            var at = $"invitees[{i}]";
            var e = invitees[i];
            var ok = true;
            if (!inScope.TryGetValue(e.Unit, out var unit))
            {
                v.Add($"{at}.unit", e.Unit.Length == 0 ? "is required" : "must be one of the round's target units or a unit below one");
                ok = false;
            }
            var email = e.Email.Trim();
            if (!IsAddress(email))
            {
                v.Add($"{at}.email", email.Length == 0 ? "is required" : $"must be an e-mail address of at most {Rounds.MaxEmailLength} characters");
                ok = false;
            }
            else if (!seen.TryAdd(email, i))
            {
                v.Add($"{at}.email", $"is the same address as invitees[{seen[email]}].email: one invitation each");
                ok = false;
            }
            if (e.Manager.Length > 0 && !managers.Contains(e.Manager))
            {
                v.Add($"{at}.manager", "must be the id of a manager of the organisation version");
                ok = false;
            }
            if (ok)
            {
                var manager = leadershipEvaluation ? (e.Manager.Length > 0 ? e.Manager : unit!.ManagerId) : null;
                plan.Add(new InvitationRecord(Ids.NewId(), roundId, e.Unit, manager, email));
            }
        }
        return plan;
    }

    private static bool IsAddress(string text) =>
        text.Length is > 0 and <= Rounds.MaxEmailLength && MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address == text
        && text.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < text.Length - 1;
}
