using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Meetings.Domain;

/// <summary>
/// Recording and editing a decision on an agenda item. Which meeting states allow it is
/// <see cref="MeetingRules"/>; after the minutes are approved a change is a correction, a new
/// decision that names the one it corrects.
/// </summary>
public static class Decisions
{
    /// <summary>A new decision on <paramref name="item"/>. A correction must correct a decision of the
    /// same item (<paramref name="corrected"/> as loaded, null when it does not exist). A postponement
    /// with a target carries the item there (<see cref="Postponement.Carry"/>). Returns the decision
    /// and the carried item, if any.</summary>
    public static (DecisionRecord Decision, ItemRecord? Carried) Record(MeetingRecord meeting, ItemRecord item, DecisionRecord draft,
        DecisionRecord? corrected, (MeetingRecord Meeting, int NextPosition)? postponeTo, DateTime now)
    {
        MeetingRules.EnsureCanRecordDecision(meeting, draft.CorrectsDecisionId is not null);
        if (draft.CorrectsDecisionId is { } corrects && corrected?.ItemId != item.Id)
        {
            throw new NotFoundException(Identifiers.DecisionName(meeting.Id, item.Id, corrects));
        }
        EnsurePointLabelsMatch(item, draft.PointOutcomes);
        var carried = postponeTo is { } target ? Postponement.Carry(meeting, item, target.Meeting, target.NextPosition, now) : null;
        var decision = draft with
        {
            Id = Identifiers.NewId(),
            ItemId = item.Id,
            MeetingId = meeting.Id,
            PostponedToMeetingId = postponeTo?.Meeting.Id,
            CarriedItemId = carried?.Id,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return (decision, carried);
    }

    /// <summary>A decision with the caller's changes, before the minutes are approved. Point outcomes,
    /// when changed, must name points of the item's recommendation.</summary>
    public static DecisionRecord Edit(MeetingRecord meeting, ItemRecord item, DecisionRecord current, DecisionRecord changed,
        bool pointOutcomesChanged, DateTime now)
    {
        MeetingRules.EnsureCanEditDecision(meeting);
        if (pointOutcomesChanged)
        {
            EnsurePointLabelsMatch(item, changed.PointOutcomes);
        }
        Postponement.EnsureOutcomeKeepsCarriedItem(current, changed.Outcome);
        return changed with { Version = current.Version + 1, UpdatedAt = now };
    }

    /// <summary>Point outcomes must name points of the item's recommendation (field violations on
    /// <c>decision.point_outcomes[i].label</c>).</summary>
    public static void EnsurePointLabelsMatch(ItemRecord item, IReadOnlyList<PointOutcome> pointOutcomes)
    {
        var v = new Validator();
        var labels = item.Recommendation?.Points.Select(p => p.Label).ToHashSet() ?? [];
        for (var i = 0; i < pointOutcomes.Count; i++)
        {
            if (!labels.Contains(pointOutcomes[i].Label))
            {
                v.Add($"decision.point_outcomes[{i}].label",
                    labels.Count == 0
                        ? "the item's recommendation has no points"
                        : $"{CallerValue.Quote(pointOutcomes[i].Label)} is not a point of the recommendation ({string.Join(", ", labels)})");
            }
        }
        v.ThrowIfInvalid();
    }
}
