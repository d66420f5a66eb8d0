using DotNet.Testcontainers.Builders;
using Testcontainers.RabbitMq;

namespace Governance.Testing;

/// <summary>
/// The RabbitMQ broker the tests of this process use, resolved once per process, like
/// <see cref="PostgresServer"/>: the AMQP URI in <c>GOVERNANCE_TEST_RABBITMQ</c> (set by
/// <c>scripts/test.sh</c>, which starts a private broker), else a Testcontainers broker when a Docker
/// engine answers, else unavailable with a reason. Each test host gets its own name prefix for
/// exchanges and queues, so hosts sharing the broker never see each other's messages.
/// </summary>
public sealed class RabbitMqServer
{
    public const string EnvironmentVariable = "GOVERNANCE_TEST_RABBITMQ";
    public const string ContainerImage = "rabbitmq:3.13-alpine";

    private static readonly Lazy<Task<RabbitMqServer>> Instance = new(ResolveAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private static RabbitMqContainer? container;

    private RabbitMqServer(Uri? uri, string source, string? unavailableReason)
    {
        Uri = uri;
        Source = source;
        UnavailableReason = unavailableReason;
    }

    /// <summary>amqp://user:password@host:port/vhost; null when unavailable.</summary>
    public Uri? Uri { get; }

    public string Source { get; }

    public string? UnavailableReason { get; }

    public bool IsAvailable => Uri is not null;

    public static Task<RabbitMqServer> GetAsync() => Instance.Value;

    /// <summary>When the broker is unavailable: fails the test in CI, skips it otherwise.</summary>
    public void RequireServer()
    {
        if (!IsAvailable)
        {
            TestEnvironment.FailOrSkip($"RabbitMQ is not available: {UnavailableReason}");
        }
    }

    private static async Task<RabbitMqServer> ResolveAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Uri.TryCreate(fromEnvironment, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps"
                ? new RabbitMqServer(uri, "environment", null)
                : new RabbitMqServer(null, "none", $"{EnvironmentVariable} is not an amqp:// URI: {fromEnvironment}");
        }
        try
        {
            var started = new RabbitMqBuilder(ContainerImage).Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await started.StartAsync(timeout.Token);
            container = started;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _ = container?.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            return new RabbitMqServer(new Uri(started.GetConnectionString()), "testcontainers", null);
        }
        catch (DockerUnavailableException ex)
        {
            return new RabbitMqServer(null, "none",
                $"{EnvironmentVariable} is not set and no Docker engine answers ({ex.Message.ReplaceLineEndings(" ").Trim()}). " +
                $"Run ./scripts/test.sh, which starts a private RabbitMQ, or set {EnvironmentVariable} to an amqp:// URI.");
        }
        catch (Exception ex)
        {
            return new RabbitMqServer(null, "none",
                $"{EnvironmentVariable} is not set and starting a {ContainerImage} container failed: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }
}
