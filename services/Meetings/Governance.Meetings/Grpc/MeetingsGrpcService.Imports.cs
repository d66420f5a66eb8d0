using Governance.Meetings.Data;
using Governance.Meetings.Domain;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Meetings.Grpc;

/// <summary>
/// ImportMeeting: the minutes of a past meeting (an old referat) as one record, in one transaction. The
/// rules are <see cref="MeetingImports"/>'s; the item fields are checked as AddAgendaItem checks them,
/// and the approved minutes are kept as ApproveMinutes keeps them (<see cref="KeepApprovedMinutesAsync"/>).
/// An import publishes no events: what it records happened years ago, and subscribers (Cases' timeline)
/// would take it for news.
/// </summary>
public sealed partial class MeetingsGrpcService
{
    [RequiresAccess(MeetingsAccess.Import)]
    public override async Task<ImportMeetingResponse> ImportMeeting(ImportMeetingRequest request, ServerCallContext context)
    {
        var input = Input.Import(request, Now);
        var hash = MeetingImports.ContentHash(request);
        return await _calls.WriteAsync(context, request, s => ImportAsync(s, request, input, hash));
    }

    /// <summary>Loads and authorizes the body, decides whether the import creates, leaves, replaces or
    /// adopts the meeting (see <see cref="MeetingImports.Outcome"/>), and writes it (see <see cref="WriteImportAsync"/>).</summary>
    private async Task<ImportMeetingResponse> ImportAsync(MeetingsSession s, ImportMeetingRequest request, Input.ImportInput input, string hash)
    {
        // A refusal names the body: the meeting is not known yet.
        _calls.Describe(Identifiers.BodyName(input.BodyId), "");
        EnsureImports(input.BodyId);
        // The body's row is locked: two imports of the same body wait for each other.
        var body = await RequireBodyAsync(s, input.BodyId, forUpdate: true);
        var previous = await s.GetImportAsync(body.Id, input.StartLocal);
        // A first import of this start takes over another import's historical meeting of that date.
        var date = DateOnly.FromDateTime(input.StartLocal);
        var adoptable = previous is null
            ? await s.FindHistoricalMeetingAsync(body.Id, CopenhagenTime.StartOfDayUtc(date), CopenhagenTime.EndOfDayUtc(date))
            : null;
        var atStart = await s.FindMeetingAtAsync(body.Id, input.StartLocal);
        var outcome = MeetingImports.Outcome(previous, atStart, hash, adoptable?.Meeting);
        var counts = MeetingImports.Count(request);

        if (outcome == ImportOutcome.Unchanged)
        {
            _calls.Describe(Identifiers.MeetingName(atStart!.Id),
                MeetingImports.AuditDetail(outcome, counts, request.Source, previous));
            return Response(await MeetingProtoAsync(s, atStart), outcome, previous!.HistoricalMeetingIds, counts);
        }
        var (meeting, historical) = await WriteImportAsync(s, request, input, hash, body, previous, adoptable);
        _calls.Describe(Identifiers.MeetingName(meeting.Id), MeetingImports.AuditDetail(outcome, counts, request.Source, previous ?? adoptable?.Owner));
        return Response(await MeetingProtoAsync(s, meeting), outcome, historical, counts);
    }

    private static ImportMeetingResponse Response(Meeting meeting, ImportOutcome outcome, IEnumerable<string> historicalMeetingIds, ImportCounts counts) => new()
    {
        Meeting = meeting,
        Outcome = outcome,
        HistoricalMeetings = { historicalMeetingIds.Select(Identifiers.MeetingName) },
        ItemCount = counts.Items,
        DecisionCount = counts.Decisions,
        SectionCount = counts.Sections,
        UnclassifiedCount = counts.Unclassified,
    };

