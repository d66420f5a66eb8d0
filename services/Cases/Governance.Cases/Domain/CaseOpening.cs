using Governance.ServiceDefaults.Errors;

namespace Governance.Cases.Domain;

/// <summary>What a caller asks for when opening a case, checked and parsed. <see cref="Registered"/>
/// is the historical journal number to register the case under (as given, e.g. "12/3142"), or null
/// for the next free number of the year.</summary>
public sealed record CaseDraft(string Title, string Unit, string CaseHandler, bool Confidential, string KleNumber, string LegalBasis,
    RegisteredNumber? Registered);

/// <summary>A historical journal number as given ("12/3142") and the key it parses to.</summary>
public sealed record RegisteredNumber(string JournalNumber, CaseKey Key);

/// <summary>Opening a case: a new case under an allocated number, or registering one under its
/// historical number, which must not be taken.</summary>
public static class CaseOpening
{
    /// <summary>The new case (version 1, OPEN) under <paramref name="key"/>: the registered number's
    /// key, or the number allocated for it. Texts are trimmed; without a case handler the one who opens
    /// it handles it.</summary>
    public static CaseRecord Open(CaseDraft draft, CaseKey key, string openedBy, DateTime now)
    {
        var journalNumber = draft.Registered?.JournalNumber ?? key.Allocated;
        return new CaseRecord
        {
            Key = key,
            JournalNumber = journalNumber,
            Title = draft.Title.Trim(),
            Unit = draft.Unit,
            CaseHandler = draft.CaseHandler.Trim() is { Length: > 0 } handler ? handler : openedBy,
            Confidential = draft.Confidential,
            KleNumber = draft.KleNumber,
            LegalBasis = draft.LegalBasis.Trim(),
            Registered = draft.Registered is not null,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>A historical number may be registered once: ALREADY_EXISTS JOURNAL_NUMBER_TAKEN when a
    /// case has it.</summary>
    public static void EnsureFree(RegisteredNumber number, bool taken)
    {
        if (taken)
        {
            throw new AlreadyExistsException(number.Key.Name,
                $"Journal number {number.JournalNumber} is already registered ({number.Key.Name}).", "JOURNAL_NUMBER_TAKEN");
        }
    }
}
