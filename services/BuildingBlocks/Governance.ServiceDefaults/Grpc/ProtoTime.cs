using Google.Protobuf.WellKnownTypes;
using Governance.ServiceDefaults.Errors;

namespace Governance.ServiceDefaults.Grpc;

/// <summary>
/// The one conversion of a caller's google.type.Date, google.type.DateTime and
/// google.protobuf.Timestamp into .NET values. Anything that does not convert (month 13, day 0, year
/// 0 where a full date is needed, negative nanos, seconds beyond 9999-12-31) is a field violation on
/// the given field, never an exception that would surface as INTERNAL.
/// </summary>
public static class ProtoTime
{
    // The range of google.protobuf.Timestamp, which is also DateTime's: 0001-01-01 to 9999-12-31 UTC.
    private static readonly long MinSeconds = Timestamp.FromDateTime(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)).Seconds;
    private static readonly long MaxSeconds = Timestamp.FromDateTime(DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)).Seconds;

    /// <summary>A full calendar date (year 1-9999, month and day set), or null when absent or invalid
    /// (then <paramref name="v"/> holds the violation).</summary>
    public static DateOnly? ToDateOnly(Validator v, string field, Google.Type.Date? date)
    {
        if (date is null)
        {
            return null;
        }
        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            v.Add(field, "is not a valid calendar date (year 1-9999, month 1-12 and a day of that month)");
            return null;
        }
        return new DateOnly(date.Year, date.Month, date.Day);
    }

    /// <summary>The wall-clock time of a google.type.DateTime (its year, month, day, hours, minutes,
    /// seconds and nanos all in range; the zone fields are the caller's to check), or null when invalid.</summary>
    public static DateTime? ToLocalDateTime(Validator v, string field, Google.Type.DateTime dateTime)
    {
        if (dateTime.Year is < 1 or > 9999 || dateTime.Month is < 1 or > 12
            || dateTime.Day < 1 || dateTime.Day > DateTime.DaysInMonth(dateTime.Year, dateTime.Month)
            || dateTime.Hours is < 0 or > 23 || dateTime.Minutes is < 0 or > 59 || dateTime.Seconds is < 0 or > 59
            || dateTime.Nanos is < 0 or > 999_999_999)
        {
            v.Add(field, "is not a valid date and time (year 1-9999, month 1-12, a day of that month, 00:00:00-23:59:59)");
            return null;
        }
        return new DateTime(dateTime.Year, dateTime.Month, dateTime.Day, dateTime.Hours, dateTime.Minutes, dateTime.Seconds, DateTimeKind.Unspecified)
            .AddTicks(dateTime.Nanos / 100);
    }

    /// <summary>The UTC instant of an optional timestamp, or null when absent or outside the range
    /// protobuf allows (seconds within 0001-01-01..9999-12-31, nanos 0-999,999,999).</summary>
    public static DateTime? ToUtc(Validator v, string field, Timestamp? value)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Seconds < MinSeconds || value.Seconds > MaxSeconds || value.Nanos is < 0 or > 999_999_999)
        {
            v.Add(field, "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z (seconds and nanos in range)");
            return null;
        }
        return value.ToDateTime();
    }
}
