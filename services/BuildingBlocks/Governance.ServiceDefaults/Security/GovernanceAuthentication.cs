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
        };

        if (options.IsConfigured)
        {
            parameters.ValidIssuer = options.Issuer ?? options.Authority
                ?? throw new InvalidOperationException($"{AuthOptions.Section}:SigningKeysFile needs {AuthOptions.Section}:Issuer too.");
            if (!string.IsNullOrWhiteSpace(options.SigningKeysFile))
            {
                parameters.IssuerSigningKeys = new JsonWebKeySet(File.ReadAllText(options.SigningKeysFile)).GetSigningKeys();
            }
        }
        else if (EmbeddedMode.Reason(builder.Configuration) is { } notEmbedded)
        {
            throw new InvalidOperationException(
                $"No token authority is configured, and this is not the embedded default ({notEmbedded}). " +
                "Set Governance__Auth__Authority to your OpenID Connect issuer (Entra ID, Keycloak, KOMBIT) and " +
                "Governance__Auth__Audience to the audience its tokens carry, or Governance__Auth__SigningKeysFile " +
                "(a JWKS file) with Governance__Auth__Issuer. See docs/security.md.");
        }
        else
        {
            var dataDirectory = Path.GetFullPath(builder.Configuration["Governance:DataDirectory"] ?? "data");
            var issuer = TokenIssuer.LoadOrCreateDevelopment(dataDirectory, options.Audience);
            builder.Services.AddSingleton(issuer);
            parameters.ValidIssuer = TokenIssuer.DevelopmentIssuer;
            parameters.IssuerSigningKey = issuer.SigningKey;
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Audience = options.Audience;
            jwt.TokenValidationParameters = parameters;
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
}
