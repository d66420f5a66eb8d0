using System.Security.Cryptography;
using Governance.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Governance.ServiceDefaults.Security;

/// <summary>
/// Bearer-token authentication for every service: an OIDC authority or static keys when configured;
/// the development issuer in the embedded default; otherwise the host refuses to start. Every
/// endpoint needs an authenticated caller unless it is explicitly anonymous (health).
/// </summary>
public static class GovernanceAuthentication
{
    public static WebApplicationBuilder AddGovernanceAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidAudience = options.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = "sub",
            RoleClaimType = options.RoleClaim,
            // A caller's token is verified once, not on every call; every other check runs per call.
            CryptoProviderFactory = new VerifiedSignatures(),
        };

        string keySource;
        if (options.IsConfigured)
        {
            parameters.ValidIssuer = options.Issuer ?? options.Authority
                ?? throw new StartupConfigurationException(
                    $"{AuthOptions.Section}:SigningKeysFile needs an issuer too: set Governance__Auth__Issuer to the issuer its tokens carry.");
            if (!string.IsNullOrWhiteSpace(options.SigningKeysFile))
            {
                parameters.IssuerSigningKeys = ReadSigningKeys(options.SigningKeysFile);
                keySource = Path.GetFullPath(options.SigningKeysFile);
            }
            else
            {
                CheckAuthority(options);
                keySource = options.Authority!;
            }
        }
        else if (EmbeddedMode.Reason(builder.Configuration) is { } notEmbedded)
        {
            throw new StartupConfigurationException(
                $"No token authority is configured, and this is not the embedded default ({notEmbedded}): " +
                "set Governance__Auth__Authority to your OpenID Connect issuer (and Governance__Auth__Audience), " +
                "or Governance__Auth__SigningKeysFile (a JWKS file) with Governance__Auth__Issuer. See docs/security.md.");
        }
        else
        {
            var dataDirectory = DataDirectory.Create(DataDirectory.Resolve(builder.Configuration));
            TokenIssuer issuer;
            try
            {
                issuer = TokenIssuer.LoadOrCreateDevelopment(dataDirectory, options.Audience);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                throw new StartupConfigurationException(
                    $"The development token key {Path.Combine(dataDirectory, TokenIssuer.DevelopmentKeyFile)} cannot be read or created " +
                    $"({ex.GetType().Name}): fix or delete the file, or set {DataDirectory.Variable} to another directory.", ex);
            }
            builder.Services.AddSingleton(issuer);
            parameters.ValidIssuer = TokenIssuer.DevelopmentIssuer;
            parameters.IssuerSigningKey = issuer.SigningKey;
            keySource = Path.Combine(dataDirectory, TokenIssuer.DevelopmentKeyFile);
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Audience = options.Audience;
            jwt.TokenValidationParameters = parameters;
            jwt.Events = TokenRefusalLog.Events(options.Audience, parameters.ValidIssuer, keySource, development: !options.IsConfigured);
            if (!string.IsNullOrWhiteSpace(options.Authority) && string.IsNullOrWhiteSpace(options.SigningKeysFile))
            {
                jwt.Authority = options.Authority;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
            }
        });
        builder.Services.AddAuthorization(authorization =>
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        // The platform's own level; each service adds its levels when it is registered.
        builder.Services.AddAccessLevels(PlatformAccess.Levels);
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        builder.Services.AddHttpContextAccessor();
        return builder;
    }

    private static IList<SecurityKey> ReadSigningKeys(string file)
    {
        try
        {
            return new JsonWebKeySet(File.ReadAllText(file)).GetSigningKeys();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or System.Text.Json.JsonException)
        {
            throw new StartupConfigurationException(
                $"{AuthOptions.Section}:SigningKeysFile {Path.GetFullPath(file)} cannot be read as a JWKS file ({ex.GetType().Name}): " +
                "set Governance__Auth__SigningKeysFile to a JSON Web Key Set with the issuer's public keys.", ex);
        }
    }

    /// <summary>The authority is fetched on the first call; a wrong one should stop the start instead.</summary>
    private static void CheckAuthority(AuthOptions options)
    {
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            throw new StartupConfigurationException(
                $"{AuthOptions.Section}:Authority is not an absolute https:// URL: set Governance__Auth__Authority to your OpenID Connect issuer, " +
                "e.g. https://login.microsoftonline.com/{tenant}/v2.0.");
        }
        if (authority.Scheme == Uri.UriSchemeHttp && options.RequireHttpsMetadata)
        {
            throw new StartupConfigurationException(
                $"{AuthOptions.Section}:Authority {authority} is http://: use https://, or set Governance__Auth__RequireHttpsMetadata=false for a development identity provider.");
        }
    }
}
