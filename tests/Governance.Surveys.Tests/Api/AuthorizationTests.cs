using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Governance.Audit.V1;
using Governance.Surveys.Domain;
using Governance.Surveys.Grpc;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Net.Client;

namespace Governance.Surveys.Tests.Api;

/// <summary>What every Surveys RPC needs, written out by hand (not read from the service).</summary>
public static class SurveysAuthorizationExpectations
{
    public static readonly IReadOnlyDictionary<string, string> RpcAccess = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ImportOrganisation"] = SurveysAccess.Manage,
        ["GetOrganisationVersion"] = SurveysAccess.Read,
        ["ListOrganisationVersions"] = SurveysAccess.Read,
        ["GetUnit"] = SurveysAccess.Read,
        ["ListUnits"] = SurveysAccess.Read,
        ["GetManager"] = SurveysAccess.Read,
        ["ListManagers"] = SurveysAccess.Read,
        ["CreateInstrument"] = SurveysAccess.Manage,
        ["GetInstrument"] = SurveysAccess.Read,
        ["ListInstruments"] = SurveysAccess.Read,
        ["UpdateInstrument"] = SurveysAccess.Manage,
        ["CreateActionPlanItem"] = SurveysAccess.Plan,
        ["GetActionPlanItem"] = SurveysAccess.Results,
        ["ListActionPlanItems"] = SurveysAccess.Results,
        ["UpdateActionPlanItem"] = SurveysAccess.Plan,
        ["ListAuditEntries"] = PlatformAccess.Audit,
    };

    public static readonly IReadOnlyDictionary<string, string[]> RoleAccess = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["hr"] = [SurveysAccess.Read, SurveysAccess.Manage, SurveysAccess.Results, SurveysAccess.Plan],
        ["manager"] = [SurveysAccess.Read, SurveysAccess.Results, SurveysAccess.Plan],
        ["work_environment_group"] = [SurveysAccess.Read, SurveysAccess.Results, SurveysAccess.Plan],
        ["executive"] = [SurveysAccess.Read, SurveysAccess.Results],
        ["auditor"] = [PlatformAccess.Audit],
        ["service"] = [SurveysAccess.Read],
    };

    public static string AccessOf(string rpc)
    {
        Assert.True(RpcAccess.TryGetValue(rpc, out var access), $"{rpc} is an RPC of SurveysService without an expected access; add it.");
        return access;
    }

    public static bool RoleHas(string role, string access) => RoleAccess[role].Contains(access);
}

/// <summary>The callers of the Surveys matrix: each role alone, and three tokens the host refuses.</summary>
public static class SurveyCallers
{
    public const string NoToken = "no_token";
    public const string ExpiredToken = "expired_token";
    public const string WrongAudience = "wrong_audience";

    public static IReadOnlyList<string> All => [.. SurveysRoles.All, NoToken, ExpiredToken, WrongAudience];

    public static GrpcChannel Channel(GovernanceTestHost host, string caller)
    {
        var tokens = host.Tokens ?? throw new InvalidOperationException("The host has no token issuer.");
        string? token = caller switch
        {
            NoToken => null,
            ExpiredToken => tokens.Issue("authz-expired", SurveysRoles.All, [], TimeSpan.FromHours(1), DateTime.UtcNow.AddHours(-10)),
            WrongAudience => tokens.Issue("authz-wrong-audience", SurveysRoles.All, [], audience: "someone-else"),
            _ => tokens.Issue($"authz-{caller}", [caller], []),
        };
        return host.CreateChannel(token);
    }
}

