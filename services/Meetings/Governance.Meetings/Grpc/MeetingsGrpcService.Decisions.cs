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
        var (postponeTo, corrects) = Input.DecisionLinks(v, d, meetingId, itemId);
        var requestId = IdempotencyKeys.Normalize(request.RequestId);
        v.ThrowIfInvalid();

        // The meeting (locked) and its body are read once, to authorize; recording on it uses that read.
        (MeetingRecord Meeting, BodyRecord Body)? meeting = null;
        return await _calls.CreateOnceAsync(context, request, requestId,
            authorize: async s => meeting = await ManageMeetingAndBodyAsync(s, meetingId),
            create: s => RecordAsync(s, meeting!.Value.Meeting, meeting.Value.Body, itemId, d, postponeTo, corrects),
            loadExisting: (s, name) => DecisionProtoAsync(s, name, "name"));
    }

    /// <summary>Loads what the decision is about, lets <see cref="Decisions.Record"/> decide, saves the
    /// decision (and the item a postponement carries) and publishes their events.</summary>
    private async Task<(string Name, Decision Decision)> RecordAsync(MeetingsSession s, MeetingRecord meeting, BodyRecord body, string itemId,
        Decision d, string? postponeTo, string? corrects)
    {
        var meetingId = meeting.Id;
        var item = await RequireItemAsync(s, meetingId, itemId);
        var corrected = corrects is null ? null : await s.GetDecisionAsync(corrects);
        // The rule holds the target to the meeting's own body, which the caller manages.
        var target = postponeTo is null ? null : await RequireMeetingAsync(s, postponeTo, forUpdate: true);
        (MeetingRecord, int)? carryTo = target is null ? null : (target, await s.NextPositionAsync(target.Id));
        var draft = new DecisionRecord
        {
            Id = "",
            ItemId = itemId,
            MeetingId = meetingId,
            Outcome = d.Outcome,
            Text = d.Text,
            PointOutcomes = [.. d.PointOutcomes],
            FollowUps = [.. d.FollowUps],
            Referrals = [.. d.Referrals],
            CorrectsDecisionId = corrects,
        };

        var (decision, carried) = Decisions.Record(meeting, item, draft, corrected, carryTo, Now);

        if (carried is not null)
        {
            await s.InsertItemAsync(carried);
            // The rule kept the target to the meeting's own body, already read.
            await PublishAsync(s, MeetingEvents.ItemAdded(target!, target!.BodyId == body.Id ? body : await RequireBodyAsync(s, target.BodyId), carried));
        }
        await s.InsertDecisionAsync(decision);
        await PublishAsync(s, MeetingEvents.Recorded(meeting, body, item, decision));
        if (decision.Outcome == DecisionOutcome.Postponed)
        {
            await PublishAsync(s, await MeetingEvents.PostponedAsync(s, meeting, body, item, decision));
        }
        var view = new DecisionView(decision, meeting, body, Corrected: false, MeetingsConfidentiality.IsClosed(item));
        return (Identifiers.DecisionName(meetingId, itemId, decision.Id), Mapping.ToProto(view));
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
        var offset = PageRequest.DecodeOffset(request.PageToken, filter);
        return _calls.ReadAsync(context, request, async s =>
        {
            var history = Visible(await DecisionHistoryAsync(s, await RequireItemAsync(s, meetingId, itemId)));
            var response = new ListDecisionsResponse { Decisions = { history.Skip(offset).Take(size).Select(Mapping.ToProto) } };
            if (history.Count - offset > size)
            {
                response.NextPageToken = PageRequest.EncodeNextOffset(offset, size, filter);
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
            var changed = current with
            {
                Outcome = paths.Contains("outcome") ? d.Outcome : current.Outcome,
                Text = paths.Contains("text") ? d.Text : current.Text,
                PointOutcomes = paths.Contains("point_outcomes") ? [.. d.PointOutcomes] : current.PointOutcomes,
                FollowUps = paths.Contains("follow_ups") ? [.. d.FollowUps] : current.FollowUps,
                Referrals = paths.Contains("referrals") ? [.. d.Referrals] : current.Referrals,
            };
            var updated = Decisions.Edit(meeting, item, current, changed, pointOutcomesChanged: paths.Contains("point_outcomes"), Now);
            await s.UpdateDecisionAsync(updated);
            var body = await RequireBodyAsync(s, meeting.BodyId);
            // The same decision, changed before the minutes were approved: subscribers replace what they had.
            await PublishAsync(s, MeetingEvents.Recorded(meeting, body, item, updated));
            var corrected = (await s.CorrectedAsync([updated.Id])).Count > 0;
            return Mapping.ToProto(new DecisionView(updated, meeting, body, corrected, MeetingsConfidentiality.IsClosed(item)));
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
        var item = await RequireItemAsync(s, meetingId, itemId);
        var corrected = (await s.CorrectedAsync([decisionId])).Count > 0;
        var view = new DecisionView(decision, meeting, await RequireBodyAsync(s, meeting.BodyId), corrected, MeetingsConfidentiality.IsClosed(item));
        if (view.OnClosedItem)
        {
            if (!Confidentiality.Sees(view))
            {
                throw new NotFoundException(name);
            }
            _calls.ClosedContentRead(name);
        }
        return Mapping.ToProto(view);
    }

    /// <summary>Every decision on the item and on the items it continues (postponed from earlier
    /// meetings), newest first: by meeting start, then by when it was recorded.</summary>
    internal static async Task<IReadOnlyList<DecisionView>> DecisionHistoryAsync(MeetingsSession s, ItemRecord item) =>
        (await DecisionHistoriesAsync(s, [item]))[item.Id];

    /// <summary>The decision history (<see cref="DecisionHistoryAsync"/>) of each of <paramref name="items"/>,
    /// by item id, in a fixed number of statements however many items there are. A meeting or body the
    /// caller already read in this unit of work may be given, so it is not read again.</summary>
    internal static async Task<IReadOnlyDictionary<string, IReadOnlyList<DecisionView>>> DecisionHistoriesAsync(MeetingsSession s,
        IReadOnlyCollection<ItemRecord> items, MeetingRecord? meeting = null, BodyRecord? body = null)
    {
        var known = new Dictionary<string, ItemRecord>();
        foreach (var item in items)
        {
            known.TryAdd(item.Id, item);
        }
        var origins = items.Select(i => i.OriginItemId).OfType<string>().Where(id => !known.ContainsKey(id)).Distinct().ToList();
        if (origins.Count > 0)
        {
            foreach (var origin in await s.GetItemsAndOriginsAsync(origins, MaxOriginChain))
            {
                known.TryAdd(origin.Id, origin);
            }
        }
        var chains = items.DistinctBy(i => i.Id).ToDictionary(i => i.Id, i => OriginChain(i, known));
        var decisions = await s.ListDecisionsForItemsAsync(chains.Values.SelectMany(c => c.Keys));
        if (decisions.Count == 0)
        {
            return chains.ToDictionary(c => c.Key, _ => (IReadOnlyList<DecisionView>)[]);
        }
        var meetings = new Dictionary<string, MeetingRecord>();
        if (meeting is not null)
        {
            meetings[meeting.Id] = meeting;
        }
        var missingMeetings = decisions.Select(d => d.MeetingId).Where(id => !meetings.ContainsKey(id)).Distinct().ToList();
        if (missingMeetings.Count > 0)
        {
            foreach (var m in await s.GetMeetingsAsync(missingMeetings))
            {
                meetings[m.Id] = m;
            }
        }
        var bodies = new Dictionary<string, BodyRecord>();
        if (body is not null)
        {
            bodies[body.Id] = body;
        }
        var missingBodies = meetings.Values.Select(m => m.BodyId).Where(id => !bodies.ContainsKey(id)).Distinct().ToList();
        if (missingBodies.Count > 0)
        {
            foreach (var b in await s.GetBodiesAsync(missingBodies))
            {
                bodies[b.Id] = b;
            }
            if (missingBodies.FirstOrDefault(id => !bodies.ContainsKey(id)) is { } missing)
            {
                throw new NotFoundException(Identifiers.BodyName(missing));
            }
        }
        var corrected = await s.CorrectedAsync(decisions.Select(d => d.Id));
        var byItem = decisions.ToLookup(d => d.ItemId);
        return chains.ToDictionary(c => c.Key, c => (IReadOnlyList<DecisionView>)[.. c.Value.Keys
            .SelectMany(id => byItem[id])
            .Select(d => new DecisionView(d, meetings[d.MeetingId], bodies[meetings[d.MeetingId].BodyId], corrected.Contains(d.Id),
                MeetingsConfidentiality.IsClosed(c.Value[d.ItemId])))
            .OrderByDescending(v => v.Meeting.StartUtc)
            .ThenByDescending(v => v.Decision.CreatedAt)
            .ThenByDescending(v => v.Decision.Id, StringComparer.Ordinal)]);
    }

    /// <summary>The item and the items it continues, from <paramref name="known"/>: back until an item
    /// has no origin, its origin is not there, the chain closes on itself, or it is <see cref="MaxOriginChain"/> long.</summary>
    private static Dictionary<string, ItemRecord> OriginChain(ItemRecord item, IReadOnlyDictionary<string, ItemRecord> known)
    {
        var chain = new Dictionary<string, ItemRecord> { [item.Id] = item };
        var current = item;
        while (current.OriginItemId is not null && chain.Count < MaxOriginChain && !chain.ContainsKey(current.OriginItemId)
            && known.TryGetValue(current.OriginItemId, out var origin))
        {
            chain[origin.Id] = current = origin;
        }
        return chain;
    }
}
