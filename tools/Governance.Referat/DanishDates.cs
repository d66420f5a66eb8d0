using System.Globalization;
using System.Text.RegularExpressions;

namespace Governance.Referat;

/// <summary>
/// The date forms of the minutes: "14-08-2012", "2/1-2017", "16/12", "14. august 2012", "kl. 9.15".
/// Month names are spelled out here rather than taken from the da-DK culture, so parsing does not
/// depend on the ICU data of the machine.
/// </summary>
internal static partial class DanishDates
{
    private static readonly string[] MonthNames =
    [
        "januar", "februar", "marts", "april", "maj", "juni",
        "juli", "august", "september", "oktober", "november", "december",
    ];

    /// <summary>1-12 for a Danish month name ("marts", "Marts", "MARTS") or its usual abbreviation ("sept.", "febr."); else null.</summary>
    public static int? Month(string word)
    {
        var w = word.Trim().TrimEnd('.').ToLowerInvariant();
        if (w.Length < 3)
        {
            return null;
        }
        for (var i = 0; i < MonthNames.Length; i++)
        {
            if (MonthNames[i] == w || (MonthNames[i].StartsWith(w, StringComparison.Ordinal) && word.TrimEnd().EndsWith('.')))
            {
                return i + 1;
            }
        }
        return null;
    }

    /// <summary>A valid date or null (the minutes hold typing errors; "31-02-2017" is not a date).</summary>
    public static DateOnly? Date(int year, int month, int day) =>
        year is >= 1900 and <= 2999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    [GeneratedRegex(@"^([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})$")]
    private static partial Regex DayMonthYearDashes();

    /// <summary>"14-08-2012" (the minutes' own form).</summary>
    public static DateOnly? Numeric(string text)
    {
        var m = DayMonthYearDashes().Match(text.Trim());
        return m.Success ? Date(Int(m.Groups[3].Value), Int(m.Groups[2].Value), Int(m.Groups[1].Value)) : null;
    }

    [GeneratedRegex(@"(?<![0-9])([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})(?![0-9])|(?<![0-9/])([0-9]{1,2})/([0-9]{1,2})(?:-([0-9]{4}))?(?![0-9/])|(?<![0-9])([0-9]{1,2})\.\s*(\p{L}+\.?)(?:\s+([0-9]{4}))?")]
    private static partial Regex AnyDate();

    /// <summary>
    /// The first date in free text ("direktionsmødet 16/12", "2/1-2017", "d. 16. december 2014"); a date
    /// without a year is the first such day on or after <paramref name="notBefore"/>.
    /// </summary>
    public static DateOnly? FirstIn(string text, DateOnly notBefore)
    {
        foreach (Match m in AnyDate().Matches(text))
        {
            DateOnly? date;
            if (m.Groups[1].Success)
            {
                date = Date(Int(m.Groups[3].Value), Int(m.Groups[2].Value), Int(m.Groups[1].Value));
            }
            else if (m.Groups[4].Success)
            {
                date = WithYear(Int(m.Groups[4].Value), Int(m.Groups[5].Value), m.Groups[6].Success ? Int(m.Groups[6].Value) : null, notBefore);
            }
            else
            {
                var month = Month(m.Groups[8].Value);
                date = month is null ? null : WithYear(Int(m.Groups[7].Value), month.Value, m.Groups[9].Success ? Int(m.Groups[9].Value) : null, notBefore);
            }
            if (date is not null)
            {
                return date;
            }
        }
        return null;
    }

    /// <summary>The day in the given year, or when the text names none, the first such day on or after <paramref name="notBefore"/>.</summary>
    public static DateOnly? WithYear(int day, int month, int? year, DateOnly notBefore)
    {
        if (year is not null)
        {
            return Date(year.Value, month, day);
        }
        var date = Date(notBefore.Year, month, day) ?? Date(notBefore.Year + 1, month, day);
        return date is { } d && d < notBefore ? Date(notBefore.Year + 1, month, day) : date;
    }

    /// <summary>"10:00", "9.15", "10.00"; else null.</summary>
    public static TimeOnly? Time(string hours, string minutes)
    {
        var h = Int(hours);
        var m = Int(minutes);
        return h is >= 0 and <= 23 && m is >= 0 and <= 59 ? new TimeOnly(h, m) : null;
    }

    /// <summary>The callers' patterns allow only a few ASCII digits, so this cannot overflow.</summary>
    public static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
}
