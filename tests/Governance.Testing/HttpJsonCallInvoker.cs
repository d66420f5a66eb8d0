using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Governance.Testing;

/// <summary>
/// The generated gRPC clients over the host's HTTP/JSON paths instead of gRPC, so that a test written against
/// a client can be run over either: <c>new MeetingsService.MeetingsServiceClient(new HttpJsonCallInvoker(host.HttpAddress,
/// token, MeetingsService.Descriptor))</c>. Each call is sent as its google.api.http rule says, as a department
/// with curl would: the path's variables from their fields, the body field (or the whole request) as JSON, and
/// every other field that is set as a query parameter in its JSON spelling. A success is parsed as the response
/// message (a google.api.HttpBody as the raw body and its content type); an error must be a google.rpc.Status in JSON with the HTTP status of its code, and is thrown as the
/// RpcException a gRPC client would see (the status in grpc-status-details-bin), so the same assertions serve both.
/// Unary only: the contract has no streaming RPC.
/// </summary>
public sealed partial class HttpJsonCallInvoker : CallInvoker, IDisposable
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonParser StatusParser = new(JsonParser.Settings.Default.WithTypeRegistry(TypeRegistry.FromMessages(
        ErrorInfo.Descriptor, BadRequest.Descriptor, PreconditionFailure.Descriptor, ResourceInfo.Descriptor, QuotaFailure.Descriptor,
        RetryInfo.Descriptor, Help.Descriptor, LocalizedMessage.Descriptor)));

    private readonly HttpClient _http;
    private readonly Dictionary<string, Google.Protobuf.Reflection.ServiceDescriptor> _services;

    public HttpJsonCallInvoker(Uri httpAddress, string? bearerToken, params Google.Protobuf.Reflection.ServiceDescriptor[] services)
    {
        _http = new HttpClient { BaseAddress = httpAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearerToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
        _services = services.ToDictionary(s => s.FullName, StringComparer.Ordinal);
    }

    /// <summary>The HTTP method and path of the last call, e.g. "GET /v1/meetings/m-1" (for messages of failing tests).</summary>
    public string? LastRequest { get; private set; }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        async Task<TResponse> CallAsync() => (TResponse)await SendAsync(method, (IMessage)request, options.CancellationToken);
        var response = CallAsync();
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()),
            () => response.Exception?.InnerException is RpcException failed ? failed.Status : global::Grpc.Core.Status.DefaultSuccess,
            () => response.Exception?.InnerException is RpcException failed ? failed.Trailers : [],
            () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        AsyncUnaryCall(method, host, options, request).ResponseAsync.GetAwaiter().GetResult();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException("HTTP/JSON serves unary RPCs only here.");

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("HTTP/JSON serves unary RPCs only here.");

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("HTTP/JSON serves unary RPCs only here.");

    /// <summary>The rule of an RPC: its HTTP method and path template.</summary>
    public static (HttpMethod Method, string Pattern) VerbAndPattern(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => (HttpMethod.Get, rule.Get),
        HttpRule.PatternOneofCase.Post => (HttpMethod.Post, rule.Post),
        HttpRule.PatternOneofCase.Patch => (HttpMethod.Patch, rule.Patch),
        HttpRule.PatternOneofCase.Put => (HttpMethod.Put, rule.Put),
        HttpRule.PatternOneofCase.Delete => (HttpMethod.Delete, rule.Delete),
        HttpRule.PatternOneofCase.Custom => (new HttpMethod(rule.Custom.Kind), rule.Custom.Path),
        _ => throw new InvalidOperationException($"The rule {rule} has no pattern."),
    };

    /// <summary>The google.api.http rule of an RPC, or null.</summary>
    public static HttpRule? RuleOf(MethodDescriptor method) => method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);

    /// <summary>The HTTP status google.api.http gives a gRPC code (the oracle the answers are checked against).</summary>
    public static HttpStatusCode HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.OK => HttpStatusCode.OK,
        StatusCode.Cancelled => HttpStatusCode.RequestTimeout,
        StatusCode.InvalidArgument => HttpStatusCode.BadRequest,
        StatusCode.DeadlineExceeded => HttpStatusCode.GatewayTimeout,
        StatusCode.NotFound => HttpStatusCode.NotFound,
        StatusCode.AlreadyExists => HttpStatusCode.Conflict,
        StatusCode.PermissionDenied => HttpStatusCode.Forbidden,
        StatusCode.Unauthenticated => HttpStatusCode.Unauthorized,
        StatusCode.ResourceExhausted => HttpStatusCode.TooManyRequests,
        StatusCode.FailedPrecondition => HttpStatusCode.BadRequest,
        StatusCode.Aborted => HttpStatusCode.Conflict,
        StatusCode.OutOfRange => HttpStatusCode.BadRequest,
        StatusCode.Unimplemented => HttpStatusCode.NotImplemented,
        StatusCode.Unavailable => HttpStatusCode.ServiceUnavailable,
        _ => HttpStatusCode.InternalServerError,
    };

    private async Task<IMessage> SendAsync(IMethod method, IMessage request, CancellationToken cancellationToken)
    {
        var descriptor = (_services.TryGetValue(method.ServiceName, out var service) ? service.FindMethodByName(method.Name) : null)
            ?? throw new InvalidOperationException($"{method.FullName} is not a method of the services given to {nameof(HttpJsonCallInvoker)}.");
        var primary = RuleOf(descriptor) ?? throw new InvalidOperationException($"{method.FullName} has no google.api.http rule.");
        // The first binding whose path variables the request sets (GetCase by name, or by journal number).
        var rule = new[] { primary }.Concat(primary.AdditionalBindings)
            .FirstOrDefault(r => Variable().Matches(VerbAndPattern(r).Pattern).All(m => ValueAt(request, m.Groups["field"].Value).Length > 0)) ?? primary;
        using var message = Build(rule, request);
        LastRequest = $"{message.Method} {message.RequestUri}";
        using var response = await _http.SendAsync(message, cancellationToken);
        if (response.IsSuccessStatusCode && descriptor.OutputType.FullName == HttpBody.Descriptor.FullName)
        {
            // google.api.HttpBody is answered as the raw document with its own content type, not as JSON.
            return new HttpBody
            {
                ContentType = response.Content.Headers.ContentType?.ToString() ?? "",
                Data = ByteString.CopyFrom(await response.Content.ReadAsByteArrayAsync(cancellationToken)),
            };
        }
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json",
            $"{LastRequest}: answered {(int)response.StatusCode} with content type '{response.Content.Headers.ContentType}', not JSON: {text}");
        if (response.IsSuccessStatusCode)
        {
            return Parser.Parse(text, descriptor.OutputType);
        }
        Google.Rpc.Status status;
        try
        {
            status = StatusParser.Parse<Google.Rpc.Status>(text);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidOperationException($"{LastRequest}: answered {(int)response.StatusCode} with a body that is not a google.rpc.Status: {text}", ex);
        }
        var code = (StatusCode)status.Code;
        // A request over the size limit is refused before it is read: 413, code RESOURCE_EXHAUSTED.
        var expected = code == StatusCode.ResourceExhausted && response.StatusCode == HttpStatusCode.RequestEntityTooLarge
            ? HttpStatusCode.RequestEntityTooLarge : HttpStatusOf(code);
        Assert.True(response.StatusCode == expected,
            $"{LastRequest}: answered HTTP {(int)response.StatusCode} for {code}, expected {(int)expected}: {text}");
        throw new RpcException(new global::Grpc.Core.Status(code, status.Message), new Metadata { { "grpc-status-details-bin", status.ToByteArray() } });
    }

    /// <summary>The HTTP request of <paramref name="request"/> under <paramref name="rule"/>.</summary>
    public static HttpRequestMessage Build(HttpRule rule, IMessage request)
    {
        var (verb, pattern) = VerbAndPattern(rule);
        var json = (JsonObject)JsonNode.Parse(Formatter.Format(request))!;
        var inPath = new HashSet<string>(StringComparer.Ordinal);
        var path = Variable().Replace(pattern, match =>
        {
            var fieldPath = match.Groups["field"].Value;
            inPath.Add(JsonName(request.Descriptor, fieldPath.Split('.')[0]));
            var value = ValueAt(request, fieldPath);
            return string.Join('/', value.Split('/').Select(Uri.EscapeDataString));
        });
        var query = new List<string>();
        HttpContent? content = null;
        if (rule.Body == "*")
        {
            content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json");
        }
        else
        {
            var bodyName = rule.Body.Length > 0 ? JsonName(request.Descriptor, rule.Body) : null;
            if (bodyName is not null)
            {
                content = new StringContent(json[bodyName]?.ToJsonString() ?? "{}", Encoding.UTF8, "application/json");
            }
            foreach (var (key, value) in json)
            {
                if (key != bodyName && !inPath.Contains(key))
                {
                    Flatten(key, value, query);
                }
            }
        }
        var uri = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
        return new HttpRequestMessage(verb, new Uri(uri.TrimStart('/'), UriKind.Relative)) { Content = content };
    }

    private static void Flatten(string key, JsonNode? node, List<string> query)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    Flatten($"{key}.{name}", value, query);
                }
                break;
            case JsonArray array:
                foreach (var value in array)
                {
                    Flatten(key, value, query);
                }
                break;
            case JsonValue value:
                var text = value.TryGetValue<string>(out var s) ? s : value.ToJsonString();
                query.Add($"{Uri.EscapeDataString(key)}={Uri.EscapeDataString(text)}");
                break;
        }
    }

    private static string ValueAt(IMessage message, string fieldPath)
    {
        object? value = message;
        foreach (var name in fieldPath.Split('.'))
        {
            var current = (IMessage?)value;
            if (current is null)
            {
                return "";
            }
            var field = current.Descriptor.FindFieldByName(name) ?? throw new InvalidOperationException($"{current.Descriptor.FullName} has no field {name}.");
            value = field.Accessor.GetValue(current);
        }
        return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
    }

    private static string JsonName(MessageDescriptor message, string field) =>
        (message.FindFieldByName(field) ?? throw new InvalidOperationException($"{message.FullName} has no field {field}.")).JsonName;

    [GeneratedRegex(@"\{(?<field>[a-z0-9_.]+)(=[^}]*)?\}")]
    private static partial Regex Variable();

    public void Dispose() => _http.Dispose();
}
