using System.Text.RegularExpressions;
using Governance.Cases.Domain;
using Governance.Cases.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Cases.Grpc;

/// <summary>Validation of what callers send, with the limits the protos document. Each check names
/// the field path it failed on, so one answer lists every bad field.</summary>
internal static partial class Input
{
    public const int TitleMax = 500;
    public const int UnitMax = 50;
    public const int SubjectMax = 200;
    public const int LegalBasisMax = 2_000;
    public const int ReasonMax = 2_000;
    public const int NoteMax = 4_000;
    public const int QueryMax = 200;
    public const int QueryWordsMax = 20;

    [GeneratedRegex(@"^[\p{L}\p{N}_.-]{1,50}\z")]
    private static partial Regex UnitPattern();

    /// <summary>A unit id (required or optional), e.g. "ØDC".</summary>
    public static string? Unit(Validator v, string field, string value, bool required)
    {
        if (value.Length == 0)
        {
            if (required)
            {
                v.Add(field, "is required (a unit such as ØDC, HRC or BYC)");
            }
            return null;
        }
        if (!UnitPattern().IsMatch(value))
        {
            v.Add(field, $"must be 1-{UnitMax} letters, digits, '-', '_' or '.', e.g. ØDC");
            return null;
        }
        return value;
    }

    public static void Kle(Validator v, string field, string value)
    {
        if (value.Length > 0 && !JournalNumbers.IsKleNumber(value))
        {
            v.Add(field, "must be a KLE number NN.NN.NN (three two-digit groups), e.g. 00.01.00");
        }
    }

    public static void Confidentiality(Validator v, string field, V1.Confidentiality value, bool allowUnspecified)
    {
        if (!Enum.IsDefined(value) || (!allowUnspecified && value == V1.Confidentiality.Unspecified))
        {
            v.Add(field, "must be CONFIDENTIALITY_PUBLIC or CONFIDENTIALITY_CLOSED");
        }
    }

    /// <summary>An optional status filter.</summary>
    public static CaseStatus? StatusFilter(Validator v, string field, CaseStatus status)
    {
        if (status == CaseStatus.Unspecified)
        {
            return null;
        }
        if (!Enum.IsDefined(status))
        {
            v.Add(field, "is not a known status");
            return null;
        }
        return status;
    }

    /// <summary>The case of a child name <c>cases/{case}/{collection}/{id}</c> and its id, as this service writes them.</summary>
    public static (CaseKey Case, string Id) ParseChild(string name, string collection)
    {
        var cut = name.IndexOf($"/{collection}/", StringComparison.Ordinal);
        if (cut < 0)
        {
            throw new ValidationException("name", $"must have the form cases/{{case}}/{collection}/{{id}}");
        }
        return (JournalNumbers.ParseName(name[..cut], "name"), name[(cut + collection.Length + 2)..]);
    }
}
