namespace Governance.ServiceDefaults.Security;

/// <summary>The platform's roles, as they appear in the token's roles claim.</summary>
public static class Roles
{
    /// <summary>Manages meetings, agendas, decisions, minutes and reminders of the bodies it serves.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>Reads everything of its bodies, closed items included.</summary>
    public const string BodyMember = "body_member";

    /// <summary>Manages cases of its units.</summary>
    public const string CaseHandler = "case_handler";

    /// <summary>Reads what is not closed.</summary>
    public const string EmployeeReader = "employee_reader";

    /// <summary>Reads the audit log.</summary>
    public const string Auditor = "auditor";

    /// <summary>Another service of the platform, for background work.</summary>
    public const string Service = "service";

    public static readonly IReadOnlyList<string> All = [Secretariat, BodyMember, CaseHandler, EmployeeReader, Auditor, Service];
}
