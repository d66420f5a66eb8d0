using System.Globalization;

namespace Governance.Cases.Domain;

/// <summary>Journal and document numbers are per Europe/Copenhagen year; texts show Danish dates.</summary>
public static class CopenhagenTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    /// <summary>The two-digit Copenhagen year of an instant (a case created at 23:30 UTC on 31
    /// December is of the next year).</summary>
    public static int TwoDigitYear(DateTime utc) => ToLocal(utc).Year % 100;

    public static DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>"09-03-2017" of an instant, in Copenhagen.</summary>
    public static string ShortDate(DateTimeOffset instant) =>
        ToLocal(instant.UtcDateTime).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    public static string ShortDate(DateOnly date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
}
