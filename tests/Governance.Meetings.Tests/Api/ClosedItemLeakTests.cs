using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Governance.Meetings.V1;
using Grpc.Core;
using Grpc.Net.Client;
using static Governance.Meetings.Tests.Api.AuthorizationCallers;

namespace Governance.Meetings.Tests.Api;

/// <summary>
/// No closed text reaches anyone outside the body. A meeting has an open item and a closed one whose
/// every text (title, sections, recommendation and points, guests, attachments, decisions with point
/// remarks, follow-ups and referrals) carries a unique marker; the closed item is postponed and carried
/// to a second meeting, where an open item also continues it. Then every read RPC is walked as each
/// non-member, and the marker must appear in no response and no error. The body's own members and
/// secretariat do see it, so the walk can fail.
/// </summary>
public abstract class ClosedItemLeakTests(IAuthorizationHost host) : ApiTestBase(host)
{
    private const string ClosedJournalNumber = "16/26739";
    private const string Lukket = "Lukket";

    /// <summary>A google.rpc.Status with its details unpacked.</summary>
    private static readonly JsonFormatter StatusJson =
        new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor)));

    private readonly IAuthorizationHost server = host;

    /// <summary>The fixtures, as the default caller (every role, every body) made and read them.</summary>
    private sealed record LeakFixtures(
        string Marker,
        Body Body,
        Body OtherBody,
        Meeting First,
        Meeting Second,
        AgendaItem Closed,
        AgendaItem Carried,
        AgendaItem Continuation,
        IReadOnlyList<AgendaItem> Items,
        IReadOnlyList<(string Name, bool OnClosedItem)> Decisions);

    /// <summary>One response or refusal of the walk, as text.</summary>
    private sealed record Seen(string Call, string Text);

    public static TheoryData<string> NonMembers =>
    [
        "employee_reader",
        "case_handler",
        "service",
        BodyMemberOfAnotherBody,
        SecretariatOfAnotherBody,
    ];

    public static TheoryData<string> Insiders => [BodyMemberOfTheBody, SecretariatOfTheBody];

    [Theory]
    [MemberData(nameof(NonMembers))]
    public async Task Non_member_sees_no_closed_text_in_any_read(string caller)
    {
        var f = await server.SharedAsync(CreateFixturesAsync);
        using var channel = Channel(caller, f);
        var client = new MeetingsService.MeetingsServiceClient(channel);

        var seen = await WalkEveryReadAsync(client, f, caller);

        var leaks = seen.Where(s => s.Text.Contains(f.Marker, StringComparison.Ordinal)).Select(s => s.Call).ToList();
        Assert.True(leaks.Count == 0, $"{caller} on {server.Store} saw closed text in: {string.Join("; ", leaks)}");
        // The walk did read the closed items (as "Lukket"), so an empty walk cannot pass.
        Assert.Contains(seen, s => s.Call.StartsWith($"GetAgendaItem {f.Closed.Name}", StringComparison.Ordinal) && s.Text.Contains(Lukket, StringComparison.Ordinal));
    }

    /// <summary>The same walk over HTTP/JSON (the google.api.http paths): the same closed text stays hidden.</summary>
    [Theory]
    [MemberData(nameof(NonMembers))]
    public async Task Non_member_sees_no_closed_text_in_any_read_over_http_json(string caller)
    {
        var f = await server.SharedAsync(CreateFixturesAsync);
        using var invoker = Json(caller, f);
        var client = new MeetingsService.MeetingsServiceClient(invoker);

        var seen = await WalkEveryReadAsync(client, f, caller);

        var leaks = seen.Where(s => s.Text.Contains(f.Marker, StringComparison.Ordinal)).Select(s => s.Call).ToList();
        Assert.True(leaks.Count == 0, $"{caller} on {server.Store} over HTTP/JSON saw closed text in: {string.Join("; ", leaks)}");
        Assert.Contains(seen, s => s.Call.StartsWith($"GetAgendaItem {f.Closed.Name}", StringComparison.Ordinal) && s.Text.Contains(Lukket, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Insiders))]
    public async Task Member_and_secretariat_of_the_body_see_the_closed_text_over_http_json(string caller)
    {
        var f = await server.SharedAsync(CreateFixturesAsync);
        using var invoker = Json(caller, f);
        var client = new MeetingsService.MeetingsServiceClient(invoker);

        Assert.Contains(f.Marker, Json(await client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = f.Closed.Name }, cancellationToken: Ct)), StringComparison.Ordinal);
        var minutes = await client.GetMinutesAsync(new GetMinutesRequest { Meeting = f.First.Name, Audience = Audience.Members }, cancellationToken: Ct);
        Assert.Contains(f.Marker, minutes.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NonMembers))]
    public async Task Non_member_sees_the_closed_item_as_Lukket_with_its_journal_number(string caller)
    {
        var f = await server.SharedAsync(CreateFixturesAsync);
        using var channel = Channel(caller, f);
        var client = new MeetingsService.MeetingsServiceClient(channel);

        foreach (var (meeting, closed) in new[] { (f.First, f.Closed), (f.Second, f.Carried) })
        {
            var items = (await client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = 200 }, cancellationToken: Ct)).Items;
            var listed = Assert.Single(items, i => i.Name == closed.Name);
            AssertRedacted(listed, $"{caller}: ListAgendaItems {meeting.Name}");
            AssertRedacted(await client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = closed.Name }, cancellationToken: Ct), $"{caller}: GetAgendaItem {closed.Name}");

            foreach (var audience in new[] { Audience.Public, Audience.Unspecified })
            {
                var minutes = await client.GetMinutesAsync(new GetMinutesRequest { Meeting = meeting.Name, Audience = audience }, cancellationToken: Ct);
                Assert.Equal(Audience.Public, minutes.Audience);
                var entry = Assert.Single(minutes.Items, i => i.Item == closed.Name);
                Assert.True(entry.Redacted, $"{caller}: minutes {audience} of {meeting.Name}: the closed item is not marked redacted.");
                Assert.Equal(Lukket, entry.Title);
                Assert.Equal($"Punkt {closed.Number}: {Lukket}", entry.Heading);
                Assert.Equal(ClosedJournalNumber, entry.JournalNumber);
                Assert.Equal(ItemKind.Closed, entry.Kind);
                Assert.Empty(entry.Sections);
                Assert.Null(entry.Recommendation);
                Assert.Empty(entry.Decisions);
                Assert.Empty(entry.Guests);
                Assert.Empty(entry.Attachments);
                Assert.Equal(Lukket, Assert.Single(minutes.TableOfContents, t => t.Number == closed.Number).Title);
                Assert.Contains($"Punkt {closed.Number}: {Lukket}", minutes.Text, StringComparison.Ordinal);
                Assert.Contains(ClosedJournalNumber, minutes.Text, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Insiders))]
    public async Task Member_and_secretariat_of_the_body_see_the_closed_text(string caller)
    {
        var f = await server.SharedAsync(CreateFixturesAsync);
        using var channel = Channel(caller, f);
        var client = new MeetingsService.MeetingsServiceClient(channel);

        var item = await client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = f.Closed.Name }, cancellationToken: Ct);
        Assert.Contains(f.Marker, Json(item), StringComparison.Ordinal);
        Assert.Contains(f.Marker, Json(await client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = f.Carried.Name }, cancellationToken: Ct)), StringComparison.Ordinal);

        foreach (var meeting in new[] { f.First, f.Second })
        {
            var minutes = await client.GetMinutesAsync(new GetMinutesRequest { Meeting = meeting.Name, Audience = Audience.Members }, cancellationToken: Ct);
            Assert.Contains(f.Marker, Json(minutes), StringComparison.Ordinal);
            Assert.Contains(f.Marker, minutes.Text, StringComparison.Ordinal);
            foreach (var format in Enum.GetValues<MinutesFormat>())
            {
                var document = await client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = meeting.Name, Audience = Audience.Members, Format = format }, cancellationToken: Ct);
                Assert.Contains(f.Marker, RenderedDocument.Text(document), StringComparison.Ordinal);
            }
        }
        foreach (var (name, _) in f.Decisions.Where(d => d.OnClosedItem))
        {
            var decision = await client.GetDecisionAsync(new GetDecisionRequest { Name = name }, cancellationToken: Ct);
            Assert.Contains(f.Marker, Json(decision), StringComparison.Ordinal);
        }
        // The open item that continues the closed one shows the closed decisions in its history.
        var history = await client.ListDecisionsAsync(new ListDecisionsRequest { Parent = f.Continuation.Name, PageSize = 200 }, cancellationToken: Ct);
        Assert.Contains(f.Marker, Json(history), StringComparison.Ordinal);
    }

    /// <summary>Every read RPC on everything of the fixtures, as <paramref name="client"/>: each response
    /// and each refusal (message and details) as text. Closed decisions must be NOT_FOUND and the members'
    /// minutes PERMISSION_DENIED MEMBERS_ONLY; every other read must succeed.</summary>
    private static async Task<IReadOnlyList<Seen>> WalkEveryReadAsync(MeetingsService.MeetingsServiceClient client, LeakFixtures f, string caller)
    {
        var seen = new List<Seen>();
        async Task Read<T>(string call, Func<AsyncUnaryCall<T>> rpc) where T : IMessage
        {
            try
            {
                using var pending = rpc();
                var response = await pending.ResponseAsync;
                seen.Add(new Seen(call, Json(response)));
                if (response is V1.Minutes minutes)
                {
                    seen.Add(new Seen($"{call} (text)", minutes.Text));
                }
                if (response is HttpBody document)
                {
                    seen.Add(new Seen($"{call} (document)", RenderedDocument.Text(document)));
                }
            }
            catch (RpcException ex)
            {
                Assert.Fail($"{caller}: {call} failed with {ex.StatusCode}: {ex.Status.Detail}");
            }
        }
        async Task Refused<T>(string call, StatusCode code, string reason, Func<AsyncUnaryCall<T>> rpc) where T : IMessage
        {
            var error = await ApiAssert.RpcError(code, rpc, reason);
            seen.Add(new Seen($"{call} ({code})", $"{error.Exception.Status.Detail}\n{error.Exception.Message}\n{StatusJson.Format(error.Status)}"));
        }

        foreach (var body in new[] { f.Body, f.OtherBody })
        {
            await Read($"GetBody {body.Name}", () => client.GetBodyAsync(new GetBodyRequest { Name = body.Name }, cancellationToken: Ct));
        }
        var token = "";
        do
        {
            var page = await client.ListBodiesAsync(new ListBodiesRequest { PageSize = 200, PageToken = token }, cancellationToken: Ct);
            seen.Add(new Seen("ListBodies", Json(page)));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        await Read("ListMeetings of the body", () => client.ListMeetingsAsync(new ListMeetingsRequest { Body = f.Body.Name, ShowCancelled = true, PageSize = 200 }, cancellationToken: Ct));
        await Read("ListMeetings", () => client.ListMeetingsAsync(new ListMeetingsRequest { ShowCancelled = true, PageSize = 200 }, cancellationToken: Ct));

        foreach (var meeting in new[] { f.First, f.Second })
        {
            await Read($"GetMeeting {meeting.Name}", () => client.GetMeetingAsync(new GetMeetingRequest { Name = meeting.Name }, cancellationToken: Ct));
            await Read($"ListAgendaItems {meeting.Name}", () => client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = 200 }, cancellationToken: Ct));
            // Page by page too: one item per page.
            await Read($"ListAgendaItems {meeting.Name} (page 1 of 1-item pages)", () => client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name, PageSize = 1 }, cancellationToken: Ct));
            foreach (var audience in new[] { Audience.Public, Audience.Unspecified })
            {
                await Read($"GetMinutes {meeting.Name} {audience}", () => client.GetMinutesAsync(new GetMinutesRequest { Meeting = meeting.Name, Audience = audience }, cancellationToken: Ct));
            }
            await Refused($"GetMinutes {meeting.Name} MEMBERS", StatusCode.PermissionDenied, "MEMBERS_ONLY",
                () => client.GetMinutesAsync(new GetMinutesRequest { Meeting = meeting.Name, Audience = Audience.Members }, cancellationToken: Ct));
            // Every rendering, in every format, is of the same redacted minutes.
            foreach (var format in Enum.GetValues<MinutesFormat>())
            {
                foreach (var audience in new[] { Audience.Public, Audience.Unspecified })
                {
                    await Read($"RenderMinutes {meeting.Name} {audience} {format}", () => client.RenderMinutesAsync(
                        new RenderMinutesRequest { Meeting = meeting.Name, Audience = audience, Format = format }, cancellationToken: Ct));
                }
                await Refused($"RenderMinutes {meeting.Name} MEMBERS {format}", StatusCode.PermissionDenied, "MEMBERS_ONLY",
                    () => client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = meeting.Name, Audience = Audience.Members, Format = format }, cancellationToken: Ct));
            }
        }
        foreach (var item in f.Items)
        {
            await Read($"GetAgendaItem {item.Name}", () => client.GetAgendaItemAsync(new GetAgendaItemRequest { Name = item.Name }, cancellationToken: Ct));
            await Read($"ListDecisions {item.Name}", () => client.ListDecisionsAsync(new ListDecisionsRequest { Parent = item.Name, PageSize = 200 }, cancellationToken: Ct));
            await Read($"ListDecisions {item.Name} (1-decision page)", () => client.ListDecisionsAsync(new ListDecisionsRequest { Parent = item.Name, PageSize = 1 }, cancellationToken: Ct));
        }
        foreach (var (name, onClosedItem) in f.Decisions)
        {
            if (onClosedItem)
            {
                await Refused($"GetDecision {name}", StatusCode.NotFound, "RESOURCE_NOT_FOUND",
                    () => client.GetDecisionAsync(new GetDecisionRequest { Name = name }, cancellationToken: Ct));
            }
            else
            {
                await Read($"GetDecision {name}", () => client.GetDecisionAsync(new GetDecisionRequest { Name = name }, cancellationToken: Ct));
            }
        }
        // Decisions on closed items are hidden from every list, including the history of the open item that continues one.
        foreach (var item in f.Items)
        {
            var listed = await client.ListDecisionsAsync(new ListDecisionsRequest { Parent = item.Name, PageSize = 200 }, cancellationToken: Ct);
            var hidden = listed.Decisions.Select(d => d.Name).Intersect(f.Decisions.Where(d => d.OnClosedItem).Select(d => d.Name)).ToList();
            Assert.True(hidden.Count == 0, $"{caller}: ListDecisions {item.Name} lists decisions on a closed item: {string.Join(", ", hidden)}");
        }
        return seen;
    }

    private static void AssertRedacted(AgendaItem item, string context)
    {
        Assert.True(item.Title == Lukket, $"{context}: the closed item's title is '{item.Title}'.");
        Assert.Equal(ClosedJournalNumber, item.JournalNumber);
        Assert.Equal(ItemKind.Closed, item.Kind);
        Assert.Empty(item.Sections);
        Assert.Null(item.Recommendation);
        Assert.Empty(item.Guests);
        Assert.Empty(item.Attachments);
        Assert.Equal(0, item.DecisionCount);
    }

    private GrpcChannel Channel(string caller, LeakFixtures f) =>
        AuthorizationCallers.Channel(server.Server, caller, Id(f.Body), Id(f.OtherBody));

    private HttpJsonCallInvoker Json(string caller, LeakFixtures f) =>
        new(server.Server.HttpAddress, AuthorizationCallers.Token(server.Server.Tokens!, caller, Id(f.Body), Id(f.OtherBody)), MeetingsService.Descriptor);

    private static string Id(Body body) => body.Name["bodies/".Length..];

    private static string Json(IMessage message) => JsonFormatter.Default.Format(message);

    private async Task<LeakFixtures> CreateFixturesAsync()
    {
        var marker = $"HEMMELIG-{Guid.NewGuid():N}";
        string Secret(string what) => $"{what} {marker}";

        var body = await CreateBodyAsync(bodyId: UniqueId("leak"));
        var other = await CreateBodyAsync("Hovedudvalget", bodyId: UniqueId("other"));
        var first = await ScheduleAsync(body, Local(2017, 3, 9));
        var second = await ScheduleAsync(body, Local(2017, 4, 6));

        var open = await AddItemAsync(first, "Befolkningsprognose 2017-29", journalNumber: "16/26764",
            configure: i => i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = "Hvert år udarbejdes en befolkningsprognose." }));
        var closed = await AddItemAsync(first, Secret("Personalesag"), ItemKind.Closed, ClosedJournalNumber, i =>
        {
            i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = Secret("Baggrund") });
            i.Sections.Add(new Section { Kind = SectionKind.Sagsfremstilling, Heading = Secret("Overskrift"), Text = Secret("Sagsfremstilling") });
            i.Sections.Add(new Section { Kind = SectionKind.Other, Heading = Secret("Egen overskrift"), Text = Secret("Andet") });
            i.Recommendation = new Recommendation
            {
                Unit = Secret("Enhed"),
                Text = Secret("Indstilling"),
                Points =
                {
                    new RecommendationPoint { Label = "1", Text = Secret("Første pind") },
                    new RecommendationPoint { Label = "2", Text = Secret("Anden pind") },
                },
            };
            i.Guests.Add(new Guest { DisplayName = Secret("Gæst"), Affiliation = Secret("Tilknytning") });
            i.Attachments.Add(new Attachment { Title = Secret("Bilag"), DocumentNumber = "314159/16" });
        });
        await PublishAsync(first);

        var openDecision = await DecideAsync(open, DecisionOutcome.Noted, "Taget til efterretning.");
        void Everything(Decision d, string what)
        {
            d.PointOutcomes.Add(new PointOutcome { Label = "1", Outcome = DecisionOutcome.Approved, Text = Secret($"{what}: bemærkning til pind 1") });
            d.FollowUps.Add(new FollowUp { Description = Secret($"{what}: opfølgning"), Unit = "HRC", DueDate = Date(2017, 5, 1) });
            d.Referrals.Add(new Referral { BodyDisplayName = Secret($"{what}: udvalg"), Text = Secret($"{what}: henvisning"), ExpectedDate = Date(2017, 6, 1) });
        }
        var discussed = await DecideAsync(closed, DecisionOutcome.Discussed, Secret("Drøftet"), d => Everything(d, "Drøftelse"));
        var postponed = await DecideAsync(closed, DecisionOutcome.Postponed, Secret("Udsat"), d =>
        {
            Everything(d, "Udsættelse");
            d.PostponedTo = second.Name;
        });
        Assert.False(string.IsNullOrEmpty(postponed.CarriedItem), "The postponed closed item was not carried to the second meeting.");
        await HoldAsync(first);
        first = await ApproveAsync(first);

        // In the second meeting: the carried closed item, and an open item that continues it.
        var continuation = await AddItemAsync(second, "Opfølgning på udsat punkt", journalNumber: "16/26740",
            configure: i => i.OriginItem = closed.Name);
        await PublishAsync(second);
        var carried = await GetItemAsync(postponed.CarriedItem);
        Assert.Equal(ItemKind.Closed, carried.Kind);
        var carriedDecision = await DecideAsync(carried, DecisionOutcome.ApprovedWithRemarks, Secret("Godkendt med bemærkninger"), d => Everything(d, "Afgørelse"));
        var continuationDecision = await DecideAsync(continuation, DecisionOutcome.Noted, "Orienteret.");
        second = await HoldAsync(second);

        var items = (await ListItemsAsync(first)).Concat(await ListItemsAsync(second)).ToList();
        Assert.Equal(4, items.Count);
        // The fixtures hold the marker where the test expects it to be hidden.
        Assert.Contains(marker, Json(await GetItemAsync(closed.Name)), StringComparison.Ordinal);
        Assert.Contains(marker, Json(carried), StringComparison.Ordinal);
        Assert.Contains(marker, (await GetMinutesAsync(first)).Text, StringComparison.Ordinal);
        Assert.Contains(marker, Json(await Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = continuation.Name }, cancellationToken: Ct)), StringComparison.Ordinal);

        return new LeakFixtures(marker, body, other, first, second, closed, carried, continuation, items,
        [
            (openDecision.Name, false),
            (discussed.Name, true),
            (postponed.Name, true),
            (carriedDecision.Name, true),
            (continuationDecision.Name, false),
        ]);
    }
}

public sealed class ClosedItemLeakSqliteTests(SqliteAuthorizationHost host) : ClosedItemLeakTests(host), IClassFixture<SqliteAuthorizationHost>;

public sealed class ClosedItemLeakPostgresTests(PostgresAuthorizationHost host) : ClosedItemLeakTests(host), IClassFixture<PostgresAuthorizationHost>;
