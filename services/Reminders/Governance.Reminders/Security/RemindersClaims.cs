using Governance.ServiceDefaults.Security;

namespace Governance.Reminders.Security;

/// <summary>The claim Reminders reads besides the roles: the bodies the secretariat and body-member
/// roles apply to (<see cref="Caller.Everything"/> = every body). It is the same claim the Meetings
/// service reads, since a reminder list is a body's.</summary>
public static class RemindersClaims
{
    public const string Bodies = "bodies";

    /// <summary>The bodies claim for a token.</summary>
    public static TokenClaim ForBodies(params string[] bodies) => new(Bodies, bodies);
}
