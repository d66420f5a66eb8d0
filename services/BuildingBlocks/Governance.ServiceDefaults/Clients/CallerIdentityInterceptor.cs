using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Governance.ServiceDefaults.Clients;

/// <summary>
/// Every outgoing call carries an identity: while serving a request, that request's bearer token (the
/// user's action, checked by the other service with the user's rights); outside a request, this
/// service's own token (background work). A request without a bearer token is not turned into the
/// service's identity, and with no identity at all the call is refused before anything is sent.
/// </summary>
internal sealed class CallerIdentityInterceptor(IHttpContextAccessor httpContext, IServiceTokenSource? serviceTokens, string client)
    : Interceptor
{
    private const string AuthorizationKey = "authorization";

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (ForwardedToken() is { } forwarded)
        {
            return continuation(request, WithToken(context, forwarded));
        }
        var pending = ServiceTokens().GetTokenAsync(context.Options.CancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            return continuation(request, WithToken(context, pending.Result));
        }
        var fetching = pending.AsTask();
        return DeferredUnaryCall<TResponse>.Start(async (call, _) =>
        {
            var token = await fetching;
            return await call.Track(continuation(request, WithToken(context, token))).ResponseAsync;
        }, context.Options.CancellationToken);
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        // A blocking call blocks anyway; waiting for a token fetch here is no worse.
        var token = ForwardedToken() ?? ServiceTokens().GetTokenAsync(context.Options.CancellationToken).AsTask().GetAwaiter().GetResult();
        return continuation(request, WithToken(context, token));
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithToken(context, TokenNow(context)));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithToken(context, TokenNow(context)));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(WithToken(context, TokenNow(context)));

    private string TokenNow<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class =>
        ForwardedToken() ?? ServiceTokens().GetTokenAsync(context.Options.CancellationToken).AsTask().GetAwaiter().GetResult();

    /// <summary>The bearer token of the request being served; null outside a request.</summary>
    private string? ForwardedToken()
    {
        if (httpContext.HttpContext is not { } current)
        {
            return null;
        }
        var header = current.Request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length)
        {
            return header[scheme.Length..].Trim();
        }
        throw new InvalidOperationException(
            $"A call to {client} was made while serving a request without a bearer token. Calls made for a caller carry the " +
            "caller's token; this service's own identity is only for background work, so the call was not sent.");
    }

    private IServiceTokenSource ServiceTokens() => serviceTokens ?? throw new InvalidOperationException(
        $"A call to {client} outside a request needs this service's own identity, and none is configured, so the call was not sent. " +
        $"Set {ClientCredentialsOptions.Section}:TokenEndpoint, ClientId and ClientSecret (the OAuth2 client-credentials grant at " +
        "your OpenID Connect provider); the embedded default uses its development issuer. See docs/security.md.");

    private static ClientInterceptorContext<TRequest, TResponse> WithToken<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, string token)
        where TRequest : class
        where TResponse : class
    {
        var headers = new Metadata();
        foreach (var entry in context.Options.Headers ?? [])
        {
            // This interceptor decides the identity; a header set by the caller does not override it.
            if (!string.Equals(entry.Key, AuthorizationKey, StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(entry);
            }
        }
        headers.Add(AuthorizationKey, $"Bearer {token}");
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
