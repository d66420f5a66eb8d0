using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Governance.ServiceDefaults.Security;

/// <summary>
/// A refused gRPC call gets a gRPC answer, not a bare HTTP 401/403: UNAUTHENTICATED or
/// PERMISSION_DENIED with a google.rpc ErrorInfo that says why (and no more: it never tells whether a
/// resource exists). Other requests get the default handling.
/// </summary>
public sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var isGrpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        if (!isGrpc || authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var status = authorizeResult.Challenged
            ? Status(Code.Unauthenticated, "UNAUTHENTICATED",
                "A valid bearer token is required (authorization: Bearer <token>); it is missing, expired or not accepted.")
            : Status(Code.PermissionDenied, "ROLE_REQUIRED",
                $"The caller's roles do not allow this call; it needs one of: {string.Join(", ", RequiredRoles(policy))}.");
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        // A trailers-only response: the status travels in the headers.
        context.Response.Headers["grpc-status"] = status.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        context.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
        await context.Response.CompleteAsync();
    }

    private static IEnumerable<string> RequiredRoles(AuthorizationPolicy policy) =>
        policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles).Distinct();

    private static Google.Rpc.Status Status(Code code, string reason, string message) => new()
    {
        Code = (int)code,
        Message = message,
        Details = { Any.Pack(new ErrorInfo { Reason = reason, Domain = "governance.security" }) },
    };
}
