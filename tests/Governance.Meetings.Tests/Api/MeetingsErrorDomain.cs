global using ApiAssert = Governance.Testing.ApiAssert<Governance.Meetings.Tests.Api.MeetingsErrorDomain>;

namespace Governance.Meetings.Tests.Api;

/// <summary>The ErrorInfo domain of the Meetings API (see meetings_service.proto).</summary>
public sealed class MeetingsErrorDomain : IErrorDomain
{
    public static string Domain => "governance.meetings";
}
