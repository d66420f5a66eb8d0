using Governance.Meetings.Security;
using Governance.Meetings.V1;

namespace Governance.Meetings.Domain;

/// <summary>
/// Approved minutes are a record: both audiences are composed once, at approval, and kept as they
/// were. Nothing changed later (a body's name, members or room, an agenda template) alters them. A
/// correction recorded after approval is a new decision, shown in a separate part after the record.
/// </summary>
public static class ApprovedMinutes
{
    /// <summary>Whether the record of <paramref name="audience"/> holds a decision of the meeting's
    /// item histories. It cannot depend on who reads it later, so: the public record holds no decision
    /// made on a closed item; the members' record holds those made on closed items of the meeting's own
    /// body (whose members and secretariat are the ones who may read it), and none of another body's.</summary>
    public static bool InRecord(DecisionView decision, MeetingRecord meeting, Audience audience) =>
        MeetingsConfidentiality.ForMinutes(audience, meeting.BodyId).Sees(decision);

    /// <summary>The decisions of an item's history that came after the record of
    /// <paramref name="audience"/> was made: made at this meeting, of the kind the record would hold,
    /// and not in it (after approval only corrections can be recorded). In history order.</summary>
    public static IReadOnlyList<DecisionView> CorrectionsAfterApproval(MeetingRecord meeting, Audience audience,
        IEnumerable<DecisionView> history, IReadOnlySet<string> decisionIdsInRecord) =>
        [.. history.Where(d => d.Decision.MeetingId == meeting.Id && InRecord(d, meeting, audience) && !decisionIdsInRecord.Contains(d.Decision.Id))];
}
