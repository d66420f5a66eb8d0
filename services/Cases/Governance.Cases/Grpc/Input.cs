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

    /// <summary>The fields UpdateCase may change (its update mask's paths).</summary>
    public static readonly string[] CasePaths = ["title", "unit", "case_handler", "confidentiality", "kle_number", "legal_basis"];

    /// <summary>CreateCase's case as a draft; every bad field is added to <paramref name="v"/>.</summary>
    public static CaseDraft Draft(Validator v, Case c)
    {
        v.Required("case.title", c.Title, TitleMax);
        var unit = Unit(v, "case.unit", c.Unit, required: true);
        v.MaxLength("case.case_handler", c.CaseHandler, SubjectMax);
        Confidentiality(v, "case.confidentiality", c.Confidentiality, allowUnspecified: true);
        Kle(v, "case.kle_number", c.KleNumber);
        v.MaxLength("case.legal_basis", c.LegalBasis, LegalBasisMax);
        RegisteredNumber? registered = null;
        if (c.JournalNumber.Length > 0)
        {
            if (JournalNumbers.TryParse(c.JournalNumber) is { } key)
            {
                registered = new RegisteredNumber(c.JournalNumber, key);
            }
            else
            {
                v.Add("case.journal_number", "must be a journal number YY/N: two-digit year, '/', a running number of 1-6 digits (e.g. 12/3142)");
            }
        }
        return new CaseDraft(c.Title, unit ?? "", c.CaseHandler, c.Confidentiality == V1.Confidentiality.Closed, c.KleNumber, c.LegalBasis,
            registered);
    }

    /// <summary>UpdateCase's changes: the fields in <paramref name="paths"/>; every bad one is added to <paramref name="v"/>.</summary>
    public static CaseChanges Changes(Validator v, Case c, IReadOnlySet<string> paths)
    {
        if (paths.Contains("title")) v.Required("case.title", c.Title, TitleMax);
        var unit = paths.Contains("unit") ? Unit(v, "case.unit", c.Unit, required: true) : null;
        if (paths.Contains("case_handler")) v.Required("case.case_handler", c.CaseHandler, SubjectMax);
        if (paths.Contains("confidentiality")) Confidentiality(v, "case.confidentiality", c.Confidentiality, allowUnspecified: false);
        if (paths.Contains("kle_number")) Kle(v, "case.kle_number", c.KleNumber);
        if (paths.Contains("legal_basis")) v.MaxLength("case.legal_basis", c.LegalBasis, LegalBasisMax);
        return new CaseChanges(
            Title: paths.Contains("title") ? c.Title : null,
            Unit: unit,
            CaseHandler: paths.Contains("case_handler") ? c.CaseHandler : null,
            Confidential: paths.Contains("confidentiality") ? c.Confidentiality == V1.Confidentiality.Closed : null,
            KleNumber: paths.Contains("kle_number") ? c.KleNumber : null,
            LegalBasis: paths.Contains("legal_basis") ? c.LegalBasis : null);
    }

    /// <summary>GetCase's case: by name or by journal number, not both.</summary>
    public static CaseKey CaseOf(GetCaseRequest request)
    {
        if (request.Name.Length > 0 && request.JournalNumber.Length > 0)
        {
            throw new ValidationException("journal_number", "must be empty when name is given (give one of them)");
        }
        return request.JournalNumber.Length > 0
            ? JournalNumbers.TryParse(request.JournalNumber)
                ?? throw new ValidationException("journal_number", "must be a journal number YY/N, e.g. 26/00001 or 12/3142")
            : JournalNumbers.ParseName(request.Name, "name");
    }

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
