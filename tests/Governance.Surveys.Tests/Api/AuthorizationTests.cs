using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Governance.Audit.V1;
using Governance.Surveys.Domain;
using Governance.Surveys.Grpc;
using Governance.Surveys.Lifecycle;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Governance.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;

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
        // HR runs the rounds; a round itself (instruments, units, times, counts of the whole round) is no
        // secret to the readers, who need it to find the results.
        ["CreateRound"] = SurveysAccess.Manage,
        ["GetRound"] = SurveysAccess.Read,
        ["ListRounds"] = SurveysAccess.Read,
        ["UpdateRound"] = SurveysAccess.Manage,
        ["ScheduleRound"] = SurveysAccess.Manage,
        ["OpenRound"] = SurveysAccess.Manage,
        ["CloseRound"] = SurveysAccess.Manage,
        ["ReleaseRound"] = SurveysAccess.Manage,
        // Rates per unit and results are scoped (ResultsScope): not for the service role or the auditor.
        ["ListResponseRates"] = SurveysAccess.Results,
        ["GetGroupResults"] = SurveysAccess.Results,
        ["ListGroupResults"] = SurveysAccess.Results,
        // The same results as ListGroupResults, as a printable report and as CSV: the same level and scope.
        ["RenderResultsReport"] = SurveysAccess.Results,
        ["ExportResultsCsv"] = SurveysAccess.Results,
        // A workplace's own managers and working-environment group only: never HR or the board by role.
        ["ListFreeTextAnswers"] = SurveysAccess.FreeText,
        ["CreateActionPlanItem"] = SurveysAccess.Plan,
        ["GetActionPlanItem"] = SurveysAccess.Results,
        ["ListActionPlanItems"] = SurveysAccess.Results,
        ["UpdateActionPlanItem"] = SurveysAccess.Plan,
        ["ListAuditEntries"] = PlatformAccess.Audit,
    };

    public static readonly IReadOnlyDictionary<string, string[]> RoleAccess = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["hr"] = [SurveysAccess.Read, SurveysAccess.Manage, SurveysAccess.Results, SurveysAccess.Plan],
        ["manager"] = [SurveysAccess.Read, SurveysAccess.Results, SurveysAccess.FreeText, SurveysAccess.Plan],
        ["work_environment_group"] = [SurveysAccess.Read, SurveysAccess.Results, SurveysAccess.FreeText, SurveysAccess.Plan],
        ["executive"] = [SurveysAccess.Read, SurveysAccess.Results],
        ["auditor"] = [PlatformAccess.Audit],
        ["service"] = [SurveysAccess.Read],
    };

    /// <summary>The levels that change something (the matrix compares the state before and after).</summary>
    public static bool IsChange(string rpc) => AccessOf(rpc) is SurveysAccess.Manage or SurveysAccess.Plan;

    public static string AccessOf(string rpc)
    {
        Assert.True(RpcAccess.TryGetValue(rpc, out var access), $"{rpc} is an RPC of SurveysService without an expected access; add it.");
        return access;
    }

    public static bool RoleHas(string role, string access) => RoleAccess[role].Contains(access);
}

/// <summary>The callers of the Surveys matrix: each role alone, and three tokens the host refuses. Every
/// role's token also names the municipal director as its manager_id and every unit as its
/// work_environment_units, so that the role alone decides: a manager or a working-environment group is
/// allowed on every unit, and a role refused is refused although those claims would cover everything.</summary>
public static class SurveyCallers
{
    public const string NoToken = "no_token";
    public const string ExpiredToken = "expired_token";
    public const string WrongAudience = "wrong_audience";

    /// <summary>The municipal director of <see cref="Sample.Of"/>: every unit is below the units she leads.</summary>
    public const string TopManager = "kd";

    public static IReadOnlyList<string> All => [.. SurveysRoles.All, NoToken, ExpiredToken, WrongAudience];

    public static GrpcChannel Channel(GovernanceTestHost host, string caller) => host.CreateChannel(Token(host, caller));

