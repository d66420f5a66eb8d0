using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Governance.Testing;

/// <summary>A failed call as the contract describes it: the status, its google.rpc.Status and details.</summary>
public sealed record ApiError(RpcException Exception, Google.Rpc.Status Status, ErrorInfo Info, BadRequest? BadRequest)
{
    public StatusCode Code => Exception.StatusCode;

    public string Message => Status.Message;

    public string Reason => Info.Reason;

    /// <summary>The fields of the BadRequest violations, in order (empty without BadRequest).</summary>
    public IReadOnlyList<string> Fields => BadRequest?.FieldViolations.Select(v => v.Field).ToList() ?? [];

    public string Describe() =>
        $"{Code} {Reason}: {Message}" + (Fields.Count > 0 ? $" [{string.Join("; ", BadRequest!.FieldViolations.Select(v => $"{v.Field}: {v.Description}"))}]" : "");
}

/// <summary>The ErrorInfo domain of a service's errors, e.g. "governance.meetings".</summary>
public interface IErrorDomain
{
    static abstract string Domain { get; }
}

/// <summary>Assertions on the error model every service's API shares (see its *_service.proto):
/// google.rpc.Status with an ErrorInfo of the service's domain. Each test project names its own with
/// a using alias (<c>global using ApiAssert = Governance.Testing.ApiAssert&lt;TheirDomain&gt;;</c>),
/// which is why these are static members of a generic type.</summary>
#pragma warning disable CA1000 // Static members on the generic type are the point: see above.
public static class ApiAssert<TDomain>
    where TDomain : IErrorDomain
{
    public static string Domain => TDomain.Domain;

    /// <summary>
    /// Asserts that the call fails with <paramref name="expected"/> (never INTERNAL), that the status
    /// carries a google.rpc.Status with an ErrorInfo of the service's domain (and the given
    /// reason), and that INVALID_ARGUMENT carries a BadRequest with at least one field violation.
    /// </summary>
    public static Task<ApiError> RpcError<T>(StatusCode expected, Func<AsyncUnaryCall<T>> call, string? reason = null) =>
        RpcError(expected, async () =>
        {
            using var pending = call();
            return await pending.ResponseAsync;
        }, reason);

    /// <summary>As above, for a call wrapped in a helper.</summary>
    public static async Task<ApiError> RpcError<T>(StatusCode expected, Func<Task<T>> call, string? reason = null)
    {
        RpcException? caught = null;
        try
        {
            var response = await call();
            Assert.Fail($"Expected {expected}, but the call succeeded with {response}");
        }
        catch (RpcException ex)
        {
            caught = ex;
        }
        var exception = caught!;
        Assert.True(exception.StatusCode != StatusCode.Internal,
            $"The call failed with INTERNAL (expected {expected}): {exception.Status.Detail}");
        Assert.True(exception.StatusCode == expected,
            $"Expected {expected} but got {exception.StatusCode}: {exception.Status.Detail}");

        var status = exception.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)expected, status.Code);
        Assert.False(string.IsNullOrWhiteSpace(status.Message), "The status has no message.");
        var info = status.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal(Domain, info.Domain);
        Assert.False(string.IsNullOrEmpty(info.Reason), "The ErrorInfo has no reason.");
        if (reason is not null)
        {
            Assert.Equal(reason, info.Reason);
        }
        var badRequest = status.GetDetail<BadRequest>();
        if (expected == StatusCode.InvalidArgument)
        {
            Assert.NotNull(badRequest);
            Assert.NotEmpty(badRequest.FieldViolations);
            Assert.All(badRequest.FieldViolations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description), $"{v.Field} has no description"));
        }
        return new ApiError(exception, status, info, badRequest);
    }

    /// <summary>INVALID_ARGUMENT whose BadRequest names exactly these fields (each once or more).</summary>
    public static async Task<ApiError> InvalidArgument<T>(Func<AsyncUnaryCall<T>> call, params string[] fields) =>
        NamesExactly(await RpcError(StatusCode.InvalidArgument, call, "FIELD_VIOLATION"), fields);

    /// <summary>The same, for a call made through a helper that awaits it.</summary>
    public static async Task<ApiError> InvalidArgument<T>(Func<Task<T>> call, params string[] fields) =>
        NamesExactly(await RpcError(StatusCode.InvalidArgument, call, "FIELD_VIOLATION"), fields);

    private static ApiError NamesExactly(ApiError error, string[] fields)
    {
        Assert.True(fields.Order(StringComparer.Ordinal).SequenceEqual(error.Fields.Distinct().Order(StringComparer.Ordinal)),
            $"Expected violations of [{string.Join(", ", fields)}], got {error.Describe()}");
        return error;
    }

    /// <summary>NOT_FOUND naming the resource in the ErrorInfo metadata.</summary>
    public static async Task<ApiError> NotFound<T>(Func<AsyncUnaryCall<T>> call, string resource)
    {
        var error = await RpcError(StatusCode.NotFound, call, "RESOURCE_NOT_FOUND");
        Assert.Equal(resource, error.Info.Metadata["resource"]);
        Assert.Contains(resource, error.Message, StringComparison.Ordinal);
        return error;
    }

    /// <summary>ABORTED for a stale etag.</summary>
    public static Task<ApiError> Aborted<T>(Func<AsyncUnaryCall<T>> call) => RpcError(StatusCode.Aborted, call, "ETAG_MISMATCH");

    /// <summary>ABORTED for a stale etag, for a call wrapped in a helper.</summary>
    public static Task<ApiError> Aborted<T>(Func<Task<T>> call) => RpcError(StatusCode.Aborted, call, "ETAG_MISMATCH");

    /// <summary>FAILED_PRECONDITION whose message says why: it contains every one of <paramref name="because"/>.</summary>
    public static async Task<ApiError> FailedPrecondition<T>(Func<AsyncUnaryCall<T>> call, string reason, params string[] because)
    {
        var error = await RpcError(StatusCode.FailedPrecondition, call, reason);
        foreach (var words in because)
        {
            Assert.Contains(words, error.Message, StringComparison.OrdinalIgnoreCase);
        }
        return error;
    }
}
#pragma warning restore CA1000
