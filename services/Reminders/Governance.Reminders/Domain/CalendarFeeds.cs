using System.Security.Cryptography;
using System.Text;
using Governance.ServiceDefaults.Errors;

namespace Governance.Reminders.Domain;

/// <summary>A personal secret calendar feed as stored: never the secret, only its hash.</summary>
public sealed record CalendarFeedRecord
{
    public required string Id { get; init; }
    public required string BodyId { get; init; }
    /// <summary>The token subject of the caller who created it.</summary>
    public required string Owner { get; init; }
    /// <summary><see cref="CalendarFeeds.Hash"/> of the secret.</summary>
    public required string SecretHash { get; init; }
    /// <summary>Whether the owner could read the body's closed reminders when it was created.</summary>
    public bool ShowsClosed { get; init; }
    public DateTime CreatedAt { get; init; }

    public string Name => CalendarFeeds.Name(BodyId, Id);
}

/// <summary>The rules of secret feed addresses: 32 random bytes as base64url (43 characters), kept only
/// as a SHA-256 hash; a bounded number per owner.</summary>
public static class CalendarFeeds
{
    public const int SecretBytes = 32;

    /// <summary>Base64url of 32 bytes without padding.</summary>
    public const int SecretLength = 43;

    /// <summary>Most feeds one owner keeps at a time (each is a standing way into the data).</summary>
    public const int MaxPerOwner = 20;

    public const string Collection = "calendarFeeds";

    /// <summary>The path a calendar program subscribes to.</summary>
    public static string Path(string secret) => $"/calendar/{secret}.ics";

    public static string Name(string bodyId, string id) => $"bodies/{bodyId}/{Collection}/{id}";

    /// <summary>The secret's text: the random bytes as base64url without padding.</summary>
    public static string Secret(ReadOnlySpan<byte> random)
    {
        if (random.Length != SecretBytes)
        {
            throw new ArgumentException($"A feed secret is {SecretBytes} random bytes.", nameof(random));
        }
        return Convert.ToBase64String(random).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Whether <paramref name="text"/> can be a secret at all (checked before any lookup).</summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: SecretLength } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Lowercase hex SHA-256 of the secret's text: what the store keeps and looks up. The
    /// secret has 256 random bits, so an unsalted fast hash is enough: nothing can be guessed from it.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    /// <summary>A new feed is refused when the owner has <see cref="MaxPerOwner"/> already.</summary>
    public static void EnsureRoom(int ownedNow)
    {
        if (ownedNow >= MaxPerOwner)
        {
            throw new FailedPreconditionException("FEED_LIMIT",
                $"The caller has {ownedNow} calendar feeds, the most one owner may have ({MaxPerOwner}); delete one no longer used first.");
        }
    }
}
