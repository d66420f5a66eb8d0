namespace Governance.ServiceDefaults.Clients;

/// <summary>This service's own bearer token, for calls made outside a user's request (background work).</summary>
public interface IServiceTokenSource
{
    /// <summary>A token valid for a while yet; cached, so cheap to ask for per call.</summary>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);
}
