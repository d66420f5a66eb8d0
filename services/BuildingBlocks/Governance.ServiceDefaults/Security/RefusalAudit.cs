namespace Governance.ServiceDefaults.Security;

/// <summary>A call refused by role policy before its service ran: who, with which roles, which method,
/// and the resource the request named (the method when it named none or could not be read).</summary>
public sealed record RefusedCall(string Subject, IReadOnlySet<string> Roles, string Method, string Resource, string? RequestId);

/// <summary>
/// Where a service writes the calls refused by role policy: its own audit log. Registered keyed by the
/// gRPC service's full name (e.g. <c>governance.meetings.v1.MeetingsService</c>), which is how
/// <see cref="GrpcAuthorizationResultHandler"/> finds the log of the service a refused method belongs to.
/// </summary>
public interface IRefusalAuditSink
{
    Task RecordAsync(RefusedCall refusal, CancellationToken cancellationToken);
}
