using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Governance.Surveys.Tests.Web;

/// <summary>Every entry a host logs, whole: level, category, the formatted message, every value of its
/// state, the scopes around it (ASP.NET Core's request scope carries the path) and the exception with its
/// inner ones, one line each, for tests that look for what must never be logged; and each entry's category
/// and exception as such, for tests that look for what went wrong.</summary>
public sealed class TraceCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<(LogLevel Level, string Line, string Category, Exception? Exception)> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<(LogLevel Level, string Line, string Category, Exception? Exception)> Entries => [.. _entries];

    /// <summary>The host's settings for every category at Trace (the host's own settings hold some back), so
    /// the capture is given every entry there is.</summary>
    public static Dictionary<string, string?> EveryLevel() => new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore.Routing"] = "Trace",
        ["Logging:LogLevel:System"] = "Trace",
        ["Logging:LogLevel:Grpc"] = "Trace",
    };

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, TraceCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append($" | {key}={value}");
                }
            }
            capture._scopes.ForEachScope((scope, text) =>
            {
                text.Append($" => {scope}");
                if (scope is IEnumerable<KeyValuePair<string, object?>> scopeValues)
                {
                    foreach (var (key, value) in scopeValues)
                    {
                        text.Append($" {key}={value}");
                    }
                }
            }, line);
            if (exception is not null)
            {
                line.Append($" | {exception}");
            }
            capture._entries.Enqueue((logLevel, line.ToString(), category, exception));
        }
    }
}
