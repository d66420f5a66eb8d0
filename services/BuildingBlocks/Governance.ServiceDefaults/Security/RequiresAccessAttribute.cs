using Microsoft.AspNetCore.Authorization;

namespace Governance.ServiceDefaults.Security;

/// <summary>What an RPC needs. Declared on each RPC's implementation; the policies behind it say which
/// roles have it. Body and unit scoping (which bodies a secretariat serves, which units a case handler handles) and closed content are checked where
/// the resource is loaded, since they depend on the data.</summary>
public enum Access
{
    /// <summary>Read what the caller may see: secretariat, body member, case handler, employee reader, service.</summary>
    Read,

    /// <summary>Change meetings, agendas, decisions and minutes: the secretariat (of the resource's body).</summary>
    Manage,

    /// <summary>Read the audit log: the auditor.</summary>
    Audit,

    /// <summary>Create and change cases, their documents and notes: the case handler (of the case's unit).</summary>
    ManageCases,
}

[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresAccessAttribute(Access access) : AuthorizeAttribute(PolicyName(access))
{
    public Access Access { get; } = access;

    public static string PolicyName(Access access) => $"governance.{access.ToString().ToLowerInvariant()}";

    /// <summary>The roles each access level admits: the one table of the platform's authorization.</summary>
    public static IReadOnlyList<string> RolesFor(Access access) => access switch
    {
        Access.Read => [Security.Roles.Secretariat, Security.Roles.BodyMember, Security.Roles.CaseHandler, Security.Roles.EmployeeReader, Security.Roles.Service],
        Access.Manage => [Security.Roles.Secretariat],
        Access.Audit => [Security.Roles.Auditor],
        Access.ManageCases => [Security.Roles.CaseHandler],
        _ => [],
    };
}
