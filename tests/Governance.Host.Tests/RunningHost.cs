using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Xunit.Sdk;

namespace Governance.Host.Tests;

/// <summary>
/// The built host serving as its own process (started as <see cref="HostProcess.StartInfo"/> says) on
/// free loopback ports, until the test kills it with SIGKILL (a crash, the OOM killer, a pulled plug)
/// or disposes it. Its output is read as it comes, since a full pipe would stall the host, and the
/// last lines are kept to explain a start that failed.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    private const int KeptLines = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private RunningHost(ProcessStartInfo start, Uri grpcAddress)
    {
        GrpcAddress = grpcAddress;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri GrpcAddress { get; }

    /// <summary>The last lines the host wrote (stdout and stderr).</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>Starts the host in <paramref name="workingDirectory"/> with <paramref name="environment"/>
    /// and its Kestrel endpoints on free loopback ports, and returns once grpc.health.v1 says SERVING.
    /// A port taken between the check and the bind (parallel test runs) means another try on other ports.</summary>
    public static async Task<RunningHost> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var grpcPort = GovernanceTestHost.FreePort();
            var settings = new Dictionary<string, string>(environment)
            {
                ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}",
                ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{GovernanceTestHost.FreePort()}",
            };
            var host = new RunningHost(HostProcess.StartInfo(workingDirectory, settings), new Uri($"http://127.0.0.1:{grpcPort}"));
            try
            {
                await host.WaitUntilServingAsync(cancellationToken);
                return host;
            }
            catch (XunitException) when (attempt < 3 && host.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await host.DisposeAsync();
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the host with <paramref name="environment"/> as it is (its Kestrel endpoints
    /// included: <paramref name="grpcAddress"/> must be its gRPC endpoint) and returns once
    /// grpc.health.v1 says SERVING.</summary>
    public static async Task<RunningHost> StartAsIsAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment,
        Uri grpcAddress, CancellationToken cancellationToken, params string[] args)
    {
        var host = new RunningHost(HostProcess.StartInfo(workingDirectory, environment, args), grpcAddress);
        try
        {
            await host.WaitUntilServingAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL to the host (and anything it started): no shutdown hook, no flush, no goodbye.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM to the host, as Kubernetes and <c>docker stop</c> send it: the host may drain and exit.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            ?? throw new InvalidOperationException("Could not run kill.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}.");
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the host to exit by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(GrpcAddress);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new XunitException($"The host exited with {_process.ExitCode} before it served. Its output:\n{Output}");
            }
            try
            {
                var response = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5),
                    cancellationToken: cancellationToken);
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"The host did not serve within {StartTimeout.TotalSeconds} s. Its output:\n{Output}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lines.Enqueue(line);
        while (_lines.Count > KeptLines)
        {
            _lines.TryDequeue(out _);
        }
    }
}
