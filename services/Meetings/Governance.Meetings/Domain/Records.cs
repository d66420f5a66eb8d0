using Governance.Meetings.V1;

namespace Governance.Meetings.Domain;

// The aggregates as stored. Nested value objects (members, sections, recommendation, guests...)
// are the contract's own messages: they carry no rules of their own, and storing them as proto JSON
// keeps one definition of their shape.

public sealed record BodyRecord
{
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public string ShortName { get; init; } = "";
    public IReadOnlyList<BodyMember> Members { get; init; } = [];
    public string UsualRoom { get; init; } = "";
    public IReadOnlyList<StandingItemTemplate> AgendaTemplate { get; init; } = [];
    public long Version { get; init; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}

public sealed record MeetingRecord
{
    public required string Id { get; init; }
    public required string BodyId { get; init; }
    /// <summary>Wall-clock start in Europe/Copenhagen.</summary>
    public DateTime StartLocal { get; init; }
    public DateTime StartUtc { get; init; }
    public string Title { get; init; } = "";
    public string Room { get; init; } = "";
    public IReadOnlyList<BodyMember> Participants { get; init; } = [];
    public MeetingState State { get; init; } = MeetingState.Planned;
    public string CancelReason { get; init; } = "";
    public DateTime? AgendaPublishedAt { get; init; }
    public DateTime? HeldAt { get; init; }
    public DateTime? MinutesApprovedAt { get; init; }
    public long Version { get; init; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}

public sealed record ItemRecord
{
    public required string Id { get; init; }
    public required string MeetingId { get; init; }
    public int Position { get; init; }
    public required string JournalNumber { get; init; }
    public required string Title { get; init; }
    public ItemKind Kind { get; init; } = ItemKind.Ordinary;
    public IReadOnlyList<Section> Sections { get; init; } = [];
    public Recommendation? Recommendation { get; init; }
    public IReadOnlyList<Guest> Guests { get; init; } = [];
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];
    public bool Supplement { get; init; }
    public string? OriginItemId { get; init; }
    public long Version { get; init; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}

public sealed record DecisionRecord
{
    public required string Id { get; init; }
    public required string ItemId { get; init; }
    public required string MeetingId { get; init; }
    public DecisionOutcome Outcome { get; init; }
    public string Text { get; init; } = "";
    public IReadOnlyList<PointOutcome> PointOutcomes { get; init; } = [];
    public IReadOnlyList<FollowUp> FollowUps { get; init; } = [];
    public IReadOnlyList<Referral> Referrals { get; init; } = [];
    public string? PostponedToMeetingId { get; init; }
    public string? CarriedItemId { get; init; }
    public string? CorrectsDecisionId { get; init; }
    public long Version { get; init; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}

/// <summary>A decision with what its views need: its meeting (body, date), whether a later decision
/// corrects it, and whether it was made on a closed item (which makes it closed content).</summary>
public sealed record DecisionView(DecisionRecord Decision, MeetingRecord Meeting, BodyRecord Body, bool Corrected, bool OnClosedItem);
