using Governance.ServiceDefaults.Security;

namespace Governance.Reminders.Security;

/// <summary>What a caller may do with a body's reminder list, from its roles and bodies claim.</summary>
public static class RemindersCaller
{
    /// <summary>The body is in the token's bodies claim (or the claim says "*").</summary>
    public static bool Serves(this Caller caller, string bodyId) => caller.Covers(RemindersClaims.Bodies, bodyId);

    /// <summary>Keeps the body's list: its reminders, calendar sections and settings.</summary>
    public static bool KeepsListOf(this Caller caller, string bodyId) => caller.Has(RemindersRoles.Secretariat) && caller.Serves(bodyId);

    /// <summary>Sees the body's closed reminders: its members and its secretariat.</summary>
    public static bool SeesClosedOf(this Caller caller, string bodyId) =>
        (caller.Has(RemindersRoles.BodyMember) || caller.Has(RemindersRoles.Secretariat)) && caller.Serves(bodyId);

    /// <summary>Keeps the municipality's catalogue of statutory deadlines: a secretariat serving every
    /// body (the bodies claim says "*"), since the catalogue is every list's.</summary>
    public static bool KeepsCatalogue(this Caller caller) =>
        caller.Has(RemindersRoles.Secretariat) && caller.Values(RemindersClaims.Bodies).Contains(Caller.Everything);
}
