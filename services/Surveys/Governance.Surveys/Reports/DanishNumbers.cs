using System.Globalization;

namespace Governance.Surveys.Reports;

/// <summary>Numbers as Danish readers and Excel in Danish read them: a decimal comma and a point between
/// thousands ("1.234", "72,5"), written with a format of its own so no server culture decides them.</summary>
public static class DanishNumbers
{
    private static readonly NumberFormatInfo Format = CreateFormat();

    private static NumberFormatInfo CreateFormat()
    {
        var format = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        format.NumberDecimalSeparator = ",";
        format.NumberGroupSeparator = ".";
        format.NegativeSign = "-";
        return NumberFormatInfo.ReadOnly(format);
    }

    /// <summary>A score with one decimal: "72,5", "100,0".</summary>
    public static string Score(double value) => value.ToString("0.0", Format);

    /// <summary>A per cent, whole, with the space Danish puts before the sign: "62 %".</summary>
    public static string Percent(double value) => value.ToString("0", Format) + " %";

    /// <summary>A count with a point between thousands: "1.234".</summary>
    public static string Count(int value) => value.ToString("#,0", Format);

    /// <summary>A number with <paramref name="decimals"/> decimals and no thousands separator, as a
    /// spreadsheet cell reads it: "72,5", "1234".</summary>
    public static string Plain(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), Format);
}
