using System.Data.Common;
using System.Runtime.CompilerServices;
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

    /// <summary>The native SQLite handles whose per-connection PRAGMAs are already set. The pool keeps
    /// a handle open between uses and the PRAGMAs stay with it, so they run once per handle, not per
    /// open (weak keys: a handle the pool closes drops out).</summary>
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configuredHandles = new();

    /// <summary>Npgsql prepares a statement on a connection after it has run it this many times, and
    /// keeps up to <see cref="MaxAutoPrepare"/> of them per connection: the reads are a few fixed
    /// statements run thousands of times, so parse and plan happen once per pooled connection. Defaults
    /// only: a connection string that sets <c>Max Auto Prepare</c> or <c>Auto Prepare Min Usages</c>
    /// keeps its values.</summary>
    public const int MaxAutoPrepare = 64;
    public const int AutoPrepareMinUsages = 2;

    public ServiceDatabase(string service, StoreDialect dialect, string connectionString)
    {
        Service = service;
        Dialect = dialect;
        ConnectionString = connectionString;
        if (dialect == StoreDialect.Postgres)
        {
            // Named after the service: the pool's label in Npgsql's metrics (db.client.connection.pool.name),
            // instead of the connection string.
            _postgres = new NpgsqlDataSourceBuilder(WithPostgresDefaults(connectionString)) { Name = service }.Build();
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

    /// <summary><paramref name="connectionString"/> with the automatic preparation defaults where it
    /// does not set them itself.</summary>
    public static string WithPostgresDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!HasKeyword(connectionString, "Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }
        if (!HasKeyword(connectionString, "Auto Prepare Min Usages"))
        {
            builder.AutoPrepareMinUsages = AutoPrepareMinUsages;
        }
        return builder.ConnectionString;
    }

    private static bool HasKeyword(string connectionString, string keyword) =>
        connectionString.Split(';').Any(part => part.Split('=')[0].Replace(" ", "", StringComparison.Ordinal)
            .Equals(keyword.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));

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
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection did not open.");
        if (!_configuredHandles.TryGetValue(handle, out _))
        {
            await using var pragma = connection.CreateCommand();
            // Enforce foreign keys and wait for the write lock instead of failing at once.
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            _configuredHandles.AddOrUpdate(handle, this);
        }
        // After the PRAGMAs: they run on a handle's first open only, and a count must not depend on that.
        StatementCount.Current?.Watch(connection);
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
