using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.ServiceDefaults.Errors;

namespace Governance.Data.Paging;

/// <summary>
/// AIP-158 paging: page_size 0 means the default, above the maximum is capped, negative is invalid.
/// Page tokens are opaque positions bound to the filter they were issued for. A token is the caller's
/// input: decoding checks that it names a position this service could have written (every decode
/// takes the key's validity rule; offsets are 0..<see cref="MaxOffset"/>, instants within DateTime),
/// and anything else is INVALID_ARGUMENT on page_token, the same in every List RPC.
/// </summary>
public static class PageRequest
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    /// <summary>The deepest offset an offset-paged list reaches (its last token points here), so
    /// offset + page size never overflows.</summary>
    public const int MaxOffset = 1_000_000;

    /// <summary>The longest id a keyset token may carry.</summary>
    public const int MaxIdLength = 200;

    private const string NotIssued = "is not a page token issued by this service";

    public static int Size(int requested, string field = "page_size")
    {
        if (requested < 0)
        {
            throw new ValidationException(field, "must not be negative");
        }
        return requested == 0 ? DefaultSize : Math.Min(requested, MaxSize);
    }

    /// <summary>Encodes the last row's key, bound to a fingerprint of the list's filter.</summary>
    public static string EncodeToken<TKey>(TKey lastKey, string filter)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Token<TKey>(lastKey, Fingerprint(filter)));
        return Convert.ToBase64String(payload).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The offset of an offset-paged list's token: 0 for the first page, else 0..MaxOffset.</summary>
    public static int DecodeOffset(string? token, string filter, string field = "page_token") =>
        DecodeToken<OffsetKey>(token, filter, k => k.Offset is >= 0 and <= MaxOffset, field)?.Offset ?? 0;

    /// <summary>The token of the page after the one at <paramref name="offset"/> of
    /// <paramref name="size"/> rows; empty past <see cref="MaxOffset"/>, where the list ends.</summary>
    public static string EncodeNextOffset(int offset, int size, string filter)
    {
        var next = (long)offset + size;
        return next > MaxOffset ? "" : EncodeToken(new OffsetKey((int)next), filter);
    }

    /// <summary>The (instant, id) position of a list ordered by time then id, or null for the first page.</summary>
    public static (DateTime At, string Id)? DecodeInstantKey(string? token, string filter, string field = "page_token") =>
        DecodeToken<InstantKey>(token, filter, k => k.Ticks >= DateTime.MinValue.Ticks && k.Ticks <= DateTime.MaxValue.Ticks && IsId(k.Id), field)
            is { } key ? (new DateTime(key.Ticks, DateTimeKind.Utc), key.Id) : null;

    public static string EncodeInstantKey(DateTime at, string id, string filter) => EncodeToken(new InstantKey(at.Ticks, id), filter);

    /// <summary>An id a keyset token may carry: non-empty, at most <see cref="MaxIdLength"/> characters.</summary>
    public static bool IsId(string? id) => id is { Length: > 0 and <= MaxIdLength };

    /// <summary>Decodes a token; empty gives default. A token that is malformed, was issued for
    /// another filter, or whose key fails <paramref name="isValid"/> is INVALID_ARGUMENT.</summary>
    public static TKey? DecodeToken<TKey>(string? token, string filter, Func<TKey, bool> isValid, string field = "page_token")
    {
        if (string.IsNullOrEmpty(token))
        {
            return default;
        }
        Token<TKey>? decoded;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            decoded = JsonSerializer.Deserialize<Token<TKey>>(Convert.FromBase64String(base64));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or NotSupportedException)
        {
            throw new ValidationException(field, NotIssued);
        }
        if (decoded is null || decoded.Key is null)
        {
            throw new ValidationException(field, NotIssued);
        }
        if (decoded.Filter != Fingerprint(filter))
        {
            throw new ValidationException(field, "was issued for a different filter; repeat the filter of the first request");
        }
        if (!isValid(decoded.Key))
        {
            // Well-formed but not a position this service writes (a forged or tampered token).
            throw new ValidationException(field, NotIssued);
        }
        return decoded.Key;
    }

    private static string Fingerprint(string filter) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(filter)))[..16];

    private sealed record Token<TKey>(TKey Key, string Filter);

    private sealed record OffsetKey(int Offset);

    private sealed record InstantKey(long Ticks, string Id);
}

/// <summary>One page of results and the token for the next (empty on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string NextPageToken);
