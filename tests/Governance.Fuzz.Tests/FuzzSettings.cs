namespace Governance.Fuzz.Tests;

/// <summary>How long and with what the fuzzer runs. The short run in every test run bounds each RPC by
/// a share of a time budget; <c>GOVERNANCE_FUZZ_ITERATIONS</c> makes a long run (no time bound),
/// <c>GOVERNANCE_FUZZ_SEED</c> replays a reported seed, <c>GOVERNANCE_FUZZ_RPC</c> keeps only the
/// RPCs whose full name contains it.</summary>
public sealed record FuzzSettings(long Iterations, TimeSpan? Budget, string? Seed, string? RpcFilter)
{
    /// <summary>A per-call deadline: a handler that needs longer hangs as far as a caller can tell.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <summary>No log line may be longer: the generated inputs reach 10,000+ characters, so a line
    /// past this bound echoes a caller's input unbounded.</summary>
    public const int MaxLogLineLength = 4_096;

    public static FuzzSettings FromEnvironment(long shortIterations, TimeSpan shortBudget)
    {
        var iterations = Environment.GetEnvironmentVariable("GOVERNANCE_FUZZ_ITERATIONS");
        var seed = Environment.GetEnvironmentVariable("GOVERNANCE_FUZZ_SEED");
        var rpc = Environment.GetEnvironmentVariable("GOVERNANCE_FUZZ_RPC");
        return string.IsNullOrWhiteSpace(iterations)
            ? new FuzzSettings(shortIterations, shortBudget, Blank(seed), Blank(rpc))
            : new FuzzSettings(long.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture), null, Blank(seed), Blank(rpc));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
