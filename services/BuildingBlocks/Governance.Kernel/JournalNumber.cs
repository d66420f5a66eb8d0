using System.Globalization;
using System.Text.RegularExpressions;

namespace Governance.Kernel;

/// <summary>
/// A journal number <c>YY/NNNNN</c>: the two-digit Copenhagen year and the running number of a case
/// ("12/3142", "16/26813", "26/00001"). Cases allocates them; meeting items and other services name
/// a case by one. Digits are ASCII only: .NET's <c>\d</c> also matches Arabic-Indic and full-width
/// digits ("٢٦/1", "１２/3142"), which no journal has and which <see cref="int.Parse(string)"/> rejects.
/// </summary>
public readonly partial record struct JournalNumber
{
    /// <summary>The highest running number a journal number can carry (six digits).</summary>
    public const int MaxRunningNumber = 999_999;

    /// <summary>What <see cref="TryParse"/> accepts, for a caller's error message.</summary>
    public const string Form = "YY/NNNNN (two-digit year, 1-6 digit running number, e.g. 16/26813)";

    public JournalNumber(int year, int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(year);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 99);
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, MaxRunningNumber);
        (Year, Number) = (year, number);
    }

    /// <summary>The two-digit year (26 for 2026).</summary>
    public int Year { get; }

    /// <summary>The running number within the year.</summary>
    public int Number { get; }

    // Ends in \z, not $: in .NET, $ also matches before a final newline.
    [GeneratedRegex(@"^([0-9]{2})/([0-9]{1,6})\z")]
    private static partial Regex Pattern();

    /// <summary>Parses "26/00001", "12/3142", "16/26813"; null when the text is not a journal number.</summary>
    public static JournalNumber? TryParse(string? text)
    {
        var match = text is null ? null : Pattern().Match(text);
        return match is { Success: true }
            ? new JournalNumber(
                int.Parse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture),
                int.Parse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>Whether the text is a journal number of the form <see cref="Form"/>.</summary>
    public static bool IsWellFormed(string? text) => TryParse(text) is not null;

    /// <summary>The journal number as allocated, the running number zero-padded to five: "26/00001".</summary>
    public override string ToString() =>
        $"{Year.ToString("00", CultureInfo.InvariantCulture)}/{Number.ToString("00000", CultureInfo.InvariantCulture)}";
}
