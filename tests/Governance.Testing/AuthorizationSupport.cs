using Google.Rpc;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace Governance.Testing;

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
public sealed class SharedFixtures : IDisposable
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

/// <summary>Refusals of the authorization layer and of the service's own checks.</summary>
public static class AuthorizationAssert
{
    /// <summary>
    /// A service's declared access levels against its hand-written table of what each role has:
    /// every role the service knows has a row, every level in the table is declared, and each declared
    /// level admits exactly the roles whose row names it.
    /// </summary>
    public static void LevelsAdmitExactly(IReadOnlyList<AccessLevel> declared, IReadOnlyDictionary<string, string[]> roleAccess, IEnumerable<string> knownRoles)
    {
        Assert.Equal(knownRoles.Order(StringComparer.Ordinal), roleAccess.Keys.Order(StringComparer.Ordinal));
        var undeclared = roleAccess.Values.SelectMany(a => a).Distinct().Except(declared.Select(l => l.Name)).ToList();
        Assert.True(undeclared.Count == 0, $"Levels in the table that the service does not declare: {string.Join(", ", undeclared)}");
        foreach (var level in declared)
        {
            var expected = roleAccess.Where(r => r.Value.Contains(level.Name)).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.SequenceEqual(level.Roles.Order(StringComparer.Ordinal)),
                $"The level '{level.Name}' admits {string.Join(", ", level.Roles)}; expected {string.Join(", ", expected)}.");
        }
    }

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