public sealed class SurveysAuthorizationPolicyTests
{
    [Fact]
    public void Every_rpc_has_an_expected_access_and_declares_exactly_it()
    {
        var rpcs = SurveysService.Descriptor.Methods.Select(m => m.Name).ToList();
        Assert.Equal(rpcs.Order(StringComparer.Ordinal), SurveysAuthorizationExpectations.RpcAccess.Keys.Order(StringComparer.Ordinal));
        var problems = new List<string>();
        foreach (var rpc in rpcs)
        {
            var method = typeof(SurveysGrpcService).GetMethods().SingleOrDefault(m => m.Name == rpc && m.DeclaringType == typeof(SurveysGrpcService));
            if (method is null)
            {
                problems.Add($"{rpc} has no handler in SurveysGrpcService (it answers UNIMPLEMENTED, behind the fallback policy only)");
                continue;
            }
            var declared = method.GetCustomAttributes(true).OfType<RequiresAccessAttribute>().Select(a => a.Access).ToList();
            var expected = SurveysAuthorizationExpectations.AccessOf(rpc);
            if (declared.Count != 1 || declared[0] != expected)
            {
                problems.Add($"{rpc} declares [{string.Join(", ", declared)}], expected {expected}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Declared_levels_admit_exactly_the_roles_expected_to_have_them()
    {
        AuthorizationAssert.LevelsAdmitExactly([.. SurveysAccess.Levels, .. PlatformAccess.Levels], SurveysAuthorizationExpectations.RoleAccess, SurveysRoles.All);
        Assert.Equal([SurveysRoles.Hr], SurveysAccess.Levels.Single(l => l.Name == SurveysAccess.Manage).Roles);
    }
}

/// <summary>
/// Every Surveys RPC × every caller through the real host: an allowed call succeeds (and a change changes
/// something); a refusal by role is PERMISSION_DENIED ROLE_REQUIRED (governance.security) naming the roles
/// that would do, and changes nothing; a missing, expired or wrong-audience token is UNAUTHENTICATED.
/// </summary>
public abstract class SurveysAuthorizationMatrixTests(IAuthorizationHost host) : SurveysApiTestBase(host)
{
    private readonly IAuthorizationHost server = host;

    public enum Outcome
    {
        Allowed,
        RoleRequired,
        Unauthenticated,
    }

    public static TheoryData<string, string> Cells
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var rpc in SurveysService.Descriptor.Methods)
            {
                foreach (var caller in SurveyCallers.All)
                {
                    data.Add(rpc.Name, caller);
                }
            }
            return data;
        }
    }

    public static Outcome Expected(string rpc, string caller) => caller switch
    {
        SurveyCallers.NoToken or SurveyCallers.ExpiredToken or SurveyCallers.WrongAudience => Outcome.Unauthenticated,
        _ => SurveysAuthorizationExpectations.RoleHas(caller, SurveysAuthorizationExpectations.AccessOf(rpc)) ? Outcome.Allowed : Outcome.RoleRequired,
    };

    /// <summary>What the calls read or change: an organisation version and an instrument of their own.</summary>
    private sealed record Fixtures(OrganisationVersion Version, Instrument Instrument);

    private async Task<Fixtures> FixturesAsync() => new(await ImportAsync(Sample.Of()), await CopyAsync());

    /// <summary>What a change may touch, read as the default caller (every role).</summary>
    private async Task<string> StateAsync()
    {
        var versions = await Client.ListOrganisationVersionsAsync(new ListOrganisationVersionsRequest { PageSize = 200 }, cancellationToken: Ct);
        var instruments = await Client.ListInstrumentsAsync(new ListInstrumentsRequest { PageSize = 200 }, cancellationToken: Ct);
        return $"{JsonFormatter.Default.Format(versions)}\n{JsonFormatter.Default.Format(instruments)}";
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Rpc_as_caller_is_allowed_or_refused_as_expected(string rpc, string caller)
    {
        var expected = Expected(rpc, caller);
        var isChange = SurveysAuthorizationExpectations.AccessOf(rpc) == SurveysAccess.Manage;
        // Reads share one set of fixtures; each change gets its own, so the cells do not depend on each other.
        var f = isChange ? await FixturesAsync() : await server.SharedAsync(FixturesAsync);
        var context = $"{rpc} as {caller} on {server.Store} (expected {expected})";
        using var channel = SurveyCallers.Channel(server.Server, caller);
        var client = new SurveysService.SurveysServiceClient(channel);
        var before = isChange ? await StateAsync() : null;

        switch (expected)
        {
            case Outcome.Allowed:
                try
                {
                    Assert.NotNull(await Call(rpc, f)(client));
                }
                catch (RpcException ex)
                {
                    Assert.Fail($"{context}: failed with {ex.StatusCode}: {ex.Status.Detail}");
                }
                break;
            case Outcome.RoleRequired:
                var (refusal, _) = await AuthorizationAssert.PermissionDenied(() => Call(rpc, f)(client), AuthorizationAssert.SecurityDomain, "ROLE_REQUIRED", context);
                foreach (var role in SurveysAuthorizationExpectations.RoleAccess.Where(r => r.Value.Contains(SurveysAuthorizationExpectations.AccessOf(rpc))).Select(r => r.Key))
                {
                    Assert.True(refusal.Status.Detail.Contains(role, StringComparison.Ordinal), $"{context}: the message does not name the role {role}: {refusal.Status.Detail}");
                }
                break;
            case Outcome.Unauthenticated:
                await AuthorizationAssert.Unauthenticated(() => Call(rpc, f)(client), context);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rpc), expected, null);
        }

        if (before is not null)
        {
            var after = await StateAsync();
            if (expected == Outcome.Allowed)
            {
                Assert.True(before != after, $"{context}: the call succeeded but changed nothing.");
            }
            else
            {
                Assert.True(before == after, $"{context}: the call was refused but changed something.\nbefore: {before}\nafter:  {after}");
            }
        }
    }

