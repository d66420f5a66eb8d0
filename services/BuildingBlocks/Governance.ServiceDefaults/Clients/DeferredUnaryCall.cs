using Grpc.Core;

namespace Governance.ServiceDefaults.Clients;

/// <summary>
/// One <see cref="AsyncUnaryCall{TResponse}"/> made of work that starts zero or more real calls (a
/// token fetch first, retries). Headers, status and trailers are those of the last real call, or of
/// the exception when no call was made (an open circuit). Headers are known once the call ends.
/// Disposing cancels the work and the current call.
/// </summary>
internal sealed class DeferredUnaryCall<TResponse> : IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _disposed = new();
    private AsyncUnaryCall<TResponse>? _current;
    private bool _isDisposed;
    private Task<TResponse> _response = null!;

    public static AsyncUnaryCall<TResponse> Start(
        Func<DeferredUnaryCall<TResponse>, CancellationToken, Task<TResponse>> run, CancellationToken callerToken)
    {
        var call = new DeferredUnaryCall<TResponse>();
        var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, call._disposed.Token);
        call._response = RunAsync(call, run, linked);
        var headers = call.HeadersAsync();
        // Most callers never ask for headers; a failed call must not leave an unobserved exception behind.
        _ = headers.ContinueWith(static t => t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new AsyncUnaryCall<TResponse>(call._response, headers, call.Status, call.Trailers, call.Dispose);
    }

    private static async Task<TResponse> RunAsync(DeferredUnaryCall<TResponse> call,
        Func<DeferredUnaryCall<TResponse>, CancellationToken, Task<TResponse>> run, CancellationTokenSource linked)
    {
        using (linked)
        {
            return await run(call, linked.Token);
        }
    }

    /// <summary>Makes <paramref name="call"/> the one whose headers, status and trailers are reported.</summary>
    public AsyncUnaryCall<TResponse> Track(AsyncUnaryCall<TResponse> call)
    {
        lock (_lock)
        {
            if (_isDisposed)
            {
                call.Dispose();
            }
            _current = call;
        }
        return call;
    }

    private async Task<Metadata> HeadersAsync()
    {
        try
        {
            await _response;
        }
        catch (Exception)
        {
            // Failed calls have headers too when the server answered; the status says what went wrong.
        }
        var current = Current();
        return current is null ? [] : await current.ResponseHeadersAsync;
    }

    private Status Status() => Failure()?.Status ?? Current()?.GetStatus()
        ?? throw new InvalidOperationException("The call has not completed.");

    private Metadata Trailers() => Failure()?.Trailers ?? Current()?.GetTrailers()
        ?? throw new InvalidOperationException("The call has not completed.");

    private RpcException? Failure() => _response.IsFaulted ? _response.Exception.InnerException as RpcException : null;

    private AsyncUnaryCall<TResponse>? Current()
    {
        lock (_lock)
        {
            return _current;
        }
    }

    public void Dispose()
    {
        AsyncUnaryCall<TResponse>? current;
        lock (_lock)
        {
            if (_isDisposed)
            {
                return;
            }
            _isDisposed = true;
            current = _current;
        }
        _disposed.Cancel();
        _disposed.Dispose();
        current?.Dispose();
    }
}
