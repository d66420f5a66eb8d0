using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Governance.Testing;

/// <summary>Everything a running host logs, in order, as "Level Category: message" lines, for tests that
/// check what the log says. An entry's exception follows its message after " | ", as
/// <paramref name="exceptionText"/> writes it: by default its message, never its stack.</summary>
public sealed class LogCapture(Func<Exception, string>? exceptionText = null) : ILoggerProvider
{
    private readonly Func<Exception, string> _exceptionText = exceptionText ?? (e => e.Message);
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>How many lines there are so far, without copying them (<see cref="Since"/> takes it).</summary>
    public int Count => _lines.Count;

    /// <summary>The lines logged after the first <paramref name="start"/>.</summary>
    public IEnumerable<string> Since(int start) => _lines.Skip(start);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" | {capture._exceptionText(exception)}")}");
    }
}
