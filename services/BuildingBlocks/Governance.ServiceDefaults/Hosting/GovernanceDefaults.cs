using Governance.ServiceDefaults.Grpc;
using Governance.ServiceDefaults.Security;
using Governance.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Governance.ServiceDefaults.Hosting;

/// <summary>What every service host has: bearer-token authentication, gRPC with the error interceptor
/// and malformed requests answered INVALID_ARGUMENT (<see cref="MalformedRequests"/>),
/// the RPCs also as HTTP/JSON with their OpenAPI document (<see cref="HttpJson"/>),
/// grpc.health.v1, reflection, HTTP /healthz (liveness) and /readyz (readiness), and telemetry: OpenTelemetry
/// traces, metrics and logs, the RPC metrics, and /metrics for Prometheus (<see cref="GovernanceTelemetry"/>).</summary>
public static class GovernanceDefaults
{
    /// <summary>Largest request a caller may send. Bigger is RESOURCE_EXHAUSTED.</summary>
    public const int MaxReceiveMessageBytes = 4 * 1024 * 1024;

    /// <summary>Tag of the health checks that readiness (and grpc.health.v1) depends on.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Tag of the checks about the process itself (shutting down), part of every service's readiness.</summary>
    public const string ProcessTag = "process";

    public static WebApplicationBuilder AddGovernanceDefaults(this WebApplicationBuilder builder)
    {
        builder.AddGovernanceAuthentication();
        // Also what gives every request its trace id: ASP.NET Core starts a request's activity only when
        // something listens, and the survey pages switch its hosting log category off.
        builder.AddGovernanceTelemetry();
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<CallStatusRecorder>();
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.MaxReceiveMessageSize = MaxReceiveMessageBytes;
            options.EnableDetailedErrors = false;
        }).AddGovernanceHttpJson();
        builder.Services.AddMalformedRequestGuard();
        // grpc-dotnet logs each failed read with its exception (a malformed request is a caller's
        // mistake, not ours) and each error status with its full message; the error interceptor and
        // the malformed-request guard log one short line per refused call instead.
        builder.Logging.AddFilter(MalformedRequests.CallHandlerLogCategory, LogLevel.Warning);
        // A successful call logs nothing: each request (ASP.NET Core's hosting and routing lines) and each
        // call between services (HttpClientFactory's four lines) is in the traces and metrics already.
        // Set after the configuration's rules, so these win over a "Default": "Information".
        foreach (var perRequest in PerRequestLogCategories)
        {
            builder.Logging.AddFilter(perRequest, LogLevel.Warning);
        }
        builder.Services.AddGrpcReflection();
        builder.Services.AddHealthChecks()
            .AddCheck<GracefulShutdown.DrainingHealthCheck>(GracefulShutdown.DrainingHealthCheck.Name, tags: [ReadyTag, ProcessTag]);
        builder.AddGracefulShutdown();
        builder.Services.AddGrpcHealthChecks(options =>
        {
            // The overall status ("") covers every readiness check.
            options.Services.Map("", result => result.Tags.Contains(ReadyTag));
        });
        return builder;
    }

    /// <summary>Categories that write Information lines for every request or outgoing call.</summary>
    public static readonly IReadOnlyList<string> PerRequestLogCategories =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Routing.EndpointMiddleware",
        "System.Net.Http.HttpClient",
        "Grpc.Net.Client",
    ];

    /// <summary>Health, /metrics and the OpenAPI document answer without a token (probes and scrapers have
    /// none; the document describes the contract only); reflection does too, but only in the embedded default.</summary>
    public static WebApplication MapGovernanceDefaults(this WebApplication app)
    {
        // Before authentication: a call refused there is counted with its status too.
        app.UseMiddleware<GrpcCallMetrics>();
        app.UseMiddleware<HttpJsonRequests>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        var reflection = app.MapGrpcReflectionService();
        if (EmbeddedMode.IsEmbedded(app.Configuration))
        {
            reflection.AllowAnonymous();
        }
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapGovernanceTelemetry();
        app.MapGovernanceOpenApi();
        return app;
    }

    /// <summary>Maps a grpc.health.v1 service name (e.g. "governance.meetings.v1.MeetingsService") to
    /// the readiness checks carrying <paramref name="tag"/>.</summary>
    public static IServiceCollection MapGrpcHealthService(this IServiceCollection services, string grpcServiceName, string tag)
    {
        services.Configure<global::Grpc.AspNetCore.HealthChecks.GrpcHealthChecksOptions>(options =>
            options.Services.Map(grpcServiceName, result => result.Tags.Contains(tag) || result.Tags.Contains(ProcessTag)));
        return services;
    }

    /// <summary>SIGTERM drains (<see cref="GracefulShutdown"/>): <c>Governance:Shutdown:DrainDelay</c> and
    /// <c>:Timeout</c> (the whole shutdown, drain included).</summary>
    private static void AddGracefulShutdown(this WebApplicationBuilder builder)
    {
        var drainDelay = ShutdownSetting(builder, GracefulShutdown.DrainDelaySetting, GracefulShutdown.DefaultDrainDelay(builder.Configuration));
        var timeout = ShutdownSetting(builder, GracefulShutdown.TimeoutSetting, GracefulShutdown.DefaultTimeout);
        if (timeout <= drainDelay)
        {
            throw new StartupConfigurationException(
                "Governance:Shutdown:Timeout must be longer than Governance:Shutdown:DrainDelay, or no call in flight could finish: set Governance__Shutdown__Timeout (e.g. 00:00:25).");
        }
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = timeout);
        builder.Services.AddSingleton(sp => new GracefulShutdown(drainDelay, sp.GetRequiredService<ILogger<GracefulShutdown>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GracefulShutdown>());
    }

    private static TimeSpan ShutdownSetting(WebApplicationBuilder builder, string key, TimeSpan defaultValue)
    {
        var value = builder.Configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return defaultValue;
        }
        if (!TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed < TimeSpan.Zero || parsed > TimeSpan.FromMinutes(10))
        {
            var variable = key.Replace(":", "__", StringComparison.Ordinal);
            throw new StartupConfigurationException($"{key} must be a duration (hh:mm:ss) from 00:00:00 to 00:10:00: set {variable}.");
        }
        return parsed;
    }
}
