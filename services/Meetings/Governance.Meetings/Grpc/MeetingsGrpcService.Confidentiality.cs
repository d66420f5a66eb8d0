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
        var closed = new Dictionary<string, bool>();
        foreach (var entry in record.Items)
        {
            if (entry.Kind == ItemKind.Closed)
            {
                _calls.ClosedContentRead(entry.Item);
            }
            foreach (var decision in entry.Decisions)
            {
                var (meetingId, itemId, _) = Identifiers.ParseDecision(decision.Name, "name");
                var item = Identifiers.ItemName(meetingId, itemId);
                if (!closed.TryGetValue(item, out var isClosed))
                {
                    closed[item] = isClosed = item == entry.Item ? entry.Kind == ItemKind.Closed : await s.GetItemAsync(itemId) is { } stored && MeetingsConfidentiality.IsClosed(stored);
                }
                if (isClosed)
                {
                    _calls.ClosedContentRead(item);
                }
            }
        }
    }
}
