using Microsoft.AspNetCore.Authorization;

namespace Governance.ServiceDefaults.Security;

/// <summary>What an RPC needs: an access level by name, declared on each RPC's implementation. A service
/// declares its own levels (<see cref="AccessLevel"/>: a name and the roles it admits) when a host
/// takes it in, with <c>AddAccessLevels</c>; scoping by data (which of a service's resources a role applies to)
/// and closed content are checked where the resource is loaded, since they depend on the data.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresAccessAttribute(string access) : AuthorizeAttribute(PolicyName(access))
{
    public string Access { get; } = access;

    public static string PolicyName(string access) => $"governance.{access}";
}
