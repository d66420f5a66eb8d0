using Governance.ServiceDefaults.Errors;
using Grpc.Core;

namespace Governance.ServiceDefaults.Clients;

/// <summary>
/// Turns a dependency's outage into this service's own UNAVAILABLE answer:
/// <code>
/// catch (RpcException ex) when (ex.IsDependencyUnavailable())
/// {
///     throw ex.ToDependencyUnavailable("Cases", "CASES_UNAVAILABLE");
/// }
/// </code>
/// Other statuses are the dependency's answers and are for the caller to interpret.
/// </summary>
public static class DependencyFailures
{
    /// <summary>UNAVAILABLE (unreachable, retries spent, circuit open) or DEADLINE_EXCEEDED (no answer in time).</summary>
    public static bool IsDependencyUnavailable(this RpcException ex) =>
        ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    public static DependencyUnavailableException ToDependencyUnavailable(this RpcException ex, string dependency, string reason)
    {
        if (!ex.IsDependencyUnavailable())
        {
            throw new ArgumentException($"{ex.StatusCode} is an answer from {dependency}, not an outage.", nameof(ex));
        }
        var what = ex.StatusCode == StatusCode.DeadlineExceeded ? "did not answer in time" : "cannot be reached";
        return new DependencyUnavailableException(reason, $"{dependency} {what} right now; please try again shortly.", dependency);
    }
}
