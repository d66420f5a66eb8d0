using System.Diagnostics;
using System.Globalization;
using Governance.ServiceDefaults.Telemetry;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Governance.ServiceDefaults.Grpc;

/// <summary>
/// Rate, errors and duration of every gRPC call (<see cref="HostMetrics"/>), by the status code the caller
/// got: HTTP says 200 for all of them. A middleware rather than an interceptor, and ahead of
/// authentication, because some answers never reach an interceptor: a refusal by the authorization
/// policy (UNAUTHENTICATED, PERMISSION_DENIED; <see cref="Security.GrpcAuthorizationResultHandler"/>) and a
/// request that cannot be parsed (INVALID_ARGUMENT; <see cref="MalformedRequests"/>). The status is read
/// where grpc-dotnet wrote it: the trailers, or the headers of a trailers-only answer.
/// </summary>
public sealed class GrpcCallMetrics(RequestDelegate next, HostMetrics metrics)
{
    /// <summary>The label of a method the host does not serve (its name is the caller's input).</summary>
    public const string Unknown = "unknown";

    private static readonly string[] CodeNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ];

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
            metrics.Call(method?.ServiceName ?? Unknown, method?.Name ?? Unknown, CodeOf(context), Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The canonical name of the call's status (NOT_FOUND); CANCELLED when the caller went away
    /// before one was written, UNKNOWN when the pipeline failed without one.</summary>
    public static string CodeOf(HttpContext context)
    {
        var status = context.Response.Headers["grpc-status"].ToString();
        if (status.Length == 0)
        {
            status = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"].ToString() ?? "";
        }
        if (int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code >= 0 && code < CodeNames.Length)
        {
            return CodeNames[code];
        }
        return context.RequestAborted.IsCancellationRequested ? "CANCELLED" : "UNKNOWN";
    }
}
