using System.Text;

namespace Governance.ServiceDefaults.Errors;

/// <summary>
/// How a caller's own value may appear in what we answer or log: a short, printable prefix. A value
/// echoed whole lets one request make response headers (grpc-message, grpc-status-details-bin) or
/// log lines as large as the request itself.
/// </summary>
public static class CallerValue
{
    /// <summary>Most characters of a caller's value that an error message, detail or log line repeats.</summary>
    public const int MaxQuoted = 40;

    /// <summary>The value in single quotes, bounded and sanitised: <c>'16/2681…'</c>.</summary>
    public static string Quote(string? value) => $"'{Bounded(value, MaxQuoted)}'";

    /// <summary>At most <paramref name="max"/> characters of <paramref name="text"/> (then "…"), with
    /// control characters and lone surrogates replaced by U+FFFD, so the result is printable, valid
    /// UTF-8 and of bounded size.</summary>
    public static string Bounded(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var cut = text.Length > max;
        var length = cut ? max : text.Length;
        if (cut && length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--; // never split a surrogate pair
        }
        var result = new StringBuilder(length + 1);
        for (var i = 0; i < length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) && i + 1 < length)
            {
                result.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (char.IsControl(c) || char.IsSurrogate(c))
            {
                result.Append('\uFFFD');
            }
            else
            {
                result.Append(c);
            }
        }
        if (cut)
        {
            result.Append('…');
        }
        return result.ToString();
    }
}
