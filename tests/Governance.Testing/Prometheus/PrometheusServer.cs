using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Governance.Testing.Prometheus;

/// <summary>One series of a query's answer: its labels and its value at the query's time.</summary>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public override string ToString() =>
        $"{{{string.Join(", ", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>A rule as the server loaded it (<c>/api/v1/rules</c>).</summary>
public sealed record PrometheusRule(string Group, string Name, string Type, string Query, double DurationSeconds, string Health, string? LastError,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>
/// A private Prometheus server: its own temporary directory holding the configuration files it is given
/// and its TSDB (<c>--storage.tsdb.path</c>), on a free loopback port, stopped (the process it started, by
/// its id) and deleted on dispose. Read through its HTTP API.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;
    private readonly ProcessLog _log;

    private PrometheusServer(Process process, string directory, Uri address, ProcessLog log)
    {
        _process = process;
        _directory = directory;
        _log = log;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        // A test run that ends without disposing the fixture (a crash of the tests) does not leave it running.
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public Uri Address { get; }

    /// <summary>The directory the configuration files are in.</summary>
    public string Directory => _directory;

    /// <summary>The last lines the server logged (for a failure's message).</summary>
    public string RecentLog => _log.Text;

    /// <summary>Writes <paramref name="files"/> (name → content) into a new temporary directory and starts
    /// Prometheus with <paramref name="configFile"/> (one of them) as its configuration; returns once it
    /// answers <c>/-/ready</c>.</summary>
    public static async Task<PrometheusServer> StartAsync(PrometheusPrograms programs, IReadOnlyDictionary<string, string> files, string configFile,
        CancellationToken ct)
    {
        programs.Require();
        var directory = System.IO.Directory.CreateTempSubdirectory("governance-prometheus-").FullName;
        try
        {
            foreach (var (name, content) in files)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, name), content, ct);
            }
            // A port free when asked can be taken before Prometheus binds it: then it exits, and another is tried.
            for (var attempt = 1; ; attempt++)
            {
                var port = GovernanceTestHost.FreePort();
                var log = new ProcessLog();
                var process = Start(programs, directory, configFile, port, log);
                var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"), log);
                string failure;
                try
                {
                    if (await server.WaitUntilReadyAsync(ct))
                    {
                        return server;
                    }
                    failure = $"exited with code {process.ExitCode}";
                }
                catch (TimeoutException)
                {
                    failure = "did not answer /-/ready within 30 s";
                }
                await server.StopAsync();
                if (attempt == 3 || !log.Text.Contains("address already in use", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"Prometheus {failure}:\n{log.Text}");
                }
            }
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    private static Process Start(PrometheusPrograms programs, string directory, string configFile, int port, ProcessLog log)
    {
        var start = new ProcessStartInfo(programs.PrometheusPath)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={Path.Combine(directory, configFile)}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => log.Add(e.Data);
        process.ErrorDataReceived += (_, e) => log.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<bool> WaitUntilReadyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                return false;
            }
            try
            {
                using var ready = await _http.GetAsync("/-/ready", ct);
                if (ready.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException();
    }

    /// <summary>The series <paramref name="expression"/> returns now (an instant query). A PromQL error fails
    /// with Prometheus's message.</summary>
    public async Task<IReadOnlyList<PrometheusSeries>> QueryAsync(string expression, CancellationToken ct)
    {
        using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("query", expression)]);
        using var response = await _http.PostAsync("/api/v1/query", form, ct);
        var data = await DataOfAsync(response, $"the query {expression}", ct);
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" or "matrix" => [.. result.EnumerateArray().Select(s => new PrometheusSeries(Labels(s.GetProperty("metric")),
                s.TryGetProperty("value", out var v) ? Number(v[1]) : Number(s.GetProperty("values").EnumerateArray().Last()[1])))],
            // A number or a string: one value without labels.
            _ => [new PrometheusSeries(new Dictionary<string, string>(), result[1].ValueKind == JsonValueKind.String ? Number(result[1]) : double.NaN)],
        };
    }

    /// <summary>Every rule the server loaded, with its health after its last evaluation.</summary>
    public async Task<IReadOnlyList<PrometheusRule>> RulesAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync("/api/v1/rules", ct);
        var data = await DataOfAsync(response, "the rules", ct);
        return [.. data.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray().Select(r => new PrometheusRule(
            g.GetProperty("name").GetString()!,
            r.GetProperty("name").GetString()!,
            r.GetProperty("type").GetString()!,
            r.GetProperty("query").GetString()!,
            r.TryGetProperty("duration", out var d) ? d.GetDouble() : 0,
            r.GetProperty("health").GetString()!,
            r.TryGetProperty("lastError", out var e) && e.GetString() is { Length: > 0 } error ? error : null,
            r.TryGetProperty("labels", out var l) ? Labels(l) : new Dictionary<string, string>(),
            r.TryGetProperty("annotations", out var a) ? Labels(a) : new Dictionary<string, string>())))];
    }

    /// <summary>The active scrape targets: their labels, health ("up") and last error.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, string Health, string LastError)>> TargetsAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync("/api/v1/targets?state=active", ct);
        var data = await DataOfAsync(response, "the targets", ct);
        return [.. data.GetProperty("activeTargets").EnumerateArray().Select(t =>
            (Labels(t.GetProperty("labels")), t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString() ?? ""))];
    }

    private static async Task<JsonElement> DataOfAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused {what}: {body.GetProperty("errorType")}: {body.GetProperty("error")}");
        }
        return body.GetProperty("data");
    }

    private static Dictionary<string, string> Labels(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");

    private static double Number(JsonElement value) => value.GetString() switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        var v => double.Parse(v!, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private async Task StopAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The last 200 lines a process wrote.</summary>
    private sealed class ProcessLog
    {
        private readonly Queue<string> _lines = new();

        public string Text
        {
            get
            {
                lock (_lines)
                {
                    return string.Join('\n', _lines);
                }
            }
        }

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_lines)
            {
                _lines.Enqueue(line);
                while (_lines.Count > 200)
                {
                    _lines.Dequeue();
                }
            }
        }
    }
}
