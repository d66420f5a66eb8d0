using System.Diagnostics;
using Google.Rpc;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.Integration.Tests.Support;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;

namespace Governance.Integration.Tests.Journal;

/// <summary>
/// Meetings asks Cases, over gRPC, whether an agenda item's journal number names a case, with the
/// caller's own token.
/// </summary>
public abstract class JournalNumberCheckTests(IIntegrationHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Cases are created here by the tests themselves, not by the driver.
    private MeetingsDriver Meetings => new(host.Server.Channel, withCases: false);

    private CasesService.CasesServiceClient Cases => new(host.Server.Channel);

    /// <summary>A historical journal number no other test uses.</summary>
    private static string UnusedJournalNumber() => $"12/{Random.Shared.Next(100_000, 999_999)}";

    [Fact]
    public async Task An_item_needs_a_case_with_its_journal_number()
    {
        var meeting = await Meetings.MeetingAsync(await Meetings.BodyAsync());
        var number = UnusedJournalNumber();

        var refused = await Assert.ThrowsAsync<RpcException>(() => Meetings.ItemAsync(meeting, "Budgetopfølgning", number));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var info = Assert.Single(refused.GetRpcStatus()!.Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal("CASE_NOT_FOUND", info.Reason);
        Assert.Contains(number, refused.Status.Detail, StringComparison.Ordinal);

        // Registered with its historical number, the case is there: the item is added.
        await Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Case = new Case { Title = "Budgetopfølgning 2012", Unit = "okonomi", JournalNumber = number },
        }, cancellationToken: Ct);
        var item = await Meetings.ItemAsync(meeting, "Budgetopfølgning", number);
        Assert.Equal(number, item.JournalNumber);

        // Changing an item to a number without a case is refused the same way.
        var update = await Assert.ThrowsAsync<RpcException>(() => Meetings.Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = item.Name, JournalNumber = UnusedJournalNumber() },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "journal_number" } },
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, update.StatusCode);
    }

    [Fact]
    public async Task An_agenda_template_needs_cases_with_its_journal_numbers()
    {
        var number = UnusedJournalNumber();
        Body Template(string bodyNumber) => new()
        {
            DisplayName = "Direktionen",
            AgendaTemplate =
            {
                new StandingItemTemplate { Title = "Meddelelser", JournalNumber = bodyNumber },
                new StandingItemTemplate { Title = "Øvrige sager", JournalNumber = bodyNumber, AppendMeetingDate = true },
            },
        };

        // CreateBody with a number no case has: refused as AddAgendaItem refuses it, naming the template field.
        var refused = await Assert.ThrowsAsync<RpcException>(() => Meetings.Client.CreateBodyAsync(
            new CreateBodyRequest { BodyId = $"tpl-{Guid.NewGuid():N}"[..16], Body = Template(number) }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var info = Assert.Single(refused.GetRpcStatus()!.Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal("CASE_NOT_FOUND", info.Reason);
        Assert.Equal(number, info.Metadata["journal_number"]);
        Assert.Equal("body.agenda_template[0].journal_number", info.Metadata["field"]);

        // A malformed one is a field violation before Cases is asked.
        var malformed = await Assert.ThrowsAsync<RpcException>(() => Meetings.Client.CreateBodyAsync(
            new CreateBodyRequest { Body = Template("99/9999999") }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);

        // With the case there, the body is created and scheduling with the template adds its items.
        await Cases.CreateCaseAsync(new CreateCaseRequest
        {
            Case = new Case { Title = "Meddelelser og øvrige sager", Unit = "sekretariat", JournalNumber = number },
        }, cancellationToken: Ct);
        var body = await Meetings.Client.CreateBodyAsync(new CreateBodyRequest { Body = Template(number) }, cancellationToken: Ct);
        var meeting = await Meetings.Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = new Google.Type.DateTime { Year = 2017, Month = 3, Day = 9, Hours = 8, Minutes = 30 } },
            ApplyAgendaTemplate = true,
        }, cancellationToken: Ct);
        var items = await Meetings.Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name }, cancellationToken: Ct);
        Assert.Equal([number, number], items.Items.Select(i => i.JournalNumber));

        // UpdateBody changing the template to a number without a case is refused the same way.
        var update = await Assert.ThrowsAsync<RpcException>(() => Meetings.Client.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = new Body
            {
                Name = body.Name,
                AgendaTemplate = { new StandingItemTemplate { Title = "Meddelelser", JournalNumber = number }, new StandingItemTemplate { Title = "Ny", JournalNumber = UnusedJournalNumber() } },
            },
            UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "agenda_template" } },
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, update.StatusCode);
        Assert.Equal("body.agenda_template[1].journal_number",
            Assert.Single(update.GetRpcStatus()!.Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>().Metadata["field"]);
        Assert.Equal(2, (await Meetings.Client.GetBodyAsync(new GetBodyRequest { Name = body.Name }, cancellationToken: Ct)).AgendaTemplate.Count);
    }

    [Fact]
    public async Task The_check_carries_the_callers_own_token()
    {
        var tokens = host.Server.Tokens!;
        var unit = $"hr-{Guid.NewGuid():N}"[..11];
        var subject = $"sekretær-{Guid.NewGuid():N}"[..18];
        // A secretary who is also case handler of the unit that owns a closed (lukket) case: Cases
        // audits her reading its closed content, so its audit log shows whose token the check carried.
        using var secretary = host.Server.CreateChannel(tokens.Issue(subject, [MeetingsRoles.Secretariat, CasesRoles.CaseHandler], [MeetingsClaims.ForBodies(Caller.Everything), CasesClaims.ForUnits(unit)]));
        var closed = await new CasesService.CasesServiceClient(secretary).CreateCaseAsync(new CreateCaseRequest
        {
            Case = new Case { Title = "Personalesag", Unit = unit, Confidentiality = Confidentiality.Closed },
        }, cancellationToken: Ct);
        var meetings = new MeetingsDriver(secretary, withCases: false);
        var meeting = await meetings.MeetingAsync(await meetings.BodyAsync());

        await meetings.ItemAsync(meeting, "Personalesag", closed.JournalNumber, ItemKind.Closed);

        using var auditor = host.Server.CreateChannel(tokens.Issue("revisor", [PlatformRoles.Auditor]));
        var audit = await new CasesService.CasesServiceClient(auditor).ListAuditEntriesAsync(
            new Governance.Audit.V1.ListAuditEntriesRequest { Subject = subject, Resource = closed.Name }, cancellationToken: Ct);
        Assert.Contains(audit.Entries, e => e.Method == "/governance.cases.v1.CasesService/GetCase"
            && e.Action == Governance.Audit.V1.AuditAction.ClosedContentRead);
    }
}

