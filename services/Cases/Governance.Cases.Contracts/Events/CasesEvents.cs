using MassTransit;

namespace Governance.Cases.Events;

// Events the Cases service publishes through its outbox, in the transaction of the change. Case is
// the resource name ("cases/26-1"), JournalNumber its journal number ("26/00001"). Like every event of
// the platform, each carries the resource's Version (the case's version after the change, its etag
// counter) and OccurredAt (when the change happened, a UTC instant). A confidential (lukket) case has
// Confidential = true and never its title, reasons or document titles (null): events reach every
// subscriber, and only case handlers of the unit may read closed content. The URNs are the wire
// contract: never change one; add a v2 event instead.

/// <summary>An event about one case: the outbox publishes the events of one case in the order they
/// happened (the ordering key). Not a message type of its own: no exchange, not in the envelope.</summary>
[ExcludeFromTopology]
[ExcludeFromImplementedTypes]
public interface ICaseEvent
{
    string Case { get; }
}

/// <summary>A case was created, or registered with its historical journal number (<see cref="Registered"/>).</summary>
[MessageUrn("governance:cases:case-opened:v1")]
public sealed record CaseOpened(string Case, string JournalNumber, string Unit, string? Title, bool Confidential, bool Registered,
    string? KleNumber, DateTimeOffset OccurredAt, long Version) : ICaseEvent;

/// <summary>A case's status changed. Statuses are the contract's enum names without prefix ("OPEN",
/// "IN_PROGRESS", "DECIDED", "CLOSED").</summary>
[MessageUrn("governance:cases:case-status-changed:v1")]
public sealed record CaseStatusChanged(string Case, string JournalNumber, string Unit, bool Confidential, string From, string To,
    string? Reason, DateTimeOffset OccurredAt, long Version) : ICaseEvent;

/// <summary>A document was added to a case and given its document number ("000001/26"). Version is the
/// case's (adding a document does not change it).</summary>
[MessageUrn("governance:cases:case-document-added:v1")]
public sealed record CaseDocumentAdded(string Case, string JournalNumber, string Unit, bool Confidential, string Document,
    string DocumentNumber, string? Title, DateTimeOffset OccurredAt, long Version) : ICaseEvent;
