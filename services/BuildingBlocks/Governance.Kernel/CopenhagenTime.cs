using System.Globalization;

namespace Governance.Kernel;

/// <summary>
/// The municipality's time zone (Europe/Copenhagen): meetings are planned in local time and stored as
/// UTC instants, journal and document numbers run per Copenhagen year. Also the Danish date texts
/// ("Torsdag d. 09. marts 2017 kl. 08:30", "09-03-2017"), written out here so they do not depend on
/// the machine's culture data.
/// </summary>
public static class CopenhagenTime
{
    public const string ZoneId = "Europe/Copenhagen";

    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    private static readonly string[] Weekdays = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"];

    private static readonly string[] Months =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];

    /// <summary>Local wall-clock time to UTC. Null when the time does not exist (the spring-forward
    /// gap); an ambiguous time (fall back) is its first occurrence, in summer time.</summary>
    public static DateTime? ToUtc(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            return null;
        }
        if (Zone.IsAmbiguousTime(local))
        {
            var offset = Zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, Zone);
    }

    /// <summary>A UTC instant as Copenhagen wall-clock time (the kind of <paramref name="utc"/> is ignored).</summary>
    public static DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The UTC instant a local calendar day starts. Total over DateOnly: the first day of
    /// the calendar starts at DateTime.MinValue (its local midnight lies before it in UTC).</summary>
    public static DateTime StartOfDayUtc(DateOnly date) =>
        date == DateOnly.MinValue
            ? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)
            : ToUtc(date.ToDateTime(TimeOnly.MinValue)) ?? ToUtc(date.ToDateTime(new TimeOnly(1, 0)))!.Value;

    /// <summary>The UTC instant a local calendar day ends (the next day's start). Total over DateOnly:
    /// the last day of the calendar ends at DateTime.MaxValue.</summary>
    public static DateTime EndOfDayUtc(DateOnly date) =>
        date == DateOnly.MaxValue ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) : StartOfDayUtc(date.AddDays(1));

    /// <summary>The two-digit Copenhagen year of a UTC instant (a case created at 23:30 UTC on 31
    /// December is of the next year).</summary>
    public static int TwoDigitYear(DateTime utc) => ToLocal(utc).Year % 100;

    /// <summary>"09-03-2017" of a Copenhagen wall-clock time.</summary>
    public static string ShortDate(DateTime local) => local.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    /// <summary>"09-03-2017" of an instant, in Copenhagen (whatever its offset).</summary>
    public static string ShortDate(DateTimeOffset instant) => ShortDate(ToLocal(instant.UtcDateTime));

    /// <summary>"09-03-2017" of a calendar day.</summary>
    public static string ShortDate(DateOnly date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    /// <summary>"Torsdag d. 09. marts 2017 kl. 08:30" of a Copenhagen wall-clock time, whatever the
    /// culture of the server.</summary>
    public static string LongDateTime(DateTime local)
    {
        var weekday = Weekdays[(int)local.DayOfWeek];
        return $"{char.ToUpperInvariant(weekday[0])}{weekday[1..]} d. {local.Day:00}. {Months[local.Month - 1]} {local.Year} kl. {local.Hour:00}:{local.Minute:00}";
    }
}
