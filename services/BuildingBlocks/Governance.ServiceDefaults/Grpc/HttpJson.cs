using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Governance.ServiceDefaults.Hosting;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Any = Google.Protobuf.WellKnownTypes.Any;

namespace Governance.ServiceDefaults.Grpc;

/// <summary>
/// The RPCs as HTTP/JSON, for callers without gRPC tooling: every RPC with a google.api.http rule in protos/
/// is also served at its path (gRPC JSON transcoding), through the same interceptors, authorization
/// policies and error mapping as the gRPC call. Errors are google.rpc.Status as JSON, with the HTTP status
/// of their code (INVALID_ARGUMENT 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404, …) and their
/// details (ErrorInfo, BadRequest) in JSON. The OpenAPI document of these paths is built from the same
/// descriptors and the comments of the .proto files, and served without a token: it describes the contract only.
/// See docs/operations.md, "HTTP/JSON for departments without gRPC".
/// </summary>
public static class HttpJson
{
    /// <summary>The error details the services send, so that a status's details render as JSON objects.</summary>
    public static readonly TypeRegistry ErrorDetails = TypeRegistry.FromMessages(
        ErrorInfo.Descriptor, BadRequest.Descriptor, PreconditionFailure.Descriptor, ResourceInfo.Descriptor,
        QuotaFailure.Descriptor, RetryInfo.Descriptor, Help.Descriptor, LocalizedMessage.Descriptor);

    public static IGrpcServerBuilder AddGovernanceHttpJson(this IGrpcServerBuilder grpc)
    {
        grpc.AddJsonTranscoding(options => options.TypeRegistry = ErrorDetails);
        grpc.Services.AddHttpJsonOpenApi();
        return grpc;
    }

    /// <summary>True for a request routed to a transcoded RPC (as opposed to the gRPC call itself).</summary>
    public static bool IsTranscoded(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null;

    /// <summary>Writes a google.rpc.Status as the JSON answer of a transcoded call, with the HTTP status
    /// of its code (or <paramref name="httpStatus"/>), as transcoding writes the services' own errors.</summary>
    public static async Task WriteStatusAsync(HttpContext context, Google.Rpc.Status status, int? httpStatus = null)
    {
        context.Response.StatusCode = httpStatus ?? HttpStatusOf((StatusCode)status.Code);
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(Format(status), context.RequestAborted);
    }

    /// <summary>The status as JSON, compact as transcoding writes its answers (the protobuf formatter spaces its output).</summary>
    public static string Format(Google.Rpc.Status status) =>
        System.Text.Json.Nodes.JsonNode.Parse(Formatter.Format(status))!.ToJsonString();

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(ErrorDetails));

    /// <summary>The HTTP status of a gRPC code, as google.api.http and ASP.NET Core's transcoding map them.</summary>
    public static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.OK => StatusCodes.Status200OK,
        StatusCode.Cancelled => StatusCodes.Status408RequestTimeout,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}

/// <summary>
/// What grpc-dotnet does for a gRPC call before the service sees it, done for the same call as HTTP/JSON:
/// <list type="bullet">
/// <item>The request limit (<see cref="GovernanceDefaults.MaxReceiveMessageBytes"/>, else RESOURCE_EXHAUSTED):
/// transcoding reads the body itself, past grpc-dotnet's limit. A declared Content-Length over the limit is
/// refused before anything is read (HTTP 413, code RESOURCE_EXHAUSTED, reason REQUEST_TOO_LARGE); a chunked body
/// is cut off at the limit by the server (400 INVALID_ARGUMENT, as an unreadable body).</item>
/// <item>A request transcoding cannot read (not JSON, a field of the wrong type, an unknown enum value) is answered
/// by transcoding as INVALID_ARGUMENT without details; it gets the ErrorInfo every error has, reason
/// MALFORMED_REQUEST, as the malformed gRPC request does (<see cref="MalformedRequests"/>).</item>
/// </list>
/// </summary>
public sealed class HttpJsonRequests(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpJson.IsTranscoded(context))
        {
            await next(context);
            return;
        }
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
        var domain = method is null ? "governance" : ErrorMappingInterceptor.ErrorDomain(method.FullName);
        if (context.Request.ContentLength > GovernanceDefaults.MaxReceiveMessageBytes)
        {
            await HttpJson.WriteStatusAsync(context, new Google.Rpc.Status
            {
                Code = (int)Code.ResourceExhausted,
                Message = $"The request is larger than {GovernanceDefaults.MaxReceiveMessageBytes.ToString(CultureInfo.InvariantCulture)} bytes.",
                Details = { Any.Pack(new ErrorInfo { Reason = "REQUEST_TOO_LARGE", Domain = domain }) },
            }, StatusCodes.Status413PayloadTooLarge);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = GovernanceDefaults.MaxReceiveMessageBytes;
        }
        var body = context.Response.Body;
        await using var capture = new BadRequestCapture(context.Response, body);
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }
        if (capture.Captured is { } captured)
        {
            await body.WriteAsync(WithErrorInfo(captured.ToArray(), domain), context.RequestAborted);
        }
    }

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithTypeRegistry(HttpJson.ErrorDetails).WithIgnoreUnknownFields(true));

    /// <summary>The status with an ErrorInfo MALFORMED_REQUEST added when it has none; anything that is not a
    /// status stays as it was.</summary>
    private static byte[] WithErrorInfo(byte[] json, string domain)
    {
        Google.Rpc.Status status;
        try
        {
            status = Parser.Parse<Google.Rpc.Status>(System.Text.Encoding.UTF8.GetString(json));
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or InvalidOperationException)
        {
            return json;
        }
        if (status.Details.Any(d => d.Is(ErrorInfo.Descriptor)))
        {
            return json;
        }
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = MalformedRequests.Reason, Domain = domain }));
        return System.Text.Encoding.UTF8.GetBytes(HttpJson.Format(status));
    }

    /// <summary>Passes the answer through, except one whose status is 400 when it starts: that is kept to be
    /// completed (it is one small status).</summary>
    private sealed class BadRequestCapture(Microsoft.AspNetCore.Http.HttpResponse response, Stream inner) : Stream
    {
        private bool _decided;

        public MemoryStream? Captured { get; private set; }

        private Stream Target()
        {
            if (!_decided)
            {
                _decided = true;
                if (response.StatusCode == StatusCodes.Status400BadRequest)
                {
                    Captured = new MemoryStream();
                }
            }
            return Captured ?? inner;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => Target().Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => Target().FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Target().Write(buffer, offset, count);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Target().WriteAsync(buffer, offset, count, cancellationToken);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            Target().WriteAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Captured?.Dispose();
            }
            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync()
        {
            Captured?.Dispose();
            return base.DisposeAsync();
        }
    }
}
