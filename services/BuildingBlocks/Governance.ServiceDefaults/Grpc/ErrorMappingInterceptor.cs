using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Governance.ServiceDefaults.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Governance.ServiceDefaults.Grpc;

/// <summary>
/// The one place where failures become gRPC statuses with google.rpc details (ErrorInfo always,
/// BadRequest for validation). An unexpected exception is logged and answered as INTERNAL without
/// its message, so no internals leak to callers.
/// </summary>
public sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    private RpcException Map(Exception ex, ServerCallContext context)
    {
        var domain = ErrorDomain(context.Method);
        if (ex is GovernanceException known)
        {
            return ToStatus(known, domain).ToRpcException();
        }
        if (ex is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            return new RpcException(new global::Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
        }
        LogUnexpected(logger, ex, context.Method);
        return new Google.Rpc.Status
        {
            Code = (int)Code.Internal,
            Message = "An internal error occurred. It has been logged; please try again later.",
            Details = { Any.Pack(new ErrorInfo { Reason = "INTERNAL", Domain = domain }) },
        }.ToRpcException();
    }

    public static Google.Rpc.Status ToStatus(GovernanceException ex, string domain)
    {
        var code = ex switch
        {
            ValidationException => Code.InvalidArgument,
            NotFoundException => Code.NotFound,
            EtagMismatchException => Code.Aborted,
            FailedPreconditionException => Code.FailedPrecondition,
            AlreadyExistsException => Code.AlreadyExists,
            PermissionDeniedException => Code.PermissionDenied,
            DependencyUnavailableException => Code.Unavailable,
            _ => Code.Unknown,
        };
        var info = new ErrorInfo { Reason = ex.Reason, Domain = domain };
        info.Metadata.Add(ex.Metadata);
        var status = new Google.Rpc.Status { Code = (int)code, Message = ex.Message, Details = { Any.Pack(info) } };
        if (ex is ValidationException validation)
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(validation.Violations.Select(v =>
                new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(badRequest));
        }
        return status;
    }

    /// <summary>"/governance.meetings.v1.MeetingsService/GetMeeting" → "governance.meetings".</summary>
    public static string ErrorDomain(string method)
    {
        var service = method.TrimStart('/').Split('/')[0];
        var parts = service.Split('.');
        return parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : service;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method}")]
    private static partial void LogUnexpected(ILogger logger, Exception ex, string method);
}
