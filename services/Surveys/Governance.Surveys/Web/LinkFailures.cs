using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace Governance.Surveys.Web;

/// <summary>
/// Requests with a link that cannot be used, counted per client address: once an address has made
/// <see cref="SurveyWebOptions.FailuresPerAddress"/> of them in a window, every survey request from it is
/// refused until the window has passed, so tokens cannot be tried in bulk from one place (a token has
/// 256 random bits; this keeps the logs and the database quiet too). An IPv6 client counts by its /64,
/// which one host may hold whole. Addresses that share one public address (NAT) share the count.
/// Per process: each replica counts on its own.
/// </summary>
public sealed class LinkFailures : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public LinkFailures(SurveyWebOptions options)
    {
        Window = options.FailureWindow;
        _limiter = PartitionedRateLimiter.Create<string, string>(address =>
            RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.FailuresPerAddress,
                Window = options.FailureWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public TimeSpan Window { get; }

    /// <summary>Whether <paramref name="address"/> has used up its failures in the current window.</summary>
    public bool IsBlocked(IPAddress? address) => _limiter.GetStatistics(Key(address)) is { CurrentAvailablePermits: <= 0 };

    /// <summary>Counts a failure of <paramref name="address"/>; false when it had none left.</summary>
    public bool Count(IPAddress? address)
    {
        using var lease = _limiter.AttemptAcquire(Key(address));
        return lease.IsAcquired;
    }

    /// <summary>The partition of an address: IPv4 (also mapped into IPv6) whole, IPv6 by its /64.</summary>
    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    public void Dispose() => _limiter.Dispose();
}
