namespace Governance.ServiceDefaults.Clients;

/// <summary>
/// <c>Governance:Auth:ClientCredentials</c>: this service's registration at the OIDC provider, for
/// its own tokens (OAuth2 client-credentials grant). The secret comes from a secret store or the
/// environment (Governance__Auth__ClientCredentials__ClientSecret), never from a committed file.
/// </summary>
public sealed class ClientCredentialsOptions
{
    public const string Section = "Governance:Auth:ClientCredentials";

    /// <summary>The provider's token endpoint, e.g. https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token.</summary>
    public string? TokenEndpoint { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The scope to ask for, e.g. api://governance/.default; left out of the request when empty.</summary>
    public string? Scope { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(TokenEndpoint);
}
