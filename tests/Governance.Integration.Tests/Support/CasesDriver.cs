using Dapper;
using Governance.Cases.Data;
using Governance.Cases.V1;
using Governance.Messaging.Inbox;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Governance.Integration.Tests.Support;

/// <summary>Drives the Cases service through its public gRPC API, as a case handler would, and
/// reads what its consumers have handled (the inbox) for tests that need to know a message was
/// consumed before they look for what it did not do.</summary>
public sealed class CasesDriver(GrpcChannel channel, IServiceProvider services)
{
    /// <summary>The inbox key of the Cases consumer of DecisionRecorded: its queue name without prefix.</summary>
    public const string DecisionRecordedConsumer = "cases-decision-recorded";

    public CasesService.CasesServiceClient Client { get; } = new(channel);

    public static CasesDriver For(IIntegrationHost host) => new(host.Server.Channel, host.Server.App.Services);

    /// <summary>The queue <paramref name="queue"/> on <paramref name="host"/>'s broker: the host's
    /// <c>Governance:Messaging:Prefix</c>, then the name. Written out here (not asked of the
    /// registration), so a queue that is renamed fails the tests instead of moving silently.</summary>
    public static string QueueOf(IIntegrationHost host, string queue) =>
        (host.Server.App.Configuration["Governance:Messaging:Prefix"] ?? "") + queue;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A unit id no other test uses, e.g. "ØDC-1a2b3c4d".</summary>
    public static string UniqueUnit(string prefix = "ØDC") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>A new case with the next journal number of the year (unique in the host's database).</summary>
    public async Task<Case> CreateAsync(string title = "Budget 2028-31") =>
        await Client.CreateCaseAsync(new CreateCaseRequest { Case = new Case { Title = title, Unit = UniqueUnit() } }, cancellationToken: Ct);

    /// <summary>An existing case registered with a historical journal number of 2013 and a random
    /// running number (six digits, so never one the series allocates in these tests).</summary>
    public async Task<Case> RegisterAsync(string title = "Importeret sag") =>
        await Client.CreateCaseAsync(new CreateCaseRequest
        {
            Case = new Case { Title = title, Unit = UniqueUnit(), JournalNumber = $"13/{Random.Shared.Next(100_000, 999_999)}" },
        }, cancellationToken: Ct);

    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(Case c) =>
        (await Client.ListCaseTimelineAsync(new ListCaseTimelineRequest { Parent = c.Name, PageSize = 200 }, cancellationToken: Ct)).Entries;

    /// <summary>Polls the timeline until <paramref name="done"/> holds; fails after the deadline with what it has.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> WaitForTimelineAsync(Case c, Func<IReadOnlyList<TimelineEntry>, bool> done,
        TimeSpan? timeout = null, string what = "the expected entries")
    {
        return await Eventually.UntilAsync(() => TimelineAsync(c), done,
            timeline => $"The timeline of {c.Name} did not get {what}; it has: " +
                string.Join("; ", timeline.Select(t => $"{t.Kind} '{t.Text}' {t.Resource}")), timeout);
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query) =>
        (await Client.SearchCasesAsync(new SearchCasesRequest { Query = query, PageSize = 200 }, cancellationToken: Ct)).Hits;

    /// <summary>True once <paramref name="consumer"/> has handled <paramref name="messageId"/> (its inbox row
    /// commits with the effect, or alone when the message changed nothing).</summary>
    public async Task<bool> HandledAsync(string consumer, Guid messageId)
    {
        await using var connection = await services.GetRequiredService<CasesStore>().Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(
            $"SELECT count(*) FROM {Inbox.Table} WHERE consumer = @consumer AND message_id = @messageId",
            new { consumer, messageId = messageId.ToString() }) > 0;
    }

    public Task WaitUntilHandledAsync(string consumer, Guid messageId, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => HandledAsync(consumer, messageId), $"{consumer} to handle message {messageId}", timeout);

    /// <summary>Timeline rows of a decision across every case (the Cases database itself, for what
    /// no case's timeline could show).</summary>
    public async Task<long> TimelineRowsOfAsync(string resource)
    {
        await using var connection = await services.GetRequiredService<CasesStore>().Database.OpenAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM timeline_entries WHERE resource = @resource", new { resource });
    }
}
