using Governance.Cases.V1;
using Governance.Data.Connections;
using Governance.Meetings.Data;
using Governance.Meetings.Events;
using Governance.Meetings.Grpc;
using Governance.Meetings.Journal;
using Governance.Meetings.ReminderLists;
using Governance.Meetings.Security;
using Governance.Messaging.Hosting;
using Governance.Reminders.V1;
using Governance.ServiceDefaults.Clients;
using Governance.ServiceDefaults.Hosting;
using Governance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Meetings;

/// <summary>How a host takes the Meetings service in: <c>AddMeetingsService()</c> and <c>MapMeetingsService()</c>.</summary>
public static class MeetingsServiceRegistration
{
    public const string ServiceName = "meetings";

    public static WebApplicationBuilder AddMeetingsService(this WebApplicationBuilder builder)
    {
        var database = builder.AddServiceDatabase("Meetings", typeof(MeetingsServiceRegistration).Assembly, V1.MeetingsService.Descriptor.FullName);
        // The access levels its RPCs name with [RequiresAccess], and the roles each admits.
        builder.Services.AddAccessLevels(MeetingsAccess.Levels);
        builder.Services.AddSingleton(new MeetingsStore(database));
        builder.AddServiceMessaging(ServiceName, database, typeof(MeetingScheduled).Assembly);
        AddJournalNumberCheck(builder);
        AddReminderListSource(builder);
        return builder;
    }

    /// <summary>Cases owns journal numbers, and Meetings asks it before an item is added. When Cases runs
    /// in the same process the call goes to this process's own gRPC endpoint; otherwise
    /// <c>Governance:Clients:Cases:Address</c> says where it is. A deployment without the Cases service
    /// sets <c>Governance:Meetings:VerifyJournalNumbers=false</c>, and numbers are checked for form only.</summary>
    private static void AddJournalNumberCheck(WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue("Governance:Meetings:VerifyJournalNumbers", true))
        {
            builder.Services.AddSingleton(new JournalNumberCheck(null));
            return;
        }
        var sameProcess = ServiceSelection.Runs(builder.Configuration, "cases") ? ServiceSelection.OwnGrpcAddress(builder.Configuration) : null;
        if (sameProcess is null && string.IsNullOrWhiteSpace(builder.Configuration["Governance:Clients:Cases:Address"]))
        {
            throw new StartupConfigurationException(
                "Meetings checks journal numbers with the Cases service, which this process does not run: set " +
                "Governance__Clients__Cases__Address (e.g. http://cases:5080), or Governance__Meetings__VerifyJournalNumbers=false " +
                "where there is no Cases service.");
        }
        builder.Services.AddGovernanceGrpcClient<CasesService.CasesServiceClient>(builder.Configuration, "Cases", sameProcess);
        builder.Services.AddTransient(sp => new JournalNumberCheck(sp.GetRequiredService<CasesService.CasesServiceClient>));
    }

    /// <summary>Reminders keeps the bodies' reminder lists (Huskeliste), which an agenda item of kind
    /// REMINDER_LIST shows. When Reminders runs in the same process the call goes to this process's own
    /// gRPC endpoint; otherwise <c>Governance:Clients:Reminders:Address</c> says where it is. Without
    /// either, such items say the list is unavailable and their meetings' minutes cannot be approved.</summary>
    private static void AddReminderListSource(WebApplicationBuilder builder)
    {
        var sameProcess = ServiceSelection.Runs(builder.Configuration, "reminders") ? ServiceSelection.OwnGrpcAddress(builder.Configuration) : null;
        if (sameProcess is null && string.IsNullOrWhiteSpace(builder.Configuration["Governance:Clients:Reminders:Address"]))
        {
            builder.Services.AddSingleton(new ReminderListSource(null));
            return;
        }
        builder.Services.AddGovernanceGrpcClient<RemindersService.RemindersServiceClient>(builder.Configuration, "Reminders", sameProcess);
        builder.Services.AddTransient(sp => new ReminderListSource(sp.GetRequiredService<RemindersService.RemindersServiceClient>));
    }

    public static IEndpointRouteBuilder MapMeetingsService(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<MeetingsGrpcService>();
        return app;
    }
}
