using Governance.Data.Connections;
using Governance.Data.Migrations;
using Governance.Meetings.Data;
using Governance.Meetings.Events;
using Governance.Meetings.Grpc;
using Governance.Messaging.Hosting;
using Governance.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Governance.Meetings;

/// <summary>How a host takes the Meetings service in: <c>AddMeetingsService()</c> and <c>MapMeetingsService()</c>.</summary>
public static class MeetingsServiceRegistration
{
    public const string ServiceName = "meetings";
    private const string HealthTag = "meetings";

    public static WebApplicationBuilder AddMeetingsService(this WebApplicationBuilder builder)
    {
        var database = ServiceDatabase.FromConfiguration(builder.Configuration, "Meetings");
        builder.Services.AddSingleton(new MeetingsStore(database));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IStartupMigration>(sp => new MeetingsMigration(database, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("meetings-database",
            _ => new DatabaseHealthCheck(database), HealthStatus.Unhealthy, [GovernanceDefaults.ReadyTag, HealthTag]));
        builder.Services.MapGrpcHealthService(V1.MeetingsService.Descriptor.FullName, HealthTag);
        builder.AddServiceMessaging(ServiceName, database, typeof(MeetingScheduled).Assembly);
        return builder;
    }

    public static IEndpointRouteBuilder MapMeetingsService(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<MeetingsGrpcService>();
        return app;
    }

    private sealed class MeetingsMigration(ServiceDatabase database, ILoggerFactory loggers) : IStartupMigration
    {
        public string Service => $"Meetings ({database.Description})";

        public Task MigrateAsync(CancellationToken cancellationToken) =>
            DatabaseMigrator.MigrateAsync(database, typeof(MeetingsMigration).Assembly, loggers.CreateLogger("Governance.Meetings"), cancellationToken);
    }
}
