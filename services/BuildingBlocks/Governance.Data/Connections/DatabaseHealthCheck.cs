using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Governance.Data.Connections;

/// <summary>Readiness: the service's database answers a trivial query.</summary>
public sealed class DatabaseHealthCheck(ServiceDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{database.Service} database answers");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"{database.Service} database does not answer", ex);
        }
    }
}
