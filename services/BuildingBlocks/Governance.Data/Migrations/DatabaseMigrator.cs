using System.Reflection;
using Dapper;
using FluentMigrator.Runner;
using Governance.Data.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Data.Migrations;

/// <summary>
/// Runs a service's forward-only FluentMigrator migrations (one migration serves both dialects).
/// On PostgreSQL an advisory lock makes replicas that start together wait for each other instead of
/// racing; the production path is still the separate <c>migrate</c> step.
/// </summary>
public static partial class DatabaseMigrator
{
    public static async Task MigrateAsync(ServiceDatabase database, Assembly migrations, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (database.Dialect == StoreDialect.Sqlite)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            // WAL lets readers go on while a writer commits; the setting is stored in the file.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
            Run(database, migrations);
        }
        else
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var key = $"governance-migrations-{database.Service}";
            await connection.ExecuteAsync("SELECT pg_advisory_lock(hashtext(@key))", new { key });
            try
            {
                Run(database, migrations);
            }
            finally
            {
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(hashtext(@key))", new { key });
            }
        }
        LogMigrated(logger, database.Service, database.Description);
    }

    private static void Run(ServiceDatabase database, Assembly migrations)
    {
        using var services = new ServiceCollection()
            .AddFluentMigratorCore()
            .ConfigureRunner(runner =>
            {
                if (database.Dialect == StoreDialect.Postgres)
                {
                    runner.AddPostgres();
                }
                else
                {
                    runner.AddSQLite();
                }
                runner.WithGlobalConnectionString(database.ConnectionString)
                    .ScanIn(migrations).For.Migrations();
            })
            .BuildServiceProvider(validateScopes: false);
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IMigrationRunner>().MigrateUp();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} database is migrated ({Store})")]
    private static partial void LogMigrated(ILogger logger, string service, string store);
}
