using System.Diagnostics.Metrics;
using Governance.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Governance.ServiceDefaults.Telemetry;

/// <summary>
/// Traces, metrics and logs of every host, with OpenTelemetry: the gRPC server (ASP.NET Core, with the
/// rpc.* attributes) and client (Grpc.Net.Client's own activity, and HttpClient under it), Npgsql,
/// MassTransit, the runtime, and the platform's own sources and meters (<see cref="Sources"/>,
/// <see cref="Meters"/>: "Governance.*"). Exported with OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (with the standard OTEL_* variables); metrics are always served to Prometheus at
/// <see cref="MetricsPath"/> (docs/operations.md, "Telemetry").
/// </summary>
public static class GovernanceTelemetry
{
    /// <summary>Where Prometheus scrapes, next to /healthz: anonymous, and not counted in the HTTP metrics.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The platform's meters: one per building block and service (Governance.ServiceDefaults,
    /// Governance.Messaging, Governance.Reminders, Governance.Surveys), instruments named governance.*.</summary>
    public const string Meters = "Governance.*";

    /// <summary>The platform's activity sources (Governance.Messaging.Publish, Governance.Messaging.Consume).</summary>
    public const string Sources = "Governance.*";

    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpProtocolSetting = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";
    public const string GrpcServerAttributesSetting = "OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_ENABLE_GRPC_INSTRUMENTATION";

    /// <summary>Grpc.Net.Client's own ActivitySource: a span per call with grpc.method and grpc.status_code,
    /// around HttpClient's span of its HTTP/2 request.</summary>
    public const string GrpcClientSource = "Grpc.Net.Client";

    public const string MassTransitSource = "MassTransit";

    /// <summary>Requests that are not worth a span: scrapes and probes, every few seconds.</summary>
    private static readonly string[] QuietPaths = [MetricsPath, "/healthz", "/readyz", "/grpc.health.v1.Health/"];

    public static WebApplicationBuilder AddGovernanceTelemetry(this WebApplicationBuilder builder)
    {
        var build = BuildInfo.Current;
        builder.Services.AddSingleton(build);
        builder.Services.AddSingleton<HostMetrics>();
        builder.Services.AddOptions<SecretPathOptions>();
        // The gRPC server spans' rpc.system, rpc.service, rpc.method and rpc.grpc.status_code: the ASP.NET Core
        // instrumentation reads this switch from the configuration only (its option is internal).
        if (builder.Configuration[GrpcServerAttributesSetting] is null)
        {
            builder.Configuration.AddInMemoryCollection([new(GrpcServerAttributesSetting, "true")]);
        }
        // W3C trace context only (the platform sends no baggage). With OpenTelemetry's default, trace context
        // and baggage, its HttpClient instrumentation writes the traceparent of the outgoing call over one the
        // caller set itself; .NET's own propagation keeps the caller's, and ASP.NET Core reads it as before.
        Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
        var serviceName = string.IsNullOrWhiteSpace(builder.Configuration[ServiceNameSetting]) ? DefaultServiceName(builder) : null;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win when set.
                if (serviceName is not null)
                {
                    resource.AddService(serviceName, serviceVersion: build.Version);
                }
                resource.AddAttributes([new("service.version", build.Version), new("vcs.ref.head.revision", build.Commit)]);
            })
            .WithTracing(tracing => tracing
                // First: before any exporter sees a span.
                .AddProcessor<SecretPathRedaction>()
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsQuiet(context.Request.Path))
                .AddSource(GrpcClientSource)
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(MassTransitSource)
                .AddSource(Sources))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("System.Runtime")
                .AddNpgsqlInstrumentation()
                .AddMeter(MassTransitSource)
                .AddMeter(Meters)
                .AddPrometheusExporter())
            // Logs go through the same filters as every other provider (no per-request lines, nothing that
            // carries a survey path); scopes stay out, since ASP.NET Core's request scope holds the path.
            .WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = false;
            });
        builder.Services.ConfigureOpenTelemetryMeterProvider((services, metrics) =>
            metrics.AddView(OwnMeters(services.GetRequiredService<IMeterFactory>())));
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            CheckOtlpSettings(builder.Configuration);
            // Endpoint, protocol (grpc or http/protobuf), headers and timeouts from the OTEL_EXPORTER_OTLP_* variables.
            telemetry.UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>The scrape endpoint, on the HTTP endpoint like /healthz (the gRPC endpoint speaks HTTP/2 only).</summary>
    public static WebApplication MapGovernanceTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous().DisableHttpMetrics();
        return app;
    }

    /// <summary>The exporter would fail at the first export, or quietly fall back to another protocol: stop the
    /// start instead, naming the setting (never OTEL_EXPORTER_OTLP_HEADERS, which may hold a key).</summary>
    private static void CheckOtlpSettings(IConfiguration configuration)
    {
        var endpoint = configuration[OtlpEndpointSetting]!;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new StartupConfigurationException(
                $"{OtlpEndpointSetting} is not an absolute http:// or https:// URL: set it to the OpenTelemetry collector, " +
                "e.g. http://otel-collector:4317, or leave it unset for no export.");
        }
        if (configuration[OtlpProtocolSetting] is { Length: > 0 } protocol && protocol is not ("grpc" or "http/protobuf"))
        {
            throw new StartupConfigurationException(
                $"{OtlpProtocolSetting} is '{(protocol.Length <= 20 ? protocol : protocol[..20] + "…")}': set it to grpc (the default) or http/protobuf.");
        }
    }

    /// <summary>A host's metrics are its own: a meter made by another host's factory in this process (tests run
    /// several hosts side by side) is dropped, where it would otherwise share, and at its host's end close, this
    /// host's streams of the same name. Meters of no factory (Npgsql's, MassTransit's, the runtime's) are the
    /// process's, and stay.</summary>
    private static Func<Instrument, MetricStreamConfiguration?> OwnMeters(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own) ? MetricStreamConfiguration.Drop : null;

    /// <summary>"governance" for a process that runs every service, else "governance-" and the services it runs.</summary>
    public static string DefaultServiceName(WebApplicationBuilder builder)
    {
        var named = ServiceSelection.Named(builder.Configuration);
        return named.Count == 0 ? "governance" : "governance-" + string.Join('-', named);
    }

    private static bool IsQuiet(PathString path) =>
        QuietPaths.Any(q => q.EndsWith('/') ? path.StartsWithSegments(q.TrimEnd('/'), StringComparison.Ordinal) : path.Equals(q, StringComparison.Ordinal));
}
