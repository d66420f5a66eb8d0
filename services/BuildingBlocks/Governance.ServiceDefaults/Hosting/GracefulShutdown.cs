using Governance.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Governance.ServiceDefaults.Hosting;

/// <summary>
/// How a host leaves on SIGTERM without losing an accepted call. The host's order is: readiness turns
/// NOT_SERVING at once (<see cref="DrainingHealthCheck"/>: the load balancer, or Kubernetes' endpoints,
/// stop sending new calls); for <see cref="DrainDelay"/> it still serves whatever arrives meanwhile
/// (the endpoint change takes a moment to reach every client); then Kestrel stops accepting, finishes
/// the calls in flight, and the background services (the outbox relay with the batches it has taken)
/// stop after it; all within <c>HostOptions.ShutdownTimeout</c>.
/// </summary>
public sealed partial class GracefulShutdown(TimeSpan drainDelay, ILogger<GracefulShutdown> logger)
    : IHostedLifecycleService
{
    /// <summary>Setting: how long readiness is NOT_SERVING before the host stops accepting calls.</summary>
    public const string DrainDelaySetting = "Governance:Shutdown:DrainDelay";

    /// <summary>Setting: how long the host waits for calls in flight and background work once it stops.</summary>
    public const string TimeoutSetting = "Governance:Shutdown:Timeout";

    /// <summary>Behind a load balancer (anything but the embedded default) new calls keep coming for a
    /// few seconds after readiness turns; at a developer's Ctrl-C nothing is behind it.</summary>
    public static TimeSpan DefaultDrainDelay(IConfiguration configuration) =>
        EmbeddedMode.IsEmbedded(configuration) ? TimeSpan.Zero : TimeSpan.FromSeconds(5);

    /// <summary>Within Kubernetes' default grace period (30 s) before its SIGKILL, with a margin.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(25);

    public TimeSpan DrainDelay => drainDelay;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping has fired (readiness is NOT_SERVING); Kestrel stops after this returns.
        if (drainDelay <= TimeSpan.Zero)
        {
            return;
        }
        LogDraining(logger, drainDelay.TotalSeconds);
        try
        {
            await Task.Delay(drainDelay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out first: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Unhealthy from the moment the host is asked to stop, so every readiness answer
    /// (grpc.health.v1 for every service name, and /readyz) turns NOT_SERVING first.</summary>
    public sealed class DrainingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public const string Name = "shutdown";

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy("The host is shutting down.")
                : HealthCheckResult.Healthy());
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Shutting down: readiness is NOT_SERVING; serving what still arrives for {Seconds} s, then finishing the calls in flight")]
    private static partial void LogDraining(ILogger logger, double seconds);
}
