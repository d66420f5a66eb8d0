using System.Buffers;
using System.Buffers.Binary;
using System.Reflection;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Governance.ServiceDefaults.Grpc;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.ServiceDefaults.Security;

/// <summary>
/// A refused gRPC call gets a gRPC answer, not a bare HTTP 401/403: UNAUTHENTICATED or
/// PERMISSION_DENIED with a google.rpc ErrorInfo that says why (and no more: it never tells whether a
/// resource exists). A refusal by role is written to the audit log of the service the method belongs
/// to (its <see cref="IRefusalAuditSink"/>), as the service's own refusals are; an unauthenticated call
/// has no subject to audit. The same call as HTTP/JSON (<see cref="HttpJson"/>) gets the same status as
/// JSON, with HTTP 401 or 403. Other requests get the default handling.
/// </summary>
public sealed partial class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    /// <summary>A refused request is read for its resource name only up to this size.</summary>
    private const int MaxReadRequestBytes = 64 * 1024;

    /// <summary>How long a refusal waits for the request message to arrive.</summary>
    private static readonly TimeSpan ReadRequestTimeout = TimeSpan.FromSeconds(2);

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var isGrpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        var isJson = !isGrpc && HttpJson.IsTranscoded(context);
        if (!(isGrpc || isJson) || authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        if (!authorizeResult.Challenged)
        {
            await AuditAsync(context, isJson);
        }
        var status = authorizeResult.Challenged
            ? Status(Code.Unauthenticated, "UNAUTHENTICATED",
                "A valid bearer token is required (authorization: Bearer <token>); it is missing, expired or not accepted.")
            : Status(Code.PermissionDenied, "ROLE_REQUIRED",
                $"The caller's roles do not allow this call; it needs one of: {string.Join(", ", RequiredRoles(policy))}.");
        if (isJson)
        {
            // The same status as JSON, as transcoding answers the services' own refusals.
            if (authorizeResult.Challenged)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
            await HttpJson.WriteStatusAsync(context, status);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        // A trailers-only response: the status travels in the headers.
        context.Response.Headers["grpc-status"] = status.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        context.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
        await context.Response.CompleteAsync();
    }

    /// <summary>Writes the refusal to the refusing service's audit log, as DENIED. The answer stays
    /// PERMISSION_DENIED if the log cannot be written; the failure is logged (without the token).</summary>
    private static async Task AuditAsync(HttpContext context, bool isJson)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc
            || context.RequestServices.GetKeyedService<IRefusalAuditSink>(grpc.Method.ServiceName) is not { } sink)
        {
            return;
        }
        // FullName is "/package.Service/Method", as the gRPC path is.
        var method = isJson ? grpc.Method.FullName : context.Request.Path.Value ?? grpc.Method.FullName;
        var request = isJson ? null : await ReadRequestAsync(context, grpc.Method);
        var resource = isJson ? ResourceOfPath(context.Request.Path) : request is null ? "" : RequestFields.ResourceOf(request, null);
        var caller = Caller.From(context.User);
        var refusal = new RefusedCall(caller.Subject, caller.Roles, method,
            ResourceName().IsMatch(resource) ? resource : method,
            request is null ? null : RequestFields.RequestIdOf(request) is { Length: <= 64 } id ? id : null);
        try
        {
            await sink.RecordAsync(refusal, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAuditFailed(context.RequestServices.GetRequiredService<ILogger<GrpcAuthorizationResultHandler>>(), ex, method, caller.Subject);
        }
    }

    /// <summary>The request message of a call with one (unary or server streaming), when it arrives in
    /// time, uncompressed and not too large; otherwise null. Nobody else reads it: the call is refused.</summary>
    private static async Task<IMessage?> ReadRequestAsync(HttpContext context, IMethod method)
    {
        if (method.Type is not (MethodType.Unary or MethodType.ServerStreaming)
            || method.GetType().GetGenericArguments() is not [var requestType, _]
            || requestType.GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is not MessageParser parser)
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(ReadRequestTimeout);
        var reader = context.Request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(timeout.Token);
                var buffer = read.Buffer;
                if (buffer.Length >= 5)
                {
                    // gRPC framing: a compressed flag, then the message length (big-endian), then the message.
                    var header = buffer.Slice(0, 5).ToArray();
                    var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
                    if (header[0] != 0 || length > MaxReadRequestBytes)
                    {
                        reader.AdvanceTo(buffer.Start);
                        return null;
                    }
                    if (buffer.Length >= 5 + length)
                    {
                        var message = parser.ParseFrom(buffer.Slice(5, length));
                        reader.AdvanceTo(buffer.Start);
                        return message;
                    }
                }
                if (read.IsCompleted)
                {
                    reader.AdvanceTo(buffer.Start);
                    return null;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The resource of a refused HTTP/JSON call, from its path: "/v1/meetings/m1:publishAgenda" →
    /// "meetings/m1", "/v1/meetings/m1/items" → "meetings/m1/items" (what lies under the meeting). The body is
    /// not read: the call is refused.</summary>
    public static string ResourceOfPath(PathString path)
    {
        var value = path.Value ?? "";
        if (!value.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return "";
        }
        value = value["/v1/".Length..];
        var verb = value.LastIndexOf(':');
        return verb >= 0 && value.IndexOf('/', verb) < 0 ? value[..verb] : value;
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

    /// <summary>A resource name as the services spell them (collection/id, nested as parent/collection/id), bounded: an
    /// unvalidated request's field is recorded only when it is one.</summary>
    [GeneratedRegex(@"^[a-z0-9][a-z0-9/-]{0,199}\z")]
    private static partial Regex ResourceName();

    [LoggerMessage(Level = LogLevel.Error, Message = "A call to {Method} by {Subject} was refused by role policy, but the refusal could not be written to the audit log")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, string method, string subject);
}
