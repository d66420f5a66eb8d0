using Governance.Reminders.Domain;
using Governance.Reminders.Security;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Reminders.Grpc;

public sealed partial class RemindersGrpcService
{
    [RequiresAccess(RemindersAccess.Read)]
    public override Task<V1.ExpectedTime> ParseExpectedTime(ParseExpectedTimeRequest request, ServerCallContext context)
    {
        var v = new Validator();
        v.Required("text", request.Text, ExpectedTimeText.MaxTextLength);
        var reference = Input.ListDate(v, "reference_date", request.ReferenceDate, Now);
        if (request.GroupMonth is < 0 or > 12)
        {
            v.Add("group_month", "must be 1-12, or 0 for none");
        }
        v.ThrowIfInvalid();
        // No store: reading a text is a plain function of the text and the date.
        var groupMonth = request.GroupMonth == 0 ? (int?)null : request.GroupMonth;
        var time = ExpectedTimeText.Parse(request.Text, reference!.Value, groupMonth);
        return Task.FromResult(Mapping.ToProto(time, reference.Value.Year, groupMonth));
    }
}
