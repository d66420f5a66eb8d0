using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Governance.Data.UnitOfWork;

/// <summary>
/// Inserts a unit of work only writes and never reads back in the same call (its outbox rows, its
/// idempotency key, its audit entry), sent together as one command just before the commit: on
/// PostgreSQL one round trip instead of one per insert. A failure (a unique-key race) fails the
/// commit's unit of work exactly as it would have at the insert. <see cref="DbSession.CommitAsync"/>
/// sends what is queued, so nothing queued is ever left out of a committed transaction. SQLite runs
/// in the process, so there each statement goes as its own command: one command of many statements
/// would bind every parameter of the batch to each statement, quadratic in the batch (the due sweep's
/// thousands of outbox rows took minutes).
/// </summary>
public sealed partial class WriteBatch
{
    private readonly List<string> _statements = [];
    private readonly List<(string Sql, IReadOnlyDictionary<string, object?> Parameters)> _queued = [];
    private DynamicParameters _parameters = new();

    public int Count => _statements.Count;

    /// <summary>Queues a statement; its parameters (<c>@Name</c>) are renamed so that the statements
    /// of the batch do not share names.</summary>
    public void Add(string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        _queued.Add((sql, parameters));
        var prefix = $"w{_statements.Count}_";
        _statements.Add(ParameterName().Replace(sql, m =>
            parameters.ContainsKey(m.Groups[1].Value) ? "@" + prefix + m.Groups[1].Value : m.Value));
        foreach (var (name, value) in parameters)
        {
            _parameters.Add(prefix + name, value);
        }
    }

    /// <summary>Sends the queued statements as one command and empties the batch.</summary>
    public async Task ExecuteAsync(DbConnection connection, DbTransaction transaction)
    {
        if (_statements.Count == 0)
        {
            return;
        }
        var sql = string.Join(";\n", _statements);
        var parameters = _parameters;
        var queued = _queued.ToList();
        _statements.Clear();
        _queued.Clear();
        _parameters = new DynamicParameters();
        if (connection is SqliteConnection)
        {
            foreach (var (statement, values) in queued)
            {
                var own = new DynamicParameters();
                foreach (var (name, value) in values)
                {
                    own.Add(name, value);
                }
                await connection.ExecuteAsync(statement, own, transaction);
            }
            return;
        }
        await connection.ExecuteAsync(sql, parameters, transaction);
    }

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex ParameterName();
}
