using Governance.Cases.Data;
using Governance.Cases.Domain;
using Governance.ServiceDefaults.Security;

namespace Governance.Cases.Security;

/// <summary>A record as an audience may see it: the record itself, or what a closed case shows
/// outsiders (<see cref="ClosedCase"/>) with <see cref="Redacted"/> set. Made only by
/// <see cref="CasesConfidentiality"/>, so nothing is mapped that did not pass the policy.</summary>
public sealed record Seen<T>
{
    internal Seen(T record, bool redacted) => (Record, Redacted) = (record, redacted);

    public T Record { get; }

    public bool Redacted { get; }
}

/// <summary>
/// The one confidentiality policy of Cases: what an audience may see of a closed (lukket, confidential)
/// case. Only the case handlers of the case's unit read its content (<see cref="CasesCaller.HandlesCasesOf"/>);
/// everyone else, and every event (<see cref="Everyone"/>: events reach every subscriber), sees it as
/// <see cref="ClosedCase"/> leaves it. Every read (get, list, documents, timeline, search) and every
/// event goes through here. A caller's policy reports each closed case whose content it let through,
/// so the read is audited.
/// </summary>
public sealed class CasesConfidentiality
{
    private readonly Func<string, bool> _readsClosedOf;
    private readonly Action<string> _closedContentRead;

    private CasesConfidentiality(Func<string, bool> readsClosedOf, Action<string> closedContentRead, ClosedScope searchScope)
    {
        _readsClosedOf = readsClosedOf;
        _closedContentRead = closedContentRead;
        SearchScope = searchScope;
    }

    /// <summary>The audience of events: every subscriber, who reads no closed content.</summary>
    public static readonly CasesConfidentiality Everyone = new(_ => false, _ => { }, ClosedScope.None);

    /// <summary>What <paramref name="caller"/> may see; <paramref name="closedContentRead"/> hears of
    /// every closed case whose content it is shown.</summary>
    public static CasesConfidentiality For(Caller caller, Action<string> closedContentRead)
    {
        var handled = caller.HandledUnits();
        var scope = handled is null ? new ClosedScope(true, []) : new ClosedScope(false, [.. handled.Order(StringComparer.Ordinal)]);
        return new CasesConfidentiality(caller.HandlesCasesOf, closedContentRead, scope);
    }

    /// <summary>The closed cases a search may look into: those whose content this audience reads.</summary>
    public ClosedScope SearchScope { get; }

    /// <summary>Whether this audience reads the case's content (always, for a case that is not closed).</summary>
    public bool Sees(CaseRecord c)
    {
        if (!c.Confidential)
        {
            return true;
        }
        if (!_readsClosedOf(c.Unit))
        {
            return false;
        }
        _closedContentRead(c.Key.Name);
        return true;
    }

    public Seen<CaseRecord> Case(CaseRecord c) => Sees(c) ? new(c, false) : new(ClosedCase.Redacted(c), true);

    /// <summary>The documents of case <paramref name="c"/>. No documents, no closed content read.</summary>
    public IReadOnlyList<Seen<DocumentRecord>> Documents(CaseRecord c, IReadOnlyList<DocumentRecord> documents) =>
        All(c, documents, ClosedCase.Redacted);

    /// <summary>Timeline entries of case <paramref name="c"/>. No entries, no closed content read.</summary>
    public IReadOnlyList<Seen<TimelineRecord>> Timeline(CaseRecord c, IReadOnlyList<TimelineRecord> entries) =>
        All(c, entries, ClosedCase.Redacted);

    public Seen<SearchMatch> Match(SearchMatch m) => Sees(m.Case) ? new(m, false) : new(ClosedCase.Redacted(m), true);

    /// <summary>A text of the case for an event or message field: null when this audience may not read
    /// the case's content, or when the text is empty.</summary>
    public string? Text(CaseRecord c, string text) => text.Length > 0 && Sees(c) ? text : null;

    private IReadOnlyList<Seen<T>> All<T>(CaseRecord c, IReadOnlyList<T> records, Func<T, T> redact)
    {
        if (records.Count == 0)
        {
            return [];
        }
        var visible = Sees(c);
        return [.. records.Select(r => visible ? new Seen<T>(r, false) : new Seen<T>(redact(r), true))];
    }
}
