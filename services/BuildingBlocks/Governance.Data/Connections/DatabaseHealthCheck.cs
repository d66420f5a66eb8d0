using System.Runtime.CompilerServices;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Governance.Data.Connections;

/// <summary>
/// Readiness: the service's database answers a trivial query. A background loop asks every
/// <c>Governance:Health:RefreshInterval</c> (2 s) and a probe reads its last answer, so probes (however
/// many, on grpc.health.v1 or <c>/readyz</c>) never cost a database round trip, and an outage shows
/// within one interval and the query's timeout. Before the loop's first answer a probe asks itself.
/// </summary>
public sealed class DatabaseHealthCheck(ServiceDatabase database, TimeSpan refreshInterval) : BackgroundService, IHealthCheck
{
    public const string RefreshIntervalSetting = "Governance:Health:RefreshInterval";

    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(2);

    /// <summary>A database that takes longer than this to answer <c>SELECT 1</c> is not ready.</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The last answer (boxed: a struct cannot be read and written whole across threads).</summary>
    private volatile StrongBox<HealthCheckResult>? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_last is { } last)
        {
            return last.Value;
        }
        var answer = await AskAsync(cancellationToken);
        _last = new StrongBox<HealthCheckResult>(answer);
        return answer;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(refreshInterval);
        do
        {
            _last = new StrongBox<HealthCheckResult>(await AskAsync(stoppingToken));
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<HealthCheckResult> AskAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        try
        {
            await using var connection = await database.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy($"{database.Service} database answers");
        }
#pragma warning disable CA1031 // Any failure to answer is "not ready"; it is reported, not thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy($"{database.Service} database does not answer", ex);
        }
    }
}
