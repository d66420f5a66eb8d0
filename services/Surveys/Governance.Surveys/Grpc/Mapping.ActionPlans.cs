using Google.Protobuf.WellKnownTypes;
using Governance.Data.Concurrency;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Grpc;

internal static partial class Mapping
{
    public static ActionPlanItem ToProto(ActionPlanItemRecord i) => new()
    {
        Name = i.Name,
        Unit = i.UnitId,
        Problem = i.Problem,
        Action = i.Action,
        Responsible = i.Responsible,
        Deadline = new Google.Type.Date { Year = i.Deadline.Year, Month = i.Deadline.Month, Day = i.Deadline.Day },
        State = i.State,
        Etag = Etags.Format(i.Version),
        CreateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(i.CreatedAt, DateTimeKind.Utc)),
        UpdateTime = Timestamp.FromDateTime(DateTime.SpecifyKind(i.UpdatedAt, DateTimeKind.Utc)),
    };
}
