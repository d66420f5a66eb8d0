using Governance.Meetings.Domain;
using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Store;

/// <summary>Records with every field set (Danish text, nested proto values) and comparisons that
/// allow for what a store may do to an instant: sub-microsecond truncation, never a kind other than UTC.</summary>
internal static class StoreTestData
{
    /// <summary>A UTC instant with sub-microsecond ticks, so truncation is exercised.</summary>
    public static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc).AddTicks(1_234_567);

    public static string NewId(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 20)];

    public static BodyRecord Body(string id) => new()
    {
        Id = id,
        DisplayName = "Økonomiudvalget – Æbleø Kommune",
        ShortName = "ØU-Å",
        Members =
        [
            new BodyMember { DisplayName = "Åse Ørum-Æbelø", Role = MemberRole.Chair, Unit = "BYÆ" },
            new BodyMember { DisplayName = "Jørgen Lerhard", Role = MemberRole.Member },
            new BodyMember { DisplayName = "Kathrine Seier Skastrup", Role = MemberRole.Secretary, Unit = "BYC" },
        ],
        UsualRoom = "Mødelokale B105, Rådhuset",
        AgendaTemplate =
        [
            new StandingItemTemplate { Title = "Økonomiopfølgning", JournalNumber = "16/26813", AppendMeetingDate = true },
            new StandingItemTemplate { Title = "Øvrige sager", JournalNumber = "12/3142" },
        ],
        Version = 1,
        CreatedAt = Utc(2017, 1, 2, 9, 15),
        UpdatedAt = Utc(2017, 1, 2, 9, 15),
    };

    public static MeetingRecord Meeting(string id, string bodyId, DateTime startLocal) => new()
    {
        Id = id,
        BodyId = bodyId,
        StartLocal = startLocal,
        StartUtc = CopenhagenTime.ToUtc(startLocal)!.Value,
        Title = "Heldagsmøde på Ærø",
        Room = "Mødelokale Å1",
        Participants =
        [
            new BodyMember { DisplayName = "Lars Holte", Role = MemberRole.Member, Unit = "DIR" },
            new BodyMember { DisplayName = "Per Aalbæk Nielsen", Role = MemberRole.Member },
            new BodyMember { DisplayName = "Kathrine Seier Skastrup", Role = MemberRole.Secretary },
        ],
        State = MeetingState.Planned,
        Version = 1,
        CreatedAt = Utc(2017, 2, 1, 10),
        UpdatedAt = Utc(2017, 2, 1, 10),
    };

    public static ItemRecord Item(string id, string meetingId, int position) => new()
    {
        Id = id,
        MeetingId = meetingId,
        Position = position,
        JournalNumber = "16/25345",
        Title = "Regnskab 2016 – årsregnskab for Høje-Taastrup (ÆØÅ æøå)",
        Kind = ItemKind.Ordinary,
        Sections =
        [
            new Section { Kind = SectionKind.Baggrund, Heading = "Baggrund", Text = "I henhold til den kommunale styrelseslov aflægges årsregnskabet.\n\nAnden afsnit: “citat” – tankestreg." },
            new Section { Kind = SectionKind.Okonomi, Heading = "Økonomi", Text = "" },
            new Section { Kind = SectionKind.Other, Heading = "Særlige forhold", Text = "| Kolonne | Beløb |\n|--|--|\n| Drift | -21,6 mio. kr. |" },
        ],
        Recommendation = new Recommendation
        {
            Unit = "ØDC",
            Text = "ØDC indstiller, at Direktionen",
            Points =
            {
                new RecommendationPoint { Label = "1", Text = "godkender årsregnskab 2016" },
                new RecommendationPoint { Label = "a", Text = "oversender regnskabet til Økonomiudvalget og Byrådet" },
            },
        },
        Guests =
        [
            new Guest { DisplayName = "Jesper Andersen", Affiliation = "Chefrevisor, KPMG", JoinsAt = new Google.Type.TimeOfDay { Hours = 10, Minutes = 15 } },
            // Midnight: a present but all-default message must stay present.
            new Guest { DisplayName = "Søren Ærøe", JoinsAt = new Google.Type.TimeOfDay() },
            new Guest { DisplayName = "Birthe Øst", Affiliation = "HR-Centret" },
        ],
        Attachments =
        [
            new Attachment { Title = "Årsregnskab 2016", DocumentNumber = "177144/12" },
            new Attachment { Title = "Bilag uden dokumentnummer" },
        ],
        Supplement = true,
        OriginItemId = null,
        Version = 1,
        CreatedAt = Utc(2017, 2, 3, 11),
        UpdatedAt = Utc(2017, 2, 3, 11),
    };

    public static DecisionRecord Decision(string id, string meetingId, string itemId) => new()
    {
        Id = id,
        ItemId = itemId,
        MeetingId = meetingId,
        Outcome = DecisionOutcome.ApprovedWithRemarks,
        Text = "Direktionen godkendte regnskabet og understregede, at fortællingen skal tydeliggøres. ÆØÅ æøå.",
        PointOutcomes =
        [
            new PointOutcome { Label = "1", Outcome = DecisionOutcome.Approved },
            new PointOutcome { Label = "a", Outcome = DecisionOutcome.Rejected, Text = "Afvist – sendes tilbage til ØDC." },
        ],
        FollowUps =
        [
            new FollowUp { Description = "Notat om servicerammen", Unit = "ØDC", DueDate = new Google.Type.Date { Year = 2017, Month = 4, Day = 1 } },
            new FollowUp { Description = "Opfølgning på trivselsmåling", Unit = "HR" },
        ],
        Referrals =
        [
            new Referral { BodyDisplayName = "Hovedudvalget", ExpectedDate = new Google.Type.Date { Year = 2017, Month = 9, Day = 19 }, Text = "Til orientering" },
            new Referral { BodyDisplayName = "Byrådet" },
        ],
        PostponedToMeetingId = null,
        CarriedItemId = null,
        CorrectsDecisionId = null,
        Version = 1,
        CreatedAt = Utc(2017, 3, 9, 12),
        UpdatedAt = Utc(2017, 3, 9, 12),
    };

    public static void AssertInstant(DateTime expected, DateTime actual, string what)
    {
        Assert.True(actual.Kind == DateTimeKind.Utc, $"{what} came back with kind {actual.Kind}");
        Assert.True(Math.Abs((actual - expected).Ticks) < 10,
            $"{what}: expected {expected:O}, got {actual:O} (more than sub-microsecond truncation)");
    }

    public static void AssertInstant(DateTime? expected, DateTime? actual, string what)
    {
        if (expected is null)
        {
            Assert.True(actual is null, $"{what}: expected null, got {actual:O}");
            return;
        }
        Assert.True(actual is not null, $"{what}: expected {expected:O}, got null");
        AssertInstant(expected.Value, actual.Value, what);
    }

    public static void AssertSame(BodyRecord expected, BodyRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.DisplayName, actual.DisplayName);
        Assert.Equal(expected.ShortName, actual.ShortName);
        Assert.Equal(expected.Members, actual.Members);
        Assert.Equal(expected.UsualRoom, actual.UsualRoom);
        Assert.Equal(expected.AgendaTemplate, actual.AgendaTemplate);
        Assert.Equal(expected.Version, actual.Version);
        AssertInstant(expected.CreatedAt, actual.CreatedAt, "body.created_at");
        AssertInstant(expected.UpdatedAt, actual.UpdatedAt, "body.updated_at");
    }

    public static void AssertSame(MeetingRecord expected, MeetingRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.BodyId, actual.BodyId);
        Assert.Equal(expected.StartLocal, actual.StartLocal);
        Assert.Equal(DateTimeKind.Unspecified, actual.StartLocal.Kind);
        AssertInstant(expected.StartUtc, actual.StartUtc, "meeting.start_utc");
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Room, actual.Room);
        Assert.Equal(expected.Participants, actual.Participants);
        Assert.Equal(expected.State, actual.State);
        Assert.Equal(expected.CancelReason, actual.CancelReason);
        AssertInstant(expected.AgendaPublishedAt, actual.AgendaPublishedAt, "meeting.agenda_published_at");
        AssertInstant(expected.HeldAt, actual.HeldAt, "meeting.held_at");
        AssertInstant(expected.MinutesApprovedAt, actual.MinutesApprovedAt, "meeting.minutes_approved_at");
        Assert.Equal(expected.Version, actual.Version);
        AssertInstant(expected.CreatedAt, actual.CreatedAt, "meeting.created_at");
        AssertInstant(expected.UpdatedAt, actual.UpdatedAt, "meeting.updated_at");
    }

    public static void AssertSame(ItemRecord expected, ItemRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.MeetingId, actual.MeetingId);
        Assert.Equal(expected.Position, actual.Position);
        Assert.Equal(expected.JournalNumber, actual.JournalNumber);
        Assert.Equal(expected.Title, actual.Title);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Sections, actual.Sections);
        Assert.Equal(expected.Recommendation, actual.Recommendation);
        Assert.Equal(expected.Guests, actual.Guests);
        Assert.Equal(expected.Attachments, actual.Attachments);
        Assert.Equal(expected.Supplement, actual.Supplement);
        Assert.Equal(expected.OriginItemId, actual.OriginItemId);
        Assert.Equal(expected.Version, actual.Version);
        AssertInstant(expected.CreatedAt, actual.CreatedAt, "item.created_at");
        AssertInstant(expected.UpdatedAt, actual.UpdatedAt, "item.updated_at");
    }

    public static void AssertSame(DecisionRecord expected, DecisionRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.ItemId, actual.ItemId);
        Assert.Equal(expected.MeetingId, actual.MeetingId);
        Assert.Equal(expected.Outcome, actual.Outcome);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.PointOutcomes, actual.PointOutcomes);
        Assert.Equal(expected.FollowUps, actual.FollowUps);
        Assert.Equal(expected.Referrals, actual.Referrals);
        Assert.Equal(expected.PostponedToMeetingId, actual.PostponedToMeetingId);
        Assert.Equal(expected.CarriedItemId, actual.CarriedItemId);
        Assert.Equal(expected.CorrectsDecisionId, actual.CorrectsDecisionId);
        Assert.Equal(expected.Version, actual.Version);
        AssertInstant(expected.CreatedAt, actual.CreatedAt, "decision.created_at");
        AssertInstant(expected.UpdatedAt, actual.UpdatedAt, "decision.updated_at");
    }
}
