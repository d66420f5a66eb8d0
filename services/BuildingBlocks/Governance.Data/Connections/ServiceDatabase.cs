using System.Data.Common;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Governance.Data.Connections;

/// <summary>
/// One service's own database: PostgreSQL when <c>ConnectionStrings:{Service}</c> is set, otherwise a
/// SQLite file under the data directory (<c>Governance:DataDirectory</c>, default <c>./data</c>).
/// </summary>
public sealed class ServiceDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    public ServiceDatabase(string service, StoreDialect dialect, string connectionString)
    {
        Service = service;
        Dialect = dialect;
        ConnectionString = connectionString;
        if (dialect == StoreDialect.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(connectionString);
        }
    }

    public string Service { get; }

    public StoreDialect Dialect { get; }

    public string ConnectionString { get; }

    /// <summary>Where the data lives, for the start-up log (never the password).</summary>
    public string Description
    {
        get
        {
            if (Dialect == StoreDialect.Sqlite)
            {
                return $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}";
            }
            var pg = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"PostgreSQL {pg.Host}:{pg.Port}/{pg.Database}";
        }
    }

    public static ServiceDatabase FromConfiguration(IConfiguration configuration, string service)
    {
        var configured = configuration.GetConnectionString(service);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            EmbeddedMode.CheckConnectionString(service, configured);
            var dialect = EmbeddedMode.IsSqlite(configured) ? StoreDialect.Sqlite : StoreDialect.Postgres;
            try
            {
                if (dialect == StoreDialect.Sqlite)
                {
                    _ = new SqliteConnectionStringBuilder(configured);
                }
                return new ServiceDatabase(service, dialect, configured);
            }
            catch (ArgumentException ex)
            {
                // The drivers name the keyword they refuse, never its value.
                throw new StartupConfigurationException(
                    $"ConnectionStrings:{service} is not a valid {(dialect == StoreDialect.Sqlite ? "SQLite" : "PostgreSQL")} connection string " +
                    $"({ex.Message}): correct ConnectionStrings__{service}.", ex);
            }
        }
        var directory = DataDirectory.Create(DataDirectory.Resolve(configuration));
        var file = Path.Combine(directory, $"{service.ToLowerInvariant()}.db");
        return new ServiceDatabase(service, StoreDialect.Sqlite, new SqliteConnectionStringBuilder { DataSource = file }.ToString());
    }

    /// <summary>The SQLite file, for messages (null on PostgreSQL).</summary>
    public string? SqliteFile => Dialect == StoreDialect.Sqlite ? Path.GetFullPath(new SqliteConnectionStringBuilder(ConnectionString).DataSource) : null;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        StatementCount.Current?.Watch(connection);
        await using var pragma = connection.CreateCommand();
        // Enforce foreign keys and wait for the write lock instead of failing at once.
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
