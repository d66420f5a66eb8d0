using Governance.Integration.Tests.Reminders;
using Governance.Integration.Tests.Support;
using Governance.Reminders.V1;
using Governance.Surveys.V1;
using Grpc.Reflection.V1Alpha;
using Xunit.Sdk;

namespace Governance.Integration.Tests.Surveys;

/// <summary>The steps of the scenario and what it checks of them, each through the public API.</summary>
public abstract partial class SurveyRoundEndToEndTests
{
    private async Task ReflectionListsTheSurveysServicesAsync()
    {
        var reflection = new ServerReflection.ServerReflectionClient(host.Server.Channel);
        using var call = reflection.ServerReflectionInfo(cancellationToken: Ct);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("governance.surveys.v1.SurveysService", services);
        Assert.Contains("governance.surveys.v1.SurveyAnsweringService", services);
        Assert.Contains("governance.reminders.v1.RemindersService", services);

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "governance.surveys.v1.SurveyAnsweringService" }, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(bytes => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(bytes)).ToList();
        var file = Assert.Single(files, f => f.Name == "governance/surveys/v1/answering_service.proto");
        Assert.Equal(["GetQuestionnaire", "SaveAnswers"], Assert.Single(file.Service).Method.Select(m => m.Name));
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(Ct));
    }

    private static async Task<Instrument> CopyAsync(SurveysService.SurveysServiceClient hr, string template, string displayName)
    {
        var copy = await hr.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = displayName }, SourceInstrument = $"instruments/{template}", RequestId = Guid.NewGuid().ToString(),
        }, cancellationToken: Ct);
        Assert.Equal($"instruments/{template}", copy.SourceInstrument);
        return copy;
    }

    /// <summary>An employee's answers to every instrument, the same in every run: most items answered
    /// (mostly on the good side, as in most workplaces), some skipped, a few suggestions in free text,
    /// and the first scored item of each instrument always answered.</summary>
    private static List<Answer> AnswersOf(Municipality.Employee employee, IReadOnlyList<Instrument> instruments)
    {
        var random = new Random(4100 + employee.Index);
        var answers = new List<Answer>();
        foreach (var instrument in instruments)
        {
            var scored = 0;
            foreach (var item in instrument.Themes.SelectMany(t => t.Items))
            {
                var answer = new Answer { Instrument = instrument.Name, ItemId = item.ItemId };
                if (item.ResponseType == ResponseType.FreeText)
                {
                    if (random.NextDouble() >= 0.25)
                    {
                        continue;
                    }
                    answer.Text = $"{Suggestions[random.Next(Suggestions.Length)]} ({Municipality.ById[employee.Unit].DisplayName})";
                }
                else if (scored > 0 && random.NextDouble() < 0.1)
                {
                    continue;
                }
                else if (item.ResponseType == ResponseType.YesNo)
                {
                    answer.Yes = random.NextDouble() < (item.Direction == ItemDirection.Demand ? 0.1 : 0.8);
                    scored++;
                }
                else
                {
                    var good = random.NextDouble() switch { < 0.3 => 5, < 0.65 => 4, < 0.85 => 3, < 0.95 => 2, _ => 1 };
                    answer.Scale = item.Direction == ItemDirection.Demand ? 6 - good : good;
                    scored++;
                }
                answers.Add(answer);
            }
        }
        return answers;
    }

    private static async Task SubmitAsync(SurveyAnsweringService.SurveyAnsweringServiceClient answering, string token, IReadOnlyList<Answer> answers,
        int expected, CancellationToken ct)
    {
        var saved = await answering.SaveAnswersAsync(new SaveAnswersRequest { InvitationToken = token, Answers = { answers }, Submit = true }, cancellationToken: ct);
        Assert.Equal((expected, true), (saved.AnswerCount, saved.Submitted));
    }

    private static async Task SaveHalfAsync(SurveyAnsweringService.SurveyAnsweringServiceClient answering, string token, Respondent r, CancellationToken ct)
    {
        var saved = await answering.SaveAnswersAsync(new SaveAnswersRequest { InvitationToken = token, Answers = { r.FirstHalf } }, cancellationToken: ct);
        Assert.Equal((r.FirstHalf.Count, false), (saved.AnswerCount, saved.Submitted));
    }

    /// <summary>Comes back with <paramref name="token"/>: the questionnaire of their unit with the half saved, then the rest, submitted.</summary>
    private static async Task ResumeAsync(SurveyAnsweringService.SurveyAnsweringServiceClient answering, string token, Respondent r, CancellationToken ct)
    {
        var questionnaire = await answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: ct);
        Assert.Equal((Municipality.ById[r.Employee.Unit].DisplayName, 3), (questionnaire.UnitDisplayName, questionnaire.Instruments.Count));
        Assert.Equal(Keys(r.FirstHalf), Keys(questionnaire.Answers));
        await SubmitAsync(answering, token, r.SecondHalf, r.Answers.Count, ct);
    }

    private static IEnumerable<string> Keys(IEnumerable<Answer> answers) => answers.Select(a => $"{a.Instrument} {a.ItemId} {a.ValueCase}").Order(StringComparer.Ordinal);

    private static async Task<Round> GetRoundAsync(SurveysService.SurveysServiceClient client, string round) =>
        await client.GetRoundAsync(new GetRoundRequest { Name = round }, cancellationToken: Ct);

    /// <summary>Waits for the round sweep to take the round to <paramref name="state"/>.</summary>
    private static Task<Round> WaitForStateAsync(SurveysService.SurveysServiceClient client, string round, RoundState state) =>
        Eventually.UntilAsync(() => GetRoundAsync(client, round), r => r.State == state, r => $"{round} is {r.State}, not {state}.", TimeSpan.FromMinutes(1));

    /// <summary>The response rate of every unit the client sees, by unit id, page by page.</summary>
    private static async Task<Dictionary<string, (int Invited, int Answered)>> ResponseRatesAsync(SurveysService.SurveysServiceClient client, string round)
    {
        var rates = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var request = new ListResponseRatesRequest { Round = round, PageSize = 8 };
        do
        {
            var page = await client.ListResponseRatesAsync(request, cancellationToken: Ct);
            foreach (var rate in page.ResponseRates)
            {
                rates.Add(IdOf(rate.Unit), (rate.InvitedCount, rate.ResponseCount));
            }
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return rates;
    }

    /// <summary>What the response rates must be when <paramref name="submitted"/> have submitted: each unit with every unit below it.</summary>
    private static Dictionary<string, (int Invited, int Answered)> ExpectedRates(IReadOnlySet<string> submitted) =>
        Municipality.Units.ToDictionary(u => u.Id, u =>
        {
            var within = Municipality.Employees.Where(e => Municipality.IsWithin(e.Unit, u.Id)).ToList();
            return (within.Count, within.Count(e => submitted.Contains(e.Email)));
        }, StringComparer.Ordinal);

    /// <summary>Every group of the instrument the client sees, by unit or manager id, page by page.</summary>
    private static async Task<SortedDictionary<string, GroupResults>> AllGroupsAsync(SurveysService.SurveysServiceClient client, string round, Instrument instrument)
    {
        var groups = new SortedDictionary<string, GroupResults>(StringComparer.Ordinal);
        var request = new ListGroupResultsRequest { Round = round, Instrument = instrument.Name, PageSize = 7 };
        do
        {
            var page = await client.ListGroupResultsAsync(request, cancellationToken: Ct);
            foreach (var group in page.GroupResults)
            {
                groups.Add(IdOf(group.Group), group);
            }
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return groups;
    }

    private static string IdOf(string name) => name[(name.LastIndexOf('/') + 1)..];

    private static void AssertSuppressedGroupsShowNothing(IEnumerable<GroupResults> groups) =>
        Assert.All(groups.Where(g => g.Suppressed), g =>
        {
            Assert.NotEqual(SuppressionReason.Unspecified, g.SuppressionReason);
            Assert.Equal((0, 0, 0), (g.ResponseCount, g.Themes.Count, g.Dimensions.Count));
        });

    private static bool ShowsSensitiveItems(GroupResults g) =>
        !g.Suppressed && g.Themes.SelectMany(t => t.Items).Any(i => i.Sensitive) && g.Themes.SelectMany(t => t.Items).Where(i => i.Sensitive).All(i => !i.Suppressed);

    /// <summary>
    /// The subtraction attack on what was read: a shown group less the shown groups nearest below it is
    /// what any sum and difference of shown results can single out (docs/architecture.md, Scoring and
    /// suppression). Each such remainder must be no one or at least <paramref name="threshold"/>
    /// respondents; the groups hidden for too few respondents then never stand alone in one.
    /// </summary>
    private static void AssertNoHiddenGroupCanBeComputed(IReadOnlyDictionary<string, GroupResults> groups, Func<string, string, bool> isWithin,
        Func<GroupResults, bool> shows, int threshold, string what)
    {
        var shown = groups.Where(g => shows(g.Value)).Select(g => g.Key).ToList();
        bool Below(string group, string above) => group != above && isWithin(group, above);
        foreach (var id in shown)
        {
            var nearest = shown.Where(x => Below(x, id) && !shown.Any(y => Below(x, y) && Below(y, id))).ToList();
            var left = groups[id].ResponseCount - nearest.Sum(x => groups[x].ResponseCount);
            Assert.True(left == 0 || left >= threshold,
                $"{what}: {id} ({groups[id].ResponseCount}) less {string.Join(", ", nearest.Select(x => $"{x} ({groups[x].ResponseCount})"))} leaves {left} respondents");
        }
    }

    /// <summary>
    /// A shown group's results, computed here from its respondents' answers as results.proto says: an item
    /// scores 100/75/50/25/0 from the highest point down (yes 100, no 0), reversed for a demand item; a
    /// respondent's theme (or dimension) score is the mean of their scored items there when they answered
    /// at least half of them; the group's score is the mean over those respondents. Sensitive items of a
    /// group below 20 show nothing, nor does their theme's score.
    /// </summary>
    private static void AssertAsComputed(GroupResults shown, Instrument instrument, IReadOnlyList<IReadOnlyList<Answer>> responses)
    {
        var mine = responses.Select(r => r.Where(a => a.Instrument == instrument.Name).ToDictionary(a => a.ItemId, StringComparer.Ordinal))
            .Where(r => r.Count > 0).ToList();
        Assert.False(shown.Suppressed);
        Assert.Equal(mine.Count, shown.ResponseCount);
        var sensitiveHidden = mine.Count < Sensitive;
        foreach (var theme in instrument.Themes)
        {
            var result = Assert.Single(shown.Themes, t => t.ThemeId == theme.ThemeId);
            if (theme.Items.Any(i => i.Sensitive) && sensitiveHidden)
            {
                Assert.False(result.Score.HasValue, $"{theme.ThemeId} has a sensitive item and shows a score");
            }
            else
            {
                AssertMean(result.Score, ScoresOf(mine, theme.Items), theme.ThemeId);
            }
            foreach (var item in theme.Items)
            {
                var shownItem = Assert.Single(result.Items, i => i.ItemId == item.ItemId);
                if (item.Sensitive && sensitiveHidden)
                {
                    Assert.Equal((true, SuppressionReason.TooFewRespondents, 0), (shownItem.Suppressed, shownItem.SuppressionReason, shownItem.Distribution.Count));
                    continue;
                }
                var given = mine.Where(r => r.ContainsKey(item.ItemId)).Select(r => r[item.ItemId]).ToList();
                if (item.ResponseType == ResponseType.FreeText)
                {
                    Assert.Equal(given.Count, shownItem.TextAnswerCount);
                    continue;
                }
                var scores = given.Select(a => ScoreOf(item, a)).ToList();
                Assert.Equal(scores.Count, shownItem.Score.RespondentCount);
                Assert.Equal(Math.Round((double)scores.Sum() / scores.Count, 1, MidpointRounding.AwayFromZero), shownItem.Score.Value);
                int[] distribution = item.ResponseType == ResponseType.YesNo
                    ? [given.Count(a => a.Yes), given.Count(a => !a.Yes)]
                    : [.. Enumerable.Range(1, 5).Reverse().Select(p => given.Count(a => a.Scale == p))];
                Assert.Equal(distribution, shownItem.Distribution);
            }
        }
        foreach (var dimension in shown.Dimensions)
        {
            var items = instrument.Themes.SelectMany(t => t.Items).Where(i => i.Dimension == dimension.Dimension).ToList();
            AssertMean(dimension.Score, ScoresOf(mine, items), dimension.Dimension.ToString());
        }
        Assert.Equal(instrument.Kind == InstrumentKind.SocialCapital ? 2 : 0, shown.Dimensions.Count);
    }

    /// <summary>Each respondent's mean over <paramref name="items"/>, for those who answered at least half of the scored ones.</summary>
    private static List<double> ScoresOf(IEnumerable<Dictionary<string, Answer>> respondents, IEnumerable<InstrumentItem> items)
    {
        var scored = items.Where(i => i.ResponseType != ResponseType.FreeText).ToList();
        return [.. respondents
            .Select(r => scored.Where(i => r.ContainsKey(i.ItemId)).Select(i => (double)ScoreOf(i, r[i.ItemId])).ToList())
            .Where(s => s.Count > 0 && s.Count * 2 >= scored.Count)
            .Select(s => s.Average())];
    }

    /// <summary>A mean as shown: to one decimal, so within 0.05 of the exact mean (where the exact mean is a
    /// tie, the service's order of summing may round either way).</summary>
    private static void AssertMean(Score score, IReadOnlyList<double> values, string what)
    {
        Assert.Equal(values.Count, score.RespondentCount);
        if (values.Count == 0)
        {
            Assert.False(score.HasValue, $"{what} shows a score of no one");
            return;
        }
        Assert.True(score.HasValue, $"{what} shows no score");
        var exact = values.Average();
        if (Math.Abs(score.Value - exact) > 0.05 + 1e-9)
        {
            throw new XunitException($"{what}: shown {score.Value}, computed {exact:F4} from {values.Count} respondents");
        }
    }

    private static int ScoreOf(InstrumentItem item, Answer answer)
    {
        var score = item.ResponseType == ResponseType.YesNo ? (answer.Yes ? 100 : 0) : (answer.Scale - 1) * 25;
        return item.Direction == ItemDirection.Demand ? 100 - score : score;
    }

    /// <summary>The free texts given to <paramref name="instrument"/>, as "item: text", in order.</summary>
    private static IEnumerable<string> TextsOf(IEnumerable<IReadOnlyList<Answer>> responses, Instrument instrument) =>
        responses.SelectMany(r => r).Where(a => a.Instrument == instrument.Name && a.ValueCase == Answer.ValueOneofCase.Text)
            .Select(a => $"{a.ItemId}: {a.Text}").Order(StringComparer.Ordinal);

    private static Google.Type.Date Date(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    /// <summary>Waits for the reminder the Reminders service makes of an action plan item, on its workplace's list.</summary>
    private static async Task<Reminder> ReminderOfAsync(RemindersDriver reminders, ActionPlanItem item) =>
        Assert.Single(await reminders.WaitForAsync($"bodies/apv-{item.Unit}", all => all.Any(r => r.ActionPlanItem == item.Name), $"a reminder of {item.Name}"),
            r => r.ActionPlanItem == item.Name);
}

public sealed class EmbeddedSurveyRoundEndToEndTests(EmbeddedSurveyRoundHost host) : SurveyRoundEndToEndTests(host), IClassFixture<EmbeddedSurveyRoundHost>;

public sealed class ServerSurveyRoundEndToEndTests(ServerSurveyRoundHost host) : SurveyRoundEndToEndTests(host), IClassFixture<ServerSurveyRoundHost>;
