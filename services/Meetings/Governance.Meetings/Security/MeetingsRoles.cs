using Governance.ServiceDefaults.Security;

namespace Governance.Meetings.Security;

/// <summary>The roles Meetings admits, as they appear in the token's roles claim.</summary>
public static class MeetingsRoles
{
    /// <summary>Manages meetings, agendas, decisions and minutes of the bodies it serves.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>Reads everything of its bodies, closed items included.</summary>
    public const string BodyMember = "body_member";

    /// <summary>Reads what is not closed.</summary>
    public const string EmployeeReader = "employee_reader";

    /// <summary>The Cases role: a case handler reads the meetings its cases go to (what is not closed).</summary>
    public const string CaseHandler = "case_handler";

    /// <summary>Imports the minutes of past meetings (ImportMeeting) of the bodies in its bodies claim,
    /// and nothing else: a migration's account, not a person's daily role.</summary>
    public const string Importer = "importer";

    /// <summary>Every role Meetings knows: its own and the platform's (auditor, service).</summary>
    public static readonly IReadOnlyList<string> All = [Secretariat, BodyMember, EmployeeReader, CaseHandler, Importer, .. PlatformRoles.All];
}
