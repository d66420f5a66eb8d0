using Governance.ServiceDefaults.Security;

namespace Governance.Meetings.Security;

/// <summary>The claim Meetings reads besides the roles: the bodies the secretariat and member roles
/// apply to (<see cref="Caller.Everything"/> = every body).</summary>
public static class MeetingsClaims
{
    public const string Bodies = "bodies";

    /// <summary>The bodies claim for a token.</summary>
    public static TokenClaim ForBodies(params string[] bodyIds) => new(Bodies, bodyIds);
}
