using Governance.ServiceDefaults.Security;

namespace Governance.ServiceDefaults.Clients;

/// <summary>
/// The embedded default's service identity: a token from the development issuer the host already
/// trusts, subject <c>service:{service name}</c> with the service role, reissued shortly before it expires.
/// </summary>
public sealed class DevelopmentServiceTokenSource(TokenIssuer issuer, string serviceName, TimeProvider time) : IServiceTokenSource
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private (string Token, DateTimeOffset RenewAt)? _cached;

    public string Subject { get; } = $"service:{serviceName}";

    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_cached is not { } cached || now >= cached.RenewAt)
            {
                var token = issuer.Issue(Subject, [PlatformRoles.Service], lifetime: Lifetime, now: now.UtcDateTime);
                _cached = cached = (token, now + Lifetime - RenewBefore);
            }
            return ValueTask.FromResult(cached.Token);
        }
    }
}
