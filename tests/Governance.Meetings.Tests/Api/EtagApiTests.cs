using Google.Protobuf.WellKnownTypes;
using Governance.Meetings.V1;
using Grpc.Core;

namespace Governance.Meetings.Tests.Api;

/// <summary>Optimistic concurrency: an update with the current etag succeeds and returns a new etag;
/// with a stale one it is ABORTED and changes nothing; an empty etag is unconditional.</summary>
public abstract class EtagApiTests(IApiHost host) : ApiTestBase(host)
{
    /// <summary>One updatable resource: how to read its etag and how to update its text with an etag.</summary>
    private sealed record Target(Func<Task<string>> ReadEtag, Func<string, string, Task<string>> Update, Func<Task<string>> ReadText);

    private async Task<Target> TargetAsync(string resource)
    {
        switch (resource)
        {
            case "body":
            {
                var body = await CreateBodyAsync();
                return new Target(
                    async () => (await Client.GetBodyAsync(new GetBodyRequest { Name = body.Name }, cancellationToken: Ct)).Etag,
                    async (text, etag) => (await Client.UpdateBodyAsync(new UpdateBodyRequest
                    {
                        Body = new Body { Name = body.Name, DisplayName = text },
                        UpdateMask = new FieldMask { Paths = { "display_name" } },
                        Etag = etag,
                    }, cancellationToken: Ct)).Etag,
                    async () => (await Client.GetBodyAsync(new GetBodyRequest { Name = body.Name }, cancellationToken: Ct)).DisplayName);
            }
            case "meeting":
            {
                var (_, meeting, _) = await PlannedMeetingAsync();
                return new Target(
                    async () => (await GetMeetingAsync(meeting.Name)).Etag,
                    async (text, etag) => (await Client.UpdateMeetingAsync(new UpdateMeetingRequest
                    {
                        Meeting = new Meeting { Name = meeting.Name, Title = text },
                        UpdateMask = new FieldMask { Paths = { "title" } },
                        Etag = etag,
                    }, cancellationToken: Ct)).Etag,
                    async () => (await GetMeetingAsync(meeting.Name)).Title);
            }
            case "item":
            {
                var (_, _, item) = await PlannedMeetingAsync();
                return new Target(
                    async () => (await GetItemAsync(item.Name)).Etag,
                    async (text, etag) => (await Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
                    {
                        Item = new AgendaItem { Name = item.Name, Title = text },
                        UpdateMask = new FieldMask { Paths = { "title" } },
                        Etag = etag,
                    }, cancellationToken: Ct)).Etag,
                    async () => (await GetItemAsync(item.Name)).Title);
            }
            default:
            {
                var (_, _, item) = await MeetingInStateAsync(MeetingState.AgendaPublished);
                var decision = await DecideAsync(item);
                return new Target(
                    async () => (await GetDecisionAsync(decision.Name)).Etag,
                    async (text, etag) => (await Client.UpdateDecisionAsync(new UpdateDecisionRequest
                    {
                        Decision = new Decision { Name = decision.Name, Text = text },
                        UpdateMask = new FieldMask { Paths = { "text" } },
                        Etag = etag,
                    }, cancellationToken: Ct)).Etag,
                    async () => (await GetDecisionAsync(decision.Name)).Text);
            }
        }
    }

    [Theory]
    [InlineData("body")]
    [InlineData("meeting")]
    [InlineData("item")]
    [InlineData("decision")]
    public async Task Update_with_the_current_etag_succeeds_and_returns_a_new_etag(string resource)
    {
        var target = await TargetAsync(resource);
        var etag = await target.ReadEtag();

        var first = await target.Update("Første", etag);
        var second = await target.Update("Anden", first);

        Assert.NotEqual(etag, first);
        Assert.NotEqual(first, second);
        Assert.NotEqual(etag, second);
        Assert.Equal(second, await target.ReadEtag());
        Assert.Equal("Anden", await target.ReadText());
    }

    [Theory]
    [InlineData("body")]
    [InlineData("meeting")]
    [InlineData("item")]
    [InlineData("decision")]
    public async Task Update_with_a_stale_etag_is_ABORTED_and_changes_nothing(string resource)
    {
        var target = await TargetAsync(resource);
        var stale = await target.ReadEtag();
        var current = await target.Update("Første", stale);

        await ApiAssert.Aborted(() => target.Update("Anden", stale));
        await ApiAssert.Aborted(() => target.Update("Anden", "W/\"999\""));
        await ApiAssert.Aborted(() => target.Update("Anden", "not-an-etag"));

        Assert.Equal("Første", await target.ReadText());
        Assert.Equal(current, await target.ReadEtag());
    }

    [Theory]
    [InlineData("body")]
    [InlineData("meeting")]
    [InlineData("item")]
    [InlineData("decision")]
    public async Task Update_with_an_empty_etag_is_unconditional(string resource)
    {
        var target = await TargetAsync(resource);
        var before = await target.ReadEtag();
        await target.Update("Første", before);

        var after = await target.Update("Anden", "");

        Assert.Equal("Anden", await target.ReadText());
        Assert.NotEqual(before, after);
        Assert.Equal(after, await target.ReadEtag());
    }

    [Theory]
    [InlineData("body")]
    [InlineData("meeting")]
    [InlineData("item")]
    [InlineData("decision")]
    public async Task Of_concurrent_updates_with_the_same_etag_exactly_one_wins(string resource)
    {
        var target = await TargetAsync(resource);
        var etag = await target.ReadEtag();

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => Task.Run(async () =>
        {
            try
            {
                return (Text: $"Version {i}", Etag: await target.Update($"Version {i}", etag), Code: StatusCode.OK);
            }
            catch (RpcException ex)
            {
                return (Text: $"Version {i}", Etag: "", Code: ex.StatusCode);
            }
        }, Ct)));

        var winner = Assert.Single(outcomes, o => o.Code == StatusCode.OK);
        Assert.All(outcomes.Where(o => o.Code != StatusCode.OK), o => Assert.Equal(StatusCode.Aborted, o.Code));
        Assert.Equal(winner.Text, await target.ReadText());
        Assert.Equal(winner.Etag, await target.ReadEtag());
    }

    [Fact]
    public async Task Lifecycle_steps_check_the_etag_and_each_step_changes_it()
    {
        var (_, meeting, item) = await PlannedMeetingAsync();
        var stale = meeting.Etag;
        var published = await Client.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name, Etag = meeting.Etag }, cancellationToken: Ct);

        await ApiAssert.Aborted(() => Client.MarkMeetingHeldAsync(new MarkMeetingHeldRequest { Name = meeting.Name, Etag = stale }, cancellationToken: Ct));
        var held = await Client.MarkMeetingHeldAsync(new MarkMeetingHeldRequest { Name = meeting.Name, Etag = published.Etag }, cancellationToken: Ct);
        await ApiAssert.Aborted(() => Client.ApproveMinutesAsync(new ApproveMinutesRequest { Name = meeting.Name, Etag = published.Etag }, cancellationToken: Ct));
        var approved = await Client.ApproveMinutesAsync(new ApproveMinutesRequest { Name = meeting.Name, Etag = held.Etag }, cancellationToken: Ct);

        Assert.Equal(4, new[] { stale, published.Etag, held.Etag, approved.Etag }.Distinct().Count());
        Assert.Equal(MeetingState.MinutesApproved, approved.State);
        Assert.Equal(item.Etag, (await GetItemAsync(item.Name)).Etag);
    }

    [Fact]
    public async Task An_etag_of_another_resource_is_stale()
    {
        var (_, meeting, item) = await PlannedMeetingAsync();
        var other = await AddItemAsync(meeting, "Andet punkt");
        var changed = await Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = other.Name, Title = "Ændret" },
            UpdateMask = new FieldMask { Paths = { "title" } },
        }, cancellationToken: Ct);

        await ApiAssert.Aborted(() => Client.UpdateAgendaItemAsync(new UpdateAgendaItemRequest
        {
            Item = new AgendaItem { Name = item.Name, Title = "Forkert etag" },
            UpdateMask = new FieldMask { Paths = { "title" } },
            Etag = changed.Etag,
        }, cancellationToken: Ct));
        Assert.Equal(item.Title, (await GetItemAsync(item.Name)).Title);
    }
}

public sealed class EtagApiSqliteTests(SqliteApiHost host) : EtagApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class EtagApiPostgresTests(PostgresApiHost host) : EtagApiTests(host), IClassFixture<PostgresApiHost>;