public sealed class EmbeddedJournalNumberCheckTests(EmbeddedHost host) : JournalNumberCheckTests(host), IClassFixture<EmbeddedHost>;

public sealed class ServerJournalNumberCheckTests(ServerHost host) : JournalNumberCheckTests(host), IClassFixture<ServerHost>;

/// <summary>
/// Meetings and Cases in separate processes (two hosts), with the network between them cut by a
/// gate: adding an item fails fast with UNAVAILABLE, repeated failures open the circuit breaker (no
/// more attempts reach the network), and once Cases is reachable again calls succeed.
/// </summary>
public sealed class CasesUnavailableTests : IAsyncLifetime
{
    private GatedDependency? _hosts;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _hosts = await GatedDependency.StartAsync("cases", "Cases", "meetings");

    [Fact]
    public async Task Adding_an_item_fails_fast_while_Cases_is_unreachable_and_recovers()
    {
        var cases = new CasesService.CasesServiceClient(_hosts!.Dependency.Channel);
        var number = (await cases.CreateCaseAsync(new CreateCaseRequest { Case = new Case { Title = "Budget 2028", Unit = "okonomi" } },
            cancellationToken: Ct)).JournalNumber;
        var meetings = new MeetingsDriver(_hosts.Caller.Channel, withCases: false);
        var meeting = await meetings.MeetingAsync(await meetings.BodyAsync());
        await meetings.ItemAsync(meeting, "Budget 2028", number);

        _hosts.Gate.Close();
        var watch = Stopwatch.StartNew();
        var unavailable = await Assert.ThrowsAsync<RpcException>(() => meetings.ItemAsync(meeting, "Budget 2028, tillæg", number));
        Assert.Equal(StatusCode.Unavailable, unavailable.StatusCode);
        var info = Assert.Single(unavailable.GetRpcStatus()!.Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
        Assert.Equal("CASES_UNAVAILABLE", info.Reason);
        // A bound far above retries and backoff, far below a hang: the caller is not kept waiting.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");

        // A body's agenda template is checked the same way, with the same answer.
        var template = await Assert.ThrowsAsync<RpcException>(() => meetings.Client.CreateBodyAsync(new CreateBodyRequest
        {
            Body = new Body { DisplayName = "Økonomiudvalget", AgendaTemplate = { new StandingItemTemplate { Title = "Budget", JournalNumber = number } } },
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, template.StatusCode);
        Assert.Equal("CASES_UNAVAILABLE", Assert.Single(template.GetRpcStatus()!.Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>().Reason);

        // Failures go on until the breaker opens; then a call does not even try the network.
        var opened = false;
        for (var i = 0; i < 10 && !opened; i++)
        {
            var before = _hosts.Gate.Attempts;
            var error = await Assert.ThrowsAsync<RpcException>(() => meetings.ItemAsync(meeting, "Budget 2028, tillæg", number));
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            opened = _hosts.Gate.Attempts == before;
        }
        Assert.True(opened, "the circuit breaker opened after repeated failures");

        // Cases is reachable again: after the break the breaker lets calls through, and they succeed.
        _hosts.Gate.Open();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await meetings.ItemAsync(meeting, "Budget 2028, tillæg", number);
                break;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, Ct);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_hosts is not null)
        {
            await _hosts.DisposeAsync();
        }
    }
}
