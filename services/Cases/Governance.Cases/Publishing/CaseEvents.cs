using Governance.Cases.Domain;
using Governance.Cases.Events;
using Governance.Cases.Security;

namespace Governance.Cases.Publishing;

/// <summary>
/// The events of the Cases service, made from the records a change has just written. Every text of a
/// case passes <see cref="CasesConfidentiality.Everyone"/>, the audience of events: a closed case
/// travels as its name, journal number, unit, status and document numbers, with Confidential = true.
/// </summary>
public static class CaseEvents
{
    private static CasesConfidentiality Audience => CasesConfidentiality.Everyone;

    public static CaseOpened Opened(CaseRecord c) =>
        new(c.Key.Name, c.JournalNumber, c.Unit, Audience.Text(c, c.Title), c.Confidential, c.Registered,
            Audience.Text(c, c.KleNumber), Utc(c.CreatedAt), c.Version);

    public static CaseStatusChanged StatusChanged(StatusChange change) =>
        new(change.After.Key.Name, change.After.JournalNumber, change.After.Unit, change.After.Confidential,
            CaseLifecycle.Wire(change.Before.Status), CaseLifecycle.Wire(change.After.Status),
            Audience.Text(change.After, change.Reason), Utc(change.At), change.After.Version);

    /// <summary>A document added to case <paramref name="c"/>.</summary>
    public static CaseDocumentAdded DocumentAdded(CaseRecord c, DocumentRecord d) =>
        new(c.Key.Name, c.JournalNumber, c.Unit, c.Confidential, d.Name, d.DocumentNumber, Audience.Text(c, d.Title),
            Utc(d.CreatedAt), c.Version);

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
