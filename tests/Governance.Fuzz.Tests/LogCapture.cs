using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Governance.Fuzz.Tests;

/// <summary>Every line the running host logs, as "Level Category: message | exception message", in
/// order, so the fuzzer can see which lines a request caused and how long they are.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The lines logged after the first <paramref name="start"/>.</summary>
    public IEnumerable<string> Since(int start) => _lines.Skip(start);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        _lines.Enqueue(line);
        Interlocked.Increment(ref _count);
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Add($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : $" | {exception.GetType().Name}: {exception.Message}")}");
    }
}
