using Google.Protobuf.WellKnownTypes;
using Governance.Data.Concurrency;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Grpc;

internal static partial class Mapping
{
    public static Round ToProto(RoundRecord r)
    {
        var proto = new Round
        {
            Name = r.Name,
            DisplayName = r.DisplayName,
            AnswerDays = r.AnswerDays,
            PlannedOpenTime = Ts(r.PlannedOpenTime),
            ReleaseTime = Ts(r.ReleaseTime),
            PreviousRound = r.PreviousRoundId is null ? "" : SurveyNames.Round(r.PreviousRoundId),
            State = r.State,
            OrganisationVersion = r.OrganisationVersion is { } v ? SurveyNames.Version(v) : "",
            OpenTime = Ts(r.OpenTime),
            CloseTime = Ts(r.State >= RoundState.Open ? r.CloseTime : null),
            ReleasedTime = Ts(r.ReleasedTime),
            InvitedCount = r.InvitedCount,
            ResponseCount = r.ResponseCount,
            Etag = Etags.Format(r.Version),
            CreateTime = Timestamp.FromDateTime(r.CreatedAt),
            UpdateTime = Timestamp.FromDateTime(r.UpdatedAt),
            // Pending only while open: a closed round sends nothing more.
            MailCounts = new MailCounts { Sent = r.Mails.Sent, Pending = r.State == RoundState.Open ? r.Mails.Pending : 0, Failed = r.Mails.Failed },
        };
        proto.Instruments.AddRange(r.InstrumentIds.Select(SurveyNames.Instrument));
        proto.TargetUnits.AddRange(r.TargetUnits);
        proto.ReminderDays.AddRange(r.ReminderDays);
        return proto;
    }

    private static Timestamp? Ts(DateTime? utc) => utc is { } t ? Timestamp.FromDateTime(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
