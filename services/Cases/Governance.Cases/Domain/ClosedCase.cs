namespace Governance.Cases.Domain;

/// <summary>
/// What a closed (lukket) case shows those who may not read its content: "Lukket", its name, journal
/// number, unit, status and dates, and its documents' numbers. Who may read the content is
/// <see cref="Security.CasesConfidentiality"/>'s to say; this is what remains when they may not.
/// </summary>
public static class ClosedCase
{
    public static CaseRecord Redacted(CaseRecord c) => c with
    {
        Title = Wording.Closed,
        LegalBasis = "",
        StatusReason = "",
        CaseHandler = "",
        KleNumber = "",
    };

    public static DocumentRecord Redacted(DocumentRecord d) => d with { Title = Wording.Closed, Creator = "" };

    public static TimelineRecord Redacted(TimelineRecord t) => t with { Text = "" };

    /// <summary>A search match as the case's redacted title, with neither the matched text nor a snippet.</summary>
    public static SearchMatch Redacted(SearchMatch m) => m with { Entry = m.Entry with { Text = "" }, Case = Redacted(m.Case), Snippet = "" };
}
