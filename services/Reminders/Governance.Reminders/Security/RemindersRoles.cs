using Governance.ServiceDefaults.Security;

namespace Governance.Reminders.Security;

/// <summary>The roles Reminders admits, as they appear in the token's roles claim: the Meetings roles
/// (the list belongs to a body) and the readers of the other services.</summary>
public static class RemindersRoles
{
    /// <summary>Keeps the reminder lists of its bodies, and sees their closed reminders.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>Reads the lists; sees the closed reminders of its own bodies.</summary>
    public const string BodyMember = "body_member";

    /// <summary>Reads what is not closed (a case handler follows the reminders of its cases).</summary>
    public const string CaseHandler = "case_handler";

    /// <summary>Reads what is not closed.</summary>
    public const string EmployeeReader = "employee_reader";

    /// <summary>Every role Reminders knows: its own and the platform's (auditor, service).</summary>
    public static readonly IReadOnlyList<string> All = [Secretariat, BodyMember, CaseHandler, EmployeeReader, .. PlatformRoles.All];
}