    /// <summary>Deletes what an earlier import of the same body and start owns (or empties the historical
    /// meeting of another import it adopts, which that import then no longer owns), then writes the
    /// meeting, its items and decisions, the historical meetings of earlier decisions, the approved
    /// minutes of every meeting it wrote, and the import row. Returns the meeting and the historical
    /// meetings' ids.</summary>
    private async Task<(MeetingRecord Meeting, IReadOnlyList<string> Historical)> WriteImportAsync(MeetingsSession s, ImportMeetingRequest request,
        Input.ImportInput input, string hash, BodyRecord body, ImportRecord? previous, (ImportRecord Owner, MeetingRecord Meeting)? adopted)
    {
        var now = Now;
        IReadOnlyList<MeetingRecord> replacedMeetings = [];
        IReadOnlyList<ItemRecord> replacedItems = [];
        IReadOnlyList<DecisionRecord> carriedInto = [];
        if (previous is not null)
        {
            IReadOnlyList<string> owned = [previous.MeetingId, .. previous.HistoricalMeetingIds];
            replacedMeetings = await s.GetMeetingsAsync(owned);
            replacedItems = await s.ListItemsOfMeetingsAsync(owned);
            MeetingImports.EnsureNotCorrected(await s.ListDecisionsForItemsAsync(replacedItems.Select(i => i.Id)));
            carriedInto = await s.ListDecisionsCarryingIntoAsync(owned);
            await s.DeleteImportedMeetingsAsync(previous.MeetingId, owned);
        }
        IReadOnlyList<string?> adoptedItemIds = [];
        IReadOnlyList<DecisionRecord> placeholderDecisions = [];
        if (adopted is { } a)
        {
            var placeholders = await s.ListItemsAsync(a.Meeting.Id);
            placeholderDecisions = await s.ListDecisionsForItemsAsync(placeholders.Select(p => p.Id));
            MeetingImports.EnsureNotCorrected(placeholderDecisions);
            adoptedItemIds = MeetingImports.AdoptedItemIds(placeholders, [.. request.Items.Select(i => i.JournalNumber)]);
            await s.ClearAdoptedMeetingAsync(a.Meeting.Id, [.. adoptedItemIds.OfType<string>()]);
            await s.SetHistoricalMeetingsAsync(a.Owner.MeetingId, [.. a.Owner.HistoricalMeetingIds.Where(id => id != a.Meeting.Id)]);
        }

        var meeting = MeetingImports.HistoricalMeeting(body.Id, input.StartLocal, input.StartUtc, request.Room.Trim(),
            Input.NormalizePeople(request.Participants), replacedMeetings.FirstOrDefault(m => m.Id == previous?.MeetingId) ?? adopted?.Meeting, now);
        if (adopted is null)
        {
            await s.InsertMeetingAsync(meeting);
        }
        else
        {
            // The adopted meeting keeps its id (and the links to it), moved to this start.
            await s.UpdateMeetingAsync(meeting);
        }
        var importedDate = DateOnly.FromDateTime(input.StartLocal);

        var items = new List<ItemRecord>();
        var historical = new SortedDictionary<DateOnly, MeetingRecord>();
        var historicalItems = new Dictionary<string, List<ItemRecord>>();
        var decisions = new List<DecisionRecord>();
        for (var i = 0; i < request.Items.Count; i++)
        {
            var imported = request.Items[i];
            var item = new ItemRecord
            {
                Id = adoptedItemIds.ElementAtOrDefault(i)
                    ?? MeetingImports.StableItemId(replacedItems.Where(x => x.MeetingId == meeting.Id), i + 1, imported.JournalNumber),
                MeetingId = meeting.Id,
                Position = i + 1,
                JournalNumber = imported.JournalNumber,
                Title = imported.Title.Trim(),
                Kind = imported.Kind == ItemKind.Unspecified ? ItemKind.Ordinary : imported.Kind,
                Sections = Input.NormalizeSections(imported.Sections),
                Recommendation = imported.Recommendation,
                Guests = [.. imported.Guests],
                Attachments = [.. imported.Attachments],
                CreatedAt = now,
                UpdatedAt = now,
            };

            // The chain of postponements, oldest first: each earlier date is an item of the body's meeting
            // on that date that has the journal number (linked, nothing recorded there), or else a copy on a
            // historical meeting this import owns, continuing the one before it.
            var nodes = new Dictionary<DateOnly, (ItemRecord Item, bool Owned)>();
            string? older = null;
            foreach (var date in MeetingImports.EarlierDates(input.Decisions[i].Select(d => (d.MeetingDate, d.PostponedTo)), importedDate))
            {
                var existing = await s.FindItemOfBodyAsync(body.Id, CopenhagenTime.StartOfDayUtc(date), CopenhagenTime.EndOfDayUtc(date),
                    item.JournalNumber, [.. historical.Values.Select(m => m.Id)]);
                if (existing is not null)
                {
                    nodes[date] = (existing, false);
                    older = existing.Id;
                    continue;
                }
                if (!historical.TryGetValue(date, out var earlier))
                {
                    earlier = HistoricalMeetingOn(body, date, input.StartLocal,
                        replacedMeetings.FirstOrDefault(m => m.Id != meeting.Id && DateOnly.FromDateTime(m.StartLocal) == date), now);
                    await s.InsertMeetingAsync(earlier);
                    historical[date] = earlier;
                    historicalItems[earlier.Id] = [];
                }
                var agenda = historicalItems[earlier.Id];
                var position = agenda.Count + 1;
                var copy = MeetingImports.HistoricalCopy(item, MeetingImports.StableItemId(replacedItems.Where(x => x.MeetingId == earlier.Id), position, item.JournalNumber),
                    earlier.Id, position, older);
                agenda.Add(copy);
                nodes[date] = (copy, true);
                older = copy.Id;
            }
            item = item with { OriginItemId = older };
            items.Add(item);
            var keptLinks = placeholderDecisions.Where(d => d.ItemId == item.Id).ToList();

            foreach (var d in input.Decisions[i])
            {
                var (on, owned) = d.MeetingDate == importedDate ? (item, true) : nodes[d.MeetingDate];
                if (!owned)
                {
                    // The body's own meeting of that date already holds the matter and its decisions.
                    continue;
                }
                var carriedTo = d.PostponedTo is not { } p ? null : p == importedDate ? item : nodes[p].Item;
                // An adopted placeholder's postponement to a later meeting stays on this date's decision.
                var kept = d.MeetingDate == importedDate ? MeetingImports.KeptPostponement(keptLinks, d.Decision.Outcome) : null;
                if (kept is not null)
                {
                    keptLinks.Remove(kept);
                }
                decisions.Add(new DecisionRecord
                {
                    Id = Identifiers.NewId(),
                    ItemId = on.Id,
                    MeetingId = on.MeetingId,
                    Outcome = d.Decision.Outcome,
                    Text = d.Decision.Text,
                    PostponedToMeetingId = carriedTo?.MeetingId ?? kept?.PostponedToMeetingId,
                    CarriedItemId = carriedTo?.Id ?? kept?.CarriedItemId,
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }
        }

        foreach (var item in items.Concat(historicalItems.Values.SelectMany(a => a)))
        {
            await s.InsertItemAsync(item);
        }
        foreach (var decision in decisions)
        {
            await s.InsertDecisionAsync(decision);
        }
        // A decision elsewhere (an adopted meeting's postponement, say) that carried an item of the
        // replaced import points at it again when the item kept its id; the delete had cleared it.
        var written = items.Concat(historicalItems.Values.SelectMany(x => x)).ToDictionary(x => x.Id);
        foreach (var elsewhere in carriedInto)
        {
            if (written.TryGetValue(elsewhere.CarriedItemId!, out var target))
            {
                await s.UpdatePostponementTargetAsync(elsewhere with
                {
                    PostponedToMeetingId = target.MeetingId,
                    CarriedItemId = target.Id,
                    Version = elsewhere.Version + 2,
                });
            }
        }
        await KeepApprovedMinutesAsync(s, meeting, body, items, ImportedReminderList(request, meeting, body), [.. request.UnclassifiedLines]);
        foreach (var earlier in historical.Values)
        {
            await KeepApprovedMinutesAsync(s, earlier, body, historicalItems[earlier.Id], reminderLists: null);
        }
        IReadOnlyList<string> historicalIds = [.. historical.Values.Select(m => m.Id)];
        await s.InsertImportAsync(new ImportRecord
        {
            MeetingId = meeting.Id,
            BodyId = body.Id,
            StartLocal = meeting.StartLocal,
            ContentHash = hash,
            Source = request.Source,
            ImportedBy = CurrentCaller.Subject,
            ImportedAt = now,
            HistoricalMeetingIds = historicalIds,
            UnclassifiedLines = [.. request.UnclassifiedLines],
        });
        return (meeting, historicalIds);
    }

    /// <summary>A historical meeting of the body on an earlier date, at the imported meeting's time of day
    /// (an hour later when that time does not exist on the date: clocks moved forward).</summary>
    private static MeetingRecord HistoricalMeetingOn(BodyRecord body, DateOnly date, DateTime importedStartLocal, MeetingRecord? replaces, DateTime now)
    {
        var local = date.ToDateTime(TimeOnly.FromDateTime(importedStartLocal));
        if (CopenhagenTime.ToUtc(local) is null)
        {
            local = local.AddHours(1);
        }
        return MeetingImports.HistoricalMeeting(body.Id, local, CopenhagenTime.ToUtc(local)!.Value, "", [], replaces, now);
    }

    /// <summary>The reminder list the document printed, kept with the approved minutes as ApproveMinutes
    /// keeps a live one (both audiences get what the document shows; no call to Reminders).</summary>
    private static KeptReminderLists? ImportedReminderList(ImportMeetingRequest request, MeetingRecord meeting, BodyRecord body)
    {
        if (request.Items.FirstOrDefault(i => i.Kind == ItemKind.ReminderList) is not { } item)
        {
            return null;
        }
        var list = item.ReminderList?.Clone() ?? new ReminderListContent();
        list.State = ReminderListContentState.Kept;
        list.Body = Identifiers.BodyName(body.Id);
        list.AsOf = new Google.Type.Date { Year = meeting.StartLocal.Year, Month = meeting.StartLocal.Month, Day = meeting.StartLocal.Day };
        list.ReadTime = Mapping.Ts(meeting.MinutesApprovedAt);
        return new KeptReminderLists(list, list.Clone());
    }

    private void EnsureImports(string bodyId)
    {
        if (!CurrentCaller.IsImporterOf(bodyId))
        {
            var error = new PermissionDeniedException("BODY_NOT_SERVED",
                $"Only an importer whose bodies claim names {Identifiers.BodyName(bodyId)} may import its minutes.");
            error.Metadata["body"] = Identifiers.BodyName(bodyId);
            throw error;
        }
    }
}
