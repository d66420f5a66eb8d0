using Governance.Cases.Domain;
using Governance.Cases.V1;

namespace Governance.Cases.Tests.Domain;

/// <summary>What a closed case shows those who may not read it.</summary>
public sealed class ClosedCaseTests
{
    [Fact]
    public void A_closed_case_is_Lukket_with_its_number_unit_and_status()
    {
        var c = CaseModels.Case(confidential: true) with { Status = CaseStatus.InProgress };
        var shown = ClosedCase.Redacted(c);
        Assert.Equal(c with { Title = "Lukket", LegalBasis = "", StatusReason = "", CaseHandler = "", KleNumber = "" }, shown);
    }

    [Fact]
    public void Its_documents_keep_only_their_numbers()
    {
        var d = ClosedCase.Redacted(CaseModels.Document(CaseModels.Case(confidential: true)));
        Assert.Equal(("Lukket", "", "000012/26"), (d.Title, d.Creator, d.DocumentNumber));
    }

    [Fact]
    public void Its_timeline_entries_lose_their_text()
    {
        var t = new TimelineRecord { Id = "t", Case = new CaseKey(26, 7), Kind = TimelineEntryKind.NoteAdded, OccurredAt = CaseModels.Now, Text = "Notat", Actor = "mette" };
        Assert.Equal(t with { Text = "" }, ClosedCase.Redacted(t));
    }

    [Fact]
    public void A_search_match_loses_the_matched_text_and_snippet()
    {
        var c = CaseModels.Case(confidential: true);
        var m = ClosedCase.Redacted(new SearchMatch(new SearchEntry("e", c.Key, SearchField.Title, "", c.Title), c, "«Personalesag»", 1.5));
        Assert.Equal(("", "", "Lukket", 1.5), (m.Entry.Text, m.Snippet, m.Case.Title, m.Score));
    }
}
