using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;

namespace Governance.ServiceDefaults.Grpc;

/// <summary>
/// Notes the status a call of an HTTP/JSON caller ended with, for <see cref="GrpcCallMetrics"/>: gRPC
/// callers get it as the grpc-status trailer, which the metrics read, but transcoding turns it into an HTTP
/// status and a JSON body, and several codes share one HTTP status (400 is INVALID_ARGUMENT,
/// FAILED_PRECONDITION or OUT_OF_RANGE). Outermost interceptor, so it sees the status the caller gets.
/// </summary>
public sealed class CallStatusRecorder : Interceptor
{
    /// <summary>The <see cref="HttpContext.Items"/> key of the <see cref="StatusCode"/>.</summary>
    public static readonly object StatusItem = new();

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            var response = await continuation(request, context);
            Record(context, StatusCode.OK);
            return response;
        }
        catch (RpcException ex)
        {
            Record(context, ex.StatusCode);
            throw;
        }
    }

    private static void Record(ServerCallContext context, StatusCode code)
    {
        var http = context.GetHttpContext();
        if (!GrpcCallMetrics.IsGrpc(http.Request))
        {
            http.Items[StatusItem] = code;
        }
    }
}
