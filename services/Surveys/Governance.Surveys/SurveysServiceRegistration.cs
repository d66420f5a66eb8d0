using Governance.Data.Connections;
using Governance.Messaging.Hosting;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Data;
using Governance.Surveys.Grpc;
using Governance.Surveys.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Surveys;

/// <summary>How a host takes the Surveys service in: <c>AddSurveysService()</c> and <c>MapSurveysService()</c>.</summary>
public static class SurveysServiceRegistration
{
    public const string ServiceName = "surveys";

    public static WebApplicationBuilder AddSurveysService(this WebApplicationBuilder builder)
    {
        var database = builder.AddServiceDatabase("Surveys", typeof(SurveysServiceRegistration).Assembly, V1.SurveysService.Descriptor.FullName);
        // The access levels its RPCs name with [RequiresAccess], and the roles each admits.
        builder.Services.AddAccessLevels(SurveysAccess.Levels);
        builder.Services.AddSingleton(new SurveysStore(database));
        // Its outbox and inbox: no events and no consumers yet (rounds will publish; docs/events.md).
        builder.AddServiceMessaging(ServiceName, database, typeof(V1.Instrument).Assembly);
        return builder;
    }

    public static IEndpointRouteBuilder MapSurveysService(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<SurveysGrpcService>();
        return app;
    }
}
