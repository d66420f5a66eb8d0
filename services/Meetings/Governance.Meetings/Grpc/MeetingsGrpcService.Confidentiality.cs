using Governance.Meetings.Data;
using Governance.Meetings.Domain;
using Governance.Meetings.Security;
using Governance.Meetings.V1;

namespace Governance.Meetings.Grpc;

/// <summary>How the read paths apply <see cref="MeetingsConfidentiality"/> and audit the closed content
/// they return. What a reader may see is decided by the policy alone.</summary>
public sealed partial class MeetingsGrpcService
{
    private MeetingsConfidentiality? _confidentiality;

    /// <summary>The policy for the current caller.</summary>
    private MeetingsConfidentiality Confidentiality => _confidentiality ??= MeetingsConfidentiality.For(CurrentCaller);

    /// <summary>The decisions of a history that <paramref name="readers"/> (default: the caller) see;
    /// a decision made on a closed item is audited as a read of that item.</summary>
    private List<DecisionView> Visible(IReadOnlyList<DecisionView> history, MeetingsConfidentiality? readers = null)
    {
        var visible = (readers ?? Confidentiality).Visible(history);
        foreach (var d in visible.Where(d => d.OnClosedItem))
        {
            _calls.ClosedContentRead(Identifiers.ItemName(d.Decision.MeetingId, d.Decision.ItemId));
        }
        return [.. visible];
    }

    /// <summary>Audits the closed content a members' record returns, as composing it would: each
    /// closed item, and the item of each decision made on a closed item.</summary>
    private async Task AuditClosedContentAsync(MeetingsSession s, V1.Minutes record)
    {
        var decided = record.Items.SelectMany(entry => entry.Decisions.Select(decision =>
            (Entry: entry, Ids: Identifiers.ParseDecision(decision.Name, "name")))).ToList();
        // The items of decisions made under another entry (before a postponement), read in one statement.
        var others = decided.Where(d => Identifiers.ItemName(d.Ids.MeetingId, d.Ids.ItemId) != d.Entry.Item).Select(d => d.Ids.ItemId).Distinct().ToList();
        var stored = others.Count == 0 ? [] : (await s.GetItemsAsync(others)).ToDictionary(i => i.Id);
        foreach (var entry in record.Items.Where(e => e.Kind == ItemKind.Closed))
        {
            _calls.ClosedContentRead(entry.Item);
        }
        foreach (var (entry, (meetingId, itemId, _)) in decided)
        {
            var item = Identifiers.ItemName(meetingId, itemId);
            var isClosed = item == entry.Item
                ? entry.Kind == ItemKind.Closed
                : stored.TryGetValue(itemId, out var other) && MeetingsConfidentiality.IsClosed(other);
            if (isClosed)
            {
                _calls.ClosedContentRead(item);
            }
        }
    }
}