    /// <summary>The bearer token of <paramref name="caller"/> (null: none), for a channel or for HTTP/JSON.</summary>
    public static string? Token(GovernanceTestHost host, string caller)
    {
        var tokens = host.Tokens ?? throw new InvalidOperationException("The host has no token issuer.");
        TokenClaim[] everywhere = [SurveysClaims.ForManager(TopManager), SurveysClaims.ForWorkEnvironmentUnits(Caller.Everything)];
        return caller switch
        {
            NoToken => null,
            ExpiredToken => tokens.Issue("authz-expired", SurveysRoles.All, everywhere, TimeSpan.FromHours(1), DateTime.UtcNow.AddHours(-10)),
            WrongAudience => tokens.Issue("authz-wrong-audience", SurveysRoles.All, everywhere, audience: "someone-else"),
            _ => tokens.Issue($"authz-{caller}", [caller], everywhere),
        };
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
            if (method.GetCustomAttributes(true).OfType<IAllowAnonymous>().Any())
            {
                problems.Add($"{rpc} allows anonymous calls");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(typeof(SurveysGrpcService).GetCustomAttributes(true).OfType<IAllowAnonymous>());
    }

    /// <summary>The respondents' service is the one without a bearer token (the invitation token is the
    /// credential) and declares no access level: a level would ask for a token it never gets.</summary>
    [Fact]
    public void The_answering_service_is_anonymous_and_declares_no_access()
    {
        Assert.NotEmpty(typeof(SurveyAnsweringGrpcService).GetCustomAttributes(true).OfType<IAllowAnonymous>());
        foreach (var rpc in SurveyAnsweringService.Descriptor.Methods)
        {
            var method = typeof(SurveyAnsweringGrpcService).GetMethods().Single(m => m.Name == rpc.Name && m.DeclaringType == typeof(SurveyAnsweringGrpcService));
            Assert.Empty(method.GetCustomAttributes(true).OfType<RequiresAccessAttribute>());
        }
    }

    [Fact]
    public void Declared_levels_admit_exactly_the_roles_expected_to_have_them()
    {
        AuthorizationAssert.LevelsAdmitExactly([.. SurveysAccess.Levels, .. PlatformAccess.Levels], SurveysAuthorizationExpectations.RoleAccess, SurveysRoles.All);
        Assert.Equal([SurveysRoles.Hr], SurveysAccess.Levels.Single(l => l.Name == SurveysAccess.Manage).Roles);
        // Free text is never HR's or the board's by role, however much else they read.
        Assert.DoesNotContain(SurveysRoles.Hr, SurveysAccess.Levels.Single(l => l.Name == SurveysAccess.FreeText).Roles);
        Assert.DoesNotContain(SurveysRoles.Executive, SurveysAccess.Levels.Single(l => l.Name == SurveysAccess.FreeText).Roles);
    }
}

/// <summary>
/// Every Surveys RPC × every caller through the real host: an allowed call succeeds (and a change changes
/// something); a refusal by role is PERMISSION_DENIED ROLE_REQUIRED (governance.security) naming the roles
/// that would do, and changes nothing; a missing, expired or wrong-audience token is UNAUTHENTICATED.
/// The round sweep of this host is stopped (its invitations are sent by the test, <see cref="RoundSweep"/>):
/// a round closed and released by the clock would change the state between a cell's before and after,
/// and a closed round whose release time the test has passed must wait for ReleaseRound.
/// </summary>
public abstract partial class SurveysAuthorizationMatrixTests(IAuthorizationHost host) : SurveysApiTestBase(host)
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

    /// <summary>What the calls read or change: an organisation version and an instrument of their own, and
    /// for the rounds, results and plans a round of another copy of the APV (up to the state the call
    /// needs) with an action plan item when released.</summary>
    private sealed record Fixtures(OrganisationVersion Version, Instrument Instrument, Round? Round = null, ActionPlanItem? Item = null);

