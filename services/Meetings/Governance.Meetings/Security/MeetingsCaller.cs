using Governance.ServiceDefaults.Security;

namespace Governance.Meetings.Security;

/// <summary>What a caller may do with a body's meetings, from its roles and bodies claim.</summary>
public static class MeetingsCaller
{
    /// <summary>The body is in the token's bodies claim (or the claim says "*").</summary>
    public static bool Serves(this Caller caller, string bodyId) => caller.Covers(MeetingsClaims.Bodies, bodyId);

    /// <summary>Manages the body's meetings, agendas, decisions and minutes.</summary>
    public static bool IsSecretariatOf(this Caller caller, string bodyId) => caller.Has(MeetingsRoles.Secretariat) && caller.Serves(bodyId);

    /// <summary>Imports the minutes of the body's past meetings.</summary>
    public static bool IsImporterOf(this Caller caller, string bodyId) => caller.Has(MeetingsRoles.Importer) && caller.Serves(bodyId);

    /// <summary>Sees everything of the body, closed items included: its members and its secretariat.</summary>
    public static bool SeesClosedOf(this Caller caller, string bodyId) =>
        (caller.Has(MeetingsRoles.BodyMember) || caller.Has(MeetingsRoles.Secretariat)) && caller.Serves(bodyId);
}
