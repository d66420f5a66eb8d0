using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
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

    /// <summary>The reason a token without a subject is refused: its calls could not be audited.</summary>
    public const string NoSubject = "no subject (a token needs a non-blank 'sub' claim: calls without one cannot be audited)";

    /// <summary>JWT bearer events that log each refusal; <paramref name="keySource"/> says where this
    /// host's keys come from (the development key file, a JWKS file or an authority).</summary>
    public static JwtBearerEvents Events(string audience, string? issuer, string keySource, bool development) => new()
    {
        OnAuthenticationFailed = context =>
        {
            Log(context.HttpContext, Reason(context.Exception, audience, issuer, keySource, development),
                warning: context.Exception is not SecurityTokenExpiredException);
            return Task.CompletedTask;
        },
        // A valid signature is not enough: every call is audited under the token's subject.
        OnTokenValidated = context =>
        {
            if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst("sub")?.Value))
            {
                Log(context.HttpContext, NoSubject, warning: true);
                context.Fail(NoSubject);
            }
            return Task.CompletedTask;
        },
    };

    private static void Log(HttpContext httpContext, string reason, bool warning)
    {
        var logger = httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        var path = httpContext.Request.Path.Value ?? "";
        path = path.Length <= MaxPathLength ? path : path[..MaxPathLength] + "…";
        if (warning)
        {
            LogRefused(logger, path, reason);
        }
        else
        {
            LogRefusedInformation(logger, path, reason);
        }
    }

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
