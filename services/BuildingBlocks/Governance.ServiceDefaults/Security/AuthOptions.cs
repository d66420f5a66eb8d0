namespace Governance.ServiceDefaults.Security;

/// <summary>
/// <c>Governance:Auth</c>: how bearer tokens are validated. Either an OpenID Connect authority
/// (Entra ID, Keycloak, KOMBIT: keys from its discovery document), or a JWKS file with an issuer
/// (static keys). With neither, only the embedded default may run, on its development issuer.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Governance:Auth";

    /// <summary>The OIDC authority (issuer URL), e.g. https://login.microsoftonline.com/{tenant}/v2.0.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string Audience { get; set; } = "governance";

    /// <summary>The issuer to require; defaults to the authority.</summary>
    public string? Issuer { get; set; }

    /// <summary>A JWKS file with the signing keys, instead of fetching them from the authority.</summary>
    public string? SigningKeysFile { get; set; }

    /// <summary>The claim that carries roles ("roles" in Entra ID and in our development tokens).</summary>
    public string RoleClaim { get; set; } = "roles";

    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(SigningKeysFile);
}
