using Governance.ServiceDefaults.Security;

namespace Governance.Cases.Security;

/// <summary>The roles Cases admits, as they appear in the token's roles claim.</summary>
public static class CasesRoles
{
    /// <summary>Manages the cases of its units, and sees their closed content.</summary>
    public const string CaseHandler = "case_handler";

    /// <summary>Reads what is not closed.</summary>
    public const string EmployeeReader = "employee_reader";

    /// <summary>The Meetings role: a secretariat reads the cases its agenda items refer to (what is not closed).</summary>
    public const string Secretariat = "secretariat";

    /// <summary>The Meetings role: a body member reads the cases its agenda items refer to (what is not closed).</summary>
    public const string BodyMember = "body_member";

    /// <summary>Every role Cases knows: its own and the platform's (auditor, service).</summary>
    public static readonly IReadOnlyList<string> All = [CaseHandler, EmployeeReader, Secretariat, BodyMember, .. PlatformRoles.All];
}
