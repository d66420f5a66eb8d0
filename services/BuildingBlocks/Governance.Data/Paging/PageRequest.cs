using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Governance.ServiceDefaults.Errors;

namespace Governance.Data.Paging;

/// <summary>
/// AIP-158 paging: page_size 0 means the default, above the maximum is capped, negative is invalid.
/// Page tokens are opaque keyset positions bound to the filter they were issued for.
/// </summary>
public static class PageRequest
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

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

    /// <summary>Decodes a token; empty gives default. A token that is malformed or was issued for
    /// another filter is INVALID_ARGUMENT.</summary>
    public static TKey? DecodeToken<TKey>(string? token, string filter, string field = "page_token")
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
            throw new ValidationException(field, "is not a page token issued by this service");
        }
        if (decoded is null || decoded.Key is null)
        {
            throw new ValidationException(field, "is not a page token issued by this service");
        }
        if (decoded.Filter != Fingerprint(filter))
        {
            throw new ValidationException(field, "was issued for a different filter; repeat the filter of the first request");
        }
        return decoded.Key;
    }

    private static string Fingerprint(string filter) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(filter)))[..16];

    private sealed record Token<TKey>(TKey Key, string Filter);
}

/// <summary>One page of results and the token for the next (empty on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string NextPageToken);
