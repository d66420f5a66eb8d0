using Governance.Audit.V1;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Meetings.Tests.Api;

/// <summary>
/// What the Meetings service writes to its audit log: changes in their own transaction (and never when
/// they fail), closed-content reads, and refusals. How the log is listed (auditors only, paging,
/// filters, bad filters) is the shared contract, run for Meetings by <see cref="MeetingsAuditLogTests"/>.
/// </summary>
public abstract class AuditApiTests(Func<GovernanceTestHost> server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GovernanceTestHost Server => server();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private MeetingsService.MeetingsServiceClient As(string token, List<GrpcChannel> channels)
    {
        var channel = Server.CreateChannel(token);
        channels.Add(channel);
        return new MeetingsService.MeetingsServiceClient(channel);
    }

    private string Secretariat(string subject, string bodyId) => Server.Tokens!.Issue(subject, [MeetingsRoles.Secretariat], [MeetingsClaims.ForBodies(bodyId)]);

    private string Auditor() => Server.Tokens!.Issue(Unique("auditor"), [PlatformRoles.Auditor]);

    private static async Task<IReadOnlyList<AuditEntry>> AuditAsync(MeetingsService.MeetingsServiceClient auditor, ListAuditEntriesRequest request)
    {
        var all = new List<AuditEntry>();
        do
        {
            var page = await auditor.ListAuditEntriesAsync(request, cancellationToken: Ct);
            all.AddRange(page.Entries);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    private static Google.Type.DateTime Local(int day) => new() { Year = 2031, Month = 3, Day = day, Hours = 8, Minutes = 30 };

    private static async Task<(Body Body, Meeting Meeting)> BodyAndMeetingAsync(MeetingsService.MeetingsServiceClient client, string bodyId, string? requestId = null)
    {
        var body = await client.CreateBodyAsync(new CreateBodyRequest
        {
            BodyId = bodyId,
            Body = new Body { DisplayName = "Direktionen" },
            RequestId = requestId ?? "",
        }, cancellationToken: Ct);
        var meeting = await client.ScheduleMeetingAsync(new ScheduleMeetingRequest { Meeting = new Meeting { Body = body.Name, Start = Local(9) } },
            cancellationToken: Ct);
        return (body, meeting);
    }

    private static Task<AgendaItem> AddItemAsync(MeetingsService.MeetingsServiceClient client, Meeting meeting, ItemKind kind, string title) =>
        client.AddAgendaItemAsync(new AddAgendaItemRequest
        {
            Parent = meeting.Name,
            Item = new AgendaItem { JournalNumber = "16/26739", Title = title, Kind = kind, Sections = { new Section { Kind = SectionKind.Baggrund, Text = "Personalesag." } } },
        }, cancellationToken: Ct).ResponseAsync;

    [Fact]
    public async Task Changes_are_audited_with_subject_roles_method_resource_and_request_id()
    {
        var channels = new List<GrpcChannel>();
        var bodyId = Unique("audit");
        var subject = Unique("sekr");
        var secretariat = As(Secretariat(subject, bodyId), channels);
        var requestId = Guid.NewGuid().ToString();
        var (body, meeting) = await BodyAndMeetingAsync(secretariat, bodyId, requestId);
        var item = await AddItemAsync(secretariat, meeting, ItemKind.Ordinary, "Regnskab 2016");
        var auditor = As(Auditor(), channels);

        var created = Assert.Single(await AuditAsync(auditor, new ListAuditEntriesRequest { Resource = body.Name }));
        Assert.Equal(AuditAction.Change, created.Action);
        Assert.Equal("/governance.meetings.v1.MeetingsService/CreateBody", created.Method);
        Assert.Equal(subject, created.Subject);
        Assert.Equal([MeetingsRoles.Secretariat], created.Roles);
        Assert.Equal(requestId, created.RequestId);

        // A meeting's entries include what lies under it, newest first.
        var underMeeting = await AuditAsync(auditor, new ListAuditEntriesRequest { Resource = meeting.Name });
        Assert.Equal([item.Name, meeting.Name], underMeeting.Select(e => e.Resource));
        Assert.Equal(["/governance.meetings.v1.MeetingsService/AddAgendaItem", "/governance.meetings.v1.MeetingsService/ScheduleMeeting"],
            underMeeting.Select(e => e.Method));
        channels.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_change_that_fails_writes_no_audit_entry()
    {
        var channels = new List<GrpcChannel>();
        var bodyId = Unique("audit");
        var secretariat = As(Secretariat(Unique("sekr"), bodyId), channels);
        var (body, meeting) = await BodyAndMeetingAsync(secretariat, bodyId);
        var auditor = As(Auditor(), channels);
        var before = await AuditAsync(auditor, new ListAuditEntriesRequest { Resource = body.Name });

        var stale = await Assert.ThrowsAsync<RpcException>(() => secretariat.UpdateBodyAsync(new UpdateBodyRequest
        {
            Body = new Body { Name = body.Name, DisplayName = "Chefforum" },
            Etag = "W/\"999\"",
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        var empty = await Assert.ThrowsAsync<RpcException>(() =>
            secretariat.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, empty.StatusCode);

        Assert.Equal(before.Select(e => e.Id), (await AuditAsync(auditor, new ListAuditEntriesRequest { Resource = body.Name })).Select(e => e.Id));
        Assert.Equal([meeting.Name], (await AuditAsync(auditor, new ListAuditEntriesRequest { Resource = meeting.Name })).Select(e => e.Resource));
        channels.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Reads_of_closed_content_are_audited_and_redacted_reads_are_not()
    {
        var channels = new List<GrpcChannel>();
        var bodyId = Unique("audit");
        var secretariat = As(Secretariat(Unique("sekr"), bodyId), channels);
        var (_, meeting) = await BodyAndMeetingAsync(secretariat, bodyId);
        var closed = await AddItemAsync(secretariat, meeting, ItemKind.Closed, "Personalesag om direktør");
        await secretariat.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name }, cancellationToken: Ct);
        var memberSubject = Unique("member");
        var member = As(Server.Tokens!.Issue(memberSubject, [MeetingsRoles.BodyMember], [MeetingsClaims.ForBodies(bodyId)]), channels);
        var readerSubject = Unique("reader");
        var reader = As(Server.Tokens!.Issue(readerSubject, [MeetingsRoles.EmployeeReader]), channels);

        Assert.Equal("Personalesag om direktør", (await member.GetAgendaItemAsync(new GetAgendaItemRequest { Name = closed.Name }, cancellationToken: Ct)).Title);
        Assert.Equal("Lukket", (await reader.GetAgendaItemAsync(new GetAgendaItemRequest { Name = closed.Name }, cancellationToken: Ct)).Title);
        await member.GetMinutesAsync(new GetMinutesRequest { Meeting = meeting.Name, Audience = Audience.Members }, cancellationToken: Ct);
        // A rendering is a read of the same content, audited the same way; the public one reads nothing closed.
        await member.RenderMinutesAsync(new RenderMinutesRequest { Meeting = meeting.Name, Audience = Audience.Members, Format = MinutesFormat.Html }, cancellationToken: Ct);
        await reader.RenderMinutesAsync(new RenderMinutesRequest { Meeting = meeting.Name, Format = MinutesFormat.Html }, cancellationToken: Ct);

        var auditor = As(Auditor(), channels);
        var memberReads = await AuditAsync(auditor, new ListAuditEntriesRequest { Subject = memberSubject });
        Assert.Equal(3, memberReads.Count);
        Assert.All(memberReads, e => Assert.Equal((AuditAction.ClosedContentRead, closed.Name), (e.Action, e.Resource)));
        Assert.Equal(["/governance.meetings.v1.MeetingsService/RenderMinutes", "/governance.meetings.v1.MeetingsService/GetMinutes", "/governance.meetings.v1.MeetingsService/GetAgendaItem"],
            memberReads.Select(e => e.Method));
        Assert.Empty(await AuditAsync(auditor, new ListAuditEntriesRequest { Subject = readerSubject }));
        channels.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_refusal_for_another_body_is_audited_as_denied()
    {
        var channels = new List<GrpcChannel>();
        var bodyId = Unique("audit");
        var secretariat = As(Secretariat(Unique("sekr"), bodyId), channels);
        var (_, meeting) = await BodyAndMeetingAsync(secretariat, bodyId);
        var otherSubject = Unique("other");
        var other = As(Secretariat(otherSubject, Unique("andet")), channels);

        var denied = await Assert.ThrowsAsync<RpcException>(() =>
            other.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name, Reason = "Aflyst" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        var entry = Assert.Single(await AuditAsync(As(Auditor(), channels), new ListAuditEntriesRequest { Subject = otherSubject }));
        Assert.Equal((AuditAction.Denied, meeting.Name, "/governance.meetings.v1.MeetingsService/CancelMeeting"), (entry.Action, entry.Resource, entry.Method));
        Assert.Equal(MeetingState.Planned,
            (await secretariat.GetMeetingAsync(new GetMeetingRequest { Name = meeting.Name }, cancellationToken: Ct)).State);
        channels.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_replayed_request_id_answers_nobody_who_may_not_make_the_request()
    {
        var channels = new List<GrpcChannel>();
        var bodyId = Unique("audit");
        var secretariat = As(Secretariat(Unique("sekr"), bodyId), channels);
        var (body, meeting) = await BodyAndMeetingAsync(secretariat, bodyId);
        var requestId = Guid.NewGuid().ToString();
        var add = new AddAgendaItemRequest
        {
            Parent = meeting.Name,
            Item = new AgendaItem { JournalNumber = "16/25345", Title = "Regnskab 2016", Kind = ItemKind.Ordinary },
            RequestId = requestId,
        };
        var item = await secretariat.AddAgendaItemAsync(add, cancellationToken: Ct);
        var other = As(Secretariat(Unique("other"), Unique("andet")), channels);

        // The same request_id and request, or another request: refused for the body, not answered from the key.
        foreach (var replay in new[] { add, new AddAgendaItemRequest(add) { Item = new AgendaItem(add.Item) { Title = "Andet" } } })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => other.AddAgendaItemAsync(replay, cancellationToken: Ct).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
            Assert.DoesNotContain(item.Name, error.Status.Detail, StringComparison.Ordinal);
        }
        var replayedBody = await Assert.ThrowsAsync<RpcException>(() => other.CreateBodyAsync(
            new CreateBodyRequest { BodyId = bodyId, Body = new Body { DisplayName = "Direktionen" } }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, replayedBody.StatusCode);
        Assert.Equal(item.Name, (await secretariat.AddAgendaItemAsync(add, cancellationToken: Ct)).Name);
        Assert.Equal(body.Name, (await secretariat.GetBodyAsync(new GetBodyRequest { Name = body.Name }, cancellationToken: Ct)).Name);
        channels.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_refusal_by_role_is_audited_as_denied_with_the_resource_or_else_the_method()
    {
        var channels = new List<GrpcChannel>();
        var bodyId = Unique("audit");
        var secretariat = As(Secretariat(Unique("sekr"), bodyId), channels);
        var (_, meeting) = await BodyAndMeetingAsync(secretariat, bodyId);
        var readerSubject = Unique("laeser");
        var reader = As(Server.Tokens!.Issue(readerSubject, [MeetingsRoles.EmployeeReader]), channels);
        var anonymous = new MeetingsService.MeetingsServiceClient(Server.CreateChannel(null));
        var requestId = Guid.NewGuid().ToString();
        const string Cancel = "/governance.meetings.v1.MeetingsService/CancelMeeting";
        const string Create = "/governance.meetings.v1.MeetingsService/CreateBody";

        // No token: refused as UNAUTHENTICATED, with no subject to audit.
        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() =>
            anonymous.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name, Reason = "Aflyst" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
        // The reader's role lacks meetings.manage: refused by policy before the service runs.
        await AuthorizationAssert.PermissionDenied(() =>
            reader.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name, Reason = "Aflyst" }, cancellationToken: Ct).ResponseAsync,
            AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "CancelMeeting as employee_reader");
        await AuthorizationAssert.PermissionDenied(() =>
            reader.CreateBodyAsync(new CreateBodyRequest { BodyId = Unique("nyt"), Body = new Body { DisplayName = "Nyt udvalg" }, RequestId = requestId }, cancellationToken: Ct).ResponseAsync,
            AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "CreateBody as employee_reader");

        var auditor = As(Auditor(), channels);
        var entries = await AuditAsync(auditor, new ListAuditEntriesRequest { Subject = readerSubject });
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal((AuditAction.Denied, readerSubject, MeetingsRoles.EmployeeReader), (e.Action, e.Subject, string.Join(",", e.Roles))));
        var cancel = Assert.Single(entries, e => e.Method == Cancel);
        Assert.Equal(meeting.Name, cancel.Resource);
        // CreateBody names no existing resource: the entry names the method, and keeps the request_id.
        var create = Assert.Single(entries, e => e.Method == Create);
        Assert.Equal((Create, requestId), (create.Resource, create.RequestId));
        // The meeting's own log holds the reader's refusal, and nothing for the call without a token.
        var denials = (await AuditAsync(auditor, new ListAuditEntriesRequest { Resource = meeting.Name })).Where(e => e.Action == AuditAction.Denied).ToList();
        Assert.Equal(readerSubject, Assert.Single(denials).Subject);
        Assert.Equal(MeetingState.Planned,
            (await secretariat.GetMeetingAsync(new GetMeetingRequest { Name = meeting.Name }, cancellationToken: Ct)).State);

        // A caller without the auditor role asking for the log is refused, and that is audited too.
        var secretariatSubject = Unique("sekr");
        await AuthorizationAssert.PermissionDenied(() =>
            As(Secretariat(secretariatSubject, bodyId), channels).ListAuditEntriesAsync(new ListAuditEntriesRequest(), cancellationToken: Ct).ResponseAsync,
            AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", "ListAuditEntries as secretariat");
        var listing = Assert.Single(await AuditAsync(auditor, new ListAuditEntriesRequest { Subject = secretariatSubject }));
        Assert.Equal((AuditAction.Denied, "/governance.meetings.v1.MeetingsService/ListAuditEntries"), (listing.Action, listing.Method));
        channels.ForEach(c => c.Dispose());
    }

}

public sealed class AuditApiSqliteTests(SqliteApiHost fixture) : AuditApiTests(() => fixture.Server), IClassFixture<SqliteApiHost>;

public sealed class AuditApiPostgresTests(PostgresApiHost fixture) : AuditApiTests(() => fixture.Server), IClassFixture<PostgresApiHost>;

/// <summary>The shared audit contract (see <see cref="AuditLogContractTests{TDomain}"/>) on the Meetings
/// service: a meeting scheduled by a secretariat, with agenda items added under it.</summary>
public abstract class MeetingsAuditLogTests(IApiHost host) : AuditLogContractTests<MeetingsErrorDomain>(host)
{
    protected override string MethodPrefix => "/governance.meetings.v1.MeetingsService/";

    protected override AsyncUnaryCall<ListAuditEntriesResponse> List(GrpcChannel channel, ListAuditEntriesRequest request) =>
        new MeetingsService.MeetingsServiceClient(channel).ListAuditEntriesAsync(request, cancellationToken: Ct);

    protected override async Task<string> ResourceWithChangesAsync(string subject, int changes)
    {
        var bodyId = Unique("audit");
        using var channel = Server.CreateChannel(Server.Tokens!.Issue(subject, [MeetingsRoles.Secretariat], [MeetingsClaims.ForBodies(bodyId)]));
        var client = new MeetingsService.MeetingsServiceClient(channel);
        var body = await client.CreateBodyAsync(new CreateBodyRequest { BodyId = bodyId, Body = new Body { DisplayName = "Direktionen" } },
            cancellationToken: Ct);
        var meeting = await client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = new Google.Type.DateTime { Year = 2031, Month = 3, Day = 9, Hours = 8, Minutes = 30 } },
        }, cancellationToken: Ct);
        for (var i = 1; i < changes; i++)
        {
            await client.AddAgendaItemAsync(new AddAgendaItemRequest
            {
                Parent = meeting.Name,
                Item = new AgendaItem { JournalNumber = "16/26739", Title = $"Punkt {i}", Kind = ItemKind.Ordinary },
            }, cancellationToken: Ct);
        }
        return meeting.Name;
    }
}

public sealed class MeetingsAuditLogSqliteTests(SqliteApiHost fixture) : MeetingsAuditLogTests(fixture), IClassFixture<SqliteApiHost>;

public sealed class MeetingsAuditLogPostgresTests(PostgresApiHost fixture) : MeetingsAuditLogTests(fixture), IClassFixture<PostgresApiHost>;