    private static Func<SurveysService.SurveysServiceClient, Task<IMessage>> Call(string rpc, Fixtures f)
    {
        var ct = Ct;
        var version = f.Version.Name;
        return rpc switch
        {
            "ImportOrganisation" => async x => await x.ImportOrganisationAsync(Sample.Of(workplaces: 1).Request(), cancellationToken: ct),
            "GetOrganisationVersion" => async x => await x.GetOrganisationVersionAsync(new GetOrganisationVersionRequest { Name = version }, cancellationToken: ct),
            "ListOrganisationVersions" => async x => await x.ListOrganisationVersionsAsync(new ListOrganisationVersionsRequest(), cancellationToken: ct),
            "GetUnit" => async x => await x.GetUnitAsync(new GetUnitRequest { Name = $"{version}/units/odc" }, cancellationToken: ct),
            "ListUnits" => async x => await x.ListUnitsAsync(new ListUnitsRequest { Parent = version }, cancellationToken: ct),
            "GetManager" => async x => await x.GetManagerAsync(new GetManagerRequest { Name = $"{version}/managers/kd" }, cancellationToken: ct),
            "ListManagers" => async x => await x.ListManagersAsync(new ListManagersRequest { Parent = version }, cancellationToken: ct),
            "CreateInstrument" => async x => await x.CreateInstrumentAsync(new CreateInstrumentRequest
            {
                Instrument = new Instrument { DisplayName = "Social kapital 2017" },
                SourceInstrument = SurveyNames.Instrument(InstrumentTemplates.SocialCapitalId),
            }, cancellationToken: ct),
            "GetInstrument" => async x => await x.GetInstrumentAsync(new GetInstrumentRequest { Name = f.Instrument.Name }, cancellationToken: ct),
            "ListInstruments" => async x => await x.ListInstrumentsAsync(new ListInstrumentsRequest(), cancellationToken: ct),
            "UpdateInstrument" => async x => await x.UpdateInstrumentAsync(new UpdateInstrumentRequest
            {
                Instrument = new Instrument { Name = f.Instrument.Name, DisplayName = "APV- og trivselsundersøgelse 2017" },
                UpdateMask = new FieldMask { Paths = { "display_name" } },
                Etag = f.Instrument.Etag,
            }, cancellationToken: ct),
            "ListAuditEntries" => async x => await x.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = f.Instrument.Name }, cancellationToken: ct),
            _ => throw new InvalidOperationException($"{rpc}: the matrix has no request for this RPC; add one."),
        };
    }
}

public sealed class SurveysAuthorizationMatrixSqliteTests(SqliteAuthorizationHost host) : SurveysAuthorizationMatrixTests(host), IClassFixture<SqliteAuthorizationHost>;

public sealed class SurveysAuthorizationMatrixPostgresTests(PostgresAuthorizationHost host) : SurveysAuthorizationMatrixTests(host), IClassFixture<PostgresAuthorizationHost>;
