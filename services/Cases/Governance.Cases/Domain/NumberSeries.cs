using Governance.ServiceDefaults.Errors;

namespace Governance.Cases.Domain;

/// <summary>When the numbers of a year run out. Journal numbers and document numbers each run per
/// Copenhagen year (document numbers across all cases, "000001/26"), up to six digits; the store
/// hands out the next value of a series, and these say whether it may be used.</summary>
public static class NumberSeries
{
    public const int MaxDocumentNumber = 999_999;

    /// <summary>The next value of the year's document series as a document number, or
    /// FAILED_PRECONDITION DOCUMENT_NUMBERS_EXHAUSTED when the year has used every number.</summary>
    public static int DocumentNumber(int year, long next) => next <= MaxDocumentNumber
        ? (int)next
        : throw new FailedPreconditionException("DOCUMENT_NUMBERS_EXHAUSTED", $"Every document number of year {year:00} is used.");

    /// <summary>The journal number allocated for a new case, or FAILED_PRECONDITION
    /// JOURNAL_NUMBERS_EXHAUSTED when the store found none free (null) up to
    /// <see cref="JournalNumbers.MaxRunningNumber"/>.</summary>
    public static CaseKey JournalNumber(int year, CaseKey? allocated) => allocated
        ?? throw new FailedPreconditionException("JOURNAL_NUMBERS_EXHAUSTED",
            $"Every journal number of year {year:00} up to {JournalNumbers.MaxRunningNumber} is used.");
}
