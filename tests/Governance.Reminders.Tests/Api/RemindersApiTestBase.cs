global using ApiAssert = Governance.Testing.ApiAssert<Governance.Reminders.Tests.Api.RemindersErrorDomain>;
using Google.Protobuf.WellKnownTypes;
using Governance.Reminders.V1;

namespace Governance.Reminders.Tests.Api;

/// <summary>The ErrorInfo domain of the Reminders API (see reminders_service.proto).</summary>
public sealed class RemindersErrorDomain : IErrorDomain
{
    public static string Domain => "governance.reminders";
}

/// <summary>Base of the Reminders API tests: the generated client on a host of one store, and helpers
/// that make reminders and sections on a body no other test uses.</summary>
public abstract class RemindersApiTestBase(IApiHost host)
{
    private RemindersService.RemindersServiceClient? client;

    protected IApiHost Host => host;

    protected RemindersService.RemindersServiceClient Client => client ??= new RemindersService.RemindersServiceClient(host.Channel);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A body name no other test uses, e.g. "bodies/direktionen-1a2b3c4d".</summary>
    protected static string UniqueBody(string prefix = "direktionen") => $"bodies/{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 16)];

    protected static string NewRequestId() => Guid.NewGuid().ToString();

    protected static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    protected static ExpectedTime OnDate(int year, int month, int day) => new() { Date = Date(year, month, day) };

    protected static ExpectedTime InMonth(int year, int month) => new() { Month = new YearMonth { Year = year, Month = month } };

    protected static ExpectedTime Rule(string rrule, int year, int month, int day, string label = "") => new()
    {
        Recurrence = new Recurrence { Rrule = rrule, Start = new Google.Type.DateTime { Year = year, Month = month, Day = day, Hours = 8 } },
        Label = label,
    };

    protected static Reminder NewReminder(string subject = "Administrative besparelser - konsekvensbeskrivelser", ExpectedTime? time = null,
        string[]? responsible = null, Action<Reminder>? configure = null)
    {
        var r = new Reminder { Subject = subject, ExpectedTime = time ?? OnDate(2012, 8, 28) };
        r.Responsible.AddRange(responsible ?? ["ØDC"]);
        configure?.Invoke(r);
        return r;
    }

    protected async Task<Reminder> CreateAsync(string body, Reminder reminder, string? requestId = null) =>
        await Client.CreateReminderAsync(new CreateReminderRequest { Parent = body, Reminder = reminder, RequestId = requestId ?? "" }, cancellationToken: Ct);

    protected async Task<Reminder> GetAsync(string name) => await Client.GetReminderAsync(new GetReminderRequest { Name = name }, cancellationToken: Ct);

    protected async Task<IReadOnlyList<Reminder>> ListAsync(string body, ReminderState state = ReminderState.Unspecified) =>
        (await Client.ListRemindersAsync(new ListRemindersRequest { Parent = body, State = state, PageSize = 200 }, cancellationToken: Ct)).Reminders;

    protected async Task<Reminder> UpdateAsync(Reminder reminder, params string[] paths) =>
        await Client.UpdateReminderAsync(new UpdateReminderRequest
        {
            Reminder = reminder,
            UpdateMask = new FieldMask { Paths = { paths } },
            Etag = reminder.Etag,
        }, cancellationToken: Ct);

    protected async Task<Reminder> ChangeStateAsync(Reminder reminder, ReminderState state) =>
        await Client.ChangeReminderStateAsync(new ChangeReminderStateRequest { Name = reminder.Name, State = state, Etag = reminder.Etag }, cancellationToken: Ct);

    protected async Task<CalendarSection> CreateSectionAsync(string body, CalendarSection section, string? requestId = null) =>
        await Client.CreateCalendarSectionAsync(new CreateCalendarSectionRequest { Parent = body, CalendarSection = section, RequestId = requestId ?? "" },
            cancellationToken: Ct);

    protected static CalendarEntry Entry(int year, int month, int day, string? topic = null, string note = "")
    {
        var e = new CalendarEntry { Date = Date(year, month, day), Note = note };
        if (topic is not null) e.Topic = topic;
        return e;
    }
}
