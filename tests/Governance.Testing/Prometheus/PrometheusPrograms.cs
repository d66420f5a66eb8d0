using System.Diagnostics;
using System.Text;

namespace Governance.Testing.Prometheus;

/// <summary>
/// Prometheus and promtool for the tests of the dashboards and alert rules: the programs in
/// <c>GOVERNANCE_TEST_PROMETHEUS</c> and <c>GOVERNANCE_TEST_PROMTOOL</c> (set by <c>scripts/test.sh</c>,
/// which installs Debian's <c>prometheus</c> package when they are missing), or Debian's
/// <c>/usr/bin/prometheus</c> and <c>/usr/bin/promtool</c>. Missing, a test that needs them fails in CI
/// and is skipped elsewhere, like a missing database server.
/// </summary>
public sealed class PrometheusPrograms
{
    public const string PrometheusVariable = "GOVERNANCE_TEST_PROMETHEUS";
    public const string PromtoolVariable = "GOVERNANCE_TEST_PROMTOOL";

    public static PrometheusPrograms Current { get; } = new(
        FromEnvironment(PrometheusVariable, "/usr/bin/prometheus"), FromEnvironment(PromtoolVariable, "/usr/bin/promtool"));

    private PrometheusPrograms(string prometheusPath, string promtoolPath)
    {
        PrometheusPath = prometheusPath;
        PromtoolPath = promtoolPath;
        var missing = new[] { (prometheusPath, PrometheusVariable), (promtoolPath, PromtoolVariable) }
            .Where(p => !File.Exists(p.Item1)).Select(p => $"{p.Item1} (or {p.Item2})").ToList();
        if (missing.Count > 0)
        {
            UnavailableReason = $"No Prometheus for the tests: {string.Join(" and ", missing)} not found " +
                "(./scripts/test.sh installs Debian's prometheus package and sets the variables).";
        }
    }

    public string PrometheusPath { get; }

    public string PromtoolPath { get; }

    /// <summary>Why the programs cannot be had; null when they can.</summary>
    public string? UnavailableReason { get; }

    public bool IsAvailable => UnavailableReason is null;

    /// <summary>Fails the test in CI (skips it elsewhere) when the programs are missing.</summary>
    public void Require()
    {
        if (UnavailableReason is not null)
        {
            TestEnvironment.FailOrSkip(UnavailableReason);
        }
    }

    /// <summary>Runs promtool with <paramref name="arguments"/> in <paramref name="workingDirectory"/>;
    /// returns its exit code and everything it wrote (stdout, then stderr).</summary>
    public async Task<(int ExitCode, string Output)> PromtoolAsync(string workingDirectory, CancellationToken ct, params string[] arguments)
    {
        Require();
        var start = new ProcessStartInfo(PromtoolPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{PromtoolPath} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = new StringBuilder(await stdout).Append(await stderr).ToString();
        return (process.ExitCode, output);
    }

    private static string FromEnvironment(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path ? path : fallback;
}
