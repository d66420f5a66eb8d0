using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Meetings.Domain;

/// <summary>
/// The items of a meeting's agenda: what a new, changed, reordered or removed item becomes. Which
/// meeting states allow it is <see cref="MeetingRules"/>; a change after publication is a supplement
/// (tillæg), and stays one.
/// </summary>
public static class Agenda
{
    /// <summary>The standing items a new meeting gets from its body's agenda template, numbered from 1.</summary>
    public static IReadOnlyList<ItemRecord> StandingItems(MeetingRecord meeting, BodyRecord body, DateTime now) =>
        [.. body.AgendaTemplate.Select((template, i) => new ItemRecord
        {
            Id = Identifiers.NewId(),
            MeetingId = meeting.Id,
            Position = i + 1,
            JournalNumber = template.JournalNumber,
            Title = Wording.StandingItemTitle(template, meeting.StartLocal),
            Kind = template.ReminderList ? ItemKind.ReminderList : ItemKind.Standing,
            CreatedAt = now,
            UpdatedAt = now,
        })];

    /// <summary>Whether an item recurs every meeting from the agenda template (the reminder list is one).</summary>
    public static bool IsStanding(ItemKind kind) => kind is ItemKind.Standing or ItemKind.ReminderList;

    /// <summary>A new item as the last of the agenda: a supplement when the agenda is already published.
    /// It may continue an item of another meeting (<paramref name="origin"/>), never one of its own.</summary>
    public static ItemRecord Add(MeetingRecord meeting, ItemRecord draft, int position, ItemRecord? origin, DateTime now)
    {
        var supplement = MeetingRules.EnsureCanChangeItems(meeting);
        if (origin is not null && origin.MeetingId == meeting.Id)
        {
            throw new ValidationException("item.origin_item", "must be an item of another meeting");
        }
        return draft with
        {
            Id = Identifiers.NewId(),
            MeetingId = meeting.Id,
            Position = position,
            Supplement = supplement,
            OriginItemId = origin?.Id,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>An item with the caller's changes: once changed after publication it is a supplement.</summary>
    public static ItemRecord Change(MeetingRecord meeting, ItemRecord current, ItemRecord changed, DateTime now)
    {
        var supplement = MeetingRules.EnsureCanChangeItems(meeting);
        return changed with { Supplement = current.Supplement || supplement, Version = current.Version + 1, UpdatedAt = now };
    }

    /// <summary>The new order of an unpublished agenda: <paramref name="order"/> must name every item
    /// exactly once. Returns the item ids in their new order (number = index + 1).</summary>
    public static IReadOnlyList<string> Reorder(MeetingRecord meeting, IReadOnlyList<ItemRecord> agenda, IReadOnlyList<string> order)
    {
        MeetingRules.EnsureAgendaUnpublished(meeting, "reorder the agenda");
        if (order.Count != agenda.Count || order.Distinct().Count() != order.Count || !agenda.All(i => order.Contains(i.Id)))
        {
            throw new ValidationException("items",
                $"must list every item of the agenda exactly once ({agenda.Count} items, {order.Count} given)");
        }
        return order;
    }

    /// <summary>Removing an item from an unpublished agenda: the items after it move up. Returns the
    /// remaining item ids in order (number = index + 1).</summary>
    public static IReadOnlyList<string> Remove(MeetingRecord meeting, IReadOnlyList<ItemRecord> agenda, string itemId)
    {
        MeetingRules.EnsureAgendaUnpublished(meeting, "remove an item");
        return [.. agenda.OrderBy(i => i.Position).Where(i => i.Id != itemId).Select(i => i.Id)];
    }
}
