using Google.Protobuf.WellKnownTypes;
using Governance.Data.Concurrency;
using Governance.Meetings.Domain;
using Governance.Meetings.V1;

namespace Governance.Meetings.Grpc;

/// <summary>Stored records → contract messages.</summary>
internal static class Mapping
{
    public static Timestamp Ts(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static Timestamp? Ts(DateTime? utc) => utc is null ? null : Ts(utc.Value);

    public static Google.Type.Date Date(DateTime local) => new() { Year = local.Year, Month = local.Month, Day = local.Day };

    public static Google.Type.DateTime LocalDateTime(DateTime local) => new()
    {
        Year = local.Year,
        Month = local.Month,
        Day = local.Day,
        Hours = local.Hour,
        Minutes = local.Minute,
        Seconds = local.Second,
        TimeZone = new Google.Type.TimeZone { Id = CopenhagenTime.ZoneId },
    };

    public static Body ToProto(BodyRecord b) => new()
    {
        Name = Identifiers.BodyName(b.Id),
        DisplayName = b.DisplayName,
        ShortName = b.ShortName,
        Members = { b.Members },
        UsualRoom = b.UsualRoom,
        AgendaTemplate = { b.AgendaTemplate },
        Etag = Etags.Format(b.Version),
        CreateTime = Ts(b.CreatedAt),
        UpdateTime = Ts(b.UpdatedAt),
    };

    public static Meeting ToProto(MeetingRecord m, BodyRecord? body, int itemCount) => new()
    {
        Name = Identifiers.MeetingName(m.Id),
        Body = Identifiers.BodyName(m.BodyId),
        BodyDisplayName = body?.DisplayName ?? "",
        Start = LocalDateTime(m.StartLocal),
        StartTime = Ts(m.StartUtc),
        Title = m.Title,
        Room = m.Room,
        Participants = { m.Participants },
        State = m.State,
        CancelReason = m.CancelReason,
        ItemCount = itemCount,
        AgendaPublishTime = Ts(m.AgendaPublishedAt),
        HeldTime = Ts(m.HeldAt),
        MinutesApproveTime = Ts(m.MinutesApprovedAt),
        Etag = Etags.Format(m.Version),
        CreateTime = Ts(m.CreatedAt),
        UpdateTime = Ts(m.UpdatedAt),
    };

    public static AgendaItem ToProto(ItemRecord i, int decisionCount, ItemRecord? origin)
    {
        var item = new AgendaItem
        {
            Name = Identifiers.ItemName(i.MeetingId, i.Id),
            Number = i.Position,
            JournalNumber = i.JournalNumber,
            Title = i.Title,
            Kind = i.Kind,
            Sections = { i.Sections },
            Recommendation = i.Recommendation,
            Guests = { i.Guests },
            Attachments = { i.Attachments },
            Supplement = i.Supplement,
            OriginItem = origin is null ? "" : Identifiers.ItemName(origin.MeetingId, origin.Id),
            DecisionCount = decisionCount,
            Etag = Etags.Format(i.Version),
            CreateTime = Ts(i.CreatedAt),
            UpdateTime = Ts(i.UpdatedAt),
        };
        return item;
    }

    /// <summary>A closed item as those outside its body see it: "Lukket" and the journal number.</summary>
    public static AgendaItem Redacted(ItemRecord i, ItemRecord? origin) => new()
    {
        Name = Identifiers.ItemName(i.MeetingId, i.Id),
        Number = i.Position,
        JournalNumber = i.JournalNumber,
        Title = Wording.Closed,
        Kind = ItemKind.Closed,
        Supplement = i.Supplement,
        OriginItem = origin is null ? "" : Identifiers.ItemName(origin.MeetingId, origin.Id),
        Etag = Etags.Format(i.Version),
        CreateTime = Ts(i.CreatedAt),
        UpdateTime = Ts(i.UpdatedAt),
    };

    public static Decision ToProto(DecisionView view)
    {
        var (d, meeting, body, corrected, _) = view;
        return new Decision
        {
            Name = Identifiers.DecisionName(d.MeetingId, d.ItemId, d.Id),
            Outcome = d.Outcome,
            Text = d.Text,
            PointOutcomes = { d.PointOutcomes },
            FollowUps = { d.FollowUps },
            Referrals = { d.Referrals },
            PostponedTo = d.PostponedToMeetingId is null ? "" : Identifiers.MeetingName(d.PostponedToMeetingId),
            CarriedItem = d.CarriedItemId is null || d.PostponedToMeetingId is null
                ? "" : Identifiers.ItemName(d.PostponedToMeetingId, d.CarriedItemId),
            Corrects = d.CorrectsDecisionId is null ? "" : Identifiers.DecisionName(d.MeetingId, d.ItemId, d.CorrectsDecisionId),
            Corrected = corrected,
            Meeting = Identifiers.MeetingName(meeting.Id),
            BodyDisplayName = body.DisplayName,
            MeetingDate = Date(meeting.StartLocal),
            Heading = Wording.DecisionHeading(body.DisplayName, meeting.StartLocal),
            Etag = Etags.Format(d.Version),
            CreateTime = Ts(d.CreatedAt),
            UpdateTime = Ts(d.UpdatedAt),
        };
    }
}
