using Governance.ServiceDefaults.Security;

namespace Governance.Reminders.Security;

/// <summary>What a Reminders RPC needs (<c>[RequiresAccess(RemindersAccess.Manage)]</c>), and which
/// roles have it: declared when a host takes the service in. Body scoping and closed reminders are
/// checked where the list is loaded (<see cref="RemindersCaller"/>). The audit log is
/// <see cref="PlatformAccess.Audit"/>.</summary>
public static class RemindersAccess
{
    /// <summary>Read what the caller may see.</summary>
    public const string Read = "reminders.read";

    /// <summary>Keep a body's list: the secretariat (of the body).</summary>
    public const string Manage = "reminders.manage";

    public static readonly IReadOnlyList<AccessLevel> Levels =
    [
        new(Read, [RemindersRoles.Secretariat, RemindersRoles.BodyMember, RemindersRoles.CaseHandler, RemindersRoles.EmployeeReader, PlatformRoles.Service]),
        new(Manage, [RemindersRoles.Secretariat]),
    ];
}
