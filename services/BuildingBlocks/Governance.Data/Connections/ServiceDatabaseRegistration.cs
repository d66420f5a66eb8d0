using System.Reflection;
using Governance.Data.Audit;
using Governance.Data.Migrations;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Security;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;

namespace Governance.Data.Connections;

/// <summary>What every service does with its own database when a host takes it in.</summary>
public static class ServiceDatabaseRegistration
{
    /// <summary>
    /// The service's own database (<c>ConnectionStrings:{service}</c>, else SQLite under the data
    /// directory): migrated from the migrations in <paramref name="migrations"/> (at start, or by the
    /// <c>migrate</c> command), and checked for readiness, on <c>/readyz</c> and in grpc.health.v1 under
    /// <paramref name="grpcServiceName"/>. Its audit log also takes the calls to that gRPC service which
    /// role policy refused before the service ran (<see cref="IRefusalAuditSink"/>).
    /// </summary>
    public static ServiceDatabase AddServiceDatabase(this WebApplicationBuilder builder, string service, Assembly migrations, string grpcServiceName)
    {
        var database = ServiceDatabase.FromConfiguration(builder.Configuration, service);
        var tag = service.ToLowerInvariant();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IStartupMigration>(sp => new ServiceMigration(database, migrations,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger($"Governance.{service}")));
        // One check per database: refreshed in the background, read by every probe.
        var health = new DatabaseHealthCheck(database,
            builder.Configuration.GetValue(DatabaseHealthCheck.RefreshIntervalSetting, DatabaseHealthCheck.DefaultRefreshInterval));
        builder.Services.AddSingleton<IHostedService>(health);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"{tag}-database",
            _ => health, HealthStatus.Unhealthy, [GovernanceDefaults.ReadyTag, tag]));
        builder.Services.MapGrpcHealthService(grpcServiceName, tag);
        builder.Services.AddKeyedSingleton<IRefusalAuditSink>(grpcServiceName,
            (sp, _) => new AuditLogRefusalSink(database, sp.GetRequiredService<TimeProvider>()));
        return database;
    }

    private sealed class ServiceMigration(ServiceDatabase database, Assembly migrations, ILogger logger) : IStartupMigration
    {
        public string Service => $"{database.Service} ({database.Description})";

        public async Task MigrateAsync(CancellationToken cancellationToken)
        {
            try
            {
                await DatabaseMigrator.MigrateAsync(database, migrations, logger, cancellationToken);
            }
            catch (Exception ex) when (StoreSettingProblem(database, ex) is { } problem)
            {
                throw new StartupConfigurationException(problem, ex);
            }
        }
    }

    /// <summary>A store error that a setting causes (and fixes), in one line; null for anything else
    /// (a server that is down, say), which keeps its ordinary treatment.</summary>
    private static string? StoreSettingProblem(ServiceDatabase database, Exception ex) => ex switch
    {
        // SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM: the file's directory is missing or not writable.
        SqliteException { SqliteErrorCode: 14 or 8 or 3 } sqlite =>
            $"{database.Service}: SQLite cannot open the database file {database.SqliteFile} ({sqlite.Message.TrimEnd('.')}): " +
            $"make sure its directory exists and this process may write there, or set ConnectionStrings__{database.Service} " +
            $"or {DataDirectory.Variable}.",
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
            $"{database.Service}: PostgreSQL refused the login ({database.Description}): correct the user name or password in ConnectionStrings__{database.Service}.",
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
            $"{database.Service}: the PostgreSQL database does not exist ({database.Description}): create it, or correct Database= in ConnectionStrings__{database.Service}.",
        { InnerException: { } inner } => StoreSettingProblem(database, inner),
        _ => null,
    };
}
