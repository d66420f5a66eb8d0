using System.Collections.Concurrent;
using System.Data;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Governance.Data.Connections;

/// <summary>
/// The SQL statements one piece of work runs on the service databases, for tests that guard how many
/// statements a call costs. Opt-in: nothing is hooked until <see cref="Start"/> is called, and then
/// only the async flow that called it is counted (other calls and background work are not).
/// PostgreSQL: each command Npgsql executes (its "Npgsql" ActivitySource; BEGIN and COMMIT travel with
/// other messages and are not commands). SQLite: each statement sqlite3_step starts on a connection
/// opened through <see cref="ServiceDatabase.OpenAsync"/> (sqlite3_trace), BEGIN and COMMIT included,
/// FTS5's own reads of its shadow tables not.
/// </summary>
public sealed class StatementCount
{
    private static readonly AsyncLocal<StatementCount?> Active = new();
    private static readonly Lazy<ActivityListener> NpgsqlListener = new(ListenToNpgsql);
    /// <summary>SQL text (SQLite) or the command's activity (Npgsql sets its tags after it starts).</summary>
    private readonly ConcurrentQueue<object> _statements = new();

    /// <summary>The statements run so far, in the order they started (SQL text).</summary>
    public IReadOnlyList<string> Statements => [.. _statements.Where(s => s is not Activity a || !IsConnectionOpen(a)).Select(s => s as string ?? SqlOf((Activity)s))];

    /// <summary>Npgsql also traces opening a physical connection ("CONNECT {database}"), which the pool
    /// does now and then whatever the call: not a statement of the call.</summary>
    private static bool IsConnectionOpen(Activity activity) => activity.DisplayName.StartsWith("CONNECT", StringComparison.Ordinal);

    private static string SqlOf(Activity command) =>
        command.GetTagItem("db.query.text") as string ?? command.GetTagItem("db.statement") as string ?? command.DisplayName;

    /// <summary>Counts the statements of the calling async flow from now on (until it returns).</summary>
    public static StatementCount Start()
    {
        _ = NpgsqlListener.Value;
        var count = new StatementCount();
        Active.Value = count;
        return count;
    }

    /// <summary>The count of the current flow; null when nobody counts (the usual case).</summary>
    internal static StatementCount? Current => Active.Value;

    /// <summary>Counts what runs on <paramref name="connection"/> for this flow until it closes. The
    /// trace is removed on close, since the handle goes back to the pool; a statement of another flow
    /// on the handle meanwhile is not counted.</summary>
    internal void Watch(SqliteConnection connection)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        raw.sqlite3_trace(handle, (_, sql) =>
        {
            var text = sql.utf8_to_string();
            // A trigger's sub-program is traced as a comment naming it: part of its statement. FTS5 reads
            // its shadow tables ('main'.'search_fts_config'...) with statements of its own, once per
            // connection: part of the statement that uses the index, not one of the call's.
            if (Active.Value == this && !text.StartsWith("--", StringComparison.Ordinal) && !text.Contains("'main'.'", StringComparison.Ordinal))
            {
                _statements.Enqueue(text);
            }
        }, null);
        void Unwatch(object? sender, StateChangeEventArgs e)
        {
            if (e.CurrentState == ConnectionState.Closed)
            {
                connection.StateChange -= Unwatch;
                // The pool may have closed the handle already (not kept, or pruned): its trace went with it.
                try
                {
                    if (!handle.IsClosed)
                    {
                        raw.sqlite3_trace(handle, (delegate_trace?)null, null);
                    }
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
        connection.StateChange += Unwatch;
    }

    private static ActivityListener ListenToNpgsql()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
                Active.Value is null ? ActivitySamplingResult.None : ActivitySamplingResult.AllData,
            ActivityStarted = activity =>
            {
                if (Active.Value is { } count)
                {
                    count._statements.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
