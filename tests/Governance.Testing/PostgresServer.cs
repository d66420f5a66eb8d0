using DotNet.Testcontainers.Builders;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Governance.Testing;

/// <summary>
/// The PostgreSQL server the tests of this process use, resolved once per process:
/// <list type="number">
/// <item>the admin connection string in the environment variable <c>GOVERNANCE_TEST_POSTGRES</c>
/// (set by <c>scripts/test.sh</c> when it starts a private server);</item>
/// <item>otherwise, when a Docker engine answers, a <c>postgres:16-alpine</c> container started with Testcontainers;</item>
/// <item>otherwise unavailable, with <see cref="UnavailableReason"/> saying why.</item>
/// </list>
/// Resolving never throws: tests decide what a missing server means (see <see cref="RequireServer"/>).
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "GOVERNANCE_TEST_POSTGRES";
    public const string ContainerImage = "postgres:16-alpine";

    private static readonly TimeSpan ContainerStartTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lazy<Task<PostgresServer>> Instance =
        new(ResolveAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    // Kept alive for the whole process; disposed on process exit (Testcontainers' reaper also removes it).
    private static PostgreSqlContainer? container;

    private PostgresServer(string? adminConnectionString, string source, string? unavailableReason)
    {
        AdminConnectionString = adminConnectionString;
        Source = source;
        UnavailableReason = unavailableReason;
    }

    /// <summary>Connection string of a superuser-like role that may create and drop databases; null when unavailable.</summary>
    public string? AdminConnectionString { get; }

    /// <summary>Where the server came from: <c>environment</c>, <c>testcontainers</c> or <c>none</c>.</summary>
    public string Source { get; }

    /// <summary>Why no server could be had; null when available.</summary>
    public string? UnavailableReason { get; }

    public bool IsAvailable => AdminConnectionString is not null;

    /// <summary>The process-wide server, resolved (and, with Docker, started) on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Instance.Value;

    /// <summary>When the server is unavailable: fails the test in CI, skips it otherwise.</summary>
    public void RequireServer()
    {
        if (!IsAvailable)
        {
            TestEnvironment.FailOrSkip($"PostgreSQL is not available: {UnavailableReason}");
        }
    }

    private static async Task<PostgresServer> ResolveAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            try
            {
                // Validate the syntax early so a typo gives a clear reason rather than an odd failure later.
                _ = new NpgsqlConnectionStringBuilder(fromEnvironment);
                return new PostgresServer(fromEnvironment, "environment", null);
            }
            catch (ArgumentException ex)
            {
                return Unavailable($"{EnvironmentVariable} is not a valid Npgsql connection string: {ex.Message}");
            }
        }

        try
        {
            var started = new PostgreSqlBuilder(ContainerImage).Build();
            using var timeout = new CancellationTokenSource(ContainerStartTimeout);
            try
            {
                await started.StartAsync(timeout.Token);
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }

            container = started;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopContainer();
            return new PostgresServer(started.GetConnectionString(), "testcontainers", null);
        }
        catch (DockerUnavailableException ex)
        {
            return Unavailable(
                $"{EnvironmentVariable} is not set and no Docker engine answers ({ex.Message.ReplaceLineEndings(" ").Trim()}). " +
                "Run ./scripts/test.sh, which starts a private PostgreSQL, or set " +
                $"{EnvironmentVariable} to an admin connection string.");
        }
        catch (Exception ex)
        {
            return Unavailable(
                $"{EnvironmentVariable} is not set and starting a {ContainerImage} container failed: " +
                $"{ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static PostgresServer Unavailable(string reason) => new(null, "none", reason);

    private static void StopContainer()
    {
        var running = Interlocked.Exchange(ref container, null);
        if (running is null)
        {
            return;
        }

        try
        {
            // Process exit gives handlers little time; the Testcontainers reaper cleans up if this is cut short.
            _ = running.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Best effort at shutdown.
        }
    }
}
