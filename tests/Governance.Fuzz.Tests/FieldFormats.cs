using System.Globalization;
using CsCheck;
using Google.Protobuf.Reflection;

namespace Governance.Fuzz.Tests;

/// <summary>String fields whose form the contract's comments fix, recognised by field name in the
/// descriptors (no RPC named): journal numbers (<c>YY/NNNNN</c> allocated, <c>YY/N</c> registered
/// with 1-6 digits) and KLE numbers (<c>NN.NN.NN</c>). Valid-looking requests carry well-formed
/// values so they get past the check for form; broken ones carry near misses of the form.</summary>
public static class FieldFormats
{
    public static bool IsJournalNumber(FieldDescriptor field) =>
        field.FieldType == FieldType.String && (field.Name == "journal_number" || field.Name.EndsWith("_journal_number", StringComparison.Ordinal));

    public static bool IsKleNumber(FieldDescriptor field) =>
        field.FieldType == FieldType.String && (field.Name == "kle_number" || field.Name.EndsWith("_kle_number", StringComparison.Ordinal));

    private static string Digits(int value, int width) => value.ToString(new string('0', width), CultureInfo.InvariantCulture);

    /// <summary>"26/00001": two-digit year, running number zero-padded to five digits.</summary>
    public static readonly Gen<string> AllocatedJournalNumber =
        Gen.Int[0, 99].Select(Gen.Int[1, 99_999], (year, number) => $"{Digits(year, 2)}/{Digits(number, 5)}");

    /// <summary>"12/3142": an existing case's historical number, 1-6 digits as given.</summary>
    public static readonly Gen<string> RegisteredJournalNumber =
        Gen.Int[0, 99].Select(Gen.Int[1, 6].SelectMany(d => Gen.Int[d == 1 ? 0 : (int)Math.Pow(10, d - 1), (int)Math.Pow(10, d) - 1]),
            (year, number) => $"{Digits(year, 2)}/{number.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Near misses of the form: each is refused as a journal number.</summary>
    public static readonly string[] NearMissJournalNumbers =
    [
        "26/", "/1", "26", "26/1234567", "26/0000001", "2026/1", "6/1", "26-1", "26//1", "26/1/2", "26/-1", "26/+1", "-6/1",
        "ab/12", "26/1a", "26/1e3", "26/0x1", " 26/1", "26/1 ", "26 /1", "26/1\n", "26/1\0", "26\\1", "26.1", "26/١", "٢٦/00001",
        "２６/1", "26/ 1", "1/1/1/1", "cases/26-1",
    ];

    /// <summary>The extremes of the form: each is a well-formed journal number.</summary>
    public static readonly string[] ExtremeJournalNumbers = ["00/0", "00/000000", "99/999999", "26/000000", "26/00000"];

    public static readonly Gen<string> KleNumber =
        Gen.Int[0, 99].Array[3].Select(parts => string.Join('.', parts.Select(p => Digits(p, 2))));

    public static readonly string[] BrokenKleNumbers =
    [
        "00.01", "00.01.00.00", "0.01.00", "00-01-00", "00.01.0a", "٠٠.٠١.٠٠", "00.01.00\n", " 00.01.00", "00..01", "99.99.99",
    ];
}
