using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Meetings.Domain;

/// <summary>
/// A postponed item carried to a later meeting of its body: the target gets a copy of the item that
/// continues it (origin), and the postponing decision names both. The link holds while both exist.
/// </summary>
public static class Postponement
{
    /// <summary>The item as it goes onto <paramref name="target"/>'s agenda, as its last item: the same
    /// matter without the guests of the first meeting, a supplement when that agenda is published.</summary>
    public static ItemRecord Carry(MeetingRecord source, ItemRecord item, MeetingRecord target, int position, DateTime now)
    {
        MeetingRules.EnsureCanReceivePostponedItem(source, target);
        return item with
        {
            Id = Identifiers.NewId(),
            MeetingId = target.Id,
            Position = position,
            Guests = [],
            Supplement = target.State == MeetingState.AgendaPublished,
            OriginItemId = item.Id,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>A decision that carried its item to another meeting stays a postponement while the
    /// carried item is there: changing the outcome first needs that item removed.</summary>
    public static void EnsureOutcomeKeepsCarriedItem(DecisionRecord current, DecisionOutcome outcome)
    {
        if (current.CarriedItemId is not null && outcome != DecisionOutcome.Postponed)
        {
            throw new FailedPreconditionException("POSTPONEMENT_CARRIED",
                $"{Identifiers.DecisionName(current.MeetingId, current.ItemId, current.Id)} carried the item to " +
                $"{Identifiers.MeetingName(current.PostponedToMeetingId!)}; remove the carried item from that agenda before changing the outcome.");
        }
    }

    /// <summary>The postponement once the item it carried is removed from the target's agenda: still a
    /// postponement, with no target.</summary>
    public static DecisionRecord CarriedItemRemoved(DecisionRecord decision) =>
        decision with { PostponedToMeetingId = null, CarriedItemId = null, Version = decision.Version + 1 };
}
