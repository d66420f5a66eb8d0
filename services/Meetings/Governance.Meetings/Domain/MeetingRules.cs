using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Meetings.Domain;

/// <summary>
/// The lifecycle of a meeting: planned → agenda published → held → minutes approved (or cancelled
/// before it is held), and what each state allows (changing the meeting, its agenda, its decisions,
/// receiving a postponed item), which <see cref="Agenda"/>, <see cref="Decisions"/> and
/// <see cref="Postponement"/> ask. Every step out of order is FAILED_PRECONDITION with a message that
/// says why.
/// </summary>
public static class MeetingRules
{
    /// <summary>A new meeting of <paramref name="body"/>: in the body's usual room and with its members
    /// as participants, unless the draft names them.</summary>
    public static MeetingRecord Schedule(BodyRecord body, MeetingRecord draft, DateTime now) => draft with
    {
        Id = Identifiers.NewId(),
        BodyId = body.Id,
        Room = draft.Room.Length > 0 ? draft.Room : body.UsualRoom,
        Participants = draft.Participants.Count > 0 ? draft.Participants : body.Members,
        State = MeetingState.Planned,
        Version = 1,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>A meeting with the caller's changes, until it is held; when its start moves, the
    /// standing items whose title carries the old date get the new one
    /// (<see cref="RedatedStandingItemTitle"/>). Returns the meeting and the re-dated items.</summary>
    public static (MeetingRecord Meeting, IReadOnlyList<ItemRecord> RedatedItems) Change(MeetingRecord before, MeetingRecord changed,
        IReadOnlyList<ItemRecord> agenda, DateTime now)
    {
        EnsureCanUpdate(before);
        IReadOnlyList<ItemRecord> redated = [.. agenda
            .Select(item => (item, title: RedatedStandingItemTitle(before, changed, item)))
            .Where(x => x.title is not null)
            .Select(x => x.item with { Title = x.title!, Version = x.item.Version + 1, UpdatedAt = now })];
        return (changed, redated);
    }

    public static MeetingRecord PublishAgenda(MeetingRecord meeting, int itemCount, DateTime now)
    {
        Require(meeting, "publish the agenda", MeetingState.Planned);
        if (itemCount == 0)
        {
            throw new FailedPreconditionException("AGENDA_EMPTY",
                $"The agenda of {Identifiers.MeetingName(meeting.Id)} has no items; add at least one before publishing.");
        }
        return meeting with { State = MeetingState.AgendaPublished, AgendaPublishedAt = now };
    }

    public static MeetingRecord MarkHeld(MeetingRecord meeting, DateTime now)
    {
        Require(meeting, "mark the meeting held", MeetingState.AgendaPublished);
        return meeting with { State = MeetingState.Held, HeldAt = now };
    }

    public static MeetingRecord ApproveMinutes(MeetingRecord meeting, DateTime now)
    {
        Require(meeting, "approve the minutes", MeetingState.Held);
        return meeting with { State = MeetingState.MinutesApproved, MinutesApprovedAt = now };
    }

    public static MeetingRecord Cancel(MeetingRecord meeting, string reason)
    {
        Require(meeting, "cancel the meeting", MeetingState.Planned, MeetingState.AgendaPublished);
        return meeting with { State = MeetingState.Cancelled, CancelReason = reason };
    }

    public static void EnsureCanUpdate(MeetingRecord meeting) =>
        Require(meeting, "change the meeting", MeetingState.Planned, MeetingState.AgendaPublished);

    /// <summary>Items can be added and changed until the meeting is held; after publication the
    /// change is a supplement (tillæg). Returns whether it is one.</summary>
    public static bool EnsureCanChangeItems(MeetingRecord meeting)
    {
        Require(meeting, "change the agenda", MeetingState.Planned, MeetingState.AgendaPublished);
        return meeting.State == MeetingState.AgendaPublished;
    }

    /// <summary>Reordering and removing are only for an unpublished agenda.</summary>
    public static void EnsureAgendaUnpublished(MeetingRecord meeting, string action) =>
        Require(meeting, action, MeetingState.Planned);

    /// <summary>Decisions are recorded once the agenda is out; after the minutes are approved only
    /// corrections are accepted, as new visible records.</summary>
    public static void EnsureCanRecordDecision(MeetingRecord meeting, bool isCorrection)
    {
        if (meeting.State == MeetingState.MinutesApproved && !isCorrection)
        {
            throw new FailedPreconditionException("MINUTES_APPROVED",
                $"The minutes of {Identifiers.MeetingName(meeting.Id)} are approved; decisions can no longer be changed. " +
                "Record a correction instead: a new decision with 'corrects' set to the decision it corrects.");
        }
        Require(meeting, "record a decision", MeetingState.AgendaPublished, MeetingState.Held, MeetingState.MinutesApproved);
    }

    public static void EnsureCanEditDecision(MeetingRecord meeting)
    {
        if (meeting.State == MeetingState.MinutesApproved)
        {
            throw new FailedPreconditionException("MINUTES_APPROVED",
                $"The minutes of {Identifiers.MeetingName(meeting.Id)} are approved; decisions can no longer be edited. " +
                "Record a correction instead: a new decision with 'corrects' set to the decision it corrects.");
        }
        Require(meeting, "edit a decision", MeetingState.AgendaPublished, MeetingState.Held);
    }

    /// <summary>A postponed item can be carried to a later meeting of the same body that has not been
    /// held. Sending a matter to another body is a referral, not a postponement.</summary>
    public static void EnsureCanReceivePostponedItem(MeetingRecord source, MeetingRecord target)
    {
        if (target.Id == source.Id)
        {
            throw new FailedPreconditionException("POSTPONE_TARGET_INVALID",
                "An item cannot be postponed to the meeting it is on; choose a later meeting.");
        }
        if (target.BodyId != source.BodyId)
        {
            var error = new FailedPreconditionException("POSTPONEMENT_OTHER_BODY",
                $"{Identifiers.MeetingName(target.Id)} is a meeting of {Identifiers.BodyName(target.BodyId)}; an item can only be postponed " +
                $"to a meeting of its own body ({Identifiers.BodyName(source.BodyId)}). Sending the matter to another body is a referral: " +
                "record it in the decision's 'referrals' instead.");
            error.Metadata["body"] = Identifiers.BodyName(source.BodyId);
            error.Metadata["target_body"] = Identifiers.BodyName(target.BodyId);
            throw error;
        }
        if (target.StartUtc <= source.StartUtc)
        {
            throw new FailedPreconditionException("POSTPONE_TARGET_INVALID",
                $"{Identifiers.MeetingName(target.Id)} starts before {Identifiers.MeetingName(source.Id)}; an item can only be postponed to a later meeting.");
        }
        Require(target, "carry a postponed item onto its agenda", MeetingState.Planned, MeetingState.AgendaPublished);
    }

    /// <summary>The title a standing item gets when its meeting moves from <paramref name="before"/>
    /// to <paramref name="after"/>: a title that ends with the old meeting date, as the agenda template
    /// writes it (" - 09-03-2017"), carries the new date while the agenda is unpublished. Null when the
    /// title stays: a published agenda, another kind of item, the same date, or a title without it.</summary>
    public static string? RedatedStandingItemTitle(MeetingRecord before, MeetingRecord after, ItemRecord item)
    {
        if (before.State != MeetingState.Planned || !Agenda.IsStanding(item.Kind))
        {
            return null;
        }
        var oldSuffix = Wording.MeetingDateSuffix(before.StartLocal);
        var newSuffix = Wording.MeetingDateSuffix(after.StartLocal);
        if (oldSuffix == newSuffix || !item.Title.EndsWith(oldSuffix, StringComparison.Ordinal))
        {
            return null;
        }
        return item.Title[..^oldSuffix.Length] + newSuffix;
    }

    private static void Require(MeetingRecord meeting, string action, params MeetingState[] allowed)
    {
        if (Array.IndexOf(allowed, meeting.State) >= 0)
        {
            return;
        }
        var error = new FailedPreconditionException("MEETING_STATE",
            $"Cannot {action}: {Identifiers.MeetingName(meeting.Id)} is {Describe(meeting.State)}; " +
            $"this needs a meeting that is {string.Join(" or ", allowed.Select(Describe))}.");
        error.Metadata["meeting"] = Identifiers.MeetingName(meeting.Id);
        error.Metadata["state"] = meeting.State.ToString();
        throw error;
    }

    public static string Describe(MeetingState state) => state switch
    {
        MeetingState.Planned => "planned (agenda not yet published)",
        MeetingState.AgendaPublished => "agenda published",
        MeetingState.Held => "held",
        MeetingState.MinutesApproved => "minutes approved (locked)",
        MeetingState.Cancelled => "cancelled",
        _ => state.ToString(),
    };
}
