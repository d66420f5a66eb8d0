namespace Governance.ServiceDefaults.Clients;

/// <summary>
/// <c>Governance:Clients:{Name}</c>: where another service is and how hard to try. Durations are
/// TimeSpans ("00:00:03"). The defaults suit a dependency on the same network; tests shorten them.
/// </summary>
public sealed class GovernanceClientOptions
{
    public const string SectionPrefix = "Governance:Clients";

    /// <summary>The service's gRPC address, e.g. http://cases:5080, or dns:///cases:8080 (round robin over
    /// every address of the name: a headless Service's pods). Falls back to the registration's default.</summary>
    public string? Address { get; set; }

    /// <summary>Deadline of each attempt, unless the caller's own deadline is sooner.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries after the first attempt, for UNAVAILABLE only (so at most RetryAttempts + 1 attempts).</summary>
    public int RetryAttempts { get; set; } = 3;

    /// <summary>Base delay of the jittered exponential backoff between attempts.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of failed attempts (UNAVAILABLE, DEADLINE_EXCEEDED) within the sampling duration that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts within the sampling duration before the failure ratio counts.</summary>
    public int MinimumThroughput { get; set; } = 10;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit fails calls at once before one trial call may pass.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    public static string SectionFor(string name) => $"{SectionPrefix}:{name}";
}
