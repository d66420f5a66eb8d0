using Governance.Cases.Consumers;
using Governance.Cases.Data;
using Governance.Cases.Events;
using Governance.Cases.Grpc;
using Governance.Cases.Security;
using Governance.Data.Connections;
using Governance.Messaging.Hosting;
using Governance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Cases;

/// <summary>How a host takes the Cases service in: <c>AddCasesService()</c> and <c>MapCasesService()</c>.</summary>
public static class CasesServiceRegistration
{
    public const string ServiceName = "cases";

    public static WebApplicationBuilder AddCasesService(this WebApplicationBuilder builder)
    {
        var database = builder.AddServiceDatabase("Cases", typeof(CasesServiceRegistration).Assembly, V1.CasesService.Descriptor.FullName);
        // The access levels its RPCs name with [RequiresAccess], and the roles each admits.
        builder.Services.AddAccessLevels(CasesAccess.Levels);
        builder.Services.AddSingleton(new CasesStore(database));
        builder.Services.AddSingleton(sp => new MeetingsTimeline(sp.GetRequiredService<CasesStore>(), sp.GetRequiredService<TimeProvider>()));
        // Publishes CaseOpened, CaseStatusChanged, CaseDocumentAdded from the outbox; consumes what
        // Meetings reports about cases into their timelines.
        // Each queue is named by its definition (docs/events.md), not by the class name.
        builder.AddServiceMessaging(ServiceName, database, typeof(CaseOpened).Assembly, consumers => consumers
            .Add<CasesAgendaItemAddedConsumer, CasesAgendaItemAddedDefinition>()
            .Add<CasesDecisionRecordedConsumer, CasesDecisionRecordedDefinition>()
            .Add<CasesItemPostponedConsumer, CasesItemPostponedDefinition>());
        return builder;
    }

    public static IEndpointRouteBuilder MapCasesService(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<CasesGrpcService>();
        return app;
    }
}
