using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Governance.Audit.V1;
using Governance.Meetings.Grpc;
using Governance.Meetings.Security;
using Governance.Meetings.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using static Governance.Meetings.Tests.Api.AuthorizationCallers;

namespace Governance.Meetings.Tests.Api;

/// <summary>
/// What every RPC of governance.meetings.v1.MeetingsService needs, and what every role has: written
/// out by hand, so that neither follows the implementation's attributes or policy table by itself.
/// </summary>
public static class AuthorizationExpectations
{
    /// <summary>The access each RPC needs (26 of them). A new RPC must be added here, with its access,
    /// and given a request in <see cref="AuthorizationMatrixTests"/>.</summary>
    public static readonly IReadOnlyDictionary<string, string> RpcAccess = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CreateBody"] = MeetingsAccess.Manage,
        ["GetBody"] = MeetingsAccess.Read,
        ["ListBodies"] = MeetingsAccess.Read,
        ["UpdateBody"] = MeetingsAccess.Manage,
        ["ScheduleMeeting"] = MeetingsAccess.Manage,
        ["GetMeeting"] = MeetingsAccess.Read,
        ["ListMeetings"] = MeetingsAccess.Read,
        ["UpdateMeeting"] = MeetingsAccess.Manage,
        ["CancelMeeting"] = MeetingsAccess.Manage,
        ["PublishAgenda"] = MeetingsAccess.Manage,
        ["MarkMeetingHeld"] = MeetingsAccess.Manage,
        ["ApproveMinutes"] = MeetingsAccess.Manage,
        ["GetMinutes"] = MeetingsAccess.Read,
        ["RenderMinutes"] = MeetingsAccess.Read,
        ["AddAgendaItem"] = MeetingsAccess.Manage,
        ["GetAgendaItem"] = MeetingsAccess.Read,
        ["ListAgendaItems"] = MeetingsAccess.Read,
        ["UpdateAgendaItem"] = MeetingsAccess.Manage,
        ["ReorderAgendaItems"] = MeetingsAccess.Manage,
        ["RemoveAgendaItem"] = MeetingsAccess.Manage,
        ["RecordDecision"] = MeetingsAccess.Manage,
        ["GetDecision"] = MeetingsAccess.Read,
        ["ListDecisions"] = MeetingsAccess.Read,
        ["UpdateDecision"] = MeetingsAccess.Manage,
        ["ImportMeeting"] = MeetingsAccess.Import,
        ["ListAuditEntries"] = PlatformAccess.Audit,
    };

    /// <summary>Which access each role has (Manage only for the bodies a secretariat serves).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RoleAccess = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["secretariat"] = [MeetingsAccess.Read, MeetingsAccess.Manage],
        ["body_member"] = [MeetingsAccess.Read],
        ["case_handler"] = [MeetingsAccess.Read],
        ["employee_reader"] = [MeetingsAccess.Read],
        ["importer"] = [MeetingsAccess.Import],
        ["auditor"] = [PlatformAccess.Audit],
        ["service"] = [MeetingsAccess.Read],
    };

    public static string AccessOf(string rpc)
    {
        Assert.True(RpcAccess.TryGetValue(rpc, out var access),
            $"{rpc} is an RPC of MeetingsService but has no expected access in {nameof(AuthorizationExpectations)}.{nameof(RpcAccess)}; add it.");
        return access;
    }

    public static bool RoleHas(string role, string access)
    {
        Assert.True(RoleAccess.TryGetValue(role, out var granted),
            $"The role '{role}' has no expected access in {nameof(AuthorizationExpectations)}.{nameof(RoleAccess)}; add it.");
        return granted.Contains(access);
    }
}

/// <summary>
/// The declared policy of every RPC, checked against the hand-written table: an RPC added to the
/// contract without [RequiresAccess] (or without a row in the table) fails here.
/// </summary>
public sealed class AuthorizationPolicyTests
{
    public static TheoryData<string> Rpcs => [.. MeetingsService.Descriptor.Methods.Select(m => m.Name)];

