using Governance.Cases.Security;
using Governance.Meetings.Security;
using Governance.Reminders.Security;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Security;

namespace Governance.Host;

/// <summary>The roles and claims of the services this host composes, for development tokens (the
/// <c>token</c> command) and the tests' all-powerful caller. BuildingBlocks know none of them.</summary>
public static class HostClaims
{
    /// <summary>Every role some service of the host admits, the platform's included.</summary>
    public static readonly IReadOnlyList<string> Roles = [.. MeetingsRoles.All.Concat(CasesRoles.All).Concat(RemindersRoles.All).Concat(SurveysRoles.All).Distinct(StringComparer.Ordinal)];

    /// <summary>The claims of a token whose roles apply to <paramref name="bodies"/> (Meetings, and
    /// Reminders, which reads the same bodies claim: a reminder list is a body's) and
    /// <paramref name="units"/> (Cases).</summary>
    public static IReadOnlyList<TokenClaim> Scopes(IReadOnlyList<string> bodies, IReadOnlyList<string> units) =>
        [MeetingsClaims.ForBodies([.. bodies]), CasesClaims.ForUnits([.. units])];

    /// <summary>Every body and every unit.</summary>
    public static IReadOnlyList<TokenClaim> Everywhere => Scopes([Caller.Everything], [Caller.Everything]);
}