    [GeneratedRegex(@"/survey/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    /// <summary>The host's clock (a <see cref="TestClock"/>): rounds are timed from its now, and moved
    /// past a release time.</summary>
    private TestClock Clock => (TestClock)server.Server.App.Services.GetRequiredService<TimeProvider>();

    /// <summary>The employees of ØDC afdeling 1 who answer the shared round: enough for its group to show.</summary>
    private const int Respondents = 5;

    private async Task StopRoundSweepAsync()
    {
        foreach (var sweep in server.Server.App.Services.GetServices<IHostedService>().OfType<RoundSweepService>())
        {
            await sweep.StopAsync(Ct);
        }
    }

    /// <summary>The reads' fixtures: a round released with five answers from ØDC afdeling 1 (one free
    /// text each), so that every read, free text included, has something to show; and an item of its plan.</summary>
    private async Task<Fixtures> ReadFixturesAsync()
    {
        var f = new Fixtures(await ImportAsync(Sample.Of()), await CopyAsync());
        var apv = await CopyAsync(displayName: "APV 2017");
        var run = Guid.NewGuid().ToString("N")[..12];
        var addresses = Enumerable.Range(1, Respondents).Select(i => $"matrix-{run}-{i}@kommune.test").ToList();
        var round = await RoundAsync(apv, RoundState.Released, [.. addresses.Select(a => new Invitee { Unit = "odc-1", Email = a })], async opened =>
        {
            await server.Server.App.Services.GetRequiredService<RoundSweep>().SweepAsync(Ct);
            using var channel = server.Server.CreateChannel(bearerToken: null);
            var answering = new SurveyAnsweringService.SurveyAnsweringServiceClient(channel);
            for (var i = 0; i < addresses.Count; i++)
            {
                await answering.SaveAnswersAsync(new SaveAnswersRequest
                {
                    InvitationToken = TokenOf(addresses[i]),
                    Answers =
                    {
                        new Answer { Instrument = apv.Name, ItemId = "indeklima", Scale = 1 + (i % 5) },
                        new Answer { Instrument = apv.Name, ItemId = "forslag", Text = $"Forslag {i + 1}" },
                    },
                    Submit = true,
                }, cancellationToken: Ct);
            }
        });
        Assert.Equal(Respondents, round.ResponseCount);
        var item = await Client.CreateActionPlanItemAsync(new CreateActionPlanItemRequest { Parent = round.Name, ActionPlanItem = PlanItem() }, cancellationToken: Ct);
        return f with { Round = round, Item = item };
    }

    /// <summary>A change's own fixtures, up to the step <paramref name="rpc"/> takes.</summary>
    private async Task<Fixtures> ChangeFixturesAsync(string rpc)
    {
        var f = new Fixtures(await ImportAsync(Sample.Of()), await CopyAsync());
        switch (rpc)
        {
            case "UpdateRound" or "ScheduleRound":
                return f with { Round = await RoundAsync(f.Instrument, RoundState.Draft) };
            case "OpenRound":
                return f with { Round = await RoundAsync(f.Instrument, RoundState.Scheduled) };
            case "CloseRound":
                return f with { Round = await RoundAsync(f.Instrument, RoundState.Open) };
            case "ReleaseRound":
                var closed = await RoundAsync(f.Instrument, RoundState.Closed);
                Clock.Advance(TimeSpan.FromDays(3)); // past its release time
                return f with { Round = closed };
            case "CreateActionPlanItem":
                return f with { Round = await RoundAsync(f.Instrument, RoundState.Released) };
            case "UpdateActionPlanItem":
                var released = await RoundAsync(f.Instrument, RoundState.Released);
                var item = await Client.CreateActionPlanItemAsync(new CreateActionPlanItemRequest { Parent = released.Name, ActionPlanItem = PlanItem() },
                    cancellationToken: Ct);
                return f with { Round = released, Item = item };
            default:
                return f;
        }
    }

    /// <summary>A round of <paramref name="instrument"/> for ØDC, timed from the host's clock (a day to
    /// answer, released two days on), taken by the default caller (HR) up to <paramref name="until"/>:
    /// opened for <paramref name="invitees"/> (one address of its own when none), <paramref name="whileOpen"/>
    /// run, closed, and released once the clock is past its release time.</summary>
    private async Task<Round> RoundAsync(Instrument instrument, RoundState until, Invitee[]? invitees = null, Func<Round, Task>? whileOpen = null)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var round = await Client.CreateRoundAsync(new CreateRoundRequest
        {
            Round = new Round
            {
                DisplayName = "APV 2017", Instruments = { instrument.Name }, TargetUnits = { "odc" }, AnswerDays = 1,
                PlannedOpenTime = Timestamp.FromDateTime(now), ReleaseTime = Timestamp.FromDateTime(now.AddDays(2)),
            },
        }, cancellationToken: Ct);
        if (until == RoundState.Draft)
        {
            return round;
        }
        round = await Client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round.Name }, cancellationToken: Ct);
        if (until == RoundState.Scheduled)
        {
            return round;
        }
        round = await Client.OpenRoundAsync(new OpenRoundRequest
        {
            Name = round.Name,
            Invitees = { invitees ?? [new Invitee { Unit = "odc-1", Email = $"matrix-{Guid.NewGuid():N}@kommune.test" }] },
        }, cancellationToken: Ct);
        if (whileOpen is not null)
        {
            await whileOpen(round);
        }
        if (until == RoundState.Open)
        {
            return round;
        }
        round = await Client.CloseRoundAsync(new CloseRoundRequest { Name = round.Name }, cancellationToken: Ct);
        if (until == RoundState.Closed)
        {
            return round;
        }
        Clock.Advance(TimeSpan.FromDays(3));
        return await Client.ReleaseRoundAsync(new ReleaseRoundRequest { Name = round.Name }, cancellationToken: Ct);
    }

    private static ActionPlanItem PlanItem(string unit = "odc-1") => new()
    {
        Unit = unit, Problem = "Mange oplever uklare forventninger", Action = "Månedlige samtaler om opgaver", Responsible = "Leder og AMR",
        Deadline = new Google.Type.Date { Year = 2027, Month = 3, Day = 1 },
    };

    /// <summary>The token in the newest invitation e-mail to <paramref name="address"/> (.eml files under
    /// the host's data directory: no SMTP server is set).</summary>
    private string TokenOf(string address)
    {
        var directory = Path.Combine(server.Server.App.Configuration["Governance:DataDirectory"]!, "mail");
        var mail = Directory.GetFiles(directory, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))
            .Last(m => m.To.Mailboxes.Any(x => x.Address == address));
        return LinkPattern().Match(mail.TextBody ?? "").Groups[1].Value;
    }

    /// <summary>What a change may touch, read as the default caller (every role): the organisation
    /// versions, the instruments and the rounds, and the action plan of the cell's round.</summary>
    private async Task<string> StateAsync(Fixtures f)
    {
        var state = new StringBuilder();
        await AllPagesAsync(state, t => Client.ListOrganisationVersionsAsync(new ListOrganisationVersionsRequest { PageSize = 200, PageToken = t }, cancellationToken: Ct),
            p => p.NextPageToken);
        await AllPagesAsync(state, t => Client.ListInstrumentsAsync(new ListInstrumentsRequest { PageSize = 200, PageToken = t }, cancellationToken: Ct),
            p => p.NextPageToken);
        await AllPagesAsync(state, t => Client.ListRoundsAsync(new ListRoundsRequest { PageSize = 200, PageToken = t }, cancellationToken: Ct), p => p.NextPageToken);
        if (f.Round is not null)
        {
            await AllPagesAsync(state, t => Client.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = f.Round.Name, PageSize = 200, PageToken = t },
                cancellationToken: Ct), p => p.NextPageToken);
        }
        return state.ToString();
    }

    private static async Task AllPagesAsync<T>(StringBuilder into, Func<string, AsyncUnaryCall<T>> page, Func<T, string> next)
        where T : IMessage
    {
        var token = "";
        do
        {
            var p = await page(token);
            into.AppendLine(JsonFormatter.Default.Format(p));
            token = next(p);
        }
        while (token.Length > 0);
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
        await StopRoundSweepAsync();
        var expected = Expected(rpc, caller);
        var isChange = SurveysAuthorizationExpectations.IsChange(rpc);
        // Reads share one set of fixtures; each change gets its own, so the cells do not depend on each other.
        var f = isChange ? await ChangeFixturesAsync(rpc) : await server.SharedAsync(ReadFixturesAsync);
        var context = $"{rpc} as {caller} on {server.Store}{(overHttpJson ? " over HTTP/JSON" : "")} (expected {expected})";
        using var channel = SurveyCallers.Channel(server.Server, caller);
        using var json = new HttpJsonCallInvoker(server.Server.HttpAddress, SurveyCallers.Token(server.Server, caller), SurveysService.Descriptor);
        var client = overHttpJson ? new SurveysService.SurveysServiceClient(json) : new SurveysService.SurveysServiceClient(channel);
        var before = isChange ? await StateAsync(f) : null;

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
            var after = await StateAsync(f);
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

    /// <summary>On the wire only the answering service's methods answer without a token, no method of
    /// SurveysService (grpc-dotnet's catch-all for unknown methods answers UNIMPLEMENTED and reaches no service);
    /// and over HTTP/JSON the same: the answering service's paths only.</summary>
    [Fact]
    public void Only_the_answering_service_answers_without_a_token()
    {
        var endpoints = server.Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var anonymous = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => ((e as RouteEndpoint)?.RoutePattern.RawText ?? e.DisplayName ?? "").TrimStart('/'))
            .Where(r => r.StartsWith("governance.surveys.", StringComparison.Ordinal) && !r.EndsWith("{unimplementedMethod:grpcunimplemented}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(SurveyAnsweringService.Descriptor.Methods.Select(m => $"{SurveyAnsweringService.Descriptor.FullName}/{m.Name}").Order(StringComparer.Ordinal),
            anonymous);

        var transcoded = endpoints.Select(e => (Endpoint: e, Json: e.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>()))
            .Where(x => x.Json is not null && x.Json.MethodDescriptor.Service.File.Package == "governance.surveys.v1").ToList();
        var anonymousJson = transcoded.Where(x => x.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(x => x.Json!.MethodDescriptor.FullName).Order(StringComparer.Ordinal);
        Assert.Equal(SurveyAnsweringService.Descriptor.Methods.Select(m => m.FullName).Order(StringComparer.Ordinal), anonymousJson);
        // The discovery found the paths of SurveysService too: it cannot pass by finding nothing.
        Assert.Contains(transcoded, x => x.Json!.MethodDescriptor.Service.FullName == SurveysService.Descriptor.FullName);
    }

    public enum AnsweringOutcome
    {
        Answered,
        InvitationNotFound,
    }

    /// <summary>Every RPC of the answering service × every caller of the matrix (its bearer token, valid or not,
    /// or none) × a live invitation or an unknown one × gRPC and HTTP/JSON.</summary>
    public static TheoryData<string, string, bool, bool> AnsweringCells
    {
        get
        {
            var data = new TheoryData<string, string, bool, bool>();
            foreach (var rpc in SurveyAnsweringService.Descriptor.Methods)
            {
                foreach (var caller in SurveyCallers.All)
                {
                    foreach (var known in new[] { true, false })
                    {
                        data.Add(rpc.Name, caller, known, false);
                        data.Add(rpc.Name, caller, known, true);
                    }
                }
            }
            return data;
        }
    }

    /// <summary>The invitation token is the respondent's credential, over gRPC and over HTTP/JSON alike: a live
    /// one is answered whatever bearer token comes with it (none, any role's, an expired one, one for another
    /// audience: the service asks for none and records none), an unknown one is NOT_FOUND INVITATION_NOT_FOUND
    /// and changes nothing.</summary>
    [Theory]
    [MemberData(nameof(AnsweringCells))]
    public async Task Answering_as_caller_goes_by_the_invitation_token_alone(string rpc, string caller, bool knownInvitation, bool overHttpJson)
    {
        await StopRoundSweepAsync();
        var expected = knownInvitation ? AnsweringOutcome.Answered : AnsweringOutcome.InvitationNotFound;
        var f = await server.SharedAsync(ReadFixturesAsync);
        // A round of its own, open, with one invitation sent: the cell answers on it (or on a token never sent).
        var address = $"matrix-{Guid.NewGuid():N}@kommune.test";
        await RoundAsync(f.Instrument, RoundState.Open, [new Invitee { Unit = "odc-1", Email = address }]);
        await server.Server.App.Services.GetRequiredService<RoundSweep>().SweepAsync(Ct);
        var live = TokenOf(address);
        var invitation = knownInvitation ? live : Invitations.NewToken().Token;
        var context = $"{rpc} as {caller} with {(knownInvitation ? "a live" : "an unknown")} invitation on {server.Store}{(overHttpJson ? " over HTTP/JSON" : "")} (expected {expected})";

        using var channel = SurveyCallers.Channel(server.Server, caller);
        using var json = new HttpJsonCallInvoker(server.Server.HttpAddress, SurveyCallers.Token(server.Server, caller), SurveyAnsweringService.Descriptor);
        var client = overHttpJson ? new SurveyAnsweringService.SurveyAnsweringServiceClient(json) : new SurveyAnsweringService.SurveyAnsweringServiceClient(channel);
        using var anonymous = server.Server.CreateChannel(bearerToken: null);
        var respondent = new SurveyAnsweringService.SurveyAnsweringServiceClient(anonymous);
        async Task<string> StateAsync() => JsonFormatter.Default.Format(
            await respondent.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = live }, cancellationToken: Ct));
        var before = await StateAsync();
        var ct = Ct;
        Func<Task<IMessage>> call = rpc switch
        {
            "GetQuestionnaire" => async () => await client.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = invitation }, cancellationToken: ct),
            // A draft: the invitation stays live, and the questionnaire shows the answer saved.
            "SaveAnswers" => async () => await client.SaveAnswersAsync(new SaveAnswersRequest
            {
                InvitationToken = invitation, Answers = { new Answer { Instrument = f.Instrument.Name, ItemId = "indeklima", Scale = 4 } },
            }, cancellationToken: ct),
            _ => throw new InvalidOperationException($"{rpc}: the answering matrix has no request for this RPC; add one."),
        };

        switch (expected)
        {
            case AnsweringOutcome.Answered:
                try
                {
                    var answer = await call();
                    if (answer is Questionnaire questionnaire)
                    {
                        Assert.True(questionnaire.Instruments.Count > 0, $"{context}: the questionnaire has no instrument.");
                    }
                }
                catch (RpcException ex)
                {
                    Assert.Fail($"{context}: failed with {ex.StatusCode}: {ex.Status.Detail}");
                }
                break;
            case AnsweringOutcome.InvitationNotFound:
                var refusal = await Assert.ThrowsAsync<RpcException>(call);
                Assert.True(refusal.StatusCode == StatusCode.NotFound, $"{context}: {refusal.StatusCode} {refusal.Status.Detail}");
                Assert.Equal("INVITATION_NOT_FOUND", refusal.GetRpcStatus()?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rpc), expected, null);
        }

        var after = await StateAsync();
        if (rpc == "SaveAnswers" && expected == AnsweringOutcome.Answered)
        {
            Assert.True(before != after, $"{context}: the answers were saved but the questionnaire shows nothing new.");
        }
        else
        {
            Assert.True(before == after, $"{context}: the questionnaire changed.\nbefore: {before}\nafter:  {after}");
        }
    }

    /// <summary>The request of each RPC. Allowed lists must list something: with the claims of the matrix's
    /// tokens, every allowed caller sees every unit (<see cref="SurveyCallers"/>).</summary>
    private static Func<SurveysService.SurveysServiceClient, Task<IMessage>> Call(string rpc, Fixtures f)
    {
        var ct = Ct;
        var version = f.Version.Name;
        var round = f.Round?.Name ?? "";
        var roundInstrument = f.Round?.Instruments.FirstOrDefault() ?? "";
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
            "CreateRound" => async x => await x.CreateRoundAsync(new CreateRoundRequest
            {
                Round = new Round { DisplayName = "Trivsel 2018", Instruments = { f.Instrument.Name }, TargetUnits = { "odc" } },
            }, cancellationToken: ct),
            "GetRound" => async x => await x.GetRoundAsync(new GetRoundRequest { Name = round }, cancellationToken: ct),
            "ListRounds" => async x => NotEmpty(await x.ListRoundsAsync(new ListRoundsRequest(), cancellationToken: ct), r => r.Rounds),
            "UpdateRound" => async x => await x.UpdateRoundAsync(new UpdateRoundRequest
            {
                Round = new Round { Name = round, DisplayName = "APV 2017, ØDC" }, UpdateMask = new FieldMask { Paths = { "display_name" } }, Etag = f.Round!.Etag,
            }, cancellationToken: ct),
            "ScheduleRound" => async x => await x.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round, Etag = f.Round!.Etag }, cancellationToken: ct),
            "OpenRound" => async x => await x.OpenRoundAsync(new OpenRoundRequest
            {
                Name = round, Etag = f.Round!.Etag, Invitees = { new Invitee { Unit = "odc-2", Email = $"matrix-{Guid.NewGuid():N}@kommune.test" } },
            }, cancellationToken: ct),
            "CloseRound" => async x => await x.CloseRoundAsync(new CloseRoundRequest { Name = round, Etag = f.Round!.Etag }, cancellationToken: ct),
            "ReleaseRound" => async x => await x.ReleaseRoundAsync(new ReleaseRoundRequest { Name = round, Etag = f.Round!.Etag }, cancellationToken: ct),
            "ListResponseRates" => async x => NotEmpty(await x.ListResponseRatesAsync(new ListResponseRatesRequest { Round = round }, cancellationToken: ct),
                r => r.ResponseRates),
            "GetGroupResults" => async x => Shown(await x.GetGroupResultsAsync(new GetGroupResultsRequest { Round = round, Instrument = roundInstrument, Group = "odc-1" },
                cancellationToken: ct)),
            "ListGroupResults" => async x => NotEmpty(await x.ListGroupResultsAsync(new ListGroupResultsRequest { Round = round, Instrument = roundInstrument },
                cancellationToken: ct), r => r.GroupResults),
            "RenderResultsReport" => async x => Reported(await x.RenderResultsReportAsync(new RenderResultsReportRequest { Round = round, Unit = "odc-1" },
                cancellationToken: ct)),
            "ExportResultsCsv" => async x => Exported(await x.ExportResultsCsvAsync(new ExportResultsCsvRequest { Round = round, Instrument = roundInstrument, Group = "odc-1" },
                cancellationToken: ct)),
            "ListFreeTextAnswers" => async x => NotEmpty(await x.ListFreeTextAnswersAsync(new ListFreeTextAnswersRequest
            {
                Round = round, Instrument = roundInstrument, Unit = "odc-1",
            }, cancellationToken: ct), r => r.Answers),
            "CreateActionPlanItem" => async x => await x.CreateActionPlanItemAsync(new CreateActionPlanItemRequest { Parent = round, ActionPlanItem = PlanItem("odc-2") },
                cancellationToken: ct),
            "GetActionPlanItem" => async x => await x.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = f.Item!.Name }, cancellationToken: ct),
            "ListActionPlanItems" => async x => NotEmpty(await x.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = round }, cancellationToken: ct),
                r => r.ActionPlanItems),
            "UpdateActionPlanItem" => async x => await x.UpdateActionPlanItemAsync(new UpdateActionPlanItemRequest
            {
                ActionPlanItem = new ActionPlanItem { Name = f.Item!.Name, State = ActionPlanItemState.InProgress }, UpdateMask = new FieldMask { Paths = { "state" } },
                Etag = f.Item.Etag,
            }, cancellationToken: ct),
            "ListAuditEntries" => async x => await x.ListAuditEntriesAsync(new ListAuditEntriesRequest { Resource = f.Instrument.Name }, cancellationToken: ct),
            _ => throw new InvalidOperationException($"{rpc}: the matrix has no request for this RPC; add one."),
        };
    }

    private static T NotEmpty<T, TItem>(T answer, Func<T, ICollection<TItem>> items)
    {
        Assert.NotEmpty(items(answer));
        return answer;
    }

    /// <summary>A report of afdeling 1 with its charts: the matrix's round shows it.</summary>
    private static ResultsReport Reported(ResultsReport report)
    {
        Assert.Contains("<svg", report.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("har ingen resultater at vise", report.Html, StringComparison.Ordinal);
        return report;
    }

    /// <summary>Afdeling 1's rows, one per theme of the APV.</summary>
    private static ResultsCsv Exported(ResultsCsv csv)
    {
        Assert.True(csv.RowCount > 1, $"{csv.FileName} has {csv.RowCount} rows");
        return csv;
    }

    private static GroupResults Shown(GroupResults group)
    {
        Assert.False(group.Suppressed, $"{group.Group} is suppressed: the matrix's round must show it.");
        Assert.Equal(Respondents, group.ResponseCount);
        return group;
    }
}

public sealed class SurveysAuthorizationMatrixSqliteTests(SqliteAuthorizationHost host) : SurveysAuthorizationMatrixTests(host), IClassFixture<SqliteAuthorizationHost>;

public sealed class SurveysAuthorizationMatrixPostgresTests(PostgresAuthorizationHost host) : SurveysAuthorizationMatrixTests(host), IClassFixture<PostgresAuthorizationHost>;
