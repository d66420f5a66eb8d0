using System.Collections.Concurrent;
using System.Text;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Governance.Host.Tests.Telemetry;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and the other standard OTEL_* settings) the host exports its
/// traces, metrics and logs with OTLP: a small OTLP/HTTP receiver on loopback gets all three, as protobuf,
/// from the service named by <c>OTEL_SERVICE_NAME</c>.
/// </summary>
public sealed class OtlpExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Traces_metrics_and_logs_go_to_the_OTLP_endpoint()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        const string ServiceName = "governance-otlp-test";
        await using var host = await GovernanceTestHost.StartAsync(null, settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Address.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = ServiceName,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["Logging:LogLevel:Default"] = "Information",
        });

        await new MeetingsService.MeetingsServiceClient(host.Channel).ListBodiesAsync(new ListBodiesRequest(), cancellationToken: Ct);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string[] signals = ["traces", "metrics", "logs"];
        while (!signals.All(receiver.Received.ContainsKey))
        {
            Assert.True(DateTime.UtcNow < deadline, $"OTLP received only {string.Join(", ", receiver.Received.Keys)}.");
            await Task.Delay(100, Ct);
        }
        foreach (var signal in signals)
        {
            var (contentType, body) = receiver.Received[signal];
            Assert.Equal("application/x-protobuf", contentType);
            // The resource's service.name, as protobuf carries a string: its UTF-8 bytes.
            Assert.True(body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(ServiceName)) >= 0, $"The {signal} export names no {ServiceName}.");
        }
    }

    /// <summary>An endpoint or protocol the exporter cannot use stops the start with the one-line
    /// configuration error that names the setting, as every other setting does.</summary>
    [Theory]
    [InlineData("otel-collector:4317", null, "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("/v1/traces", null, "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("http://127.0.0.1:4318", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL")]
    public async Task An_unusable_OTLP_setting_stops_the_start_naming_it(string endpoint, string? protocol, string setting)
    {
        var error = await Assert.ThrowsAsync<StartupConfigurationException>(() => GovernanceTestHost.StartAsync(null, settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
        }));
        Assert.StartsWith(setting, error.Message, StringComparison.Ordinal);
    }

    /// <summary>An OTLP/HTTP endpoint on a loopback port: answers every export with 200 and keeps the last of each signal.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private OtlpReceiver(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public ConcurrentDictionary<string, (string ContentType, byte[] Body)> Received { get; } = new();

        public static async Task<OtlpReceiver> StartAsync()
        {
            var port = GovernanceTestHost.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new OtlpReceiver(app, new Uri($"http://127.0.0.1:{port}"));
            app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                receiver.Received[signal] = (request.ContentType ?? "", body.ToArray());
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
