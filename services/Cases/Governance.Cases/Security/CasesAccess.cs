using Governance.ServiceDefaults.Security;

namespace Governance.Cases.Security;

/// <summary>What a Cases RPC needs (<c>[RequiresAccess(CasesAccess.Manage)]</c>), and which roles have
/// it: declared when a host takes the service in. Unit scoping and closed cases are checked where the
/// case is loaded (<see cref="CasesCaller"/>). The audit log is <see cref="PlatformAccess.Audit"/>.</summary>
public static class CasesAccess
{
    /// <summary>Read what the caller may see.</summary>
    public const string Read = "cases.read";

    /// <summary>Create and change cases, their documents and notes: the case handler (of the case's unit).</summary>
    public const string Manage = "cases.manage";

    public static readonly IReadOnlyList<AccessLevel> Levels =
    [
        new(Read, [CasesRoles.Secretariat, CasesRoles.BodyMember, CasesRoles.CaseHandler, CasesRoles.EmployeeReader, PlatformRoles.Service]),
        new(Manage, [CasesRoles.CaseHandler]),
    ];
}
