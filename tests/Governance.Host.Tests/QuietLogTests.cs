using Governance.Cases.V1;
using Governance.Meetings.V1;

namespace Governance.Host.Tests;

/// <summary>
/// A successful call writes no log line at Information or above (request logging belongs in traces
/// and metrics), even with every category at Information: not the call itself, not the gRPC call
/// Meetings makes to Cases to check a journal number.
/// </summary>
public sealed class QuietLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Successful_calls_log_nothing_at_information_or_above()
    {
        var logs = new LogCapture();
        await using var host = await GovernanceTestHost.StartAsync(null, settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Logging:LogLevel:System.Net.Http"] = "Information",
        }, logs: logs);
        var meetings = new MeetingsService.MeetingsServiceClient(host.Channel);
        var cases = new CasesService.CasesServiceClient(host.Channel);
        var before = logs.Lines.Count;

        var body = await meetings.CreateBodyAsync(new CreateBodyRequest
        {
            Body = new Body { DisplayName = "Direktionen", ShortName = "DIR" },
            BodyId = $"direktionen-{Guid.NewGuid():N}"[..20],
        }, cancellationToken: Ct);
        var meeting = await meetings.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = new Google.Type.DateTime { Year = 2027, Month = 3, Day = 9, Hours = 8, Minutes = 30 } },
        }, cancellationToken: Ct);
        var c = await cases.CreateCaseAsync(new CreateCaseRequest { Case = new Case { Title = "Budget 2028-31", Unit = "ØDC" } }, cancellationToken: Ct);
        var item = await meetings.AddAgendaItemAsync(new AddAgendaItemRequest
        {
            Parent = meeting.Name,
            Item = new AgendaItem { Title = "Budget 2028-31", JournalNumber = c.JournalNumber, Kind = ItemKind.Ordinary },
        }, cancellationToken: Ct);
        await meetings.GetAgendaItemAsync(new GetAgendaItemRequest { Name = item.Name }, cancellationToken: Ct);
        await meetings.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name }, cancellationToken: Ct);
        await cases.GetCaseAsync(new GetCaseRequest { Name = c.Name }, cancellationToken: Ct);

        var lines = logs.Lines.Skip(before).ToList();
        Assert.True(lines.Count == 0, $"Successful calls logged:\n{string.Join("\n", lines)}");
    }
}