    [Fact]
    public void Every_rpc_of_the_service_is_in_the_expected_table_and_every_row_is_an_rpc()
    {
        var rpcs = MeetingsService.Descriptor.Methods.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var unlisted = rpcs.Except(AuthorizationExpectations.RpcAccess.Keys).Order(StringComparer.Ordinal).ToList();
        var stale = AuthorizationExpectations.RpcAccess.Keys.Except(rpcs).Order(StringComparer.Ordinal).ToList();

        Assert.True(unlisted.Count == 0, $"RPCs without an expected access: {string.Join(", ", unlisted)}");
        Assert.True(stale.Count == 0, $"Expected accesses of RPCs the service does not have: {string.Join(", ", stale)}");
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public void Rpc_implementation_requires_exactly_the_expected_access(string rpc)
    {
        var expected = AuthorizationExpectations.AccessOf(rpc);
        var implementations = typeof(MeetingsGrpcService)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name == rpc)
            .ToList();
        Assert.True(implementations.Count == 1,
            $"{rpc}: expected one public method {nameof(MeetingsGrpcService)}.{rpc}, found {implementations.Count} (not implemented: the base answers UNIMPLEMENTED).");
        var method = implementations[0];
        Assert.True(method.GetBaseDefinition().DeclaringType == typeof(MeetingsService.MeetingsServiceBase),
            $"{rpc}: {nameof(MeetingsGrpcService)}.{rpc} does not override {nameof(MeetingsService.MeetingsServiceBase)}.{rpc}.");

        var attributes = method.GetCustomAttributes(inherit: true);
        var access = attributes.OfType<RequiresAccessAttribute>().ToList();
        Assert.True(access.Count == 1, $"{rpc}: has {access.Count} [RequiresAccess] attributes, expected exactly one ([RequiresAccess('{expected}')]).");
        Assert.True(access[0].Access == expected, $"{rpc}: declares [RequiresAccess('{access[0].Access}')], expected '{expected}'.");
        Assert.True(access[0].Policy == RequiresAccessAttribute.PolicyName(expected), $"{rpc}: its attribute names policy '{access[0].Policy}'.");
        Assert.True(attributes.OfType<IAuthorizeData>().Count() == 1, $"{rpc}: has authorization attributes besides [RequiresAccess].");
        Assert.False(attributes.OfType<IAllowAnonymous>().Any(), $"{rpc}: allows anonymous calls.");
    }

    [Fact]
    public void Service_class_declares_no_authorization_that_would_override_its_rpcs()
    {
        var attributes = typeof(MeetingsGrpcService).GetCustomAttributes(inherit: true);
        Assert.Empty(attributes.OfType<IAllowAnonymous>());
        Assert.Empty(attributes.OfType<IAuthorizeData>());
    }

    [Fact]
    public void Declared_levels_admit_exactly_the_roles_expected_to_have_them()
    {
        AuthorizationAssert.LevelsAdmitExactly([.. MeetingsAccess.Levels, .. PlatformAccess.Levels], AuthorizationExpectations.RoleAccess, MeetingsRoles.All);
    }
}

/// <summary>
/// Every RPC × every caller through the real host: each role alone (for every body), a secretariat of
/// another body, a member of the body, and no, expired and wrong-audience tokens. An allowed call
/// succeeds; a refusal by role is PERMISSION_DENIED ROLE_REQUIRED (governance.security); a secretariat
/// changing a body it does not serve is PERMISSION_DENIED BODY_NOT_SERVED (governance.meetings); a
/// missing or invalid token is UNAUTHENTICATED. A refused change leaves the resource as it was. The
/// whole matrix runs over gRPC and again over HTTP/JSON.
/// </summary>
public abstract class AuthorizationMatrixTests(IAuthorizationHost host) : ApiTestBase(host)
{
    private readonly IAuthorizationHost server = host;

    public enum Outcome
    {
        Allowed,
        RoleRequired,
        BodyNotServed,
        Unauthenticated,
    }

    /// <summary>Each role alone for every body, then the scoped callers and the refused tokens.</summary>
    public static IReadOnlyList<string> Callers => [.. MeetingsRoles.All, SecretariatOfAnotherBody, BodyMemberOfTheBody, NoToken, ExpiredToken, WrongAudience];

