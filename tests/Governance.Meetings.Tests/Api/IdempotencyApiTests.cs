using Governance.Meetings.V1;
using Grpc.Core;

namespace Governance.Meetings.Tests.Api;

/// <summary>request_id: a retry of the same request returns the first result and creates nothing
/// more, also when the retries race; the same id with another request is ALREADY_EXISTS.</summary>
public abstract class IdempotencyApiTests(IApiHost host) : ApiTestBase(host)
{
    private const int Parallel = 5;

    /// <summary>One create RPC: the call for a request id and payload variant, and how many such
    /// resources there are.</summary>
    private sealed record Create(Func<string, string, Task<string>> Call, Func<Task<int>> Count);

    private async Task<Create> CreateAsync(string rpc)
    {
        switch (rpc)
        {
            case nameof(MeetingsService.MeetingsServiceClient.CreateBody):
            {
                // No body_id: the id is generated, so only the request_id keeps a retry from creating a second body.
                var marker = UniqueId("Direktionen");
                return new Create(
                    async (requestId, variant) => (await Client.CreateBodyAsync(new CreateBodyRequest
                    {
                        Body = new Body { DisplayName = marker, ShortName = variant, Members = { DirektionenMembers } },
                        RequestId = requestId,
                    }, cancellationToken: Ct)).Name,
                    async () => (await ListAllBodiesAsync()).Count(b => b.DisplayName == marker));
            }
            case nameof(MeetingsService.MeetingsServiceClient.ScheduleMeeting):
            {
                var body = await CreateBodyAsync(configure: b => b.AgendaTemplate.Add(
                    new StandingItemTemplate { Title = "Øvrige sager", JournalNumber = "16/26813", AppendMeetingDate = true }));
                return new Create(
                    async (requestId, variant) => (await Client.ScheduleMeetingAsync(new ScheduleMeetingRequest
                    {
                        Meeting = new Meeting { Body = body.Name, Start = Local(2017, 3, 9), Title = variant },
                        ApplyAgendaTemplate = true,
                        RequestId = requestId,
                    }, cancellationToken: Ct)).Name,
                    async () => (await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, ShowCancelled = true }, cancellationToken: Ct))
                        .Meetings.Count);
            }
            case nameof(MeetingsService.MeetingsServiceClient.AddAgendaItem):
            {
                var body = await CreateBodyAsync();
                var meeting = await ScheduleAsync(body);
                return new Create(
                    async (requestId, variant) => (await Client.AddAgendaItemAsync(new AddAgendaItemRequest
                    {
                        Parent = meeting.Name,
                        Item = NewItem($"Regnskab 2016 {variant}"),
                        RequestId = requestId,
                    }, cancellationToken: Ct)).Name,
                    async () => (await ListItemsAsync(meeting)).Count);
            }
            default:
            {
                var (_, _, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
                return new Create(
                    async (requestId, variant) => (await Client.RecordDecisionAsync(new RecordDecisionRequest
                    {
                        Parent = item.Name,
                        Decision = new Decision { Outcome = DecisionOutcome.Approved, Text = $"Godkendt {variant}" },
                        RequestId = requestId,
                    }, cancellationToken: Ct)).Name,
                    async () => (await ListDecisionsAsync(item)).Count);
            }
        }
    }

    private async Task<List<Body>> ListAllBodiesAsync()
    {
        var all = new List<Body>();
        var token = "";
        do
        {
            var page = await Client.ListBodiesAsync(new ListBodiesRequest { PageSize = 200, PageToken = token }, cancellationToken: Ct);
            all.AddRange(page.Bodies);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    public static TheoryData<string> Rpcs =>
    [
        nameof(MeetingsService.MeetingsServiceClient.CreateBody),
        nameof(MeetingsService.MeetingsServiceClient.ScheduleMeeting),
        nameof(MeetingsService.MeetingsServiceClient.AddAgendaItem),
        nameof(MeetingsService.MeetingsServiceClient.RecordDecision),
    ];

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task A_retry_with_the_same_request_id_returns_the_first_result(string rpc)
    {
        var create = await CreateAsync(rpc);
        var requestId = NewRequestId();

        var first = await create.Call(requestId, "a");
        var retry = await create.Call(requestId, "a");

        Assert.Equal(first, retry);
        Assert.Equal(1, await create.Count());
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task The_same_request_id_with_a_different_request_is_ALREADY_EXISTS(string rpc)
    {
        var create = await CreateAsync(rpc);
        var requestId = NewRequestId();
        var first = await create.Call(requestId, "a");

        var error = await ApiAssert.RpcError(StatusCode.AlreadyExists, () => create.Call(requestId, "b"), "REQUEST_ID_REUSED");

        Assert.Equal(first, error.Info.Metadata["resource"]);
        Assert.Equal(1, await create.Count());
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task Concurrent_retries_with_the_same_request_id_create_one_resource(string rpc)
    {
        var create = await CreateAsync(rpc);
        var requestId = NewRequestId();

        var names = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => Task.Run(() => create.Call(requestId, "a"), Ct)));

        Assert.Single(names.Distinct());
        Assert.Equal(1, await create.Count());
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task Without_a_request_id_each_call_creates_a_new_resource(string rpc)
    {
        var create = await CreateAsync(rpc);

        var first = await create.Call("", "a");
        var second = await create.Call("", "a");

        Assert.NotEqual(first, second);
        Assert.Equal(2, await create.Count());
    }

    [Fact]
    public async Task A_retried_schedule_does_not_apply_the_template_twice()
    {
        var body = await CreateBodyAsync(configure: b => b.AgendaTemplate.Add(
            new StandingItemTemplate { Title = "Øvrige sager", JournalNumber = "16/26813", AppendMeetingDate = true }));
        var request = new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = Local(2017, 3, 9) },
            ApplyAgendaTemplate = true,
            RequestId = NewRequestId(),
        };

        var first = await Client.ScheduleMeetingAsync(request, cancellationToken: Ct);
        var retry = await Client.ScheduleMeetingAsync(request, cancellationToken: Ct);

        Assert.Equal(first, retry);
        Assert.Equal(["Øvrige sager - 09-03-2017"], (await ListItemsAsync(first)).Select(i => i.Title));
    }

    [Fact]
    public async Task A_retried_postponement_carries_the_item_once()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 2, 27));
        var item = await AddItemAsync(meeting);
        await PublishAsync(meeting);
        var later = await ScheduleAsync(body, Local(2017, 3, 9));
        var request = new RecordDecisionRequest
        {
            Parent = item.Name,
            Decision = new Decision { Outcome = DecisionOutcome.Postponed, Text = "Udskudt.", PostponedTo = later.Name },
            RequestId = NewRequestId(),
        };

        var names = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ =>
            Task.Run(async () => (await Client.RecordDecisionAsync(request, cancellationToken: Ct)).CarriedItem, Ct)));

        Assert.Single(names.Distinct());
        Assert.Equal([names[0]], (await ListItemsAsync(later)).Select(i => i.Name));
        Assert.Single(await ListDecisionsAsync(item));
    }
}

public sealed class IdempotencyApiSqliteTests(SqliteApiHost host) : IdempotencyApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class IdempotencyApiPostgresTests(PostgresApiHost host) : IdempotencyApiTests(host), IClassFixture<PostgresApiHost>;
