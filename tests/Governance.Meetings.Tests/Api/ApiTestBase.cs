using Governance.Meetings.V1;

namespace Governance.Meetings.Tests.Api;

/// <summary>
/// Base of the gRPC API tests: the generated client on a host of one store, and helpers that build
/// the usual fixtures (a body like Direktionen, a meeting, an item...) with unique ids. Every area
/// is an abstract class deriving from this, with one tiny concrete class per store.
/// </summary>
public abstract class ApiTestBase(IApiHost host)
{
    private MeetingsService.MeetingsServiceClient? client;

    protected IApiHost Host => host;

    protected MeetingsService.MeetingsServiceClient Client => client ??= new MeetingsService.MeetingsServiceClient(host.Channel);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The participants of the 2017-03-09 sample, the secretary last.</summary>
    protected static BodyMember[] DirektionenMembers =>
    [
        new() { DisplayName = "Lars Holte", Role = MemberRole.Member },
        new() { DisplayName = "Jørgen Lerhard", Role = MemberRole.Member },
        new() { DisplayName = "Per Aalbæk Nielsen", Role = MemberRole.Member },
        new() { DisplayName = "Charlotte Markussen", Role = MemberRole.Member },
        new() { DisplayName = "Kathrine Seier Skastrup", Role = MemberRole.Secretary, Unit = "BYC" },
    ];

    /// <summary>A body id no other test uses: <c>{prefix}-{12 hex}</c>.</summary>
    protected static string UniqueId(string prefix = "body") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    protected static string NewRequestId() => Guid.NewGuid().ToString();

    /// <summary>A local start in Europe/Copenhagen (no time zone set: the default).</summary>
    protected static Google.Type.DateTime Local(int year, int month, int day, int hours = 8, int minutes = 30) =>
        new() { Year = year, Month = month, Day = day, Hours = hours, Minutes = minutes };

    protected static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    protected async Task<Body> CreateBodyAsync(string displayName = "Direktionen", Action<Body>? configure = null, string? bodyId = null)
    {
        var body = new Body { DisplayName = displayName, ShortName = "DIR", UsualRoom = "Mødelokale B105", Members = { DirektionenMembers } };
        configure?.Invoke(body);
        return await Client.CreateBodyAsync(new CreateBodyRequest { Body = body, BodyId = bodyId ?? UniqueId("direktionen") }, cancellationToken: Ct);
    }

    protected async Task<Meeting> ScheduleAsync(Body body, Google.Type.DateTime? start = null, bool applyTemplate = false, Action<Meeting>? configure = null)
    {
        var meeting = new Meeting { Body = body.Name, Start = start ?? Local(2017, 3, 9) };
        configure?.Invoke(meeting);
        return await Client.ScheduleMeetingAsync(new ScheduleMeetingRequest { Meeting = meeting, ApplyAgendaTemplate = applyTemplate }, cancellationToken: Ct);
    }

    protected static AgendaItem NewItem(string title = "Regnskab 2016 (Direktionen)", ItemKind kind = ItemKind.Ordinary, string journalNumber = "16/25345") =>
        new() { Title = title, Kind = kind, JournalNumber = journalNumber };

    protected async Task<AgendaItem> AddItemAsync(Meeting meeting, string title = "Regnskab 2016 (Direktionen)", ItemKind kind = ItemKind.Ordinary,
        string journalNumber = "16/25345", Action<AgendaItem>? configure = null)
    {
        var item = NewItem(title, kind, journalNumber);
        configure?.Invoke(item);
        return await Client.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = item }, cancellationToken: Ct);
    }

    protected async Task<Meeting> PublishAsync(Meeting meeting) =>
        await Client.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name }, cancellationToken: Ct);

    protected async Task<Meeting> HoldAsync(Meeting meeting) =>
        await Client.MarkMeetingHeldAsync(new MarkMeetingHeldRequest { Name = meeting.Name }, cancellationToken: Ct);

    protected async Task<Meeting> ApproveAsync(Meeting meeting) =>
        await Client.ApproveMinutesAsync(new ApproveMinutesRequest { Name = meeting.Name }, cancellationToken: Ct);

    protected async Task<Meeting> GetMeetingAsync(string name) =>
        await Client.GetMeetingAsync(new GetMeetingRequest { Name = name }, cancellationToken: Ct);

    protected async Task<AgendaItem> GetItemAsync(string name) =>
        await Client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = name }, cancellationToken: Ct);

    protected async Task<Decision> GetDecisionAsync(string name) =>
        await Client.GetDecisionAsync(new GetDecisionRequest { Name = name }, cancellationToken: Ct);

    protected async Task<IReadOnlyList<AgendaItem>> ListItemsAsync(Meeting meeting) =>
        (await Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = 200 }, cancellationToken: Ct)).Items;

    protected async Task<IReadOnlyList<Decision>> ListDecisionsAsync(AgendaItem item) =>
        (await Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = item.Name, PageSize = 200 }, cancellationToken: Ct)).Decisions;

    protected async Task<V1.Minutes> GetMinutesAsync(Meeting meeting, Audience audience = Audience.Members) =>
        await Client.GetMinutesAsync(new GetMinutesRequest { Meeting = meeting.Name, Audience = audience }, cancellationToken: Ct);

    protected async Task<Decision> DecideAsync(AgendaItem item, DecisionOutcome outcome = DecisionOutcome.Approved, string text = "Godkendt.",
        Action<Decision>? configure = null)
    {
        var decision = new Decision { Outcome = outcome, Text = text };
        configure?.Invoke(decision);
        return await Client.RecordDecisionAsync(new RecordDecisionRequest { Parent = item.Name, Decision = decision }, cancellationToken: Ct);
    }

    /// <summary>A new body with a planned meeting on 09-03-2017 08:30 and one ordinary item.</summary>
    protected async Task<(Body Body, Meeting Meeting, AgendaItem Item)> PlannedMeetingAsync()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body);
        var item = await AddItemAsync(meeting);
        return (body, meeting, item);
    }

    /// <summary>As <see cref="PlannedMeetingAsync"/>, then the meeting is taken to <paramref name="state"/>.</summary>
    protected async Task<(Body Body, Meeting Meeting, AgendaItem Item)> MeetingInStateAsync(MeetingState state)
    {
        var (body, meeting, item) = await PlannedMeetingAsync();
        return (body, await AdvanceAsync(meeting, state), item);
    }

    /// <summary>Takes a planned meeting (with items) forward through the lifecycle to <paramref name="state"/>.</summary>
    protected async Task<Meeting> AdvanceAsync(Meeting meeting, MeetingState state)
    {
        if (state == MeetingState.Cancelled)
        {
            return await Client.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name, Reason = "Aflyst pga. ferie" }, cancellationToken: Ct);
        }
        if (state >= MeetingState.AgendaPublished && meeting.State < MeetingState.AgendaPublished)
        {
            meeting = await PublishAsync(meeting);
        }
        if (state >= MeetingState.Held && meeting.State < MeetingState.Held)
        {
            meeting = await HoldAsync(meeting);
        }
        if (state >= MeetingState.MinutesApproved && meeting.State < MeetingState.MinutesApproved)
        {
            meeting = await ApproveAsync(meeting);
        }
        Assert.Equal(state, meeting.State);
        return meeting;
    }
}
