using Governance.Data.Connections;
using Governance.Messaging.Hosting;
using Governance.Reminders.Consumers;
using Governance.Reminders.Data;
using Governance.Reminders.Due;
using Governance.Reminders.Grpc;
using Governance.Reminders.Notices;
using Governance.Reminders.Security;
using Governance.Reminders.Web;
using Governance.Messaging.Outbox;
using Governance.ServiceDefaults.Security;
using Governance.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Reminders;

/// <summary>How a host takes the Reminders service in: <c>AddRemindersService()</c> and <c>MapRemindersService()</c>.</summary>
public static class RemindersServiceRegistration
{
    public const string ServiceName = "reminders";

    public static WebApplicationBuilder AddRemindersService(this WebApplicationBuilder builder)
    {
        var database = builder.AddServiceDatabase("Reminders", typeof(RemindersServiceRegistration).Assembly, V1.RemindersService.Descriptor.FullName);
        // The access levels its RPCs name with [RequiresAccess], and the roles each admits.
        builder.Services.AddAccessLevels(RemindersAccess.Levels);
        // A calendar feed's address is its secret (/calendar/{secret}.ics): never in a span.
        builder.Services.AddSecretPathPrefix("/calendar/");
        builder.Services.AddSingleton(new RemindersStore(database));
        builder.Services.AddSingleton(sp => new MeetingsFeed(sp.GetRequiredService<RemindersStore>(), sp.GetRequiredService<TimeProvider>()));
        // Which lists the Surveys events go to (Governance:Reminders:Surveys), checked at startup.
        builder.Services.AddSingleton(new SurveysFeed(SurveysFeedOptions.From(builder.Configuration)));
        // Consumes what Meetings reports: decisions' follow-ups become reminders, scheduled and cancelled
        // meetings the dates of the calendar sections; and what Surveys reports: the next APV and the
        // action plans' deadlines. Each queue is named by its definition (docs/events.md).
        builder.AddServiceMessaging(ServiceName, database, typeof(V1.Reminder).Assembly, consumers => consumers
            .Add<RemindersDecisionRecordedConsumer, RemindersDecisionRecordedDefinition>()
            .Add<RemindersMeetingScheduledConsumer, RemindersMeetingScheduledDefinition>()
            .Add<RemindersMeetingCancelledConsumer, RemindersMeetingCancelledDefinition>()
            .Add<RemindersNextRoundDueConsumer, RemindersNextRoundDueDefinition>()
            .Add<RemindersActionPlanItemAddedConsumer, RemindersActionPlanItemAddedDefinition>()
            .Add<RemindersActionPlanItemChangedConsumer, RemindersActionPlanItemChangedDefinition>()
            .Add<RemindersDueNoticeConsumer, RemindersDueNoticeDefinition>());
        // The due sweep (docs/reminders-due.md): ReminderDue / ReminderOverdue through the outbox, on every replica.
        builder.Services.AddSingleton(DueSweepOptions.From(builder.Configuration));
        builder.Services.AddSingleton(sp => new DueSweep(sp.GetRequiredService<RemindersStore>(),
            sp.GetRequiredService<OutboxSignals>().For(ServiceName), sp.GetRequiredService<DueSweepOptions>()));
        builder.Services.AddSingleton<DueSweepMetrics>();
        builder.Services.AddSingleton<IHostedService, DueSweepService>();
        // Notices by e-mail: SMTP when Governance:Reminders:Mail:Smtp is set, .eml files under ./data/mail otherwise.
        builder.Services.AddSingleton(new NoticeMailer(MailOptions.FromConfiguration(builder.Configuration)));
        builder.Services.AddSingleton<WeeklyDigestSender>();
        builder.Services.AddSingleton<IHostedService, WeeklyDigestService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRemindersService(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<RemindersGrpcService>();
        // Calendar programs subscribe without a token: the secret address is the credential (Web/).
        app.MapCalendarFeed();
        return app;
    }
}
