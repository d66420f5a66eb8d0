using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Errors;

namespace Governance.Meetings.Domain;

/// <summary>An import of old minutes (ImportMeeting), as stored: the meeting it made, identified by its
/// body and local start, the hash of its content, and the historical meetings it created and owns.</summary>
public sealed record ImportRecord
{
    public required string MeetingId { get; init; }
    public required string BodyId { get; init; }
    public DateTime StartLocal { get; init; }
    public required string ContentHash { get; init; }
    public string Source { get; init; } = "";
    public string ImportedBy { get; init; } = "";
    public DateTime ImportedAt { get; init; }
    public IReadOnlyList<string> HistoricalMeetingIds { get; init; } = [];
    public IReadOnlyList<string> UnclassifiedLines { get; init; } = [];
}

/// <summary>What an import's request holds (the counts ImportMeetingResponse reports and the audit entry names).</summary>
public sealed record ImportCounts(int Items, int Decisions, int Sections, int Unclassified);

/// <summary>
/// The rules of importing a past meeting's minutes: whether an import creates, leaves or replaces the
/// meeting (<see cref="Outcome"/>), the imported and historical meetings as held and approved at their
/// historical start (<see cref="HistoricalMeeting"/>), and which earlier ids a replacement keeps
/// (<see cref="StableItemId"/>). No I/O.
/// </summary>
public static class MeetingImports
{
    /// <summary>What importing content of <paramref name="hash"/> at a body and start does, given the
    /// earlier import there, the (not cancelled) meeting of the body at that start, and a historical
    /// meeting another import created on the same date (<paramref name="adoptable"/>). Without an earlier
    /// import, such a placeholder is adopted (ADOPTED), whether it starts at that time or not: the body
    /// never gets a second meeting on that date. Any other meeting no import made is never touched:
    /// FAILED_PRECONDITION NOT_IMPORTED.</summary>
    public static ImportOutcome Outcome(ImportRecord? previous, MeetingRecord? atStart, string hash, MeetingRecord? adoptable = null)
    {
        var adopting = previous is null && adoptable is not null;
        if (atStart is not null && (previous is null || previous.MeetingId != atStart.Id) && !(adopting && atStart.Id == adoptable!.Id))
        {
            var error = new FailedPreconditionException("NOT_IMPORTED",
                $"{Identifiers.MeetingName(atStart.Id)} of {Identifiers.BodyName(atStart.BodyId)} starts at that time and was not made by an import; " +
                "an import never changes it. Choose the right start.");
            error.Metadata["meeting"] = Identifiers.MeetingName(atStart.Id);
            throw error;
        }
        return adopting ? ImportOutcome.Adopted
            : previous is null ? ImportOutcome.Created
            : previous.ContentHash == hash ? ImportOutcome.Unchanged
            : ImportOutcome.Replaced;
    }

    /// <summary>The ids the items of an import keep when it adopts a historical meeting: item i keeps the
    /// id of the first placeholder item (not yet taken) with its journal number, so the later meeting's
    /// item that continues it (origin_item) still does; null means a new id.</summary>
    public static IReadOnlyList<string?> AdoptedItemIds(IReadOnlyList<ItemRecord> placeholders, IReadOnlyList<string> journalNumbers)
    {
        var free = placeholders.OrderBy(p => p.Position).ToList();
        var ids = new List<string?>();
        foreach (var journalNumber in journalNumbers)
        {
            var match = free.FirstOrDefault(p => p.JournalNumber == journalNumber);
            if (match is not null)
            {
                free.Remove(match);
            }
            ids.Add(match?.Id);
        }
        return ids;
    }

    /// <summary>The postponement an adopted placeholder's decision recorded (the later meeting and the item
    /// it was carried to) that the imported decision of the same date takes over: only when the imported
    /// decision is itself POSTPONED. A full referat that records another outcome is the authority for its
    /// own date, and a postponement link on a decision that is no postponement would tell a false story;
    /// the chain still continues through the kept item id (origin_item).</summary>
    public static DecisionRecord? KeptPostponement(IEnumerable<DecisionRecord> placeholderDecisions, DecisionOutcome imported) =>
        imported != DecisionOutcome.Postponed ? null
            : placeholderDecisions.FirstOrDefault(d => d.Outcome == DecisionOutcome.Postponed && d.PostponedToMeetingId is not null);

    /// <summary>A meeting as it was held: published, held and its minutes approved at its start (the
    /// historical date), while the record itself is created (or replaced) now. A replacement keeps the
    /// id and creation time of the meeting it replaces, and counts a new version.</summary>
    public static MeetingRecord HistoricalMeeting(string bodyId, DateTime startLocal, DateTime startUtc, string room,
        IReadOnlyList<BodyMember> participants, MeetingRecord? replaces, DateTime now) => new()
        {
            Id = replaces?.Id ?? Identifiers.NewId(),
            BodyId = bodyId,
            StartLocal = startLocal,
            StartUtc = startUtc,
            Room = room,
            Participants = participants,
            State = MeetingState.MinutesApproved,
            AgendaPublishedAt = startUtc,
            HeldAt = startUtc,
            MinutesApprovedAt = startUtc,
            Version = (replaces?.Version ?? 0) + 1,
            CreatedAt = replaces?.CreatedAt ?? now,
            UpdatedAt = now,
        };

