using Governance.Meetings.Domain;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Security;

namespace Governance.Meetings.Security;

/// <summary>
/// The one confidentiality policy of Meetings: what a reader may see of a closed item (lukket punkt)
/// and of the decisions made on one. A closed item's content, and every decision made on it (also in
/// the history of an open item that continues it), is seen only by readers who see the closed content
/// of the body it belongs to; everyone else sees the item as <see cref="Wording.Closed"/> and its
/// journal number, and not its decisions. The readers:
/// <list type="bullet">
/// <item><see cref="For(Caller)"/>: a caller, who sees the closed content of the bodies it is a member
/// or the secretariat of.</item>
/// <item><see cref="ForMinutes"/>: an audience of a meeting's minutes. The members' minutes hold the closed
/// content of the meeting's own body; the public minutes none.</item>
/// <item><see cref="Everyone"/>: the public minutes and the events, which every subscriber reads.</item>
/// </list>
/// Every read path asks this policy; it does no I/O, and which content a read returned is audited by
/// the caller of the policy.
/// </summary>
public sealed class MeetingsConfidentiality
{
    private readonly Func<string, bool> _seesClosedOf;

    private MeetingsConfidentiality(Func<string, bool> seesClosedOf) => _seesClosedOf = seesClosedOf;

    /// <summary>Sees no closed content: the public, and every event subscriber.</summary>
    public static MeetingsConfidentiality Everyone { get; } = new(_ => false);

    /// <summary>A caller: sees the closed content of the bodies it is a member or the secretariat of.</summary>
    public static MeetingsConfidentiality For(Caller caller) => new(caller.SeesClosedOf);

    /// <summary>The readers of a meeting's minutes for an audience: what they hold cannot depend on who
    /// reads them, so the members' minutes hold the closed content of the meeting's body only.</summary>
    public static MeetingsConfidentiality ForMinutes(Audience audience, string bodyId) =>
        audience == Audience.Members ? new(b => b == bodyId) : Everyone;

    public static bool IsClosed(ItemRecord item) => item.Kind == ItemKind.Closed;

    /// <summary>An agenda entry's title as everyone may see it (the events): null for a closed item.</summary>
    public static string? ForEveryone(ItemRecord item) => Everyone.SeesContent(item, bodyId: "") ? item.Title : null;

    /// <summary>Whether this reader sees closed content of the body at all (who may read the members'
    /// minutes of its meetings).</summary>
    public bool SeesClosedOf(string bodyId) => _seesClosedOf(bodyId);

    /// <summary>Whether this reader sees the item's content (title, sections, recommendation, guests,
    /// attachments, decisions); <paramref name="bodyId"/> is the body of the item's meeting.</summary>
    public bool SeesContent(ItemRecord item, string bodyId) => !IsClosed(item) || _seesClosedOf(bodyId);

    /// <summary>Whether this reader sees a decision: one made on a closed item is closed content of the
    /// body it was made in.</summary>
    public bool Sees(DecisionView decision) => !decision.OnClosedItem || _seesClosedOf(decision.Meeting.BodyId);

    /// <summary>Of a decision history, what this reader sees, in the same order.</summary>
    public IReadOnlyList<DecisionView> Visible(IEnumerable<DecisionView> history) => [.. history.Where(Sees)];

    /// <summary>The item's title as this reader sees it.</summary>
    public string TitleOf(ItemRecord item, string bodyId) => SeesContent(item, bodyId) ? item.Title : Wording.Closed;
}
