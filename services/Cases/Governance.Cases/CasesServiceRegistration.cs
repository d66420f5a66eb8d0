using Governance.Cases.Consumers;
using Governance.Cases.Data;
using Governance.Cases.Events;
using Governance.Cases.Grpc;
using Governance.Data.Connections;
using Governance.Data.Migrations;
using Governance.Messaging.Hosting;
using Governance.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Governance.Cases;

/// <summary>How a host takes the Cases service in: <c>AddCasesService()</c> and <c>MapCasesService()</c>.</summary>
public static class CasesServiceRegistration
{
    public const string ServiceName = "cases";
    private const string HealthTag = "cases";

    public static WebApplicationBuilder AddCasesService(this WebApplicationBuilder builder)
    {
        var database = ServiceDatabase.FromConfiguration(builder.Configuration, "Cases");
        builder.Services.AddSingleton(new CasesStore(database));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IStartupMigration>(sp => new CasesMigration(database, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("cases-database",
            _ => new DatabaseHealthCheck(database), HealthStatus.Unhealthy, [GovernanceDefaults.ReadyTag, HealthTag]));
        builder.Services.MapGrpcHealthService(V1.CasesService.Descriptor.FullName, HealthTag);
        builder.Services.AddSingleton(sp => new MeetingsTimeline(sp.GetRequiredService<CasesStore>(), sp.GetRequiredService<TimeProvider>()));
        // Publishes CaseOpened, CaseStatusChanged, CaseDocumentAdded from the outbox; consumes what
        // Meetings reports about cases into their timelines.
        builder.AddServiceMessaging(ServiceName, database, typeof(CaseOpened).Assembly, x =>
        {
            x.AddConsumer<CasesAgendaItemAddedConsumer>();
            x.AddConsumer<CasesDecisionRecordedConsumer>();
            x.AddConsumer<CasesItemPostponedConsumer>();
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapCasesService(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<CasesGrpcService>();
        return app;
    }

    private sealed class CasesMigration(ServiceDatabase database, ILoggerFactory loggers) : IStartupMigration
    {
        public string Service => $"Cases ({database.Description})";

        public Task MigrateAsync(CancellationToken cancellationToken) =>
            DatabaseMigrator.MigrateAsync(database, typeof(CasesMigration).Assembly, loggers.CreateLogger("Governance.Cases"), cancellationToken);
    }
}
