using System.Globalization;
using System.Text.RegularExpressions;
using Governance.ServiceDefaults.Errors;

namespace Governance.Cases.Domain;

/// <summary>A case's key: the two-digit year and the running number of its journal number.</summary>
public readonly record struct CaseKey(int Year, int Number)
{
    /// <summary>The <c>{case}</c> part of the resource name: "26-1" (running number without zeros).</summary>
    public string Id => $"{Year:00}-{Number.ToString(CultureInfo.InvariantCulture)}";

    public string Name => $"cases/{Id}";

    /// <summary>An allocated journal number, zero-padded: "26/00001".</summary>
    public string Allocated => new JournalNumber(Year, Number).ToString();
}

/// <summary>Journal numbers (<c>YY/NNNNN</c>, the form is <see cref="JournalNumber"/>'s), document numbers (<c>NNNNNN/YY</c>), case names
/// (<c>cases/{yy}-{n}</c>) and KLE numbers (<c>NN.NN.NN</c>).</summary>
public static partial class JournalNumbers
{
    /// <summary>The highest running number a journal number can carry (six digits).</summary>
    public const int MaxRunningNumber = JournalNumber.MaxRunningNumber;

    // Patterns end in \z, not $: in .NET, $ also matches before a final newline. Digits are [0-9]:
    // \d also matches Arabic-Indic and full-width digits, which int.Parse then refuses.

    [GeneratedRegex(@"^cases/([0-9]{2})-(0|[1-9][0-9]{0,5})\z")]
    private static partial Regex CaseNamePattern();

    [GeneratedRegex(@"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\z")]
    private static partial Regex KlePattern();

    /// <summary>Parses "26/00001", "12/3142", "16/26813"; null when it is not a journal number.</summary>
    public static CaseKey? TryParse(string? journalNumber) =>
        JournalNumber.TryParse(journalNumber) is { } parsed ? new CaseKey(parsed.Year, parsed.Number) : null;

    /// <summary>A case name <c>cases/{yy}-{n}</c>, or INVALID_ARGUMENT on <paramref name="field"/>.</summary>
    public static CaseKey ParseName(string? name, string field)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ValidationException(field, "is required (cases/{yy}-{n}, e.g. cases/26-1)");
        }
        var match = CaseNamePattern().Match(name);
        if (!match.Success)
        {
            throw new ValidationException(field, "must have the form cases/{yy}-{n}, e.g. cases/26-1 for journal number 26/00001");
        }
        return new CaseKey(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>A child name <c>cases/{case}/{collection}/{id}</c>.</summary>
    public static string ChildName(CaseKey key, string collection, string id) => $"{key.Name}/{collection}/{id}";

    /// <summary>"000001/26".</summary>
    public static string DocumentNumber(int year, int number) =>
        $"{number.ToString("000000", CultureInfo.InvariantCulture)}/{year:00}";

    public static bool IsKleNumber(string text) => KlePattern().IsMatch(text);

    /// <summary>The two-digit year of a four-digit year filter (2000-2099), or a violation.</summary>
    public static int? YearFilter(Validator v, string field, int year)
    {
        if (year == 0)
        {
            return null;
        }
        if (year is < 2000 or > 2099)
        {
            v.Add(field, "must be a year from 2000 to 2099 (e.g. 2026 for journal numbers 26/...)");
            return null;
        }
        return year % 100;
    }
}

/// <summary>A message named a journal number that is not one. It must not be swallowed: the message
/// is retried and then parked in the error queue for someone to look at.</summary>
public sealed class MalformedJournalNumberException(string journalNumber, string messageType)
    : Exception($"{messageType} names journal number {CallerValue.Quote(journalNumber)}, which is not of the form YY/N (two-digit year, 1-6 digit running number).");
