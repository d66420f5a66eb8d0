using Governance.Meetings.Data;
using Governance.Meetings.Domain;
using Governance.Meetings.Events;
using Governance.Meetings.Security;
using Governance.Meetings.V1;

namespace Governance.Meetings.Publishing;

/// <summary>
/// The events of the Meetings service, made from the records a change has just written. Events reach
/// every subscriber, so every agenda item passes through <see cref="Entry"/>, which asks the one
/// confidentiality policy what everyone may see (<see cref="MeetingsConfidentiality.Everyone"/>): a
/// closed item travels as its number, journal number and Closed = true, and its decision without text,
/// follow-ups or referrals.
/// </summary>
public static class MeetingEvents
{
    public static AgendaEntry Entry(ItemRecord item) =>
        new(Identifiers.ItemName(item.MeetingId, item.Id), item.Position, item.JournalNumber, MeetingsConfidentiality.IsClosed(item),
            MeetingsConfidentiality.ForEveryone(item));

    /// <summary>The meeting as just inserted: its version and creation time.</summary>
    public static MeetingScheduled Scheduled(MeetingRecord meeting, BodyRecord body) =>
        new(Identifiers.MeetingName(meeting.Id), Identifiers.BodyName(body.Id), body.DisplayName, Utc(meeting.StartUtc), meeting.Title,
            meeting.Room, Utc(meeting.CreatedAt), meeting.Version);

    // Cancelled, Published and MinutesApproved are made from the meeting as a lifecycle step left it,
    // before it is saved: saving adds one to its version (MeetingsGrpcService.SaveMeetingAsync), so
    // the version after the change is one more than the record's. The tests hold the event's Version
    // to the etag the call returns. The time is the one the step wrote (agenda_publish_time,
    // minutes_approve_time) where it writes one.

    public static MeetingCancelled Cancelled(MeetingRecord meeting, BodyRecord body, DateTime nowUtc) =>
        new(Identifiers.MeetingName(meeting.Id), Identifiers.BodyName(body.Id), body.DisplayName, Utc(meeting.StartUtc), meeting.CancelReason,
            Utc(nowUtc), SavedVersion(meeting));

    public static AgendaPublished Published(MeetingRecord meeting, BodyRecord body, IEnumerable<ItemRecord> items, DateTime nowUtc) =>
        new(Identifiers.MeetingName(meeting.Id), Identifiers.BodyName(body.Id), body.DisplayName, Utc(meeting.StartUtc),
            [.. items.OrderBy(i => i.Position).Select(Entry)], Utc(meeting.AgendaPublishedAt ?? nowUtc), SavedVersion(meeting));

    /// <summary>The item as just inserted: its version and creation time.</summary>
    public static AgendaItemAdded ItemAdded(MeetingRecord meeting, BodyRecord body, ItemRecord item) =>
        new(Identifiers.MeetingName(meeting.Id), Identifiers.BodyName(body.Id), body.DisplayName, Utc(meeting.StartUtc), Entry(item),
            item.Supplement, Utc(item.CreatedAt), item.Version);

    /// <summary>The postponement, naming the target meeting by its body's display name and start
    /// (when there is a target), so that subscribers can say where the item went without asking
    /// Meetings. Version and time: the postponing decision's.</summary>
    public static ItemPostponed Postponed(MeetingRecord meeting, BodyRecord body, ItemRecord item, DecisionRecord decision,
        MeetingRecord? target, BodyRecord? targetBody)
    {
        var knownTarget = target is not null && decision.PostponedToMeetingId == target.Id ? target : null;
        return new(Identifiers.DecisionName(meeting.Id, item.Id, decision.Id), Identifiers.MeetingName(meeting.Id), Identifiers.BodyName(body.Id),
            body.DisplayName, Utc(meeting.StartUtc), Entry(item),
            decision.PostponedToMeetingId is { } targetId ? Identifiers.MeetingName(targetId) : null,
            decision.CarriedItemId is { } carried && decision.PostponedToMeetingId is { } to ? Identifiers.ItemName(to, carried) : null,
            knownTarget is null ? null : targetBody?.DisplayName,
            knownTarget is null ? null : Utc(knownTarget.StartUtc),
            Utc(decision.UpdatedAt), decision.Version);
    }

    /// <summary><see cref="Postponed(MeetingRecord, BodyRecord, ItemRecord, DecisionRecord, MeetingRecord?, BodyRecord?)"/>
    /// with the target meeting and its body read in the change's own session.</summary>
    public static async Task<ItemPostponed> PostponedAsync(MeetingsSession s, MeetingRecord meeting, BodyRecord body, ItemRecord item,
        DecisionRecord decision)
    {
        var target = decision.PostponedToMeetingId is { } targetId ? await s.GetMeetingAsync(targetId) : null;
        var targetBody = target is null ? null : target.BodyId == body.Id ? body : await s.GetBodyAsync(target.BodyId);
        return Postponed(meeting, body, item, decision, target, targetBody);
    }

    /// <summary>A decision as recorded or last changed (its version and UpdatedAt, as written). A
    /// correction names the decision it corrects.</summary>
    public static DecisionRecorded Recorded(MeetingRecord meeting, BodyRecord body, ItemRecord item, DecisionRecord decision)
    {
        var entry = Entry(item);
        var content = MeetingsConfidentiality.Everyone.SeesContent(item, body.Id);
        return new DecisionRecorded(Identifiers.DecisionName(meeting.Id, item.Id, decision.Id), Identifiers.MeetingName(meeting.Id),
            Identifiers.BodyName(body.Id), body.DisplayName, Utc(meeting.StartUtc), entry, OutcomeName(decision.Outcome), Wording.Outcome(decision.Outcome),
            content ? decision.Text : null,
            !content ? [] : [.. decision.FollowUps.Select(f => new FollowUpInfo(f.Description, f.Unit, DateOf(f.DueDate)))],
            !content ? [] : [.. decision.Referrals.Select(r => new ReferralInfo(r.BodyDisplayName, DateOf(r.ExpectedDate), r.Text))],
            decision.CorrectsDecisionId is { } corrects ? Identifiers.DecisionName(meeting.Id, item.Id, corrects) : null,
            Utc(decision.UpdatedAt), decision.Version);
    }

    public static MinutesApproved MinutesApproved(MeetingRecord meeting, BodyRecord body, IEnumerable<ItemRecord> items, DateTime nowUtc) =>
        new(Identifiers.MeetingName(meeting.Id), Identifiers.BodyName(body.Id), body.DisplayName, Utc(meeting.StartUtc),
            [.. items.OrderBy(i => i.Position).Select(Entry)], Utc(meeting.MinutesApprovedAt ?? nowUtc), SavedVersion(meeting));

    /// <summary>"APPROVED", "POSTPONED"...: the contract's enum value name without its prefix.</summary>
    public static string OutcomeName(DecisionOutcome outcome) =>
        ResourcesReflection.Descriptor.EnumTypes.First(e => e.Name == nameof(DecisionOutcome)).FindValueByNumber((int)outcome)?.Name
            .Replace("DECISION_OUTCOME_", "", StringComparison.Ordinal) ?? outcome.ToString();

    /// <summary>The version a meeting has once the lifecycle step that made this record is saved.</summary>
    private static long SavedVersion(MeetingRecord unsaved) => unsaved.Version + 1;

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    private static DateOnly? DateOf(Google.Type.Date? date) =>
        date is null || date.Year == 0 ? null : new DateOnly(date.Year, date.Month, date.Day);
}
