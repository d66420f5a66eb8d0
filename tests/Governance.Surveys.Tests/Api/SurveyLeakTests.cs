using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Governance.Audit.V1;
using Governance.ServiceDefaults.Security;
using Governance.Surveys.Domain;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Grpc.Core;
using MimeKit;

namespace Governance.Surveys.Tests.Api;

/// <summary>
/// The Surveys leak walk. One round over ØDC with the APV and the leadership evaluation, answered through
/// the API: afdeling 1 with six respondents (shown), afdeling 2 with three (suppressed), twelve placed in
/// ØDC itself (who evaluate its head and the municipal director, whose group is then hidden to protect
/// afdeling 2's leader); one employee of afdeling 2 answers yes to the sensitive item on violence; free
/// texts with unique markers in afdeling 1, in afdeling 2 and in the leadership evaluation's free-text
/// item, an unsubmitted draft with its own, and the invitees' addresses unique too. Then every read RPC of
/// SurveysService (found from its descriptor: a new read must join; results unfiltered and by every filter
/// on three items) and the answering service's read are walked as each caller, and every answer's JSON and
/// bytes (an error's message and details included) is held to what confidentiality asks: no address, no
/// token, no free text but afdeling 1's and that only for its own working-environment group and managers,
/// nothing of a suppressed group but why (and its invitations, which are no secret), sensitive items empty
/// below 20, leadership groups only for the evaluated manager and those above, and nothing shown to anyone
/// that lets a hidden group be computed, within a view or across the filtered views of a group. The
/// insiders' walk does see afdeling 1's free text, the sensitive item of the groups of 21 and the plan of
/// their own workplace: the walk can fail. Every walk is made over gRPC and over HTTP/JSON (half the
/// respondents answer over HTTP/JSON, and the answering service's read is walked over both), and the two
/// must show exactly the same.
/// </summary>
public abstract partial class SurveyLeakTests(RoundHost host, SharedFixtures rounds)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SurveysService.SurveysServiceClient Client => host.Client;

    [GeneratedRegex(@"/survey/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    // The callers of the walk.
    private const string Hr = "hr";
    private const string Executive = "executive";
    private const string ManagerOfOdc1 = "manager_of_odc_1";
    private const string ManagerOfAnotherCentre = "manager_of_byc";
    private const string CentreHead = "centre_head_of_odc";
    private const string Director = "municipal_director";
    private const string GroupOfOdc1 = "work_environment_group_of_odc_1";
    private const string GroupOfOdc2 = "work_environment_group_of_odc_2";
    private const string Service = "service";
    private const string Auditor = "auditor";
    private const string NoToken = "no_token";

    private static readonly string[] AllCallers =
        [Hr, Executive, ManagerOfOdc1, ManagerOfAnotherCentre, CentreHead, Director, GroupOfOdc1, GroupOfOdc2, Service, Auditor, NoToken];

    public static TheoryData<string> Callers => [.. AllCallers];

    /// <summary>Every caller over gRPC and over HTTP/JSON.</summary>
    public static TheoryData<string, bool> CallersByTransport => [.. AllCallers.SelectMany(c => new[] { (c, false), (c, true) })];

    /// <summary>The RPCs of SurveysService that change something; every other one is a read and is walked.
    /// A new RPC that is neither fails <see cref="Every_read_rpc_of_both_services_is_walked"/>.</summary>
    private static readonly string[] Changes =
    [
        "ImportOrganisation", "CreateInstrument", "UpdateInstrument", "CreateRound", "UpdateRound", "ScheduleRound", "OpenRound", "CloseRound",
        "ReleaseRound", "CreateActionPlanItem", "UpdateActionPlanItem",
    ];

    /// <summary>The reads that are neither a Get nor a List: the same results as a report and as a file.</summary>
    private static readonly string[] Exports = ["RenderResultsReport", "ExportResultsCsv"];

    private static readonly string[] AnsweringChanges = ["SaveAnswers"];

    /// <summary>One respondent: the unit invited to, the leadership group answered for (null: the unit's
    /// manager), the APV answers and the leadership answers by item id (a point, or a text).</summary>
    private sealed record Respondent(string Unit, string? Manager, (string Item, object Value)[] Apv, (string Item, object Value)[] Leadership);

    /// <summary>The round as answered, and what the walk looks for.</summary>
    public sealed record LeakRound(
        Round Round,
        Instrument Apv,
        Instrument Leadership,
        OrganisationVersion Version,
        IReadOnlyList<string> Addresses,
        string AddressMark,
        IReadOnlyList<string> Tokens,
        string Odc1Text,
        string Odc2Text,
        string LeadershipText,
        string DraftText,
        ActionPlanItem Odc1Plan,
        ActionPlanItem Odc2Plan,
        IReadOnlyList<Seen> WhileOpen,
        IReadOnlyList<Seen> AfterClosing,
        IReadOnlyList<Counted> Respondents)
    {
        /// <summary>The respondent pages (GET /survey/{token}) as the walk read them, by label.</summary>
        public IReadOnlyDictionary<string, Web.SurveyPage> Pages { get; init; } = new Dictionary<string, Web.SurveyPage>();
    }

    /// <summary>A respondent as the results count them: the unit, the evaluated manager, and the points
    /// given by item id (both instruments': their item ids differ).</summary>
    public sealed record Counted(string Unit, string Evaluated, IReadOnlyDictionary<string, int> Points);

    /// <summary>One answer of the walk (a page of a list is one): the call, and its JSON and bytes, or the
    /// error's status, reason, message and details.</summary>
    public sealed record Seen(string Caller, string Rpc, string Label, IMessage? Answer, StatusCode Status, string? Reason, string Text, byte[] Bytes)
    {
        public int Page { get; init; } = 1;

        /// <summary>The results filter of the request, as "item=points" ("" for none).</summary>
        public string Filter { get; init; } = "";

        public bool Ok => Answer is not null;

        public bool Shows(string marker) =>
            Text.Contains(marker, StringComparison.Ordinal) || Bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0;

        public override string ToString() => $"{Rpc} ({Label}{(Filter.Length > 0 ? $", filter {Filter}" : "")}, page {Page}) as {Caller}: {(Ok ? "OK" : $"{Status} {Reason}")}";
    }

    private Task<LeakRound> RoundAsync() => rounds.GetAsync(RunAsync);

    /// <summary>The round: organisation, instruments, invitations, answers through the answering service
    /// (what the respondents see recorded on the way), the clock moved on until release, and a plan item in
    /// each of ØDC's workplaces.</summary>
    private async Task<LeakRound> RunAsync()
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var odc1Text = $"FritekstAfd1{run}";
        var odc2Text = $"FritekstAfd2{run}";
        var leadershipText = $"FritekstLeder{run}";
        var draftText = $"Udkast{run}";
        var addressMark = $"laek{run}";

        var version = await Client.ImportOrganisationAsync(Sample.Of(2).Request(), cancellationToken: Ct);
        var apv = await Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "APV 2017" }, SourceInstrument = $"instruments/{InstrumentTemplates.ApvWellbeingId}",
        }, cancellationToken: Ct);
        var leadership = await Client.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "Ledelsesevaluering 2017" }, SourceInstrument = $"instruments/{InstrumentTemplates.LeadershipId}",
        }, cancellationToken: Ct);

        var respondents = new List<Respondent>();
        int[] indeklima = [5, 5, 4, 4, 3, 1];
        int[] stoej = [1, 1, 1, 2, 5, 5];
        int[] maal = [5, 4, 4, 3, 3, 2];
        for (var i = 0; i < 6; i++)
        {
            var text = i < 2 ? new[] { ("forslag", (object)$"{odc1Text} forslag {i + 1}: flere pauser") } : [];
            respondents.Add(new Respondent("odc-1", null, [("indeklima", indeklima[i]), ("stoej", stoej[i]), ("vold", 0), .. text],
                [("maal", maal[i]), ("anbefaling", 4), .. i == 0 ? new[] { ("fortsaet-aendr", (object)$"{leadershipText} i afdeling 1") } : []]));
        }
        for (var i = 0; i < 3; i++)
        {
            // Afdeling 2 agrees on everything, and one of them answers yes to violence.
            respondents.Add(new Respondent("odc-2", null, [("indeklima", 5), ("stoej", 1), ("vold", i == 0 ? 1 : 0), ("forslag", $"{odc2Text} forslag {i + 1}")],
                [("maal", 1), ("anbefaling", 1), .. i == 0 ? new[] { ("fortsaet-aendr", (object)$"{leadershipText} i afdeling 2") } : []]));
        }
        for (var i = 0; i < 12; i++)
        {
            // Placed in ØDC itself: seven evaluate its head, five the municipal director. Her group has enough
            // (5), but then the total less the groups shown would be afdeling 2's leader's three: it is hidden.
            respondents.Add(new Respondent("odc", i < 7 ? null : "kd", [("indeklima", 3), ("stoej", 3), ("vold", 0)], [("maal", 3), ("anbefaling", 3)]));
        }
        var addresses = respondents.Select((_, i) => $"{addressMark}-{i}@kommune.test").ToList();
        var drafter = $"{addressMark}-udkast@kommune.test";

        var now = host.Clock.GetUtcNow().UtcDateTime;
        var round = await Client.CreateRoundAsync(new CreateRoundRequest
        {
            RoundId = $"laek-{host.Store.ToLowerInvariant()}",
            Round = new Round
            {
                DisplayName = "APV og ledelsesevaluering 2017", Instruments = { apv.Name, leadership.Name }, TargetUnits = { "odc" },
                PlannedOpenTime = Timestamp.FromDateTime(now), ReleaseTime = Timestamp.FromDateTime(now.AddDays(15)),
            },
        }, cancellationToken: Ct);
        await Client.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round.Name }, cancellationToken: Ct);
        var opened = await Client.OpenRoundAsync(new OpenRoundRequest
        {
            Name = round.Name,
            Invitees =
            {
                respondents.Select((r, i) => new Invitee { Unit = r.Unit, Email = addresses[i], Manager = r.Manager ?? "" }),
                new Invitee { Unit = "odc-1", Email = drafter },
            },
        }, cancellationToken: Ct);
        var mails = await host.WaitForMailsAsync(m => addresses.Append(drafter).All(a => m.Any(x => IsTo(x, a))), Ct);
        string TokenOf(string address) => LinkPattern().Match(mails.Last(m => IsTo(m, address)).TextBody ?? "").Groups[1].Value;
        var tokens = addresses.Select(TokenOf).ToList();
        var draftToken = TokenOf(drafter);

        var answering = host.Answering;
        // The respondents' side over HTTP/JSON too (no bearer token: the invitation token in the body is the credential).
        using var answeringJson = new HttpJsonCallInvoker(host.Server.HttpAddress, bearerToken: null, SurveyAnsweringService.Descriptor);
        var answeringOverJson = new SurveyAnsweringService.SurveyAnsweringServiceClient(answeringJson);
        for (var i = 0; i < respondents.Count; i++)
        {
            var request = new SaveAnswersRequest { InvitationToken = tokens[i], Submit = true };
            request.Answers.AddRange(respondents[i].Apv.Select(a => AnswerOf(apv, a.Item, a.Value)));
            request.Answers.AddRange(respondents[i].Leadership.Select(a => AnswerOf(leadership, a.Item, a.Value)));
            // Every other respondent answers over HTTP/JSON: the results below count both alike.
            await (i % 2 == 0 ? answering : answeringOverJson).SaveAnswersAsync(request, cancellationToken: Ct);
        }
        // One in afdeling 1 writes a draft and never submits it: it counts nowhere and is deleted at closing.
        await answering.SaveAnswersAsync(new SaveAnswersRequest
        {
            InvitationToken = draftToken, Answers = { AnswerOf(apv, "indeklima", 1), AnswerOf(apv, "forslag", $"{draftText} aldrig sendt") },
        }, cancellationToken: Ct);

        // The answering service's read while the round is open: the drafter's own questionnaire, and a used link.
        var whileOpen = new List<Seen>();
        foreach (var (client, over) in new[] { (answering, ""), (answeringOverJson, OverHttpJson) })
        {
            whileOpen.Add(await SeenAsync("respondent", "GetQuestionnaire", $"the drafter's own link{over}",
                async () => await client.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = draftToken }, cancellationToken: Ct)));
            whileOpen.Add(await SeenAsync("respondent", "GetQuestionnaire", $"a submitted link{over}",
                async () => await client.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = tokens[6] }, cancellationToken: Ct)));
        }

        // The respondent pages while open: the drafter's page with the text and the summary, a submitted
        // link and an unknown one (each address its own, so no link counts against another's).
        var pages = new Dictionary<string, Web.SurveyPage>();
        async Task PageAsync(string label, int address, string path)
        {
            using var browser = Web.PageRounds.Client(host, address);
            pages[label] = await browser.GetAsync(path, Ct);
        }
        await PageAsync("the drafter's page 7", 100, $"/survey/{draftToken}?side=7");
        await PageAsync("the drafter's summary", 101, $"/survey/{draftToken}?side=opsummering");
        await PageAsync("a submitted link", 102, $"/survey/{tokens[6]}");
        await PageAsync("an unknown link", 103, $"/survey/{Invitations.NewToken().Token}");

        host.Clock.Advance(TimeSpan.FromDays(16));
        var released = await host.WaitForStateAsync(round.Name, RoundState.Released, Ct);
        foreach (var (token, i) in tokens.Append(draftToken).Select((t, i) => (t, i)))
        {
            await PageAsync($"link {i} after closing", 110 + i, $"/survey/{token}");
        }
        var afterClosing = new List<Seen>();
        foreach (var (token, i) in tokens.Append(draftToken).Select((t, i) => (t, i)))
        {
            afterClosing.Add(await SeenAsync("respondent", "GetQuestionnaire", $"link {i} after closing",
                async () => await answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: Ct)));
            afterClosing.Add(await SeenAsync("respondent", "GetQuestionnaire", $"link {i} after closing{OverHttpJson}",
                async () => await answeringOverJson.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: Ct)));
        }

        var odc1Plan = await Client.CreateActionPlanItemAsync(new CreateActionPlanItemRequest
        {
            Parent = round.Name, ActionPlanItem = PlanItem("odc-1", $"PlanAfd1{run} uklare forventninger"),
        }, cancellationToken: Ct);
        var odc2Plan = await Client.CreateActionPlanItemAsync(new CreateActionPlanItemRequest
        {
            Parent = round.Name, ActionPlanItem = PlanItem("odc-2", $"PlanAfd2{run} for meget støj"),
        }, cancellationToken: Ct);
        Assert.Equal((22, 21), (opened.InvitedCount, released.ResponseCount));
        var managers = Sample.Of(2).Units.ToDictionary(u => u.UnitId, u => u.Manager);
        var counted = respondents.Select(x => new Counted(x.Unit, x.Manager ?? managers[x.Unit],
            x.Apv.Concat(x.Leadership).Where(a => a.Value is int).ToDictionary(a => a.Item, a => (int)a.Value))).ToList();
        return new LeakRound(released, apv, leadership, version, [.. addresses, drafter], addressMark, [.. tokens, draftToken], odc1Text, odc2Text,
            leadershipText, draftText, odc1Plan, odc2Plan, whileOpen, afterClosing, counted) { Pages = pages };
    }

    private static bool IsTo(MimeMessage mail, string address) => mail.To.Mailboxes.Any(m => m.Address == address);

    private static Answer AnswerOf(Instrument instrument, string item, object value)
    {
        var type = instrument.Themes.SelectMany(t => t.Items).Single(i => i.ItemId == item).ResponseType;
        var answer = new Answer { Instrument = instrument.Name, ItemId = item };
        if (value is string text) answer.Text = text;
        else if (type == ResponseType.YesNo) answer.Yes = (int)value == 1;
        else answer.Scale = (int)value;
        return answer;
    }

    private static ActionPlanItem PlanItem(string unit, string problem) => new()
    {
        Unit = unit, Problem = problem, Action = "Drøftes på personalemødet", Responsible = "Leder og AMR",
        Deadline = new Google.Type.Date { Year = 2027, Month = 3, Day = 1 },
    };

    /// <summary>An answer or an error, as the walk keeps it.</summary>
    private static async Task<Seen> SeenAsync(string caller, string rpc, string label, Func<Task<IMessage>> call)
    {
        try
        {
            var answer = await call();
            return new Seen(caller, rpc, label, answer, StatusCode.OK, null, JsonFormatter.Default.Format(answer), answer.ToByteArray());
        }
        catch (RpcException ex)
        {
            var status = ex.GetRpcStatus();
            var reason = status?.GetDetail<Google.Rpc.ErrorInfo>()?.Reason;
            var details = status?.ToByteArray() ?? [];
            var trailers = ex.Trailers.SelectMany(t => t.IsBinary ? t.ValueBytes : Encoding.UTF8.GetBytes(t.Value)).ToArray();
            return new Seen(caller, rpc, label, null, ex.StatusCode, reason, $"{ex.Status.Detail}\n{status}", [.. details, .. trailers]);
        }
    }

    /// <summary>The label's suffix of a read made over HTTP/JSON (the google.api.http paths) rather than gRPC.</summary>
    private const string OverHttpJson = " over HTTP/JSON";

    private string? BearerOf(string caller)
    {
        var tokens = host.Server.Tokens!;
        return caller switch
        {
            Hr => tokens.Issue("laek-hr", [SurveysRoles.Hr]),
            Executive => tokens.Issue("laek-direktion", [SurveysRoles.Executive]),
            ManagerOfOdc1 => tokens.Issue("laek-leder-odc-1", [SurveysRoles.Manager], [SurveysClaims.ForManager("odc-leder-1")]),
            ManagerOfAnotherCentre => tokens.Issue("laek-chef-byc", [SurveysRoles.Manager], [SurveysClaims.ForManager("byc-chef")]),
            CentreHead => tokens.Issue("laek-chef-odc", [SurveysRoles.Manager], [SurveysClaims.ForManager("odc-chef")]),
            Director => tokens.Issue("laek-direktoer", [SurveysRoles.Manager], [SurveysClaims.ForManager("kd")]),
            GroupOfOdc1 => tokens.Issue("laek-amg-odc-1", [SurveysRoles.WorkEnvironmentGroup], [SurveysClaims.ForWorkEnvironmentUnits("odc-1")]),
            GroupOfOdc2 => tokens.Issue("laek-amg-odc-2", [SurveysRoles.WorkEnvironmentGroup], [SurveysClaims.ForWorkEnvironmentUnits("odc-2")]),
            Service => tokens.Issue("laek-service", [PlatformRoles.Service]),
            Auditor => tokens.Issue("laek-revisor", [PlatformRoles.Auditor]),
            NoToken => null,
            _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
        };
    }

    /// <summary>One request of the walk: the RPC, what it asks for, its results filter ("item=points", ""
    /// for none), and the call with a page token.</summary>
    private sealed record Read(string Rpc, string Label, string Filter, Func<SurveysService.SurveysServiceClient, string, Task<IMessage>> Call);

    /// <summary>The items the walk filters results by, with their points: every proper subset of them is
    /// asked for, so what the filtered views give away together is seen whole.</summary>
    private static readonly (bool Leadership, string Item, int[] Points, bool Sensitive)[] FilterItems =
    [
        (false, "indeklima", [1, 2, 3, 4, 5], false),
        (false, "vold", [0, 1], true),
        (true, "maal", [1, 2, 3, 4, 5], false),
    ];

    /// <summary>Every subset of <paramref name="points"/> but none and all: each a filter the service takes.</summary>
    private static IEnumerable<int[]> ProperSubsets(int[] points) =>
        Enumerable.Range(1, (1 << points.Length) - 2).Select(mask => points.Where((_, i) => (mask & (1 << i)) != 0).ToArray());

    private static string FilterText(string item, IEnumerable<int> points) => $"{item}={string.Join(',', points)}";

    /// <summary>The reads of the walk: each read RPC with the requests that reach what it could show (every
    /// group of both instruments, unfiltered and by every filter of <see cref="FilterItems"/>, the free text
    /// of every unit level, both plan items...). Lists are read page by page (small pages: the tokens are
    /// shown too). Names only: no call is made here.</summary>
    private static List<Read> Reads(LeakRound r)
    {
        var round = r.Round.Name;
        var version = r.Version.Name;
        var reads = new List<Read>
        {
            new("GetOrganisationVersion", version, "", async (c, _) => await c.GetOrganisationVersionAsync(new GetOrganisationVersionRequest { Name = version }, cancellationToken: Ct)),
            new("ListOrganisationVersions", "", "", async (c, t) => await c.ListOrganisationVersionsAsync(new ListOrganisationVersionsRequest { PageToken = t }, cancellationToken: Ct)),
            new("GetUnit", "odc-2", "", async (c, _) => await c.GetUnitAsync(new GetUnitRequest { Name = $"{version}/units/odc-2" }, cancellationToken: Ct)),
            new("ListUnits", "", "", async (c, t) => await c.ListUnitsAsync(new ListUnitsRequest { Parent = version, PageSize = 200, PageToken = t }, cancellationToken: Ct)),
            new("GetManager", "odc-leder-2", "", async (c, _) => await c.GetManagerAsync(new GetManagerRequest { Name = $"{version}/managers/odc-leder-2" }, cancellationToken: Ct)),
            new("ListManagers", "", "", async (c, t) => await c.ListManagersAsync(new ListManagersRequest { Parent = version, PageSize = 200, PageToken = t }, cancellationToken: Ct)),
            new("GetInstrument", "apv", "", async (c, _) => await c.GetInstrumentAsync(new GetInstrumentRequest { Name = r.Apv.Name }, cancellationToken: Ct)),
            new("GetInstrument", "leadership", "", async (c, _) => await c.GetInstrumentAsync(new GetInstrumentRequest { Name = r.Leadership.Name }, cancellationToken: Ct)),
            new("ListInstruments", "", "", async (c, t) => await c.ListInstrumentsAsync(new ListInstrumentsRequest { PageSize = 200, PageToken = t }, cancellationToken: Ct)),
            new("GetRound", round, "", async (c, _) => await c.GetRoundAsync(new GetRoundRequest { Name = round }, cancellationToken: Ct)),
            new("ListRounds", "", "", async (c, t) => await c.ListRoundsAsync(new ListRoundsRequest { PageToken = t }, cancellationToken: Ct)),
            new("ListResponseRates", "", "", async (c, t) => await c.ListResponseRatesAsync(new ListResponseRatesRequest { Round = round, PageSize = 3, PageToken = t },
                cancellationToken: Ct)),
            new("ListActionPlanItems", "", "", async (c, t) => await c.ListActionPlanItemsAsync(new ListActionPlanItemsRequest { Parent = round, PageSize = 1, PageToken = t },
                cancellationToken: Ct)),
            new("ListActionPlanItems", "odc-2", "", async (c, t) => await c.ListActionPlanItemsAsync(new ListActionPlanItemsRequest
            {
                Parent = round, Unit = "odc-2", PageToken = t,
            }, cancellationToken: Ct)),
            new("ListAuditEntries", "", "", async (c, t) => await c.ListAuditEntriesAsync(new ListAuditEntriesRequest { PageSize = 200, PageToken = t }, cancellationToken: Ct)),
        };
        foreach (var item in new[] { r.Odc1Plan, r.Odc2Plan })
        {
            reads.Add(new("GetActionPlanItem", item.Unit, "", async (c, _) => await c.GetActionPlanItemAsync(new GetActionPlanItemRequest { Name = item.Name },
                cancellationToken: Ct)));
        }
        foreach (var (instrument, groups) in new[] { (r.Apv, UnitGroups), (r.Leadership, ["kommunen", .. LeaderGroups]) })
        {
            var name = instrument.Name;
            reads.Add(new("ListGroupResults", name, "", async (c, t) => await c.ListGroupResultsAsync(new ListGroupResultsRequest
            {
                Round = round, Instrument = name, PageSize = 2, PageToken = t,
            }, cancellationToken: Ct)));
            foreach (var group in groups)
            {
                reads.Add(new("GetGroupResults", $"{name} {group}", "", async (c, _) => await c.GetGroupResultsAsync(new GetGroupResultsRequest
                {
                    Round = round, Instrument = name, Group = group,
                }, cancellationToken: Ct)));
            }
        }
        foreach (var (leadership, item, points, _) in FilterItems)
        {
            var name = (leadership ? r.Leadership : r.Apv).Name;
            foreach (var subset in ProperSubsets(points))
            {
                var filter = new AnswerFilter { ItemId = item, Points = { subset } };
                reads.Add(new("ListGroupResults", name, FilterText(item, subset), async (c, t) => await c.ListGroupResultsAsync(new ListGroupResultsRequest
                {
                    Round = round, Instrument = name, PageSize = 200, PageToken = t, Filter = filter,
                }, cancellationToken: Ct)));
            }
        }
        // A filtered group read alone, as the list shows it.
        foreach (var (leadership, group, filter) in new[] { (false, "odc", FilterText("indeklima", [4, 5])), (false, "odc-1", FilterText("indeklima", [5])),
            (true, "odc-leder-1", FilterText("maal", [3, 4, 5])), (true, "kommunen", FilterText("maal", [1])) })
        {
            var name = (leadership ? r.Leadership : r.Apv).Name;
            var (item, points) = (filter.Split('=')[0], filter.Split('=')[1].Split(',').Select(int.Parse).ToArray());
            reads.Add(new("GetGroupResults", $"{name} {group}", filter, async (c, _) => await c.GetGroupResultsAsync(new GetGroupResultsRequest
            {
                Round = round, Instrument = name, Group = group, Filter = new AnswerFilter { ItemId = item, Points = { points } },
            }, cancellationToken: Ct)));
        }
        foreach (var unit in UnitGroups)
        {
            reads.Add(new("ListFreeTextAnswers", unit, "", async (c, t) => await c.ListFreeTextAnswersAsync(new ListFreeTextAnswersRequest
            {
                Round = round, Instrument = r.Apv.Name, Unit = unit, PageSize = 1, PageToken = t,
            }, cancellationToken: Ct)));
        }
        // The report of every unit asked for (every instrument reported by unit), of ØDC by the APV named and by
        // the leadership evaluation (refused: it is read by manager); the CSV of each instrument, whole and from each group.
        foreach (var unit in UnitGroups)
        {
            reads.Add(new("RenderResultsReport", unit, "", async (c, _) => await c.RenderResultsReportAsync(new RenderResultsReportRequest
            {
                Round = round, Unit = unit,
            }, cancellationToken: Ct)));
        }
        foreach (var instrument in new[] { r.Apv, r.Leadership })
        {
            reads.Add(new("RenderResultsReport", $"{instrument.Name} odc", "", async (c, _) => await c.RenderResultsReportAsync(new RenderResultsReportRequest
            {
                Round = round, Unit = "odc", Instrument = instrument.Name,
            }, cancellationToken: Ct)));
        }
        foreach (var (instrument, groups) in new[] { (r.Apv, UnitGroups), (r.Leadership, ["kommunen", .. LeaderGroups]) })
        {
            foreach (var group in groups.Prepend(""))
            {
                reads.Add(new("ExportResultsCsv", $"{instrument.Name} {group}".TrimEnd(), "", async (c, _) => await c.ExportResultsCsvAsync(new ExportResultsCsvRequest
                {
                    Round = round, Instrument = instrument.Name, Group = group,
                }, cancellationToken: Ct)));
            }
        }
        reads.Add(new("ListFreeTextAnswers", "leadership odc-1", "", async (c, t) => await c.ListFreeTextAnswersAsync(new ListFreeTextAnswersRequest
        {
            Round = round, Instrument = r.Leadership.Name, Unit = "odc-1", PageToken = t,
        }, cancellationToken: Ct)));
        return reads;
    }

    /// <summary>The units asked for: the round's, those above, and one outside it.</summary>
    private static readonly string[] UnitGroups = ["kommunen", "odc", "odc-1", "odc-2", "byc-1"];

    /// <summary>The evaluated managers asked for: with answers (kd, odc-chef, odc-leder-1, odc-leder-2) and without (byc-chef).</summary>
    private static readonly string[] LeaderGroups = ["kd", "odc-chef", "odc-leder-1", "odc-leder-2", "byc-chef"];

    /// <summary>Every read as <paramref name="caller"/>, over gRPC or over HTTP/JSON, each page of a list its own answer.</summary>
    private async Task<List<Seen>> WalkAsync(string caller, LeakRound r, bool overHttpJson = false)
    {
        using var channel = host.Server.CreateChannel(BearerOf(caller));
        using var json = new HttpJsonCallInvoker(host.Server.HttpAddress, BearerOf(caller), SurveysService.Descriptor);
        var client = overHttpJson ? new SurveysService.SurveysServiceClient(json) : new SurveysService.SurveysServiceClient(channel);
        var seen = new List<Seen>();
        foreach (var read in Reads(r))
        {
            var token = "";
            for (var page = 1; page <= 100; page++)
            {
                var s = await SeenAsync(caller, read.Rpc, read.Label, () => read.Call(client, token)) with { Page = page, Filter = read.Filter };
                seen.Add(s);
                token = s.Answer?.Descriptor.FindFieldByName("next_page_token")?.Accessor.GetValue(s.Answer) as string ?? "";
                if (token.Length == 0)
                {
                    break;
                }
            }
        }
        return seen;
    }

    /// <summary>Where any of <paramref name="markers"/> shows in <paramref name="seen"/>.</summary>
    private static List<string> Leaks(IEnumerable<Seen> seen, params string[] markers) =>
        [.. seen.SelectMany(s => markers.Where(s.Shows).Select(m => $"{s}: {m}"))];

    /// <summary>What may never show to anyone through SurveysService: the addresses, the tokens and their
    /// hashes, afdeling 2's and the leadership evaluation's free text, and the draft never submitted.</summary>
    private static string[] NeverShown(LeakRound r) =>
        [r.AddressMark, .. r.Addresses, .. r.Tokens, .. r.Tokens.Select(Invitations.Hash), r.Odc2Text, r.LeadershipText, r.DraftText];

    /// <summary>The group results in an answer (GetGroupResults, a page of ListGroupResults), keyed by the
    /// name under the version: units/odc-1, managers/odc-leder-1 (units/kommunen is a leadership total).</summary>
    private static IEnumerable<GroupResults> Groups(Seen s) => s.Answer switch
    {
        GroupResults g => [g],
        ListGroupResultsResponse l => l.GroupResults,
        _ => [],
    };

    private static string Key(GroupResults g) => string.Join('/', g.Group.Split('/')[^2..]);

    private static IEnumerable<ItemResult> Items(GroupResults g) => g.Themes.SelectMany(t => t.Items);

    /// <summary>What each caller sees of results by instrument kind (suppressed groups included, with why).</summary>
    private static readonly Dictionary<string, (string[] Apv, string[] Leadership)> Scope = new()
    {
        [Hr] = (["units/kommunen", "units/odc", "units/odc-1", "units/odc-2"], ["units/kommunen"]),
        [Executive] = (["units/kommunen", "units/odc", "units/odc-1", "units/odc-2"], ["units/kommunen"]),
        [ManagerOfOdc1] = (["units/odc-1"], ["managers/odc-leder-1"]),
        [ManagerOfAnotherCentre] = ([], ["managers/byc-chef", "managers/byc-leder-1", "managers/byc-leder-2"]),
        [CentreHead] = (["units/odc", "units/odc-1", "units/odc-2"], ["managers/odc-chef", "managers/odc-leder-1", "managers/odc-leder-2"]),
        // Every manager reports to her: she sees each one's group (not the total, which is HR's and the board's).
        [Director] = (["units/kommunen", "units/odc", "units/odc-1", "units/odc-2"],
            [.. Sample.Of(2).Managers.Select(m => $"managers/{m.ManagerId}").Order(StringComparer.Ordinal)]),
        [GroupOfOdc1] = (["units/odc-1"], []),
        [GroupOfOdc2] = (["units/odc-2"], []),
    };

    /// <summary>The units whose response rates each caller sees: the scope, in the whole kept version.</summary>
    private static readonly Dictionary<string, string[]> RateScope = new()
    {
        [ManagerOfOdc1] = ["odc-1"],
        [ManagerOfAnotherCentre] = ["byc", "byc-1", "byc-2"],
        [CentreHead] = ["odc", "odc-1", "odc-2"],
        [GroupOfOdc1] = ["odc-1"],
        [GroupOfOdc2] = ["odc-2"],
    };

    private static string Decimal(double value) => value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',');

    /// <summary>ExportResultsCsv as the caller: each instrument's file has the rows of exactly the groups the
    /// caller lists, a suppressed group one row with its reason and no number, a shown group a row per theme
    /// with the listed numbers; a group asked for is NOT_FOUND where ListGroupResults does not show it.</summary>
    private static void Exported(List<Seen> seen, LeakRound r, (string[] Apv, string[] Leadership) scope, List<GroupResults> listed, string context)
    {
        foreach (var (instrument, keys) in new[] { (r.Apv, scope.Apv), (r.Leadership, scope.Leadership) })
        {
            var whole = seen.Single(s => s.Rpc == "ExportResultsCsv" && s.Label == instrument.Name);
            Assert.True(whole.Ok, $"{context}: {whole}");
            var bytes = ((ResultsCsv)whole.Answer!).Csv.ToByteArray();
            Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
            var rows = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(';')).ToList();
            Assert.Equal(keys.Select(k => k.Split('/')[1]).Order(StringComparer.Ordinal), rows.Select(x => x[0]).Distinct().Order(StringComparer.Ordinal));
            foreach (var g in listed.Where(g => g.Instrument == instrument.Name))
            {
                var own = rows.Where(x => x[0] == g.Group.Split('/')[^1]).ToList();
                if (g.Suppressed)
                {
                    var row = Assert.Single(own);
                    Assert.True(row[2..9].All(f => f.Length == 0) && row[9].StartsWith("For få besvarelser", StringComparison.Ordinal), $"{context}: {string.Join(';', row)}");
                    continue;
                }
                Assert.Equal(g.Themes.Select(t => t.Score.HasValue ? Decimal(t.Score.Value) : ""), own.Select(x => x[4]));
            }
            // A group asked for: itself and those below it that the caller sees, or NOT_FOUND.
            foreach (var s in seen.Where(s => s.Rpc == "ExportResultsCsv" && s.Label.StartsWith(instrument.Name + " ", StringComparison.Ordinal)))
            {
                var group = s.Label.Split(' ')[1];
                var visible = keys.Any(k => k.Split('/')[1] == group);
                Assert.True(visible ? s.Ok : (s.Status, s.Reason) == (StatusCode.NotFound, "GROUP_NOT_FOUND"), $"{context}: {s}");
            }
        }
    }

    /// <summary>RenderResultsReport as the caller: a report of a unit the caller lists (NOT_FOUND otherwise),
    /// holding the listed units at and below it and no other; a suppressed one says "For få besvarelser" in
    /// every row and shows no number, a shown one the listed theme scores. A leadership evaluation is refused.</summary>
    private static void Reported(List<Seen> seen, LeakRound r, (string[] Apv, string[] Leadership) scope, List<GroupResults> listed, string context)
    {
        var names = Sample.Of(2).Units.ToDictionary(u => u.UnitId, u => u.DisplayName);
        var apv = listed.Where(g => g.Instrument == r.Apv.Name).ToDictionary(g => g.Group.Split('/')[^1]);
        foreach (var s in seen.Where(s => s.Rpc == "RenderResultsReport"))
        {
            if (s.Label.StartsWith(r.Leadership.Name, StringComparison.Ordinal))
            {
                Assert.True((s.Status, s.Reason) is (StatusCode.InvalidArgument, _) || (s.Status, s.Reason) == (StatusCode.NotFound, "GROUP_NOT_FOUND"), $"{context}: {s}");
                continue;
            }
            var unit = s.Label.Split(' ')[^1];
            if (!scope.Apv.Contains($"units/{unit}"))
            {
                Assert.True((s.Status, s.Reason) == (StatusCode.NotFound, "GROUP_NOT_FOUND"), $"{context}: {s}");
                continue;
            }
            Assert.True(s.Ok, $"{context}: {s}");
            var html = ((ResultsReport)s.Answer!).Html;
            var below = apv.Keys.Where(k => k == unit || IsBelow($"units/{k}", $"units/{unit}")).ToHashSet();
            foreach (var (id, name) in names.Where(n => n.Key != unit))
            {
                var heads = Regex.Matches(html, $@"<tr><th scope=""row""[^>]*>{Regex.Escape(name)}</th>(.*?)</tr>").Select(m => m.Groups[1].Value).ToList();
                Assert.True(below.Contains(id) == (heads.Count > 0), $"{context}: {s} has rows of {name}: {heads.Count}");
                if (heads.Count == 0)
                {
                    continue;
                }
                var g = apv[id];
                if (g.Suppressed)
                {
                    Assert.All(heads, cells => Assert.Matches(@"^<td colspan=""\d+"" class=""suppressed"">For få besvarelser</td>$", cells));
                }
                else
                {
                    Assert.All(g.Themes.Where(t => t.Score.HasValue), t => Assert.Contains($"<td class=\"num\">{Decimal(t.Score.Value)}</td>", heads[0], StringComparison.Ordinal));
                }
            }
        }
    }

    /// <summary>Who reads afdeling 1's free text: its working-environment group and its managers.</summary>
    private static readonly string[] Odc1TextReaders = [ManagerOfOdc1, CentreHead, Director, GroupOfOdc1];

    /// <summary>Who sees each workplace's plan: HR and the board, its managers and its working-environment group.</summary>
    private static readonly string[] Odc1PlanReaders = [Hr, Executive, ManagerOfOdc1, CentreHead, Director, GroupOfOdc1];
    private static readonly string[] Odc2PlanReaders = [Hr, Executive, CentreHead, Director, GroupOfOdc2];

    [Fact]
    public void Every_read_rpc_of_both_services_is_walked()
    {
        var names = SurveysService.Descriptor.Methods.Select(m => m.Name).ToList();
        var unclassified = names.Where(n => !Changes.Contains(n) && !Exports.Contains(n) && !n.StartsWith("Get", StringComparison.Ordinal)
            && !n.StartsWith("List", StringComparison.Ordinal));
        Assert.True(!unclassified.Any(), $"Neither a read nor a known change, so the walk does not know it: {string.Join(", ", unclassified)}");
        var placeholder = new LeakRound(new Round { Name = "rounds/x" }, new Instrument { Name = "instruments/a" }, new Instrument { Name = "instruments/l" },
            new OrganisationVersion { Name = "organisationVersions/1" }, [], "", [], "", "", "", "", new ActionPlanItem(), new ActionPlanItem(), [], [], []);
        Assert.Empty(Changes.Except(names));
        var walked = Reads(placeholder).Select(r => r.Rpc).ToHashSet();
        var missing = names.Except(Changes).Where(n => !walked.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"Read RPCs the walk makes no request of: {string.Join(", ", missing)}");
        Assert.Empty(walked.Except(names));
        // The answering service: its one read is walked with every link, before and after closing.
        Assert.Equal(["GetQuestionnaire"], SurveyAnsweringService.Descriptor.Methods.Select(m => m.Name).Except(AnsweringChanges));
    }

    [Theory]
    [MemberData(nameof(CallersByTransport))]
    public async Task The_walk_as_caller_shows_nothing_confidential_beyond_their_scope(string caller, bool overHttpJson)
    {
        var r = await RoundAsync();
        var seen = await WalkAsync(caller, r, overHttpJson);
        var context = $"{caller} on {host.Store}{(overHttpJson ? OverHttpJson : "")}";
        Assert.DoesNotContain(seen, s => s.Status is StatusCode.Internal or StatusCode.Unknown);

        // Nobody, whatever they may read: no address, no token, no text that must not show.
        var leaks = Leaks(seen, NeverShown(r));
        Assert.True(leaks.Count == 0, $"{context} saw what no one may:\n{string.Join("\n", leaks)}");

        // Afdeling 1's free text: in ListFreeTextAnswers only, and only for its own group and managers.
        var odc1Text = seen.Where(s => s.Shows(r.Odc1Text)).ToList();
        if (Odc1TextReaders.Contains(caller))
        {
            var texts = Assert.Single(odc1Text.Where(s => s.Rpc == "ListFreeTextAnswers").Select(s => s.Label).Distinct());
            Assert.Equal("odc-1", texts);
            Assert.All(odc1Text, s => Assert.Equal("ListFreeTextAnswers", s.Rpc));
            Assert.Equal(2, odc1Text.SelectMany(s => ((ListFreeTextAnswersResponse)s.Answer!).Answers).Count(a => a.Text.StartsWith(r.Odc1Text, StringComparison.Ordinal)));
        }
        else
        {
            Assert.True(odc1Text.Count == 0, $"{context} read afdeling 1's free text in: {string.Join("; ", odc1Text)}");
        }

        // The plans: each workplace's to those who see the workplace.
        foreach (var (plan, readers) in new[] { (r.Odc1Plan, Odc1PlanReaders), (r.Odc2Plan, Odc2PlanReaders) })
        {
            var shown = seen.Where(s => s.Shows(plan.Problem)).ToList();
            if (readers.Contains(caller))
            {
                Assert.Contains(shown, s => s.Rpc == "GetActionPlanItem");
                Assert.Contains(shown, s => s.Rpc == "ListActionPlanItems");
                Assert.All(shown, s => Assert.Contains(s.Rpc, new[] { "GetActionPlanItem", "ListActionPlanItems" }));
            }
            else
            {
                Assert.True(shown.Count == 0, $"{context} saw {plan.Unit}'s plan in: {string.Join("; ", shown)}");
            }
        }

        var groups = seen.Where(s => s.Ok).SelectMany(s => Groups(s).Select(g => (s, g))).ToList();
        var readsResults = Scope.TryGetValue(caller, out var scope);
        if (!readsResults)
        {
            // The service role, the auditor and no token read no results, rates, free text or plans at all.
            Assert.Empty(groups);
            var refused = caller == NoToken ? StatusCode.Unauthenticated : StatusCode.PermissionDenied;
            Assert.All(seen.Where(s => s.Rpc is "ListResponseRates" or "GetGroupResults" or "ListGroupResults" or "ListFreeTextAnswers" or "GetActionPlanItem"
                or "ListActionPlanItems" or "RenderResultsReport" or "ExportResultsCsv"), s => Assert.Equal(refused, s.Status));
            return;
        }

        // Which groups: the caller's scope, the same through Get and List and by every filter; the leadership
        // evaluation's managers only for themselves and those above them, HR and the board the municipality's total only.
        foreach (var list in groups.Where(x => x.s.Rpc == "ListGroupResults").GroupBy(x => (x.g.Instrument, x.s.Filter)))
        {
            Assert.Equal(list.Key.Instrument == r.Apv.Name ? scope.Apv : scope.Leadership, list.Select(x => Key(x.g)).Order(StringComparer.Ordinal));
        }
        foreach (var (s, g) in groups.Where(x => x.s.Rpc == "GetGroupResults"))
        {
            var listed = groups.Single(x => x.s.Rpc == "ListGroupResults" && x.s.Filter == s.Filter && x.g.Instrument == g.Instrument && x.g.Group == g.Group).g;
            Assert.Equal(listed, g);
        }
        Assert.All(seen.Where(s => s.Rpc == "GetGroupResults" && !s.Ok), s => Assert.Equal((StatusCode.NotFound, "GROUP_NOT_FOUND"), (s.Status, s.Reason)));
        Assert.All(seen.Where(s => s.Rpc == "ListGroupResults"), s => Assert.True(s.Ok, s.ToString()));

        var invited = new Dictionary<string, int> { ["units/kommunen"] = 22, ["units/odc"] = 22, ["units/odc-1"] = 7, ["units/odc-2"] = 3 };
        foreach (var (s, g) in groups)
        {
            var at = $"{context}, {s}, {Key(g)}";
            if (g.Suppressed)
            {
                // Nothing but why, and the invitations (no secret: the response rates show them too).
                Assert.True(g.Themes.Count == 0 && g.Dimensions.Count == 0 && g.ResponseCount == 0, $"{at} is suppressed but shows: {g}");
                Assert.Equal(g.Instrument == r.Apv.Name ? invited.GetValueOrDefault(Key(g)) : 0, g.InvitedCount);
                Assert.NotEqual(SuppressionReason.Unspecified, g.SuppressionReason);
                continue;
            }
            Assert.True(g.ResponseCount >= 5, $"{at} shows {g.ResponseCount} respondents");
            Assert.All(g.Themes.SelectMany(t => t.Items).Where(i => i.Score is not null), i => Assert.True(i.Score.RespondentCount is 0 or >= 5,
                $"{at}: {i.ItemId} rests on {i.Score.RespondentCount}"));
            foreach (var theme in g.Themes)
            {
                foreach (var item in theme.Items.Where(i => i.Sensitive))
                {
                    if (g.ResponseCount < 20)
                    {
                        Assert.True(item.Suppressed && item.Score is null && item.Distribution.Count == 0 && item.TextAnswerCount == 0,
                            $"{at}: the sensitive {item.ItemId} shows below 20: {item}");
                        Assert.True(theme.Score is null || !theme.Score.HasValue, $"{at}: the theme {theme.ThemeId} with a sensitive item shows below 20: {theme.Score}");
                    }
                }
            }
        }
        // Filtered by the sensitive item, a group needs 20 on both sides: one yes is nowhere near.
        Assert.All(groups.Where(x => x.s.Filter.StartsWith("vold=", StringComparison.Ordinal)), x => Assert.True(x.g.Suppressed, $"{x.s}: {Key(x.g)}"));
        // Afdeling 2 and its leader are too few wherever they are seen; the director's five are hidden to protect them.
        var unfiltered = groups.Where(x => x.s.Filter.Length == 0).ToList();
        Assert.All(unfiltered.Where(x => Key(x.g) is "units/odc-2" or "managers/odc-leder-2"), x =>
            Assert.Equal(SuppressionReason.TooFewRespondents, x.g.SuppressionReason));
        Assert.All(unfiltered.Where(x => Key(x.g) == "managers/kd"), x => Assert.Equal(SuppressionReason.ProtectsAnotherGroup, x.g.SuppressionReason));
        Assert.All(groups.Where(x => Key(x.g) is "units/odc-2" or "managers/odc-leder-2" or "managers/kd"), x => Assert.True(x.g.Suppressed));
        // The walk looks at data: the groups of 21 do show the sensitive item to those who see them (one yes, from afdeling 2).
        if (scope.Apv.Contains("units/odc"))
        {
            var odc = unfiltered.First(x => Key(x.g) == "units/odc" && x.g.Instrument == r.Apv.Name).g;
            var vold = Items(odc).Single(i => i.ItemId == "vold");
            Assert.Equal((false, 21), (vold.Suppressed, odc.ResponseCount));
            Assert.Equal([1, 20], vold.Distribution);
        }
        if (scope.Leadership.Contains("managers/odc-leder-1"))
        {
            var leader = unfiltered.First(x => Key(x.g) == "managers/odc-leder-1").g;
            Assert.Equal((false, 6, 1), (leader.Suppressed, leader.ResponseCount, Items(leader).Single(i => i.ItemId == "fortsaet-aendr").TextAnswerCount));
        }

        // The report and the CSV: the same groups, numbers and suppression as ListGroupResults.
        var listedGroups = unfiltered.Where(x => x.s.Rpc == "ListGroupResults").Select(x => x.g).ToList();
        Exported(seen, r, scope, listedGroups, context);
        Reported(seen, r, scope, listedGroups, context);

        // Response rates: counts of the caller's units only.
        var rates = seen.Where(s => s.Ok && s.Rpc == "ListResponseRates").SelectMany(s => ((ListResponseRatesResponse)s.Answer!).ResponseRates)
            .ToDictionary(x => x.Unit.Split('/')[^1], x => (x.InvitedCount, x.ResponseCount));
        var expectedRates = RateScope.TryGetValue(caller, out var units) ? units : [.. Sample.Of(2).Units.Select(u => u.UnitId)];
        Assert.Equal(expectedRates.Order(StringComparer.Ordinal), rates.Keys.Order(StringComparer.Ordinal));
        foreach (var (unit, counts) in new[] { ("odc-1", (7, 6)), ("odc-2", (3, 3)), ("odc", (22, 21)), ("kommunen", (22, 21)) })
        {
            if (rates.TryGetValue(unit, out var shown))
            {
                Assert.Equal(counts, shown);
            }
        }
    }

    /// <summary>HTTP/JSON is the same API: each read of the walk answers the same over both, or is refused
    /// the same way (status, reason, message and details), so nothing JSON shows is hidden over gRPC or the other
    /// way round, and what the gRPC walks prove of the groups holds over JSON. The page tokens aside (opaque),
    /// and the audit log, which the walks themselves add to (<see cref="Comparable"/>).</summary>
    [Theory]
    [MemberData(nameof(Callers))]
    public async Task The_walk_over_http_json_shows_exactly_what_grpc_shows(string caller)
    {
        var r = await RoundAsync();
        var grpc = (await WalkAsync(caller, r)).Where(s => s.Rpc != "ListAuditEntries").ToList();
        var json = (await WalkAsync(caller, r, overHttpJson: true)).Where(s => s.Rpc != "ListAuditEntries").ToList();
        Assert.Equal(grpc.Select(s => s.ToString()), json.Select(s => s.ToString()));
        foreach (var (g, j) in grpc.Zip(json))
        {
            var at = $"{g} on {host.Store}";
            if (g.Ok)
            {
                var (overGrpc, overJson) = (Comparable(g.Answer!), Comparable(j.Answer!));
                Assert.True(overGrpc == overJson, $"{at}: {Difference(overGrpc, overJson)}");
            }
            else
            {
                Assert.True(g.Text == j.Text, $"{at}: {Difference(g.Text, j.Text)}");
            }
        }
    }

    /// <summary>Where two answers part: a report's HTML is too long to read whole in a failure.</summary>
    private static string Difference(string grpc, string json)
    {
        var at = 0;
        while (at < grpc.Length && at < json.Length && grpc[at] == json[at])
        {
            at++;
        }
        var from = Math.Max(0, at - 120);
        string Around(string text) => text[Math.Min(from, text.Length)..Math.Min(text.Length, at + 240)];
        return $"they part at character {at}:\ngRPC:      …{Around(grpc)}\nHTTP/JSON: …{Around(json)}";
    }

    /// <summary>An answer as JSON without what differs from call to call whatever the transport: the page
    /// token, and a report's printing time ("Udskrevet", to the minute: two calls may straddle one). A
    /// report is otherwise compared whole, its charts' ids included (they are numbered per chart).</summary>
    private static string Comparable(IMessage answer)
    {
        var copy = answer.Descriptor.Parser.ParseFrom(answer.ToByteString());
        if (copy.Descriptor.FindFieldByName("next_page_token") is { } token)
        {
            token.Accessor.Clear(copy);
        }
        if (copy is ResultsReport report)
        {
            report.Html = PrintedAt().Replace(report.Html, "<dt>Udskrevet</dt><dd></dd>");
        }
        return JsonFormatter.Default.Format(copy);
    }

    [System.Text.RegularExpressions.GeneratedRegex("<dt>Udskrevet</dt><dd>[^<]*</dd>")]
    private static partial System.Text.RegularExpressions.Regex PrintedAt();

    [Fact]
    public async Task Nothing_shown_to_anyone_lets_a_hidden_group_be_computed()
    {
        var r = await RoundAsync();
        // Everything shown to anyone, by instrument, filter and group: the attacker pools what all of them see.
        var shown = new Dictionary<(string Instrument, string Filter, string Group), GroupResults>();
        foreach (var caller in AllCallers)
        {
            foreach (var s in (await WalkAsync(caller, r)).Where(s => s.Ok))
            {
                foreach (var g in Groups(s).Where(g => !g.Suppressed))
                {
                    if (shown.TryGetValue((g.Instrument, s.Filter, Key(g)), out var before))
                    {
                        Assert.Equal(before, g); // the same group is the same to everyone who sees it
                    }
                    shown[(g.Instrument, s.Filter, Key(g))] = g;
                }
            }
        }

        // Within one view (unfiltered, or one filter): every shown group less the shown groups nearest below it.
        // Afdeling 2's answers, as the attacker would want them: all 5 (100) on indeklima, never noise (100)
        // on støj; its leader's maal and anbefaling 1 (0). The municipal director's from ØDC's own staff were 3 (50).
        var hidden = new Dictionary<string, double> { ["indeklima"] = 100, ["stoej"] = 100, ["maal"] = 0, ["anbefaling"] = 0 };
        foreach (var view in shown.GroupBy(x => (x.Key.Instrument, x.Key.Filter)))
        {
            var groups = view.ToDictionary(x => x.Key.Group, x => x.Value);
            var at = $"{view.Key.Instrument} {(view.Key.Filter.Length > 0 ? $"filtered by {view.Key.Filter}" : "unfiltered")} on {host.Store}";
            foreach (var (id, g) in groups)
            {
                // The shown groups nearest below this one: the attacker's subtrahends.
                var below = groups.Keys.Where(x => x != id && IsBelow(x, id)
                    && !groups.Keys.Any(y => y != x && y != id && IsBelow(x, y) && IsBelow(y, id))).Select(x => groups[x]).ToList();
                var left = g.ResponseCount - below.Sum(b => b.ResponseCount);
                Assert.True(left == 0 || left >= 5, $"{at}: {id} less {string.Join(", ", below.Select(Key))} leaves {left} respondents");
                foreach (var item in Items(g).Where(i => i.Score is { HasValue: true }))
                {
                    var remainder = item.Score.RespondentCount - below.Sum(b => Items(b).Single(i => i.ItemId == item.ItemId).Score?.RespondentCount ?? 0);
                    Assert.True(remainder == 0 || remainder >= 5, $"{at}: {id} less its parts leaves {remainder} answers to {item.ItemId}");
                    var parts = below.Select(b => Items(b).Single(i => i.ItemId == item.ItemId).Score).ToList();
                    if (view.Key.Filter.Length == 0 && remainder > 0 && hidden.TryGetValue(item.ItemId, out var theirs)
                        && parts.All(p => p is null || p.RespondentCount == 0 || p.HasValue))
                    {
                        var sum = item.Score.Value * item.Score.RespondentCount - parts.Sum(p => p is { HasValue: true } ? p.Value * p.RespondentCount : 0);
                        Assert.True(Math.Abs(sum / remainder - theirs) > 1, $"{at}: {id} less its parts gives the hidden group's {item.ItemId}: {sum / remainder:0.0}");
                    }
                }
                // The sensitive item, where it shows, by the same rule at its own threshold.
                foreach (var item in Items(g).Where(i => i.Sensitive && !i.Suppressed && i.Score is not null))
                {
                    var shownBelow = below.Select(b => Items(b).Single(i => i.ItemId == item.ItemId)).Where(i => !i.Suppressed).Sum(i => i.Score.RespondentCount);
                    var remainder = item.Score.RespondentCount - shownBelow;
                    Assert.True(remainder == 0 || remainder >= 20, $"{at}: {id}'s {item.ItemId} less its parts leaves {remainder}");
                }
            }
        }

        // Across the views of one group: the respondents by their answer to a filter's item (each point, and no
        // answer) are classes, and each view shown is the sum of some of them ({4, 5} less {5} is those who
        // answered 4). Every union of classes those sums determine must be no one or at least the threshold.
        foreach (var (leadership, item, points, sensitive) in FilterItems)
        {
            var instrument = (leadership ? r.Leadership : r.Apv).Name;
            var threshold = sensitive ? 20 : 5;
            int?[] classes = [.. points.Select(p => (int?)p), null];
            foreach (var group in shown.Keys.Where(k => k.Instrument == instrument).Select(k => k.Group).Distinct())
            {
                var counts = classes.Select(c => r.Respondents.Count(x => In(x, group, leadership) && (x.Points.TryGetValue(item, out var p) ? p : (int?)null) == c)).ToArray();
                var known = new List<double[]>();
                if (shown.ContainsKey((instrument, "", group)))
                {
                    known.Add([.. classes.Select(_ => 1.0)]);
                }
                foreach (var subset in ProperSubsets(points).Where(p => shown.ContainsKey((instrument, FilterText(item, p), group))))
                {
                    known.Add([.. classes.Select(c => c is { } point && subset.Contains(point) ? 1.0 : 0.0)]);
                }
                // All the classes together are the group itself, held to the group's threshold above.
                for (var mask = 1; mask < (1 << classes.Length) - 1; mask++)
                {
                    double[] union = [.. classes.Select((_, i) => (mask & (1 << i)) != 0 ? 1.0 : 0.0)];
                    var count = counts.Where((_, i) => (mask & (1 << i)) != 0).Sum();
                    if (count is > 0 and var n && n < threshold && Rank([.. known, union]) == Rank(known))
                    {
                        var who = string.Join(", ", classes.Where((_, i) => (mask & (1 << i)) != 0).Select(c => c?.ToString() ?? "no answer"));
                        Assert.Fail($"{group}'s {n} who answered {item} {who} can be computed from the views of it shown ({known.Count}) on {host.Store}");
                    }
                }
            }
        }

        // What was shown unfiltered: the groups with enough, less the director's, hidden for her leader's sake.
        Assert.Equal(["units/kommunen", "units/odc", "units/odc-1"],
            shown.Keys.Where(k => k.Instrument == r.Apv.Name && k.Filter.Length == 0).Select(k => k.Group).Order(StringComparer.Ordinal));
        Assert.Equal(["managers/odc-chef", "managers/odc-leder-1", "units/kommunen"],
            shown.Keys.Where(k => k.Instrument == r.Leadership.Name && k.Filter.Length == 0).Select(k => k.Group).Order(StringComparer.Ordinal));
        // And filtered views did show: the walk looks at data.
        Assert.Contains(shown.Keys, k => k.Filter.Length > 0);
    }

    /// <summary>The unit groups of the round's tree and the evaluated managers (under the total), by key.</summary>
    private static readonly Dictionary<string, string?> Parents = new Dictionary<string, string?>
    {
        ["units/kommunen"] = null, ["units/odc"] = "units/kommunen", ["units/odc-1"] = "units/odc", ["units/odc-2"] = "units/odc",
    }.Concat(Sample.Of(2).Managers.Select(m => KeyValuePair.Create($"managers/{m.ManagerId}", (string?)"units/kommunen"))).ToDictionary();

    /// <summary>Whether a respondent counts in a group: for the APV a unit and those below it, for the
    /// leadership evaluation the evaluated manager, or everyone in the total.</summary>
    private static bool In(Counted x, string group, bool leadership) =>
        leadership
            ? group == "units/kommunen" || group == $"managers/{x.Evaluated}"
            : group == $"units/{x.Unit}" || IsBelow($"units/{x.Unit}", group);

    /// <summary>The rank of <paramref name="rows"/> (Gaussian elimination; the entries are small whole numbers).</summary>
    private static int Rank(List<double[]> rows)
    {
        var m = rows.Select(r => (double[])r.Clone()).ToList();
        var rank = 0;
        for (var c = 0; m.Count > 0 && c < m[0].Length && rank < m.Count; c++)
        {
            var pivot = Enumerable.Range(rank, m.Count - rank).FirstOrDefault(i => Math.Abs(m[i][c]) > 1e-9, -1);
            if (pivot < 0)
            {
                continue;
            }
            (m[rank], m[pivot]) = (m[pivot], m[rank]);
            for (var i = 0; i < m.Count; i++)
            {
                if (i != rank && Math.Abs(m[i][c]) > 1e-9)
                {
                    var f = m[i][c] / m[rank][c];
                    for (var k = c; k < m[i].Length; k++)
                    {
                        m[i][k] -= f * m[rank][k];
                    }
                }
            }
            rank++;
        }
        return rank;
    }

    private static bool IsBelow(string group, string above)
    {
        for (var at = Parents.GetValueOrDefault(group); at is not null; at = Parents.GetValueOrDefault(at))
        {
            if (at == above)
            {
                return true;
            }
        }
        return false;
    }


    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_walk_finds_what_an_insider_may_see_so_it_can_fail(bool overHttpJson)
    {
        var r = await RoundAsync();
        // Afdeling 1's working-environment group reads its own free text: the outsiders' check flags it.
        var group = await WalkAsync(GroupOfOdc1, r, overHttpJson);
        Assert.NotEmpty(Leaks(group, r.Odc1Text));
        Assert.NotEmpty(Leaks(group, r.Odc1Plan.Problem));
        // The centre head sees afdeling 2's plan and the sensitive item of ØDC (21 answered).
        var head = await WalkAsync(CentreHead, r, overHttpJson);
        Assert.NotEmpty(Leaks(head, r.Odc2Plan.Problem));
        Assert.Contains(head.Where(s => s.Ok).SelectMany(Groups), g => Key(g) == "units/odc" && Items(g).Any(i => i.ItemId == "vold" && !i.Suppressed));
        // The respondent with a draft sees it on their own link: the answering walk looks at data too.
        Assert.NotEmpty(Leaks(r.WhileOpen.Where(s => s.Label == $"the drafter's own link{(overHttpJson ? OverHttpJson : "")}"), r.DraftText));
        // The auditor finds the free-text reads in the log, by resource (never their texts).
        var audit = (await WalkAsync(Auditor, r, overHttpJson)).Where(s => s.Ok && s.Rpc == "ListAuditEntries").SelectMany(s => ((ListAuditEntriesResponse)s.Answer!).Entries);
        Assert.Contains(audit, e => e.Action == AuditAction.ClosedContentRead && e.Resource.EndsWith("/odc-1/freeText", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_answering_service_shows_a_respondent_their_own_draft_only_and_nothing_once_closed(bool overHttpJson)
    {
        var r = await RoundAsync();
        var over = overHttpJson ? OverHttpJson : "";
        var own = r.WhileOpen.Single(s => s.Label == $"the drafter's own link{over}");
        Assert.True(own.Ok, own.ToString());
        var questionnaire = (Questionnaire)own.Answer!;
        Assert.Equal(("ØDC afdeling 1", "Leder 1 i ØDC"), (questionnaire.UnitDisplayName, questionnaire.EvaluatedManagerDisplayName));
        Assert.Equal(2, questionnaire.Answers.Count);
        // Its own draft and nothing else: no one else's text, address or token.
        string[] others = [r.AddressMark, .. r.Addresses, .. r.Tokens, r.Odc1Text, r.Odc2Text, r.LeadershipText];
        Assert.Empty(Leaks([own], others));

        var used = r.WhileOpen.Single(s => s.Label == $"a submitted link{over}");
        Assert.Equal((StatusCode.FailedPrecondition, "ALREADY_SUBMITTED"), (used.Status, used.Reason));
        Assert.Empty(Leaks([used], [.. others, r.DraftText]));

        // Once closed, no link opens anything: the invitations and the draft are gone.
        var afterClosing = r.AfterClosing.Where(s => s.Label.EndsWith(OverHttpJson, StringComparison.Ordinal) == overHttpJson).ToList();
        Assert.Equal(r.Tokens.Count, afterClosing.Count);
        Assert.All(afterClosing, s => Assert.Equal((StatusCode.NotFound, "INVITATION_NOT_FOUND"), (s.Status, s.Reason)));
        Assert.Empty(Leaks(afterClosing, [.. others, r.DraftText]));
    }

    [Fact]
    public async Task The_respondent_pages_show_a_respondent_their_own_draft_only_and_nothing_once_used_or_closed()
    {
        var r = await RoundAsync();
        string[] others = [r.AddressMark, .. r.Addresses, .. r.Tokens, r.Odc1Text, r.Odc2Text, r.LeadershipText];
        // The drafter's own pages show their draft (the walk can fail) and where it counts, nothing of anyone else.
        var draftPages = new[] { r.Pages["the drafter's page 7"], r.Pages["the drafter's summary"] };
        Assert.All(draftPages, p => Assert.Equal(System.Net.HttpStatusCode.OK, p.Status));
        Assert.All(draftPages, p => Assert.Contains(r.DraftText, p.Html, StringComparison.Ordinal));
        Assert.Contains("Leder 1 i ØDC", System.Net.WebUtility.HtmlDecode(r.Pages["the drafter's summary"].Html), StringComparison.Ordinal);
        Assert.All(draftPages, p => Assert.DoesNotContain(others, o => p.Html.Contains(o, StringComparison.OrdinalIgnoreCase)));

        // A used link, and every link once the round has closed, is the unknown link's page, byte for byte.
        var unknown = r.Pages["an unknown link"];
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.Status);
        var dead = r.Pages.Where(p => p.Key == "a submitted link" || p.Key.EndsWith("after closing", StringComparison.Ordinal)).ToList();
        Assert.Equal(r.Tokens.Count + 1, dead.Count);
        Assert.All(dead, p => Assert.Equal(System.Net.HttpStatusCode.NotFound, p.Value.Status));
        Assert.All(dead, p => Assert.Equal(unknown.Bytes, p.Value.Bytes));
        Assert.DoesNotContain(r.DraftText, unknown.Html, StringComparison.Ordinal);
    }
}

public sealed class SurveyLeakSqliteTests(SqliteRoundHost host, SharedFixtures rounds)
    : SurveyLeakTests(host, rounds), IClassFixture<SqliteRoundHost>, IClassFixture<SharedFixtures>;

public sealed class SurveyLeakPostgresTests(PostgresRoundHost host, SharedFixtures rounds)
    : SurveyLeakTests(host, rounds), IClassFixture<PostgresRoundHost>, IClassFixture<SharedFixtures>;
