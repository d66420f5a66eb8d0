using Google.Rpc;
using Governance.ServiceDefaults.Security;
using Governance.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Meetings.Tests.Api;

/// <summary>
/// A host for the authorization tests: the default channel (every role for every body) for building
/// fixtures, the issuer whose tokens the host accepts for calling as someone else, and one set of
/// shared fixtures per test class, built on first use.
/// </summary>
public interface IAuthorizationHost : IApiHost
{
    /// <summary>The fixtures of the test class, created by <paramref name="create"/> the first time they are asked for.</summary>
    Task<T> SharedAsync<T>(Func<Task<T>> create) where T : class;
}

/// <summary>Shared fixtures built once, whichever test asks first (tests of one class run one at a time, but be safe).</summary>
internal sealed class SharedFixtures : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private object? value;

    public async Task<T> GetAsync<T>(Func<Task<T>> create) where T : class
    {
        await gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            value ??= await create();
            return (T)value;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}

/// <summary>An API host (<see cref="SqliteApiHost"/> or <see cref="PostgresApiHost"/>) plus the fixtures its test class shares.</summary>
public abstract class AuthorizationHost<THost>(THost inner) : IAuthorizationHost, IAsyncLifetime
    where THost : IApiHost, IAsyncLifetime
{
    private readonly SharedFixtures shared = new();

    public string Store => inner.Store;

    public GovernanceTestHost Server => inner.Server;

    public GrpcChannel Channel => inner.Channel;

    public Task<T> SharedAsync<T>(Func<Task<T>> create) where T : class => shared.GetAsync(create);

    public ValueTask InitializeAsync() => inner.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        shared.Dispose();
        await inner.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The embedded default (SQLite under a temporary data directory, development issuer).</summary>
public sealed class SqliteAuthorizationHost() : AuthorizationHost<SqliteApiHost>(new SqliteApiHost());

/// <summary>A fresh PostgreSQL database and the host on it, with the test host's stand-in authority.</summary>
public sealed class PostgresAuthorizationHost() : AuthorizationHost<PostgresApiHost>(new PostgresApiHost());

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
        SecretariatOfAnotherBody => tokens.Issue("authz-secretariat-elsewhere", [Roles.Secretariat], [otherBodyId]),
        SecretariatOfTheBody => tokens.Issue("authz-secretariat-here", [Roles.Secretariat], [bodyId]),
        BodyMemberOfTheBody => tokens.Issue("authz-member-here", [Roles.BodyMember], [bodyId]),
        BodyMemberOfAnotherBody => tokens.Issue("authz-member-elsewhere", [Roles.BodyMember], [otherBodyId]),
        NoToken => null,
        ExpiredToken => tokens.Issue("authz-expired", Roles.All, [Caller.AllBodies],
            lifetime: TimeSpan.FromHours(1), now: DateTime.UtcNow.AddHours(-10)),
        WrongAudience => tokens.Issue("authz-wrong-audience", Roles.All, [Caller.AllBodies], audience: "someone-else"),
        _ when Roles.All.Contains(caller) => tokens.Issue($"authz-{caller}", [caller], [Caller.AllBodies]),
        _ => throw new ArgumentException($"Unknown caller '{caller}'.", nameof(caller)),
    };

    /// <summary>A channel to <paramref name="host"/> that calls as <paramref name="caller"/>.</summary>
    public static GrpcChannel Channel(GovernanceTestHost host, string caller, string bodyId, string otherBodyId)
    {
        var tokens = host.Tokens ?? throw new InvalidOperationException("The host has no token issuer the tests can use.");
        return host.CreateChannel(Token(tokens, caller, bodyId, otherBodyId));
    }
}

/// <summary>Refusals of the authorization layer and of the service's own checks.</summary>
public static class AuthorizationAssert
{
    /// <summary>The ErrorInfo domain of refusals by role (GrpcAuthorizationResultHandler).</summary>
    public const string SecurityDomain = "governance.security";

    /// <summary>
    /// Asserts that <paramref name="call"/> fails with UNAUTHENTICATED (never success, never INTERNAL),
    /// with an ErrorInfo governance.security/UNAUTHENTICATED. <paramref name="context"/> names the call.
    /// </summary>
    public static async Task<RpcException> Unauthenticated(Func<Task> call, string context)
    {
        RpcException? caught = null;
        try
        {
            await call();
        }
        catch (RpcException ex)
        {
            caught = ex;
        }
        Assert.True(caught is not null, $"{context}: expected UNAUTHENTICATED, but the call succeeded.");
        Assert.True(caught.StatusCode == StatusCode.Unauthenticated,
            $"{context}: expected UNAUTHENTICATED, but got {caught.StatusCode}: {caught.Status.Detail}");
        var info = caught.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.True(info is { Reason: "UNAUTHENTICATED", Domain: SecurityDomain },
            $"{context}: expected ErrorInfo {SecurityDomain}/UNAUTHENTICATED, but got {info?.Domain}/{info?.Reason}.");
        return caught;
    }

    /// <summary>
    /// Asserts that <paramref name="call"/> fails with PERMISSION_DENIED (never success, never INTERNAL),
    /// with a google.rpc.Status that has a message and an ErrorInfo of <paramref name="domain"/> and
    /// <paramref name="reason"/>. <paramref name="context"/> names the call in failure messages.
    /// </summary>
    public static async Task<(RpcException Exception, ErrorInfo Info)> PermissionDenied(Func<Task> call, string domain, string reason, string context)
    {
        RpcException? caught = null;
        try
        {
            await call();
        }
        catch (RpcException ex)
        {
            caught = ex;
        }
        Assert.True(caught is not null, $"{context}: expected PERMISSION_DENIED {reason}, but the call succeeded.");
        Assert.True(caught.StatusCode == StatusCode.PermissionDenied,
            $"{context}: expected PERMISSION_DENIED {reason}, but got {caught.StatusCode}: {caught.Status.Detail}");
        var status = caught.GetRpcStatus();
        Assert.True(status is not null, $"{context}: PERMISSION_DENIED without a google.rpc.Status.");
        Assert.Equal((int)Code.PermissionDenied, status.Code);
        Assert.False(string.IsNullOrWhiteSpace(status.Message), $"{context}: the status has no message.");
        var info = status.GetDetail<ErrorInfo>();
        Assert.True(info is not null, $"{context}: PERMISSION_DENIED without an ErrorInfo.");
        Assert.True(info.Reason == reason && info.Domain == domain,
            $"{context}: expected ErrorInfo {domain}/{reason}, but got {info.Domain}/{info.Reason}: {status.Message}");
        return (caught, info);
    }
}
