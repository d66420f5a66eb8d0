using Google.Protobuf.WellKnownTypes;
using Google.Protobuf;
using Google.Rpc;
using Governance.ServiceDefaults.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Governance.ServiceDefaults.Grpc;

/// <summary>
/// The one place where failures become gRPC statuses with google.rpc details (ErrorInfo always,
/// BadRequest for validation). An unexpected exception is logged and answered as INTERNAL without
/// its message, so no internals leak to callers. Whatever a handler wrote, the answer's message and
/// details are bounded (<see cref="Bound(Google.Rpc.Status)"/>), so no response header grows with the caller's input.
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
        catch (RpcException ex) when (IsOversized(ex))
        {
            throw Bound(ex);
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
        catch (RpcException ex) when (IsOversized(ex))
        {
            throw Bound(ex);
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
            var status = ToStatus(known, domain);
            LogRefused(logger, context.Method, (StatusCode)status.Code, known.Reason);
            return status.ToRpcException();
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
        return Bound(status);
    }

    /// <summary>Longest grpc-message (characters) an answer carries.</summary>
    public const int MaxMessageChars = 400;

    /// <summary>Largest serialized google.rpc.Status (grpc-status-details-bin before base64).</summary>
    public const int MaxDetailsBytes = 2048;

    private const int MaxFieldChars = 100;
    private const int MaxDescriptionChars = 200;
    private const int MaxMetadataEntries = 8;
    private const int MaxMetadataChars = 200;

    /// <summary>The status with its message, ErrorInfo metadata and field violations cut to bounded
    /// prefixes, and violations dropped from the end until the whole fits <see cref="MaxDetailsBytes"/>.
    /// Validation messages quote caller values through <see cref="CallerValue"/> already; this is the
    /// last guard for anything that did not.</summary>
    public static Google.Rpc.Status Bound(Google.Rpc.Status status)
    {
        var bounded = new Google.Rpc.Status { Code = status.Code, Message = CallerValue.Bounded(status.Message, MaxMessageChars) };
        BadRequest? badRequest = null;
        var badRequestIndex = -1;
        foreach (var detail in status.Details)
        {
            if (detail.TryUnpack<ErrorInfo>(out var info))
            {
                var boundedInfo = new ErrorInfo { Reason = CallerValue.Bounded(info.Reason, MaxMetadataChars), Domain = CallerValue.Bounded(info.Domain, MaxMetadataChars) };
                foreach (var (key, value) in info.Metadata.Take(MaxMetadataEntries))
                {
                    boundedInfo.Metadata[CallerValue.Bounded(key, MaxMetadataChars)] = CallerValue.Bounded(value, MaxMetadataChars);
                }
                bounded.Details.Add(Any.Pack(boundedInfo));
            }
            else if (detail.TryUnpack<BadRequest>(out var violations))
            {
                badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(violations.FieldViolations.Select(v => new BadRequest.Types.FieldViolation
                {
                    Field = CallerValue.Bounded(v.Field, MaxFieldChars),
                    Description = CallerValue.Bounded(v.Description, MaxDescriptionChars),
                }));
                badRequestIndex = bounded.Details.Count;
                bounded.Details.Add(Any.Pack(badRequest));
            }
            else if (detail.CalculateSize() <= MaxDetailsBytes / 4)
            {
                bounded.Details.Add(detail);
            }
        }
        while (badRequest is { FieldViolations.Count: > 1 } && bounded.CalculateSize() > MaxDetailsBytes)
        {
            badRequest.FieldViolations.RemoveAt(badRequest.FieldViolations.Count - 1);
            bounded.Details[badRequestIndex] = Any.Pack(badRequest);
        }
        while (bounded.CalculateSize() > MaxDetailsBytes && bounded.Details.Count > 1)
        {
            bounded.Details.RemoveAt(bounded.Details.Count - 1);
        }
        return bounded;
    }

    private const string DetailsTrailer = "grpc-status-details-bin";

    private static bool IsOversized(RpcException ex) =>
        ex.Status.Detail.Length > MaxMessageChars
        || ex.Trailers.Any(t => (t.IsBinary ? t.ValueBytes.Length : t.Value.Length) > MaxDetailsBytes);

    /// <summary>A handler's own RpcException with its message and details bounded; other oversized
    /// trailers are dropped.</summary>
    private static RpcException Bound(RpcException ex)
    {
        var trailers = new Metadata();
        foreach (var entry in ex.Trailers)
        {
            if (entry.Key == DetailsTrailer)
            {
                try
                {
                    trailers.Add(DetailsTrailer, Bound(Google.Rpc.Status.Parser.ParseFrom(entry.ValueBytes)).ToByteArray());
                }
                catch (InvalidProtocolBufferException)
                {
                    // Not a google.rpc.Status: the caller gets the code and message only.
                }
            }
            else if ((entry.IsBinary ? entry.ValueBytes.Length : entry.Value.Length) <= MaxDetailsBytes)
            {
                trailers.Add(entry);
            }
        }
        return new RpcException(new global::Grpc.Core.Status(ex.StatusCode, CallerValue.Bounded(ex.Status.Detail, MaxMessageChars)), trailers);
    }

    /// <summary>"/governance.meetings.v1.MeetingsService/GetMeeting" → "governance.meetings".</summary>
    public static string ErrorDomain(string method)
    {
        var service = method.TrimStart('/').Split('/')[0];
        var parts = service.Split('.');
        return parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : service;
    }

    /// <summary>One short line per refused call: no message, which may quote the caller's input.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} answered {StatusCode} {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, StatusCode statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method}")]
    private static partial void LogUnexpected(ILogger logger, Exception ex, string method);
}
