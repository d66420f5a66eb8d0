namespace Governance.Cases.Domain;

/// <summary>What UpdateCase may change: the fields in its update mask, each null when not in it.
/// Status is not among them (<see cref="CaseLifecycle"/>), nor the journal number.</summary>
public sealed record CaseChanges(string? Title = null, string? Unit = null, string? CaseHandler = null, bool? Confidential = null,
    string? KleNumber = null, string? LegalBasis = null);

/// <summary>Updating a case's details.</summary>
public static class CaseUpdate
{
    /// <summary>The case with the changes applied (texts trimmed), one version on.</summary>
    public static CaseRecord Apply(CaseRecord c, CaseChanges changes, DateTime now) => c with
    {
        Title = changes.Title?.Trim() ?? c.Title,
        Unit = changes.Unit ?? c.Unit,
        CaseHandler = changes.CaseHandler?.Trim() ?? c.CaseHandler,
        Confidential = changes.Confidential ?? c.Confidential,
        KleNumber = changes.KleNumber ?? c.KleNumber,
        LegalBasis = changes.LegalBasis?.Trim() ?? c.LegalBasis,
        Version = c.Version + 1,
        UpdatedAt = now,
    };

    /// <summary>The unit the case is handed over to, when the changes move it to another unit (the
    /// caller must handle that unit's cases too); null otherwise.</summary>
    public static string? HandedOverTo(CaseRecord c, CaseChanges changes) =>
        changes.Unit is { } unit && unit != c.Unit ? unit : null;
}
