using Governance.Meetings.Security;
using Governance.ServiceDefaults.Security;
using Grpc.Net.Client;

namespace Governance.Meetings.Tests.Api;

/// <summary>
/// The callers the authorization tests call as, by name. A role's own name is that role alone for
/// every body ("*"); the others are a secretariat or member scoped to one body, and three tokens the
/// host must refuse.
/// </summary>
public static class AuthorizationCallers
{
    /// <summary>The secretariat role, serving only another body than the one called about.</summary>
    public const string SecretariatOfAnotherBody = "secretariat_of_another_body";

    /// <summary>The body_member role, for the body called about.</summary>
    public const string BodyMemberOfTheBody = "body_member_of_the_body";

    /// <summary>The body_member role, for another body than the one called about.</summary>
    public const string BodyMemberOfAnotherBody = "body_member_of_another_body";

    /// <summary>The secretariat role, for the body called about.</summary>
    public const string SecretariatOfTheBody = "secretariat_of_the_body";

    /// <summary>No authorization header at all.</summary>
    public const string NoToken = "no_token";

    /// <summary>Every role for every body, but the token expired hours ago.</summary>
    public const string ExpiredToken = "expired_token";

    /// <summary>Every role for every body, but the token is for another audience.</summary>
    public const string WrongAudience = "wrong_audience";

    /// <summary>The token of <paramref name="caller"/>, or null for <see cref="NoToken"/>.</summary>
    public static string? Token(TokenIssuer tokens, string caller, string bodyId, string otherBodyId) => caller switch
    {
        SecretariatOfAnotherBody => tokens.Issue("authz-secretariat-elsewhere", [MeetingsRoles.Secretariat], [MeetingsClaims.ForBodies(otherBodyId)]),
        SecretariatOfTheBody => tokens.Issue("authz-secretariat-here", [MeetingsRoles.Secretariat], [MeetingsClaims.ForBodies(bodyId)]),
        BodyMemberOfTheBody => tokens.Issue("authz-member-here", [MeetingsRoles.BodyMember], [MeetingsClaims.ForBodies(bodyId)]),
        BodyMemberOfAnotherBody => tokens.Issue("authz-member-elsewhere", [MeetingsRoles.BodyMember], [MeetingsClaims.ForBodies(otherBodyId)]),
        NoToken => null,
        ExpiredToken => tokens.Issue("authz-expired", MeetingsRoles.All, [MeetingsClaims.ForBodies(Caller.Everything)],
            lifetime: TimeSpan.FromHours(1), now: DateTime.UtcNow.AddHours(-10)),
        WrongAudience => tokens.Issue("authz-wrong-audience", MeetingsRoles.All, [MeetingsClaims.ForBodies(Caller.Everything)], audience: "someone-else"),
        _ when MeetingsRoles.All.Contains(caller) => tokens.Issue($"authz-{caller}", [caller], [MeetingsClaims.ForBodies(Caller.Everything)]),
        _ => throw new ArgumentException($"Unknown caller '{caller}'.", nameof(caller)),
    };

    /// <summary>A channel to <paramref name="host"/> that calls as <paramref name="caller"/>.</summary>
    public static GrpcChannel Channel(GovernanceTestHost host, string caller, string bodyId, string otherBodyId)
    {
        var tokens = host.Tokens ?? throw new InvalidOperationException("The host has no token issuer the tests can use.");
        return host.CreateChannel(Token(tokens, caller, bodyId, otherBodyId));
    }
}
