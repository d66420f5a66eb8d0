using Governance.Surveys.Domain;
using Governance.Surveys.Security;
using Governance.Surveys.V1;
using Governance.Testing.Browser;
using OpenQA.Selenium;

namespace Governance.Surveys.Tests.Browser;

/// <summary>
/// Issue 13's respondent, in the real Chromium at a 360-pixel phone width: the invitation e-mail the
/// notifier wrote is read and its link opened; the first page is answered with the keyboard alone (Tab,
/// Space, arrow keys, Enter) with a visible focus, the others by tapping the choices' labels; part-way the
/// answers are saved and the browser quit, and a new browser with the same link finds them; the summary
/// lists every answer in Danish, Indsend shows the Danish thank-you page, and the used link is then the
/// same "Linket virker ikke længere" page as a link that never existed. Every page passes axe-core and
/// fits the width, and is kept as a screenshot. With the threshold's five respondents (four through the
/// gRPC answering service), the round closed and released shows this one counted, every answer in its
/// item's distribution and the first theme's score as the chosen answers make it. No log line, at any
/// level, holds a token.
/// </summary>
[Collection(SurveyBrowserCollection.Name)]
public abstract class SurveyPhoneFlowTests(BrowserRoundHost host, BrowserFixture browsers)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Store => host.Store.ToLowerInvariant();

    /// <summary>The first page's items and what the keyboard chooses: the first choice of each is 5 ("Altid",
    /// "Helt enig"), Space checks the focused one, Down the next, Up from the first wraps to the last (1).</summary>
    private static readonly (string Item, string[] Keys, string Value, string Words)[] FirstPage =
    [
        ("stoej", [Keys.Space], "5", "Altid"),
        ("indeklima", [Keys.ArrowDown], "4", "Delvist enig"),
        ("kemi", [Keys.ArrowUp], "1", "Aldrig"),
        ("orden", [Keys.ArrowDown, Keys.ArrowDown], "3", "Hverken enig eller uenig"),
    ];

    /// <summary>The text the respondent writes in each free-text field (æ, ø and å included).</summary>
    private const string Suggestion = "Bedre lys ved skrivebordene og færre afbrydelser om formiddagen.";

    [Fact]
    public async Task A_respondent_answers_on_a_phone_by_keyboard_and_by_touch_leaves_resumes_and_submits_and_is_counted_in_the_results()
    {
        browsers.RequireBrowser();
        var round = await BrowserRounds.OpenAsync(host, $"telefon-{Store}", invitees: 5);
        var link = round.Links[0];
        Assert.Equal(host.Server.HttpAddress.GetLeftPart(UriPartial.Authority), link.GetLeftPart(UriPartial.Authority));
        var apv = round.Apv.Name["instruments/".Length..];
        // Field → value, and field → the chosen label as the summary should say it, in the pages' order.
        var chosen = new Dictionary<string, string>();
        var words = new OrderedDictionary<string, string>();
        string Shot(string page) => $"survey-phone-{Store}-{page}";
        IReadOnlyList<(string Field, IReadOnlyList<string> Choices)> third;

        using (var phone = browsers.Open(WindowSize.Phone))
        {
            phone.GoTo(link);
            Assert.Equal(200, SurveyBrowser.Status(phone.Driver));
            Assert.Contains("Side 1 af 10", phone.Text, StringComparison.Ordinal);
            Assert.Equal("Fysisk og kemisk arbejdsmiljø", phone.Heading());
            phone.CheckPage(Shot("side-01"));

            // Page 1 by the keyboard alone: Tab into each group of choices, Space or the arrows to choose.
            Assert.Equal(FirstPage.Select(f => $"svar_{apv}_{f.Item}"), phone.Items().Select(i => i.Field));
            Assert.Equal("", phone.FocusedId());
            foreach (var (item, keys, value, label) in FirstPage)
            {
                phone.Press(Keys.Tab);
                Assert.Equal($"svar_{apv}_{item}_5", phone.FocusedId());
                phone.AssertVisibleFocus($"The first choice of {item}");
                phone.Press(keys);
                var field = $"svar_{apv}_{item}";
                Assert.Equal($"{field}_{value}", phone.FocusedId());
                Assert.Equal(value, phone.Checked()[field]);
                Assert.Equal(label, phone.LabelOf($"{field}_{value}"));
                (chosen[field], words[field]) = (value, label);
            }
            phone.Press(Keys.Tab);
            Assert.Equal("naeste", phone.FocusedId());
            phone.AssertVisibleFocus("The Næste button");
            phone.Screenshot(Shot("side-01-tastatur"));
            phone.AndWaitForNextPage(() => phone.Press(Keys.Enter));

            // Page 2 by tapping; page 3 part-way, then saved for later.
            AnswerByTapping(phone, 2, chosen, words, Shot);
            phone.ClickToNextPage(By.Id("naeste"));
            Assert.Contains("Side 3 af 10", phone.Text, StringComparison.Ordinal);
            third = phone.Items();
            AnswerByTapping(phone, 3, chosen, words, Shot, leaveLast: true);
            phone.ClickToNextPage(By.Id("gem"));
            Assert.Contains("Dine svar er gemt", phone.Driver.FindElement(By.Id("gemt")).Text, StringComparison.Ordinal);
            phone.CheckPage(Shot("side-03-gemt"));
        }

        // A new browser (no cookie, nothing kept) with the same link: back on page 3 with the answers saved.
        using (var phone = browsers.Open(WindowSize.Phone))
        {
            phone.GoTo(link);
            Assert.Contains("Side 3 af 10", phone.Text, StringComparison.Ordinal);
            var saved = phone.Checked();
            Assert.Equal(third.SkipLast(1).Select(i => (i.Field, chosen[i.Field])), saved.Select(s => (s.Key, s.Value)));
            Assert.False(saved.ContainsKey(third[^1].Field));
            phone.ClickToNextPage(By.Id("tilbage"));
            phone.ClickToNextPage(By.Id("tilbage"));
            Assert.Equal(FirstPage.Select(f => ($"svar_{apv}_{f.Item}", f.Value)), phone.Checked().Select(s => (s.Key, s.Value)));
            phone.GoTo(link);
            AnswerByTapping(phone, 3, chosen, words, Shot, onlyLast: true);
            phone.ClickToNextPage(By.Id("naeste"));
            for (var page = 4; page <= 10; page++)
            {
                AnswerByTapping(phone, page, chosen, words, Shot);
                phone.ClickToNextPage(By.Id(page < 10 ? "naeste" : "opsummering"));
            }

            // The summary: every answer in Danish words, under its theme.
            Assert.Equal("Opsummering", phone.Heading());
            Assert.Contains($"Du har svaret på {chosen.Count} af {chosen.Count} spørgsmål.", phone.Text, StringComparison.Ordinal);
            Assert.Empty(phone.Driver.FindElements(By.CssSelector("dd.ikke-besvaret")));
            var answers = phone.Driver.FindElements(By.CssSelector("dl.svar-liste dd")).Select(d => d.Text).ToList();
            Assert.Equal(words.Values, answers);
            Assert.Equal(["Altid", "Delvist enig", "Aldrig", "Hverken enig eller uenig"], answers[..4]);
            Assert.Contains(Suggestion, answers);
            phone.CheckPage(Shot("opsummering"));

            phone.ClickToNextPage(By.Id("indsend"));
            Assert.Equal(new Uri(host.Server.HttpAddress, "/survey/tak"), new Uri(phone.Driver.Url));
            Assert.Equal("Tak for dine svar", phone.Heading());
            Assert.Contains("Dine svar er modtaget.", phone.Text, StringComparison.Ordinal);
            phone.CheckPage(Shot("tak"));

            // The used link: the page every unusable link gets, byte for byte the made-up one's.
            phone.GoTo(link);
            Assert.Equal(404, SurveyBrowser.Status(phone.Driver));
            Assert.Equal("Linket virker ikke længere", phone.Heading());
            Assert.Contains("fordi dine svar allerede er sendt", phone.Text, StringComparison.Ordinal);
            phone.CheckPage(Shot("link-brugt"));
            var (used, usedText) = (phone.Driver.PageSource, phone.Text);
            phone.GoTo(new Uri(link, Invitations.NewToken().Token));
            Assert.Equal(404, SurveyBrowser.Status(phone.Driver));
            Assert.Equal(used, phone.Driver.PageSource);
            Assert.Equal(usedText, phone.Text);
        }

        // Four colleagues answer through the gRPC service (3 on every scale, "Nej" to every yes/no): five, the threshold.
        foreach (var other in round.Links.Skip(1))
        {
            var request = new SaveAnswersRequest { InvitationToken = SurveyBrowser.TokenOf(other), Submit = true };
            foreach (var instrument in new[] { round.Apv, round.Leadership })
            {
                request.Answers.Add(instrument.Themes.SelectMany(t => t.Items).Where(i => i.ResponseType != ResponseType.FreeText)
                    .Select(i => i.ResponseType == ResponseType.YesNo
                        ? new Answer { Instrument = instrument.Name, ItemId = i.ItemId, Yes = false }
                        : new Answer { Instrument = instrument.Name, ItemId = i.ItemId, Scale = 3 }));
            }
            await host.Answering.SaveAnswersAsync(request, cancellationToken: Ct);
        }
        await host.Client.CloseRoundAsync(new CloseRoundRequest { Name = round.Round.Name }, cancellationToken: Ct);
        host.Clock.Advance(TimeSpan.FromDays(21));
        await host.WaitForStateAsync(round.Round.Name, RoundState.Released, Ct);

        // Afdeling 1: five respondents, the one in the browser among them.
        var results = await host.Client.GetGroupResultsAsync(new GetGroupResultsRequest { Round = round.Round.Name, Instrument = round.Apv.Name, Group = "odc-1" },
            cancellationToken: Ct);
        Assert.False(results.Suppressed, $"Afdeling 1 is suppressed ({results.SuppressionReason}): the browser's response was not counted.");
        Assert.Equal((5, 5), (results.InvitedCount, results.ResponseCount));
        // Page 1's theme: the browser's 5, 4, 1, 3 on stoej (demand), indeklima, kemi (demand), orden score
        // 0, 75, 100, 50 (a mean of 56.25); the others' 3s score 50: (56.25 + 4 × 50) / 5 = 51.25, shown
        // with one decimal.
        var physical = results.Themes.Single(t => t.ThemeId == "fysisk-kemisk");
        Assert.Equal(5, physical.Score.RespondentCount);
        Assert.Equal(51.3, physical.Score.Value, 9);
        Assert.Equal(new double[] { 40, 55, 60, 50 }, physical.Items.Select(i => i.Score.Value));
        AssertEveryAnswerCounted(results, apv, chosen, minimum: 15);
        // The leadership evaluation counts for the evaluated leader, who reads it.
        var leaderClient = host.ClientAs("manager", SurveysClaims.ForManager("odc-leder-1"));
        var leader = await leaderClient.GetGroupResultsAsync(new GetGroupResultsRequest
        {
            Round = round.Round.Name, Instrument = round.Leadership.Name, Group = "odc-leder-1",
        }, cancellationToken: Ct);
        Assert.False(leader.Suppressed, $"The leader's evaluation is suppressed ({leader.SuppressionReason}).");
        Assert.Equal(5, leader.ResponseCount);
        AssertEveryAnswerCounted(leader, round.Leadership.Name["instruments/".Length..], chosen, minimum: 5);
        // The text written on the phone, with its Danish letters, for afdeling 1's own leader to read.
        var texts = await leaderClient.ListFreeTextAnswersAsync(new ListFreeTextAnswersRequest { Round = round.Round.Name, Instrument = round.Apv.Name, Unit = "odc-1" },
            cancellationToken: Ct);
        Assert.Contains(texts.Answers, a => a.Text == Suggestion);

        // Nothing the host logged, at any level, holds a token, its hash, or a part of one.
        var lines = host.Logs.Entries;
        Assert.Contains(lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Trace);
        string[] secrets = [.. round.Links.Select(SurveyBrowser.TokenOf)];
        var leaks = lines.Where(l => secrets.Any(s => l.Line.Contains(s[..16], StringComparison.Ordinal)
            || l.Line.Contains(s[^16..], StringComparison.Ordinal) || l.Line.Contains(Invitations.Hash(s)[..16], StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, $"Log lines with a token:\n{string.Join("\n", leaks.Select(l => l.Line))}");
    }

    /// <summary>Answers the page shown by tapping the choices' labels (the n-th item of page p its
    /// (p + n)-th choice) and typing into the text fields; checks the page first. <paramref name="leaveLast"/>
    /// leaves the last item unanswered, <paramref name="onlyLast"/> answers only it.</summary>
    private static void AnswerByTapping(BrowserSession phone, int page, Dictionary<string, string> chosen, OrderedDictionary<string, string> words,
        Func<string, string> shot, bool leaveLast = false, bool onlyLast = false)
    {
        Assert.Contains($"Side {page} af 10", phone.Text, StringComparison.Ordinal);
        if (!onlyLast)
        {
            phone.CheckPage(shot($"side-{page:00}"));
        }
        var items = phone.Items();
        for (var n = 0; n < items.Count; n++)
        {
            if ((leaveLast && n == items.Count - 1) || (onlyLast && n != items.Count - 1))
            {
                continue;
            }
            var (field, choices) = items[n];
            if (choices is [var text] && text == field)
            {
                var area = phone.Driver.FindElement(By.Id(field));
                area.Click();
                area.SendKeys(Suggestion);
                (chosen[field], words[field]) = (Suggestion, Suggestion);
                continue;
            }
            var choice = choices[(page + n) % choices.Count];
            phone.Driver.FindElement(By.CssSelector($"label[for='{choice}']")).Click();
            Assert.True(phone.Driver.FindElement(By.Id(choice)).Selected, $"Tapping the label of {choice} did not choose it.");
            (chosen[field], words[field]) = (choice[(field.Length + 1)..], phone.LabelOf(choice));
        }
    }

    /// <summary>Every scored item the group shows has the four colleagues' answers (3, or "Nej") and the
    /// browser's in its distribution (highest point first: a scale's 5 is slot 0, "Ja" is slot 0).</summary>
    private static void AssertEveryAnswerCounted(GroupResults results, string instrumentId, Dictionary<string, string> chosen, int minimum)
    {
        var checkedItems = 0;
        foreach (var item in results.Themes.SelectMany(t => t.Items).Where(i => !i.Suppressed && i.ResponseType != ResponseType.FreeText))
        {
            var value = chosen[$"svar_{instrumentId}_{item.ItemId}"];
            var expected = new int[item.ResponseType == ResponseType.YesNo ? 2 : 5];
            expected[item.ResponseType == ResponseType.YesNo ? 1 : 2] += 4;
            expected[value switch { "ja" => 0, "nej" => 1, _ => 5 - int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) }] += 1;
            Assert.True(expected.SequenceEqual(item.Distribution),
                $"{item.ItemId}: the browser chose {value}; expected the distribution {string.Join(",", expected)}, got {string.Join(",", item.Distribution)}.");
            checkedItems++;
        }
        Assert.True(checkedItems >= minimum, $"Only {checkedItems} items of {results.Group} show a distribution.");
    }
}

public sealed class SurveyPhoneFlowSqliteTests(SqliteBrowserRoundHost host, BrowserFixture browsers)
    : SurveyPhoneFlowTests(host, browsers), IClassFixture<SqliteBrowserRoundHost>;

public sealed class SurveyPhoneFlowPostgresTests(PostgresBrowserRoundHost host, BrowserFixture browsers)
    : SurveyPhoneFlowTests(host, browsers), IClassFixture<PostgresBrowserRoundHost>;
