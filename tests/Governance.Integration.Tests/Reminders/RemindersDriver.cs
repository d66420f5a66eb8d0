using Governance.Integration.Tests.Support;
using Governance.Reminders.V1;
using Grpc.Net.Client;

namespace Governance.Integration.Tests.Reminders;

/// <summary>Reads a body's reminder list through the Reminders service's public gRPC API, as the
/// secretariat would, and waits for what the Meetings and Surveys consumers make of those services' events.</summary>
public sealed class RemindersDriver(GrpcChannel channel)
{
    /// <summary>The queues (after the host's prefix) of the Reminders consumers, written out here so a
    /// renamed queue fails the tests instead of moving silently.</summary>
    public const string DecisionRecordedQueue = "reminders-decision-recorded";

    public const string MeetingScheduledQueue = "reminders-meeting-scheduled";

    public const string NextRoundDueQueue = "reminders-next-round-due";

    public const string ActionPlanItemAddedQueue = "reminders-action-plan-item-added";

    public const string ActionPlanItemChangedQueue = "reminders-action-plan-item-changed";

    public RemindersService.RemindersServiceClient Client { get; } = new(channel);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every reminder of <paramref name="body"/>'s list, open, done and dropped, in the service's order.</summary>
    public async Task<IReadOnlyList<Reminder>> AllAsync(string body) =>
        (await Client.ListRemindersAsync(new ListRemindersRequest { Parent = body, PageSize = 100 }, cancellationToken: Ct)).Reminders;

    /// <summary>Polls the body's reminders until <paramref name="done"/> holds; fails after the deadline with what it has.</summary>
    public Task<IReadOnlyList<Reminder>> WaitForAsync(string body, Func<IReadOnlyList<Reminder>, bool> done, string what) =>
        Eventually.UntilAsync(() => AllAsync(body), done,
            all => $"The reminders of {body} did not get {what}; they are: " +
                string.Join("; ", all.Select(r => $"{r.Name} {r.State} '{r.Subject}' {r.ExpectedTime?.Text} {r.ResponsibleText} {r.Decision}")));

    public async Task<ReminderList> ListAsync(string body, DateOnly asOf, int horizonDays = 120) =>
        await Client.GetReminderListAsync(new GetReminderListRequest
        {
            Body = body,
            AsOf = Date(asOf),
            HorizonDays = horizonDays,
        }, cancellationToken: Ct);

    /// <summary>Polls the printed list until <paramref name="done"/> holds; fails with its text otherwise.</summary>
    public Task<ReminderList> WaitForListAsync(string body, DateOnly asOf, Func<ReminderList, bool> done, string what) =>
        Eventually.UntilAsync(() => ListAsync(body, asOf), done, list => $"The list of {body} did not get {what}; it prints:\n{list.Text}");

    public static Google.Type.Date Date(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}
