using System.Data.Common;
using Governance.Data.Connections;
using Microsoft.Data.Sqlite;

namespace Governance.Data.UnitOfWork;

/// <summary>One connection and one transaction on a service's database: a unit of work. A service's
/// session derives from it and adds its SQL.</summary>
public abstract class DbSession(DbConnection connection, DbTransaction transaction, StoreDialect dialect) : IAsyncDisposable
{
    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;
    public StoreDialect Dialect => dialect;

    /// <summary>Inserts queued to go out together just before the commit (see <see cref="WriteBatch"/>).</summary>
    public WriteBatch Tail { get; } = new();

    /// <summary>Sends the queued inserts (<see cref="Tail"/>), then commits.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Tail.ExecuteAsync(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public static class DbSessions
{
    /// <summary>Starts a unit of work on <paramref name="database"/>. Writers take the lock up front:
    /// SQLite BEGIN IMMEDIATE, and in PostgreSQL the rows they read FOR UPDATE.</summary>
    public static async Task<TSession> BeginAsync<TSession>(this ServiceDatabase database, bool write,
        Func<DbConnection, DbTransaction, StoreDialect, TSession> create, CancellationToken cancellationToken)
        where TSession : DbSession
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            DbTransaction transaction = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: !write)
                : await connection.BeginTransactionAsync(cancellationToken);
            return create(connection, transaction, database.Dialect);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
