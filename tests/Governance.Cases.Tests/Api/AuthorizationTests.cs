using Google.Protobuf;
using Governance.Audit.V1;
using Governance.Cases.Grpc;
using Governance.Cases.Security;
using Governance.Cases.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Cases.Tests.Api;

/// <summary>What every Cases RPC needs, written out by hand.</summary>
public static class CasesAuthorizationExpectations
{
    public static readonly IReadOnlyDictionary<string, string> RpcAccess = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CreateCase"] = CasesAccess.Manage,
        ["GetCase"] = CasesAccess.Read,
        ["ListCases"] = CasesAccess.Read,
        ["UpdateCase"] = CasesAccess.Manage,
        ["ChangeCaseStatus"] = CasesAccess.Manage,
        ["AddCaseDocument"] = CasesAccess.Manage,
        ["ListCaseDocuments"] = CasesAccess.Read,
        ["AddCaseNote"] = CasesAccess.Manage,
        ["ListCaseTimeline"] = CasesAccess.Read,
        ["SearchCases"] = CasesAccess.Read,
        ["ListAuditEntries"] = PlatformAccess.Audit,
    };

    public static readonly IReadOnlyDictionary<string, string[]> RoleAccess = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["secretariat"] = [CasesAccess.Read],
        ["body_member"] = [CasesAccess.Read],
        ["case_handler"] = [CasesAccess.Read, CasesAccess.Manage],
        ["employee_reader"] = [CasesAccess.Read],
        ["auditor"] = [PlatformAccess.Audit],
        ["service"] = [CasesAccess.Read],
    };

    public static string AccessOf(string rpc)
    {
        Assert.True(RpcAccess.TryGetValue(rpc, out var access), $"{rpc} is an RPC of CasesService without an expected access; add it.");
        return access;
    }
}

/// <summary>The callers of the Cases matrix: each role alone for every unit, a case handler of
/// another unit, and three tokens the host refuses.</summary>
public static class CaseCallers
{
    public const string CaseHandlerOfAnotherUnit = "case_handler_of_another_unit";
    public const string NoToken = "no_token";
    public const string ExpiredToken = "expired_token";
    public const string WrongAudience = "wrong_audience";

    public static IReadOnlyList<string> All => [.. CasesRoles.All, CaseHandlerOfAnotherUnit, NoToken, ExpiredToken, WrongAudience];

    public static GrpcChannel Channel(GovernanceTestHost host, string caller) => host.CreateChannel(Token(host, caller));

    /// <summary>The token of <paramref name="caller"/>, or null for <see cref="NoToken"/>.</summary>
    public static string? Token(GovernanceTestHost host, string caller)
    {
        var tokens = host.Tokens ?? throw new InvalidOperationException("The host has no token issuer.");
        return caller switch
        {
            CaseHandlerOfAnotherUnit => tokens.Issue("authz-handler-elsewhere", [CasesRoles.CaseHandler], [CasesClaims.ForUnits("ANDEN-ENHED")]),
            NoToken => null,
            ExpiredToken => tokens.Issue("authz-expired", CasesRoles.All, [CasesClaims.ForUnits(Caller.Everything)], TimeSpan.FromHours(1), DateTime.UtcNow.AddHours(-10)),
            WrongAudience => tokens.Issue("authz-wrong-audience", CasesRoles.All, [CasesClaims.ForUnits(Caller.Everything)], audience: "someone-else"),
            _ => tokens.Issue($"authz-{caller}", [caller], [CasesClaims.ForUnits(Caller.Everything)]),
        };
    }
}

public sealed class CasesAuthorizationPolicyTests
{
    [Fact]
    public void Every_rpc_has_an_expected_access_and_declares_exactly_it()
    {
        var rpcs = CasesService.Descriptor.Methods.Select(m => m.Name).ToList();
        Assert.Equal(rpcs.Order(StringComparer.Ordinal), CasesAuthorizationExpectations.RpcAccess.Keys.Order(StringComparer.Ordinal));
        foreach (var rpc in rpcs)
        {
            var method = Assert.Single(typeof(CasesGrpcService).GetMethods(), m => m.Name == rpc && m.DeclaringType == typeof(CasesGrpcService));
            var access = Assert.Single(method.GetCustomAttributes(true).OfType<RequiresAccessAttribute>());
            Assert.True(access.Access == CasesAuthorizationExpectations.AccessOf(rpc), $"{rpc} declares {access.Access}");
        }
    }