    /// <summary>Every RPC of the contract (not of the table: an RPC missing there fails its cells) × every caller.</summary>
    public static TheoryData<string, string> Cells
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var rpc in MeetingsService.Descriptor.Methods)
            {
                foreach (var caller in Callers)
                {
                    data.Add(rpc.Name, caller);
                }
            }
            return data;
        }
    }

    /// <summary>The expected answer, from the hand-written tables.</summary>
    public static Outcome Expected(string rpc, string caller)
    {
        var access = AuthorizationExpectations.AccessOf(rpc);
        return caller switch
        {
            NoToken or ExpiredToken or WrongAudience => Outcome.Unauthenticated,
            // The role admits the call; the service then refuses a change to a body the secretariat does not serve.
            SecretariatOfAnotherBody => !AuthorizationExpectations.RoleHas("secretariat", access) ? Outcome.RoleRequired
                : access == MeetingsAccess.Manage ? Outcome.BodyNotServed : Outcome.Allowed,
            BodyMemberOfTheBody => AuthorizationExpectations.RoleHas("body_member", access) ? Outcome.Allowed : Outcome.RoleRequired,
            _ => AuthorizationExpectations.RoleHas(caller, access) ? Outcome.Allowed : Outcome.RoleRequired,
        };
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Rpc_as_caller_is_allowed_or_refused_as_expected(string rpc, string caller) => CellAsync(rpc, caller, overHttpJson: false);

    /// <summary>The same matrix over HTTP/JSON (the google.api.http paths): the same policies, the same refusals.</summary>
    [Theory]
    [MemberData(nameof(Cells))]
    public Task Rpc_as_caller_over_http_json_is_allowed_or_refused_as_expected(string rpc, string caller) => CellAsync(rpc, caller, overHttpJson: true);

    private async Task CellAsync(string rpc, string caller, bool overHttpJson)
    {
        var expected = Expected(rpc, caller);
        var fixtures = await server.SharedAsync(CreateReadFixturesAsync);
        var arranged = await ArrangeAsync(rpc, fixtures);
        var context = $"{rpc} as {caller} on {server.Store}{(overHttpJson ? " over HTTP/JSON" : "")} (expected {expected})";
        using var channel = AuthorizationCallers.Channel(server.Server, caller, arranged.BodyId, fixtures.OtherBody);
        using var json = new HttpJsonCallInvoker(server.Server.HttpAddress,
            AuthorizationCallers.Token(server.Server.Tokens!, caller, arranged.BodyId, fixtures.OtherBody), MeetingsService.Descriptor);
        var client = overHttpJson ? new MeetingsService.MeetingsServiceClient(json) : new MeetingsService.MeetingsServiceClient(channel);
        var before = arranged.State is null ? null : await arranged.State();

        switch (expected)
        {
            case Outcome.Allowed:
                try
                {
                    Assert.NotNull(await arranged.Call(client));
                }
                catch (RpcException ex)
                {
                    Assert.Fail($"{context}: failed with {ex.StatusCode}: {ex.Status.Detail}");
                }
                break;
            case Outcome.RoleRequired:
                var (refusal, _) = await AuthorizationAssert.PermissionDenied(() => arranged.Call(client),
                    AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", context);
                // The message names the roles that would do.
                foreach (var role in AuthorizationExpectations.RoleAccess.Where(r => r.Value.Contains(AuthorizationExpectations.AccessOf(rpc))).Select(r => r.Key))
                {
                    Assert.True(refusal.Status.Detail.Contains(role, StringComparison.Ordinal), $"{context}: the message does not name the role {role}: {refusal.Status.Detail}");
                }
                break;
            case Outcome.BodyNotServed:
                var (_, info) = await AuthorizationAssert.PermissionDenied(() => arranged.Call(client),
                    ApiAssert.Domain, "BODY_NOT_SERVED", context);
                Assert.True(info.Metadata.TryGetValue("body", out var body) && body == $"bodies/{arranged.BodyId}",
                    $"{context}: the ErrorInfo names body '{body}', expected bodies/{arranged.BodyId}.");
                break;
            case Outcome.Unauthenticated:
                await AuthorizationAssert.Unauthenticated(() => arranged.Call(client), context);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rpc), expected, null);
        }

        if (arranged.State is not null)
        {
            var after = await arranged.State();
            if (expected == Outcome.Allowed)
            {
                Assert.True(before != after, $"{context}: the call succeeded but changed nothing.");
            }
            else
            {
                Assert.True(before == after, $"{context}: the call was refused but changed the resource.\nbefore: {before}\nafter:  {after}");
            }
        }
    }

    /// <summary>The fixtures every read uses, made once: a body (and another one) with a planned, a
    /// published and a held meeting; the published one has an open and a closed item with decisions.</summary>
    private sealed record ReadFixtures(string Body, string OtherBody, Meeting Planned, Meeting Published, Meeting Held,
        AgendaItem OpenItem, AgendaItem ClosedItem, Decision OpenDecision);

    /// <summary>A call as some caller, the body it concerns, and for a change a snapshot of what it changes (read as the default caller).</summary>
    private sealed record Arranged(string BodyId, Func<MeetingsService.MeetingsServiceClient, Task<IMessage>> Call, Func<Task<string>>? State = null);

    private async Task<ReadFixtures> CreateReadFixturesAsync()
    {
        var body = await CreateBodyAsync(bodyId: UniqueId("authz"));
        var other = await CreateBodyAsync("Hovedudvalget", bodyId: UniqueId("other"));

        var planned = await ScheduleAsync(body, Local(2017, 3, 2));
        await AddItemAsync(planned);

        var published = await ScheduleAsync(body, Local(2017, 3, 9));
        var open = await AddItemAsync(published, "Befolkningsprognose 2017-29", journalNumber: "16/26764");
        var closed = await AddItemAsync(published, "Personalesag", ItemKind.Closed, "16/26739",
            i => i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = "Fortroligt." }));
        published = await PublishAsync(published);
        var openDecision = await DecideAsync(open, DecisionOutcome.Noted, "Taget til efterretning.");
        await DecideAsync(closed, DecisionOutcome.Approved, "Godkendt.");

        var held = await ScheduleAsync(body, Local(2017, 3, 16));
        var heldItem = await AddItemAsync(held);
        await PublishAsync(held);
        await DecideAsync(heldItem);
        held = await HoldAsync(held);

        return new ReadFixtures(Id(body), Id(other), planned, published, held, open, closed, openDecision);
    }

    private static string Id(Body body) => body.Name["bodies/".Length..];

    private static Func<MeetingsService.MeetingsServiceClient, Task<IMessage>> Rpc<T>(Func<MeetingsService.MeetingsServiceClient, AsyncUnaryCall<T>> call)
        where T : IMessage => async client =>
        {
            using var pending = call(client);
            return await pending.ResponseAsync;
        };

    private static string Json(IMessage message) => JsonFormatter.Default.Format(message);

    private static FieldMask Mask(string path) => new() { Paths = { path } };

    /// <summary>A request for <paramref name="rpc"/> that succeeds for a caller allowed to make it: reads
    /// use the shared fixtures, each change gets a fresh body with a meeting in the state it needs.</summary>
    private async Task<Arranged> ArrangeAsync(string rpc, ReadFixtures f)
    {
        var ct = Ct;
        switch (rpc)
        {
            case "GetBody":
                return new(f.Body, Rpc(c => c.GetBodyAsync(new GetBodyRequest { Name = $"bodies/{f.Body}" }, cancellationToken: ct)));
            case "ListBodies":
                return new(f.Body, Rpc(c => c.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: ct)));
            case "GetMeeting":
                return new(f.Body, Rpc(c => c.GetMeetingAsync(new GetMeetingRequest { Name = f.Planned.Name }, cancellationToken: ct)));
            case "ListMeetings":
                return new(f.Body, Rpc(c => c.ListMeetingsAsync(new ListMeetingsRequest { Body = $"bodies/{f.Body}" }, cancellationToken: ct)));
            case "GetMinutes":
                return new(f.Body, Rpc(c => c.GetMinutesAsync(new GetMinutesRequest { Meeting = f.Held.Name, Audience = Audience.Public }, cancellationToken: ct)));
            case "RenderMinutes":
                return new(f.Body, Rpc(c => c.RenderMinutesAsync(new RenderMinutesRequest { Meeting = f.Held.Name, Audience = Audience.Public, Format = MinutesFormat.Html }, cancellationToken: ct)));
            case "GetAgendaItem":
                return new(f.Body, Rpc(c => c.GetAgendaItemAsync(new GetAgendaItemRequest { Name = f.ClosedItem.Name }, cancellationToken: ct)));
            case "ListAgendaItems":
                return new(f.Body, Rpc(c => c.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = f.Published.Name }, cancellationToken: ct)));
            case "GetDecision":
                return new(f.Body, Rpc(c => c.GetDecisionAsync(new GetDecisionRequest { Name = f.OpenDecision.Name }, cancellationToken: ct)));
            case "ListDecisions":
                return new(f.Body, Rpc(c => c.ListDecisionsAsync(new ListDecisionsRequest { Parent = f.OpenItem.Name }, cancellationToken: ct)));
            case "ListAuditEntries":
                return new(f.Body, Rpc(c => c.ListAuditEntriesAsync(new ListAuditEntriesRequest(), cancellationToken: ct)));
            case "CreateBody":
            {
                var id = UniqueId("authz");
                return new(id,
                    Rpc(c => c.CreateBodyAsync(new CreateBodyRequest { BodyId = id, Body = new Body { DisplayName = "Direktionen", ShortName = "DIR" } }, cancellationToken: ct)),
                    () => BodyStateAsync(id));
            }
            default:
                break;
        }

        var body = await CreateBodyAsync(bodyId: UniqueId("authz"));
        var bodyId = Id(body);
        switch (rpc)
        {
            case "UpdateBody":
                return new(bodyId,
                    Rpc(c => c.UpdateBodyAsync(new UpdateBodyRequest { Body = new Body { Name = body.Name, UsualRoom = "Mødelokale C201" }, UpdateMask = Mask("usual_room") }, cancellationToken: ct)),
                    () => BodyStateAsync(bodyId));
            case "ImportMeeting":
                return new(bodyId,
                    Rpc(c => c.ImportMeetingAsync(new ImportMeetingRequest
                    {
                        Body = body.Name,
                        Start = Local(2017, 3, 9),
                        Items =
                        {
                            new ImportedItem
                            {
                                Title = "Regnskab 2016 (Direktionen)",
                                JournalNumber = "16/25345",
                                Decisions = { new ImportedDecision { MeetingDate = Date(2017, 3, 9), Outcome = DecisionOutcome.Approved, Text = "Godkendt." } },
                            },
                        },
                        Source = "direktionen-2017-03-09.txt",
                    }, cancellationToken: ct)),
                    async () => Json(await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, ShowCancelled = true }, cancellationToken: ct)));
            case "ScheduleMeeting":
                return new(bodyId,
                    Rpc(c => c.ScheduleMeetingAsync(new ScheduleMeetingRequest { Meeting = new Meeting { Body = body.Name, Start = Local(2017, 4, 6) } }, cancellationToken: ct)),
                    async () => Json(await Client.ListMeetingsAsync(new ListMeetingsRequest { Body = body.Name, ShowCancelled = true }, cancellationToken: ct)));
            default:
                break;
        }

        var meeting = await ScheduleAsync(body);
        Func<Task<string>> meetingState = async () => Json(await GetMeetingAsync(meeting.Name));
        Func<Task<string>> itemsState = async () => Json(await Client.ListAgendaItemsAsync(new ListAgendaItemsRequest { Parent = meeting.Name }, cancellationToken: ct));
        switch (rpc)
        {
            case "UpdateMeeting":
                return new(bodyId,
                    Rpc(c => c.UpdateMeetingAsync(new UpdateMeetingRequest { Meeting = new Meeting { Name = meeting.Name, Title = "Ekstraordinært møde" }, UpdateMask = Mask("title"), Etag = meeting.Etag }, cancellationToken: ct)),
                    meetingState);
            case "CancelMeeting":
                return new(bodyId,
                    Rpc(c => c.CancelMeetingAsync(new CancelMeetingRequest { Name = meeting.Name, Reason = "Aflyst pga. ferie", Etag = meeting.Etag }, cancellationToken: ct)),
                    meetingState);
            case "AddAgendaItem":
                return new(bodyId,
                    Rpc(c => c.AddAgendaItemAsync(new AddAgendaItemRequest { Parent = meeting.Name, Item = NewItem() }, cancellationToken: ct)),
                    itemsState);
            default:
                break;
        }

        var item = await AddItemAsync(meeting);
        switch (rpc)
        {
            case "PublishAgenda":
                return new(bodyId, Rpc(c => c.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name }, cancellationToken: ct)), meetingState);
            case "UpdateAgendaItem":
                return new(bodyId,
                    Rpc(c => c.UpdateAgendaItemAsync(new UpdateAgendaItemRequest { Item = new AgendaItem { Name = item.Name, Title = "Regnskab 2016 (revideret)" }, UpdateMask = Mask("title"), Etag = item.Etag }, cancellationToken: ct)),
                    async () => Json(await GetItemAsync(item.Name)));
            case "ReorderAgendaItems":
            {
                var second = await AddItemAsync(meeting, "Befolkningsprognose 2017-29", journalNumber: "16/26764");
                return new(bodyId,
                    Rpc(c => c.ReorderAgendaItemsAsync(new ReorderAgendaItemsRequest { Parent = meeting.Name, Items = { second.Name, item.Name } }, cancellationToken: ct)),
                    itemsState);
            }
            case "RemoveAgendaItem":
            {
                var second = await AddItemAsync(meeting, "Befolkningsprognose 2017-29", journalNumber: "16/26764");
                return new(bodyId,
                    Rpc(c => c.RemoveAgendaItemAsync(new RemoveAgendaItemRequest { Name = second.Name, Etag = second.Etag }, cancellationToken: ct)),
                    itemsState);
            }
            default:
                break;
        }

        await PublishAsync(meeting);
        switch (rpc)
        {
            case "MarkMeetingHeld":
                return new(bodyId, Rpc(c => c.MarkMeetingHeldAsync(new MarkMeetingHeldRequest { Name = meeting.Name }, cancellationToken: ct)), meetingState);
            case "ApproveMinutes":
                await HoldAsync(meeting);
                return new(bodyId, Rpc(c => c.ApproveMinutesAsync(new ApproveMinutesRequest { Name = meeting.Name }, cancellationToken: ct)), meetingState);
            case "RecordDecision":
                return new(bodyId,
                    Rpc(c => c.RecordDecisionAsync(new RecordDecisionRequest { Parent = item.Name, Decision = new Decision { Outcome = DecisionOutcome.Approved, Text = "Godkendt." } }, cancellationToken: ct)),
                    async () => Json(await Client.ListDecisionsAsync(new ListDecisionsRequest { Parent = item.Name }, cancellationToken: ct)));
            case "UpdateDecision":
            {
                var decision = await DecideAsync(item);
                return new(bodyId,
                    Rpc(c => c.UpdateDecisionAsync(new UpdateDecisionRequest { Decision = new Decision { Name = decision.Name, Text = "Godkendt med bemærkninger." }, UpdateMask = Mask("text"), Etag = decision.Etag }, cancellationToken: ct)),
                    async () => Json(await GetDecisionAsync(decision.Name)));
            }
            default:
                throw new InvalidOperationException($"{rpc}: the matrix has no request for this RPC; add one to {nameof(ArrangeAsync)}.");
        }
    }

    /// <summary>The body as the default caller reads it, or "absent".</summary>
    private async Task<string> BodyStateAsync(string id)
    {
        try
        {
            return Json(await Client.GetBodyAsync(new GetBodyRequest { Name = $"bodies/{id}" }, cancellationToken: Ct));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return "absent";
        }
    }
}

public sealed class AuthorizationMatrixSqliteTests(SqliteAuthorizationHost host) : AuthorizationMatrixTests(host), IClassFixture<SqliteAuthorizationHost>;

public sealed class AuthorizationMatrixPostgresTests(PostgresAuthorizationHost host) : AuthorizationMatrixTests(host), IClassFixture<PostgresAuthorizationHost>;