    /// <summary>An import never replaces (or adopts) a record that the secretariat has corrected since: an
    /// import records no corrections, so one among <paramref name="decisions"/> is later work that
    /// deleting the import's content would lose. FAILED_PRECONDITION CORRECTED_AFTER_IMPORT, nothing
    /// written; the correction stays, and the minutes show it after the imported record.</summary>
    public static void EnsureNotCorrected(IEnumerable<DecisionRecord> decisions)
    {
        if (decisions.FirstOrDefault(d => d.CorrectsDecisionId is not null) is { } correction)
        {
            var error = new FailedPreconditionException("CORRECTED_AFTER_IMPORT",
                $"{Identifiers.MeetingName(correction.MeetingId)} has a correction recorded after it was imported; " +
                "importing it again would delete that correction. Nothing was changed.");
            error.Metadata["meeting"] = Identifiers.MeetingName(correction.MeetingId);
            throw error;
        }
    }

    /// <summary>The id an item gets: that of the replaced import's item at the same position with the same
    /// journal number (so links to it survive a re-import), else a new one.</summary>
    public static string StableItemId(IEnumerable<ItemRecord> replaced, int position, string journalNumber) =>
        replaced.FirstOrDefault(i => i.Position == position && i.JournalNumber == journalNumber)?.Id ?? Identifiers.NewId();

    /// <summary>The earlier dates an item's chain of postponements passes through, oldest first: every
    /// earlier date of its decisions and every date they were postponed to, before the imported date.</summary>
    public static IReadOnlyList<DateOnly> EarlierDates(IEnumerable<(DateOnly MeetingDate, DateOnly? PostponedTo)> decisions, DateOnly imported) =>
        [.. decisions.SelectMany(d => d.PostponedTo is { } p ? new[] { d.MeetingDate, p } : [d.MeetingDate])
            .Where(d => d < imported).Distinct().Order()];

    /// <summary>The copy of an imported item a historical meeting holds: title, journal number and kind
    /// (the reminder list belongs to the imported date: an earlier copy is a standing item).</summary>
    public static ItemRecord HistoricalCopy(ItemRecord item, string id, string meetingId, int position, string? originItemId) => new()
    {
        Id = id,
        MeetingId = meetingId,
        Position = position,
        JournalNumber = item.JournalNumber,
        Title = item.Title,
        Kind = item.Kind == ItemKind.ReminderList ? ItemKind.Standing : item.Kind,
        OriginItemId = originItemId,
        CreatedAt = item.CreatedAt,
        UpdatedAt = item.UpdatedAt,
    };

    /// <summary>The content of an import: SHA-256 (hex) of the request's deterministic serialization
    /// without <c>source</c> (where the file came from is not content), with the start's time zone left
    /// out (empty and Europe/Copenhagen are the same start).</summary>
    public static string ContentHash(ImportMeetingRequest request)
    {
        var content = request.Clone();
        content.Source = "";
        if (content.Start is not null)
        {
            content.Start.TimeZone = null;
        }
        return Convert.ToHexStringLower(SHA256.HashData(content.ToByteArray()));
    }

    /// <summary>The counts of what the request holds.</summary>
    public static ImportCounts Count(ImportMeetingRequest request) => new(
        request.Items.Count,
        request.Items.Sum(i => i.Decisions.Count),
        request.Items.Sum(i => i.Sections.Count),
        request.Items.Sum(i => i.Sections.Count(s => s.Kind == SectionKind.Unclassified)) + request.UnclassifiedLines.Count);

    /// <summary>The audit entry's detail: outcome, counts and source; a replacement names the import it
    /// replaced, an adoption the import whose historical meeting it adopted (<paramref name="previous"/>).</summary>
    public static string AuditDetail(ImportOutcome outcome, ImportCounts counts, string source, ImportRecord? previous)
    {
        var what = outcome switch
        {
            ImportOutcome.Created => "imported (created)",
            ImportOutcome.Unchanged => $"unchanged: the same content as the import of {Iso(previous!.ImportedAt)}; nothing written",
            ImportOutcome.Replaced => $"replaced the earlier import of {Iso(previous!.ImportedAt)} (source \"{previous.Source}\")",
            ImportOutcome.Adopted => $"imported, adopting the historical meeting of the import of {Identifiers.MeetingName(previous!.MeetingId)} " +
                $"({Iso(previous.ImportedAt)}, source \"{previous.Source}\")",
            _ => outcome.ToString(),
        };
        return $"{what}; {counts.Items} items, {counts.Decisions} decisions, {counts.Sections} sections, {counts.Unclassified} unclassified; source \"{source}\"";
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
