using Governance.Data.Connections;
using Governance.Messaging.Hosting;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Answering;
using Governance.Surveys.Data;
using Governance.Surveys.Grpc;
using Governance.Surveys.Lifecycle;
using Governance.Surveys.Results;
using Governance.Messaging.Outbox;
using Microsoft.Extensions.Hosting;
using Governance.Surveys.Security;
using Governance.Surveys.Web;
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
        // The respondent's side, one set of rules for the gRPC answering service and the web pages (Web/).
        builder.Services.AddSingleton<SurveyAnswering>();
        builder.AddSurveyPages();
        // Its outbox (the rounds' events, docs/events.md) and inbox.
        builder.AddServiceMessaging(ServiceName, database, typeof(V1.Instrument).Assembly);
        // The round sweep: closes and releases rounds by the clock, publishes the reminder days, and sends
        // the invitation and reminder e-mails (SMTP when Governance:Surveys:Mail:Smtp is set, .eml files
        // under ./data/mail otherwise).
        builder.Services.AddSingleton(SurveysOptions.From(builder.Configuration));
        builder.Services.AddSingleton<RoundSweepSignal>();
        builder.Services.AddSingleton<RoundSweepMetrics>();
        builder.Services.AddSingleton(sp => new RoundSweep(sp.GetRequiredService<SurveysStore>(),
            sp.GetRequiredService<OutboxSignals>().For(ServiceName), sp.GetRequiredService<SurveysOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RoundSweep>>(), sp.GetRequiredService<RoundSweepMetrics>()));
        builder.Services.AddSingleton<IHostedService, RoundSweepService>();
        // The one reader of results, with the anonymity thresholds (Governance:Surveys:Anonymity).
        builder.Services.AddSingleton(sp => new ResultsReader(sp.GetRequiredService<SurveysOptions>().Thresholds));
        return builder;
    }

    public static IEndpointRouteBuilder MapSurveysService(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<SurveysGrpcService>();
        // Respondents have no bearer token: their invitation token is the credential (answering_service.proto).
        app.MapGrpcService<SurveyAnsweringGrpcService>().AllowAnonymous();
        // And the pages the invitation links open, /survey/{token} on the HTTP endpoint.
        app.MapSurveyPages();
        return app;
    }
}
