using Governance.Data.Concurrency;
using Governance.Data.Idempotency;
using Governance.Data.Paging;
using Governance.Meetings.Data;
using Governance.Meetings.Domain;
using Governance.Meetings.Publishing;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Meetings.Grpc;

public sealed partial class MeetingsGrpcService
{
    private static readonly string[] DecisionPaths = ["outcome", "text", "point_outcomes", "follow_ups", "referrals"];

    /// <summary>How far back a chain of postponed items is followed (guards against a cycle).</summary>
    private const int MaxOriginChain = 100;

    [RequiresAccess(MeetingsAccess.Manage)]

    public override async Task<Decision> RecordDecision(RecordDecisionRequest request, ServerCallContext context)
    {
        var (meetingId, itemId) = Identifiers.ParseItem(request.Parent, "parent");
        var d = request.Decision ?? throw new ValidationException("decision", "is required");
        var v = new Validator();
        Input.Decision(v, "decision", d, DecisionPaths.ToHashSet());
        string? postponeTo = null;
        if (d.PostponedTo.Length > 0)
        {
            postponeTo = Identifiers.ParseMeeting(d.PostponedTo, "decision.postponed_to");
            if (d.Outcome != DecisionOutcome.Postponed)
            {
                v.Add("decision.postponed_to", "is only for a decision with outcome POSTPONED");
            }
        }
        string? corrects = null;
        if (d.Corrects.Length > 0)
        {
            var target = Identifiers.ParseDecision(d.Corrects, "decision.corrects");
            if (target.MeetingId != meetingId || target.ItemId != itemId)
            {
                v.Add("decision.corrects", $"must be a decision of {request.Parent}");
            }
            corrects = target.DecisionId;
        }
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        return await _calls.WriteAsync(context, request, s => _calls.CreateOnceAsync(s, requestId, nameof(RecordDecision), request, () => ManageMeetingAsync(s, meetingId), async () =>
        {
            var meeting = await ManageMeetingAsync(s, meetingId);
            var item = await RequireItemAsync(s, meetingId, itemId);
            MeetingRules.EnsureCanRecordDecision(meeting, corrects is not null);
            if (corrects is not null && (await s.GetDecisionAsync(corrects))?.ItemId != itemId)
            {
                throw new NotFoundException(d.Corrects);
            }
            var labels = new Validator();
            Input.PointLabels(labels, "decision", d, item);
            labels.ThrowIfInvalid();

            var now = Now;
            string? carriedItemId = null;
            if (postponeTo is not null)
            {
                // The rule holds the target to the meeting's own body, which the caller manages.
                var target = await RequireMeetingAsync(s, postponeTo, forUpdate: true);
                MeetingRules.EnsureCanReceivePostponedItem(meeting, target);
                var carried = item with
                {
                    Id = Identifiers.NewId(),
                    MeetingId = target.Id,
                    Position = await s.NextPositionAsync(target.Id),
                    Guests = [],
                    Supplement = target.State == MeetingState.AgendaPublished,
                    OriginItemId = item.Id,
                    Version = 1,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                await s.InsertItemAsync(carried);
                await PublishAsync(s, MeetingEvents.ItemAdded(target, await RequireBodyAsync(s, target.BodyId), carried));
                carriedItemId = carried.Id;
            }
            var decision = new DecisionRecord
            {
                Id = Identifiers.NewId(),
                ItemId = itemId,
                MeetingId = meetingId,
                Outcome = d.Outcome,
                Text = d.Text,
                PointOutcomes = [.. d.PointOutcomes],
                FollowUps = [.. d.FollowUps],
                Referrals = [.. d.Referrals],
                PostponedToMeetingId = postponeTo,
                CarriedItemId = carriedItemId,
                CorrectsDecisionId = corrects,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await s.InsertDecisionAsync(decision);
            var body = await RequireBodyAsync(s, meeting.BodyId);
            await PublishAsync(s, MeetingEvents.Recorded(meeting, body, item, decision));
            if (decision.Outcome == DecisionOutcome.Postponed)
            {
                await PublishAsync(s, await MeetingEvents.PostponedAsync(s, meeting, body, item, decision));
            }
            return (Identifiers.DecisionName(meetingId, itemId, decision.Id), Mapping.ToProto(new DecisionView(decision, meeting, body, false, item.Kind == ItemKind.Closed)));
        }, async name => await DecisionProtoAsync(s, name, "name")));
    }

    [RequiresAccess(MeetingsAccess.Read)]

    public override Task<Decision> GetDecision(GetDecisionRequest request, ServerCallContext context)
    {
        Identifiers.ParseDecision(request.Name, "name");
        return _calls.ReadAsync(context, request, s => DecisionProtoAsync(s, request.Name, "name"));
    }

    [RequiresAccess(MeetingsAccess.Read)]

    public override Task<ListDecisionsResponse> ListDecisions(ListDecisionsRequest request, ServerCallContext context)
    {
        var (meetingId, itemId) = Identifiers.ParseItem(request.Parent, "parent");
        var size = PageRequest.Size(request.PageSize);
        var filter = $"decisions|{itemId}";
        var offset = PageRequest.DecodeToken<int?>(request.PageToken, filter) ?? 0;
        return _calls.ReadAsync(context, request, async s =>
        {
            var history = VisibleDecisions(await DecisionHistoryAsync(s, await RequireItemAsync(s, meetingId, itemId)), asPublic: false);
            var response = new ListDecisionsResponse { Decisions = { history.Skip(offset).Take(size).Select(Mapping.ToProto) } };
            if (history.Count > offset + size)
            {
                response.NextPageToken = PageRequest.EncodeToken<int?>(offset + size, filter);
            }
            return response;
        });
    }

    [RequiresAccess(MeetingsAccess.Manage)]

    public override async Task<Decision> UpdateDecision(UpdateDecisionRequest request, ServerCallContext context)
    {
        var d = request.Decision ?? throw new ValidationException("decision", "is required");
        var (meetingId, itemId, decisionId) = Identifiers.ParseDecision(d.Name, "decision.name");
        var paths = RequestFields.MaskPaths(request.UpdateMask, DecisionPaths);
        var v = new Validator();
        Input.Decision(v, "decision", d, paths);
        v.ThrowIfInvalid();

        return await _calls.WriteAsync(context, request, async s =>
        {
            var meeting = await ManageMeetingAsync(s, meetingId);
            var item = await RequireItemAsync(s, meetingId, itemId);
            var current = await s.GetDecisionAsync(decisionId);
            if (current is null || current.ItemId != itemId)
            {
                throw new NotFoundException(d.Name);
            }
            Etags.Check(request.Etag, current.Version, d.Name);
            MeetingRules.EnsureCanEditDecision(meeting);
            if (paths.Contains("point_outcomes"))
            {
                var labels = new Validator();
                Input.PointLabels(labels, "decision", d, item);
                labels.ThrowIfInvalid();
            }
            var outcome = paths.Contains("outcome") ? d.Outcome : current.Outcome;
            if (current.CarriedItemId is not null && outcome != DecisionOutcome.Postponed)
            {
                throw new FailedPreconditionException("POSTPONEMENT_CARRIED",
                    $"{d.Name} carried the item to {Identifiers.MeetingName(current.PostponedToMeetingId!)}; " +
                    "remove the carried item from that agenda before changing the outcome.");
            }
            var updated = current with
            {
                Outcome = outcome,
                Text = paths.Contains("text") ? d.Text : current.Text,
                PointOutcomes = paths.Contains("point_outcomes") ? [.. d.PointOutcomes] : current.PointOutcomes,
                FollowUps = paths.Contains("follow_ups") ? [.. d.FollowUps] : current.FollowUps,
                Referrals = paths.Contains("referrals") ? [.. d.Referrals] : current.Referrals,
                Version = current.Version + 1,
                UpdatedAt = Now,
            };
            await s.UpdateDecisionAsync(updated);
            var body = await RequireBodyAsync(s, meeting.BodyId);
            // The same decision, changed before the minutes were approved: subscribers replace what they had.
            await PublishAsync(s, MeetingEvents.Recorded(meeting, body, item, updated));
            var corrected = (await s.CorrectedAsync([updated.Id])).Count > 0;
            return Mapping.ToProto(new DecisionView(updated, meeting, body, corrected, item.Kind == ItemKind.Closed));
        });
    }

    /// <summary>A decision by name. One on a closed item is NOT_FOUND for a caller who may not see the
    /// item's content: its existence is closed content too.</summary>
    private async Task<Decision> DecisionProtoAsync(MeetingsSession s, string name, string field)
    {
        var (meetingId, itemId, decisionId) = Identifiers.ParseDecision(name, field);
        var decision = await s.GetDecisionAsync(decisionId);
        if (decision is null || decision.ItemId != itemId || decision.MeetingId != meetingId)
        {
            throw new NotFoundException(name);
        }
        var meeting = await RequireMeetingAsync(s, meetingId);
        var onClosedItem = (await s.GetItemAsync(itemId))?.Kind == ItemKind.Closed;
        if (onClosedItem)
        {
            if (!CurrentCaller.SeesClosedOf(meeting.BodyId))
            {
                throw new NotFoundException(name);
            }
            _calls.ClosedContentRead(name);
        }
        var corrected = (await s.CorrectedAsync([decisionId])).Count > 0;
        return Mapping.ToProto(new DecisionView(decision, meeting, await RequireBodyAsync(s, meeting.BodyId), corrected, onClosedItem));
    }

    /// <summary>Every decision on the item and on the items it continues (postponed from earlier
    /// meetings), newest first: by meeting start, then by when it was recorded.</summary>
    internal static async Task<IReadOnlyList<DecisionView>> DecisionHistoryAsync(MeetingsSession s, ItemRecord item)
    {
        var chain = new Dictionary<string, ItemRecord> { [item.Id] = item };
        var current = item;
        while (current.OriginItemId is not null && chain.Count < MaxOriginChain && !chain.ContainsKey(current.OriginItemId))
        {
            current = await s.GetItemAsync(current.OriginItemId);
            if (current is null)
            {
                break;
            }
            chain[current.Id] = current;
        }
        var decisions = await s.ListDecisionsForItemsAsync(chain.Keys);
        if (decisions.Count == 0)
        {
            return [];
        }
        var meetings = (await s.GetMeetingsAsync(decisions.Select(d => d.MeetingId))).ToDictionary(m => m.Id);
        var bodies = new Dictionary<string, BodyRecord>();
        foreach (var bodyId in meetings.Values.Select(m => m.BodyId).Distinct())
        {
            bodies[bodyId] = await RequireBodyAsync(s, bodyId);
        }
        var corrected = await s.CorrectedAsync(decisions.Select(d => d.Id));
        return [.. decisions
            .Select(d => new DecisionView(d, meetings[d.MeetingId], bodies[meetings[d.MeetingId].BodyId], corrected.Contains(d.Id),
                chain[d.ItemId].Kind == ItemKind.Closed))
            .OrderByDescending(v => v.Meeting.StartUtc)
            .ThenByDescending(v => v.Decision.CreatedAt)
            .ThenByDescending(v => v.Decision.Id, StringComparer.Ordinal)];
    }
}
