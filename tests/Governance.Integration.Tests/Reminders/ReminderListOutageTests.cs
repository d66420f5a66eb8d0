using Google.Rpc;
using Governance.Integration.Tests.Support;
using Governance.Meetings.V1;
using Governance.Reminders.V1;
using Grpc.Core;

namespace Governance.Integration.Tests.Reminders;

/// <summary>
/// Meetings and Reminders in separate processes (two hosts), with the network between them cut by a
/// gate. While Reminders cannot be reached, a draft's reminder list item says the list cannot be shown
/// (the rest of the minutes still reads), and approving the minutes answers UNAVAILABLE and changes
/// nothing; once Reminders is reachable again the approval keeps the list with the minutes.
/// </summary>
public sealed class ReminderListOutageTests : IAsyncLifetime
{
    private GatedDependency? _hosts;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _hosts = await GatedDependency.StartAsync("reminders", "Reminders", "meetings",
        new Dictionary<string, string?> { ["Governance:Meetings:VerifyJournalNumbers"] = "false" });

    [Fact]
    public async Task Approval_waits_for_the_reminder_list_and_keeps_it_once_Reminders_answers()
    {
        var meetings = new MeetingsService.MeetingsServiceClient(_hosts!.Caller.Channel);
        var reminders = new RemindersService.RemindersServiceClient(_hosts.Dependency.Channel);
        var body = await meetings.CreateBodyAsync(new CreateBodyRequest
        {
            BodyId = $"direktionen-{Guid.NewGuid():N}"[..24],
            Body = new Body
            {
                DisplayName = "Direktionen",
                AgendaTemplate = { new StandingItemTemplate { Title = "Huskeliste", JournalNumber = "12/32140", AppendMeetingDate = true, ReminderList = true } },
            },
        }, cancellationToken: Ct);
        var reminder = new Reminder { Subject = "Indkøbspolitik", ExpectedTime = new ExpectedTime { Month = new YearMonth { Year = 2027, Month = 9 } } };
        reminder.Responsible.Add("ØDC");
        await reminders.CreateReminderAsync(new CreateReminderRequest { Parent = body.Name, Reminder = reminder }, cancellationToken: Ct);
        var meeting = await meetings.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = new Google.Type.DateTime { Year = 2027, Month = 9, Day = 6, Hours = 9 } },
            ApplyAgendaTemplate = true,
        }, cancellationToken: Ct);
        meeting = await meetings.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name }, cancellationToken: Ct);
        meeting = await meetings.MarkMeetingHeldAsync(new MarkMeetingHeldRequest { Name = meeting.Name }, cancellationToken: Ct);
        var minutesRequest = new GetMinutesRequest { Meeting = meeting.Name, Audience = Audience.Members };
        Assert.Contains("Indkøbspolitik\tSeptember\tØDC", (await meetings.GetMinutesAsync(minutesRequest, cancellationToken: Ct)).Text, StringComparison.Ordinal);

        _hosts.Gate.Close();
        // The draft still reads, and says the list cannot be shown now.
        var draft = await meetings.GetMinutesAsync(minutesRequest, cancellationToken: Ct);
        var entry = Assert.Single(draft.Items);
        Assert.Equal(ReminderListContentState.Unavailable, entry.ReminderList.State);
        Assert.Contains("Huskelisten kan ikke vises lige nu", draft.Text, StringComparison.Ordinal);
        Assert.Equal(ReminderListContentState.Unavailable,
            (await meetings.GetAgendaItemAsync(new GetAgendaItemRequest { Name = entry.Item }, cancellationToken: Ct)).ReminderList.State);

        // Approval needs the list: UNAVAILABLE, and the meeting is still held.
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            meetings.ApproveMinutesAsync(new ApproveMinutesRequest { Name = meeting.Name }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Equal("REMINDERS_UNAVAILABLE", Assert.Single(refused.GetRpcStatus()!.Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>().Reason);
        var unchanged = await meetings.GetMeetingAsync(new GetMeetingRequest { Name = meeting.Name }, cancellationToken: Ct);
        Assert.Equal((MeetingState.Held, meeting.Etag), (unchanged.State, unchanged.Etag));

        // Reachable again (after the breaker's break): the approval keeps the list.
        _hosts.Gate.Open();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await meetings.ApproveMinutesAsync(new ApproveMinutesRequest { Name = meeting.Name }, cancellationToken: Ct);
                break;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, Ct);
            }
        }
        var approved = await meetings.GetMinutesAsync(minutesRequest, cancellationToken: Ct);
        Assert.Equal(ReminderListContentState.Kept, Assert.Single(approved.Items).ReminderList.State);
        Assert.Contains("Indkøbspolitik\tSeptember\tØDC", approved.Text, StringComparison.Ordinal);

        // Kept: a later outage changes nothing in what the approved minutes show.
        _hosts.Gate.Close();
        Assert.Equal(approved.Text, (await meetings.GetMinutesAsync(minutesRequest, cancellationToken: Ct)).Text);
    }

    public async ValueTask DisposeAsync()
    {
        if (_hosts is not null)
        {
            await _hosts.DisposeAsync();
        }
    }
}