    [Fact]
    public void Declared_levels_admit_exactly_the_roles_expected_to_have_them()
    {
        AuthorizationAssert.LevelsAdmitExactly([.. CasesAccess.Levels, .. PlatformAccess.Levels], CasesAuthorizationExpectations.RoleAccess, CasesRoles.All);
        Assert.Equal([CasesRoles.CaseHandler], CasesAccess.Levels.Single(l => l.Name == CasesAccess.Manage).Roles);
    }
}

/// <summary>Every Cases RPC × every caller through the real host. Every cell is asked over gRPC and over
/// HTTP/JSON with the same expectation; a refused change leaves the case as it was.</summary>
public abstract class CasesAuthorizationMatrixTests(IAuthorizationHost host) : CasesApiTestBase(host)
{
    private readonly IAuthorizationHost server = host;

    public static TheoryData<string, string> Cells
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var rpc in CasesService.Descriptor.Methods)
            {
                foreach (var caller in CaseCallers.All)
                {
                    data.Add(rpc.Name, caller);
                }
            }
            return data;
        }
    }

    private sealed record Fixtures(string Unit, Case Case);

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Rpc_as_caller_is_allowed_or_refused_as_expected(string rpc, string caller) => CellAsync(rpc, caller, overHttpJson: false);

    /// <summary>The same matrix over HTTP/JSON (the google.api.http paths): the same policies, the same refusals.</summary>
    [Theory]
    [MemberData(nameof(Cells))]
    public Task Rpc_as_caller_over_http_json_is_allowed_or_refused_as_expected(string rpc, string caller) => CellAsync(rpc, caller, overHttpJson: true);

    private async Task CellAsync(string rpc, string caller, bool overHttpJson)
    {
        var access = CasesAuthorizationExpectations.AccessOf(rpc);
        var f = await server.SharedAsync(async () =>
        {
            var unit = UniqueUnit("AUTHZ");
            return new Fixtures(unit, await CreateCaseAsync(unit));
        });
        // Changes get a fresh case each, so they do not depend on each other.
        var target = access == CasesAccess.Manage && rpc != "CreateCase" ? await CreateCaseAsync(f.Unit) : f.Case;
        // CreateCase gets a unit of its own, so its before and after are the whole (short) list of that unit.
        var unit = rpc == "CreateCase" ? UniqueUnit("AUTHZ") : f.Unit;
        using var channel = CaseCallers.Channel(server.Server, caller);
        using var json = new HttpJsonCallInvoker(server.Server.HttpAddress, CaseCallers.Token(server.Server, caller), CasesService.Descriptor);
        var client = overHttpJson ? new CasesService.CasesServiceClient(json) : new CasesService.CasesServiceClient(channel);
        var call = Call(rpc, target, unit);
        var context = $"{rpc} as {caller} on {server.Store}{(overHttpJson ? " over HTTP/JSON" : "")}";
        var isChange = access == CasesAccess.Manage;
        var before = isChange ? await StateOfAsync(rpc, target, unit) : null;
        var allowed = false;

        if (caller is CaseCallers.NoToken or CaseCallers.ExpiredToken or CaseCallers.WrongAudience)
        {
            await AuthorizationAssert.Unauthenticated(() => call(client), context);
        }
        else if (caller == CaseCallers.CaseHandlerOfAnotherUnit && access == CasesAccess.Manage)
        {
            await AuthorizationAssert.PermissionDenied(() => call(client), CasesErrorDomain.Domain, "UNIT_NOT_SERVED", context);
        }
        else if (CasesAuthorizationExpectations.RoleAccess[caller == CaseCallers.CaseHandlerOfAnotherUnit ? CasesRoles.CaseHandler : caller].Contains(access))
        {
            allowed = true;
            try
            {
                Assert.NotNull(await call(client));
            }
            catch (RpcException ex)
            {
                Assert.Fail($"{context}: failed with {ex.StatusCode}: {ex.Status.Detail}");
            }
        }
        else
        {
            await AuthorizationAssert.PermissionDenied(() => call(client), AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", context);
        }

        if (before is not null)
        {
            var after = await StateOfAsync(rpc, target, unit);
            if (allowed)
            {
                Assert.True(before != after, $"{context}: the call succeeded but changed nothing.");
            }
            else
            {
                Assert.True(before == after, $"{context}: the call was refused but changed the case.\nbefore: {before}\nafter:  {after}");
            }
        }
    }

    /// <summary>What a change can touch, read by the host's own client: the unit's cases for CreateCase,
    /// else the case with its documents and timeline.</summary>
    private async Task<string> StateOfAsync(string rpc, Case target, string unit)
    {
        if (rpc == "CreateCase")
        {
            return JsonFormatter.Default.Format(await Client.ListCasesAsync(new ListCasesRequest { Unit = unit, PageSize = 200 }, cancellationToken: Ct));
        }
        var documents = await Client.ListCaseDocumentsAsync(new ListCaseDocumentsRequest { Parent = target.Name, PageSize = 200 }, cancellationToken: Ct);
        var timeline = await Client.ListCaseTimelineAsync(new ListCaseTimelineRequest { Parent = target.Name, PageSize = 200 }, cancellationToken: Ct);
        return $"{JsonFormatter.Default.Format(await GetCaseAsync(target.Name))}\n{JsonFormatter.Default.Format(documents)}\n{JsonFormatter.Default.Format(timeline)}";
    }

    private static Func<CasesService.CasesServiceClient, Task<IMessage>> Call(string rpc, Case c, string unit)
    {
        var ct = Ct;
        return rpc switch
        {
            "CreateCase" => async x => await x.CreateCaseAsync(new CreateCaseRequest { Case = NewCase(unit) }, cancellationToken: ct),
            "GetCase" => async x => await x.GetCaseAsync(new GetCaseRequest { Name = c.Name }, cancellationToken: ct),
            "ListCases" => async x => await x.ListCasesAsync(new ListCasesRequest { Unit = unit }, cancellationToken: ct),
            "UpdateCase" => async x => await x.UpdateCaseAsync(new UpdateCaseRequest
            {
                Case = new Case { Name = c.Name, Title = "Ændret titel" },
                UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "title" } },
                Etag = c.Etag,
            }, cancellationToken: ct),
            "ChangeCaseStatus" => async x => await x.ChangeCaseStatusAsync(new ChangeCaseStatusRequest { Name = c.Name, Status = CaseStatus.InProgress, Etag = c.Etag }, cancellationToken: ct),
            "AddCaseDocument" => async x => await x.AddCaseDocumentAsync(new AddCaseDocumentRequest { Parent = c.Name, Document = new CaseDocument { Title = "Bilag" } }, cancellationToken: ct),
            "ListCaseDocuments" => async x => await x.ListCaseDocumentsAsync(new ListCaseDocumentsRequest { Parent = c.Name }, cancellationToken: ct),
            "AddCaseNote" => async x => await x.AddCaseNoteAsync(new AddCaseNoteRequest { Parent = c.Name, Note = new CaseNote { Text = "Notat" } }, cancellationToken: ct),
            "ListCaseTimeline" => async x => await x.ListCaseTimelineAsync(new ListCaseTimelineRequest { Parent = c.Name }, cancellationToken: ct),
            "SearchCases" => async x => await x.SearchCasesAsync(new SearchCasesRequest { Query = "budget", Unit = unit }, cancellationToken: ct),
            "ListAuditEntries" => async x => await x.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = c.Name }, cancellationToken: ct),
            _ => throw new InvalidOperationException($"{rpc}: the matrix has no request for this RPC; add one."),
        };
    }
}

public sealed class CasesAuthorizationMatrixSqliteTests(SqliteAuthorizationHost host) : CasesAuthorizationMatrixTests(host), IClassFixture<SqliteAuthorizationHost>;

public sealed class CasesAuthorizationMatrixPostgresTests(PostgresAuthorizationHost host) : CasesAuthorizationMatrixTests(host), IClassFixture<PostgresAuthorizationHost>;
