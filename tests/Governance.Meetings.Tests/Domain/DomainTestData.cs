using Governance.Meetings.Domain;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Domain;

/// <summary>Small records for the domain's unit tests.</summary>
internal static class DomainTestData
{
    public static readonly DateTime Now = new(2017, 3, 9, 12, 0, 0, DateTimeKind.Utc);

    public static MeetingRecord Meeting(MeetingState state, string id = "m1", string bodyId = "direktionen", DateTime? startUtc = null) => new()
    {
        Id = id,
        BodyId = bodyId,
        StartLocal = new DateTime(2017, 3, 9, 8, 30, 0),
        StartUtc = startUtc ?? new DateTime(2017, 3, 9, 7, 30, 0, DateTimeKind.Utc),
        State = state,
    };

    public static ItemRecord Item(string id = "i1", string meetingId = "m1", ItemKind kind = ItemKind.Ordinary, params string[] pointLabels) => new()
    {
        Id = id,
        MeetingId = meetingId,
        Position = 1,
        JournalNumber = "16/26813",
        Title = "Budgetopfølgning",
        Kind = kind,
        Recommendation = pointLabels.Length == 0 ? null : new Recommendation
        {
            Points = { pointLabels.Select(l => new RecommendationPoint { Label = l, Text = $"Punkt {l}" }) },
        },
        Guests = [new Guest { DisplayName = "Jens Hansen" }],
        Version = 3,
        CreatedAt = Now.AddDays(-7),
        UpdatedAt = Now.AddDays(-7),
    };

    public static DecisionRecord Decision(string id = "d1", string meetingId = "m1", string itemId = "i1") => new()
    {
        Id = id,
        ItemId = itemId,
        MeetingId = meetingId,
        Outcome = DecisionOutcome.Approved,
        Text = "Godkendt.",
        Version = 2,
    };
}
