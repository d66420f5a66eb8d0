using System.Diagnostics;

namespace Governance.Host.Tests;

/// <summary>
/// The built host (Governance.Host.dll in the test output) run as its own process, as an operator
/// runs it: with only the settings the test gives (nothing inherited may configure it), in a working
/// directory of the test's choosing.
/// </summary>
public static class HostProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        /// <summary>stderr without a trailing newline, split into lines.</summary>
        public string[] ErrorLines => Error.TrimEnd('\r', '\n').Split('\n');
    }

    public static async Task<Result> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken, params string[] args)
    {
        var start = StartInfo(workingDirectory, environment, args);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>How the host is started: <c>dotnet Governance.Host.dll args</c> in
    /// <paramref name="workingDirectory"/> with stdout and stderr redirected, none of the settings this
    /// process inherited, and <paramref name="environment"/>.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "Governance.Host.dll");
        Assert.True(File.Exists(hostDll), $"{hostDll} is not in the test output.");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(hostDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var inherited = start.Environment.Keys.Where(k =>
            k.StartsWith("Governance__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("Kestrel__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
            || k.Equals("urls", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var key in inherited)
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }
}
