using Governance.ServiceDefaults.Security;

namespace Governance.Meetings.Security;

/// <summary>What a Meetings RPC needs (<c>[RequiresAccess(MeetingsAccess.Manage)]</c>), and which roles
/// have it: declared when a host takes the service in. Body scoping and closed items are checked where
/// the resource is loaded (<see cref="MeetingsCaller"/>). The audit log is <see cref="PlatformAccess.Audit"/>.</summary>
public static class MeetingsAccess
{
    /// <summary>Read what the caller may see.</summary>
    public const string Read = "meetings.read";

    /// <summary>Change bodies, meetings, agendas, decisions and minutes: the secretariat (of the resource's body).</summary>
    public const string Manage = "meetings.manage";

    /// <summary>Import the minutes of a past meeting (ImportMeeting): the importer (of the body).</summary>
    public const string Import = "meetings.import";

    public static readonly IReadOnlyList<AccessLevel> Levels =
    [
        new(Read, [MeetingsRoles.Secretariat, MeetingsRoles.BodyMember, MeetingsRoles.CaseHandler, MeetingsRoles.EmployeeReader, PlatformRoles.Service]),
        new(Manage, [MeetingsRoles.Secretariat]),
        new(Import, [MeetingsRoles.Importer]),
    ];
}
