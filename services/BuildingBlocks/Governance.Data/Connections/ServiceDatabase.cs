using System.Data.Common;
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
            return new ServiceDatabase(service, EmbeddedMode.IsSqlite(configured) ? StoreDialect.Sqlite : StoreDialect.Postgres, configured);
        }
        var directory = Path.GetFullPath(configuration["Governance:DataDirectory"] ?? "data");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{service.ToLowerInvariant()}.db");
        return new ServiceDatabase(service, StoreDialect.Sqlite, new SqliteConnectionStringBuilder { DataSource = file }.ToString());
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
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
