using Governance.Cases.Domain;
using Governance.Cases.Publishing;
using Governance.Cases.Tests.Domain;
using Governance.Cases.V1;

namespace Governance.Cases.Tests.Publishing;

/// <summary>The events, built from the records: the version and time of the change, and nothing of a
/// closed case's content.</summary>
public sealed class CaseEventsTests
{
    [Fact]
    public void CaseOpened_carries_the_case_its_version_and_when_it_was_opened()
    {
        var c = CaseModels.Case() with { Version = 1 };
        var e = CaseEvents.Opened(c);
        Assert.Equal(("cases/26-7", "26/00007", "HRC", "Personalesag: tjenstlig samtale", false, "81.03.00"),
            (e.Case, e.JournalNumber, e.Unit, e.Title, e.Confidential, e.KleNumber));
        Assert.Equal((new DateTimeOffset(c.CreatedAt), 1L), (e.OccurredAt, e.Version));
        Assert.Equal(TimeSpan.Zero, e.OccurredAt.Offset);
    }

    [Fact]
    public void CaseStatusChanged_carries_both_statuses_the_reason_and_the_new_version()
    {
        var change = CaseLifecycle.Change(CaseModels.Case(), CaseStatus.InProgress, "Partshøring slut", CaseModels.Now);
        var e = CaseEvents.StatusChanged(change);
        Assert.Equal(("OPEN", "IN_PROGRESS", "Partshøring slut", 4L, new DateTimeOffset(CaseModels.Now)),
            (e.From, e.To, e.Reason, e.Version, e.OccurredAt));
        Assert.Null(CaseEvents.StatusChanged(CaseLifecycle.Change(CaseModels.Case(), CaseStatus.InProgress, "", CaseModels.Now)).Reason);
    }

    [Fact]
    public void CaseDocumentAdded_carries_the_document_and_the_cases_version()
    {
        var c = CaseModels.Case();
        var d = CaseModels.Document(c);
        var e = CaseEvents.DocumentAdded(c, d);
        Assert.Equal(("cases/26-7/documents/d1", "000012/26", "Referat af samtale", 3L, new DateTimeOffset(d.CreatedAt)),
            (e.Document, e.DocumentNumber, e.Title, e.Version, e.OccurredAt));
    }

    [Fact]
    public void A_closed_case_travels_without_its_content()
    {
        var c = CaseModels.Case(confidential: true);
        var opened = CaseEvents.Opened(c);
        var changed = CaseEvents.StatusChanged(CaseLifecycle.Change(c, CaseStatus.InProgress, "Partshøring slut", CaseModels.Now));
        var added = CaseEvents.DocumentAdded(c, CaseModels.Document(c));
        Assert.Equal((true, null, null), (opened.Confidential, opened.Title, opened.KleNumber));
        Assert.Equal((true, null), (changed.Confidential, changed.Reason));
        Assert.Equal((true, null, "000012/26"), (added.Confidential, added.Title, added.DocumentNumber));
        Assert.Equal(("26/00007", "HRC"), (opened.JournalNumber, opened.Unit));
    }
}
