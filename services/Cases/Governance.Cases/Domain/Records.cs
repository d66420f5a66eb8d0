using Governance.Cases.V1;

namespace Governance.Cases.Domain;

/// <summary>A case as stored.</summary>
public sealed record CaseRecord
{
    public required CaseKey Key { get; init; }
    public required string JournalNumber { get; init; }
    public required string Title { get; init; }
    public required string Unit { get; init; }
    public string CaseHandler { get; init; } = "";
    public CaseStatus Status { get; init; } = CaseStatus.Open;
    public string StatusReason { get; init; } = "";
    public bool Confidential { get; init; }
    public string KleNumber { get; init; } = "";
    public string LegalBasis { get; init; } = "";
    public bool Registered { get; init; }
    public long Version { get; init; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}

public sealed record DocumentRecord(string Id, CaseKey Case, int DocYear, int DocNumber, string Title, string Creator, DateTime CreatedAt)
{
    public string DocumentNumber => JournalNumbers.DocumentNumber(DocYear, DocNumber);

    /// <summary>"cases/26-1/documents/{id}".</summary>
    public string Name => JournalNumbers.ChildName(Case, "documents", Id);
}

public sealed record NoteRecord(string Id, CaseKey Case, string Text, string Author, DateTime CreatedAt)
{
    /// <summary>"cases/26-1/notes/{id}".</summary>
    public string Name => JournalNumbers.ChildName(Case, "notes", Id);
}

/// <summary>One entry of a case timeline, keyed by journal number (year, number), not by the case
/// row: entries for a number that is registered later are there when it is.</summary>
public sealed record TimelineRecord
{
    public required string Id { get; init; }
    public required CaseKey Case { get; init; }
    public required TimelineEntryKind Kind { get; init; }
    public required DateTime OccurredAt { get; init; }
    public string Text { get; init; } = "";
    public string Actor { get; init; } = "";
    public string Resource { get; init; } = "";
    public string Meeting { get; init; } = "";
    public string BodyTitle { get; init; } = "";
    public int ItemNumber { get; init; }
    public string Outcome { get; init; } = "";
    public CaseStatus Status { get; init; }
    public string TraceId { get; init; } = "";
}

/// <summary>One searchable text of a case: its title, a document title, a decision text.</summary>
public sealed record SearchEntry(string Id, CaseKey Case, SearchField Field, string Source, string Text);

/// <summary>A search match with the case it belongs to.</summary>
public sealed record SearchMatch(SearchEntry Entry, CaseRecord Case, string Snippet, double Score);

public static class Ids
{
    public static string NewId() => Guid.CreateVersion7().ToString("N");
}
