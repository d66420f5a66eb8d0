using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Governance.ServiceDefaults.Security;

/// <summary>
/// Says in the log why a bearer token was refused: the caller only gets UNAUTHENTICATED, and an
/// operator needs the cause (a token minted for another data directory, expired, for another
/// audience or issuer). Never logs the token or its claims; the reason is a fixed text plus this
/// host's own settings.
/// </summary>
public static partial class TokenRefusalLog
{
    public const string Category = "Governance.Authentication";

    private const int MaxPathLength = 200;

    /// <summary>JWT bearer events that log each refusal; <paramref name="keySource"/> says where this
    /// host's keys come from (the development key file, a JWKS file or an authority).</summary>
    public static JwtBearerEvents Events(string audience, string? issuer, string keySource, bool development) => new()
    {
        OnAuthenticationFailed = context =>
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
            var path = context.HttpContext.Request.Path.Value ?? "";
            path = path.Length <= MaxPathLength ? path : path[..MaxPathLength] + "…";
            var reason = Reason(context.Exception, audience, issuer, keySource, development);
            if (context.Exception is SecurityTokenExpiredException)
            {
                LogRefusedInformation(logger, path, reason);
            }
            else
            {
                LogRefused(logger, path, reason);
            }
            return Task.CompletedTask;
        },
    };

    /// <summary>Why <paramref name="exception"/> refused a token, in words an operator can act on.</summary>
    public static string Reason(Exception exception, string audience, string? issuer, string keySource, bool development) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException when development =>
            $"signature key not known to this host (was the token minted for another data directory? this host's key is {keySource})",
        SecurityTokenSignatureKeyNotFoundException => $"signature key not known to this host (its keys come from {keySource})",
        SecurityTokenInvalidSignatureException => "signature does not verify (the token was altered or signed with another key)",
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not valid yet (check the clocks)",
        SecurityTokenNoExpirationException => "no expiry time",
        SecurityTokenInvalidLifetimeException => "invalid lifetime",
        SecurityTokenInvalidAudienceException => $"wrong audience (this host requires '{audience}', Governance:Auth:Audience)",
        SecurityTokenInvalidIssuerException => $"wrong issuer (this host requires '{issuer}')",
        SecurityTokenMalformedException or ArgumentException => "not a well-formed JWT",
        InvalidOperationException when !development => $"the keys could not be fetched from {keySource}",
        _ => $"{exception.GetType().Name}",
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused a bearer token for {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Refused a bearer token for {Path}: {Reason}")]
    private static partial void LogRefusedInformation(ILogger logger, string path, string reason);
}
