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
/// where grpc-dotnet wrote it: the trailers, or the headers of a trailers-only answer. A call over HTTP/JSON
/// (transcoded) counts as the same RPC: its status as <see cref="CallStatusRecorder"/> noted it, or, for an
/// answer given before the method ran (a refusal, a body that cannot be read), from its HTTP status.
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
        var grpc = IsGrpc(context.Request);
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
        if (!grpc && method is null)
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
            var code = grpc ? CodeOf(context) : JsonCodeOf(context);
            metrics.Call(method?.ServiceName ?? Unknown, method?.Name ?? Unknown, code, Stopwatch.GetElapsedTime(started));
        }
    }

    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The status of a transcoded call: as the method's interceptors saw it, else from the HTTP
    /// status the answer was given with (google.api.http's mapping, where it names one code).</summary>
    public static string JsonCodeOf(HttpContext context)
    {
        if (context.Items.TryGetValue(CallStatusRecorder.StatusItem, out var recorded) && recorded is global::Grpc.Core.StatusCode code)
        {
            return CodeNames[(int)code];
        }
        return context.Response.StatusCode switch
        {
            200 => "OK",
            400 => "INVALID_ARGUMENT",
            401 => "UNAUTHENTICATED",
            403 => "PERMISSION_DENIED",
            404 => "NOT_FOUND",
            413 or 429 => "RESOURCE_EXHAUSTED",
            501 => "UNIMPLEMENTED",
            503 => "UNAVAILABLE",
            504 => "DEADLINE_EXCEEDED",
            _ when context.RequestAborted.IsCancellationRequested => "CANCELLED",
            _ => "UNKNOWN",
        };
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
