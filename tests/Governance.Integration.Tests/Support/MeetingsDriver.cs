using Governance.Meetings.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Integration.Tests.Support;

/// <summary>Drives the Meetings service through its public gRPC API, as a secretariat would. Unless
/// told the host runs no Cases service, an item's journal number is first registered in Cases (as a
/// historical number), since Meetings accepts only journal numbers of existing cases.</summary>
public sealed class MeetingsDriver(GrpcChannel channel, bool withCases = true)
{
    public MeetingsService.MeetingsServiceClient Client { get; } = new(channel);

    private readonly Governance.Cases.V1.CasesService.CasesServiceClient _cases = new(channel);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public async Task<Body> BodyAsync(string displayName = "Direktionen") =>
        await Client.CreateBodyAsync(new CreateBodyRequest
        {
            BodyId = UniqueId("direktionen"),
            Body = new Body { DisplayName = displayName, Members = { new BodyMember { DisplayName = "Lars Holte", Role = MemberRole.Member } } },
        }, cancellationToken: Ct);

    public async Task<Meeting> MeetingAsync(Body body, int day = 9, Metadata? headers = null) =>
        await Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = new Google.Type.DateTime { Year = 2027, Month = 3, Day = day, Hours = 8, Minutes = 30 } },
        }, headers, cancellationToken: Ct);

    public async Task<AgendaItem> ItemAsync(Meeting meeting, string title, string journalNumber, ItemKind kind = ItemKind.Ordinary)
    {
        if (withCases)
        {
            await EnsureCaseAsync(journalNumber, title);
        }
        return await Client.AddAgendaItemAsync(new AddAgendaItemRequest
        {
            Parent = meeting.Name,
            Item = new AgendaItem { Title = title, JournalNumber = journalNumber, Kind = kind },
        }, cancellationToken: Ct);
    }

    /// <summary>Registers a case with <paramref name="journalNumber"/> unless one exists.</summary>
    public async Task EnsureCaseAsync(string journalNumber, string title)
    {
        try
        {
            await _cases.CreateCaseAsync(new Governance.Cases.V1.CreateCaseRequest
            {
                Case = new Governance.Cases.V1.Case { Title = title, Unit = "direktionen", JournalNumber = journalNumber },
            }, cancellationToken: Ct);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
        }
    }

    public async Task<Meeting> PublishAsync(Meeting meeting) =>
        await Client.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name }, cancellationToken: Ct);

    public async Task<Meeting> HeldAsync(Meeting meeting) =>
        await Client.MarkMeetingHeldAsync(new MarkMeetingHeldRequest { Name = meeting.Name }, cancellationToken: Ct);

    public async Task<Decision> DecideAsync(AgendaItem item, string text, DecisionOutcome outcome = DecisionOutcome.Approved,
        Action<Decision>? configure = null, Metadata? headers = null)
    {
        var decision = new Decision { Outcome = outcome, Text = text };
        configure?.Invoke(decision);
        return await Client.RecordDecisionAsync(new RecordDecisionRequest { Parent = item.Name, Decision = decision }, headers, cancellationToken: Ct);
    }
}
