using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Governance.ServiceDefaults.Clients;

/// <summary>
/// Retries and a circuit breaker for unary calls to one service, at the gRPC level: an HTTP handler
/// cannot see statuses that arrive in trailers. Each attempt gets its own deadline; only UNAVAILABLE
/// is retried (nothing reached the service, or it asked for a retry), since other statuses are
/// answers; UNAVAILABLE and DEADLINE_EXCEEDED count for the breaker. An open circuit fails at once
/// with UNAVAILABLE. Streaming calls bypass this interceptor: a half-read stream cannot be replayed.
/// </summary>
internal sealed class ResilienceInterceptor(ClientResilience resilience) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        DeferredUnaryCall<TResponse>.Start(async (call, cancellationToken) =>
        {
            try
            {
                return await resilience.Pipeline.ExecuteAsync(async attemptToken =>
                {
                    var attempt = call.Track(continuation(request, resilience.ForAttempt(context, attemptToken)));
                    return await attempt.ResponseAsync;
                }, cancellationToken);
            }
            catch (BrokenCircuitException ex)
            {
                throw resilience.CircuitOpen(ex);
            }
            catch (OperationCanceledException) when (context.Options.CancellationToken.IsCancellationRequested)
            {
                throw new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            }
        }, context.Options.CancellationToken);

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        try
        {
            return resilience.Pipeline.Execute(attemptToken => continuation(request, resilience.ForAttempt(context, attemptToken)),
                context.Options.CancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw resilience.CircuitOpen(ex);
        }
    }
}

/// <summary>The retry and circuit breaker pipeline of one named client, shared by all its calls so
/// the breaker sees every attempt.</summary>
internal sealed partial class ClientResilience
{
    private readonly ILogger _logger;

    public ClientResilience(string name, GovernanceClientOptions options, ILogger<ClientResilience> logger)
    {
        Name = name;
        Options = options;
        _logger = logger;
        Pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e => e.StatusCode == StatusCode.Unavailable),
                MaxRetryAttempts = options.RetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    LogRetry(_logger, Name, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(e =>
                    e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded),
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                OnOpened = args =>
                {
                    LogOpened(_logger, Name, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogClosed(_logger, Name);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public string Name { get; }

    public GovernanceClientOptions Options { get; }

    public ResiliencePipeline Pipeline { get; }

    /// <summary>The call's options for one attempt: its own deadline (the caller's when sooner) and the pipeline's token.</summary>
    internal ClientInterceptorContext<TRequest, TResponse> ForAttempt<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, CancellationToken attemptToken)
        where TRequest : class
        where TResponse : class
    {
        var deadline = DateTime.UtcNow + Options.Deadline;
        if (context.Options.Deadline is { } callerDeadline && callerDeadline.ToUniversalTime() < deadline)
        {
            deadline = callerDeadline.ToUniversalTime();
        }
        var options = context.Options.WithDeadline(deadline).WithCancellationToken(attemptToken);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options);
    }

    internal RpcException CircuitOpen(BrokenCircuitException ex)
    {
        var retryAfter = ex.RetryAfter is { } after ? $" for up to {after.TotalSeconds:0.#} s" : "";
        return new RpcException(new Status(StatusCode.Unavailable,
            $"The circuit to {Name} is open after repeated failures: calls fail at once{retryAfter}.", ex));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call to {Client} failed ({Error}); attempt {Attempt} in {Delay}")]
    private static partial void LogRetry(ILogger logger, string client, int attempt, TimeSpan delay, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Circuit to {Client} opened for {BreakDuration} after repeated failures")]
    private static partial void LogOpened(ILogger logger, string client, TimeSpan breakDuration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Circuit to {Client} closed again")]
    private static partial void LogClosed(ILogger logger, string client);
}
