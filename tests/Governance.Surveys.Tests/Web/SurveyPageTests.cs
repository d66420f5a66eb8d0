using System.Net;
using Governance.Surveys.Tests.Api;
using Governance.Surveys.V1;
using Governance.Surveys.Web;

namespace Governance.Surveys.Tests.Web;

/// <summary>
/// The respondent pages through the real host's HTTP endpoint, as a browser without script uses them: the
/// first page of a link in Danish with its security headers and one cookie; a form without its
/// antiforgery token refused with nothing saved; the whole questionnaire page by page, left and resumed
/// with the same link, summarised and submitted, counted in the round; a used, unknown, malformed and
/// closed round's link all the same 404 page; a refused answer shown again with its error tied to the
/// field; too many unusable links from one address refused with 429, other addresses unaffected.
/// </summary>
public abstract class SurveyPageTests(RoundHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Store => host.Store.ToLowerInvariant();

    private static string Link(string token, string query = "") => $"/survey/{token}{query}";

    /// <summary>An answer to every item of a page: the n-th radio field gets a value by n, each text field a text.</summary>
    private static (string, string)[] AnswerAll(SurveyPage page, int seed) =>
    [
        .. page.RadioFields.Select((f, i) => (f, ValueFor(page, f, seed + i))),
        .. page.TextFields.Select(f => (f, $"Forslag {seed}: flere pauser")),
    ];

    private static string ValueFor(SurveyPage page, string field, int n) =>
        page.Html.Contains($"id=\"{field}_ja\"", StringComparison.Ordinal) ? (n % 2 == 0 ? "ja" : "nej") : (1 + (n % 5)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void AssertSecurityHeaders(SurveyPage page)
    {
        Assert.Equal(SurveyPages.ContentSecurityPolicy, page.Header("Content-Security-Policy"));
        Assert.Equal("no-referrer", page.Header("Referrer-Policy"));
        Assert.Equal("nosniff", page.Header("X-Content-Type-Options"));
        Assert.Equal("DENY", page.Header("X-Frame-Options"));
        Assert.Contains("no-store", page.Header("Cache-Control"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_opens_its_first_page_in_danish_with_the_security_headers_and_one_cookie()
    {
        var r = await PageRounds.OpenAsync(host, $"side-{Store}", 1);
        using var browser = PageRounds.Client(host, 11);

        var page = await browser.GetAsync(Link(r.Tokens[0]), Ct);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html; charset=utf-8", page.Header("Content-Type"));
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"da\">", page.Html, StringComparison.Ordinal);
        AssertSecurityHeaders(page);
        Assert.Contains("Side 1 af 10", page.Html, StringComparison.Ordinal);
        Assert.Contains("<progress id=\"fremskridt\" max=\"10\" value=\"1\">", page.Html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page.Html, "<h1"));
        // The theme's items each a fieldset with a legend, every choice labelled.
        Assert.Equal(4, page.RadioFields.Count);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(page.Html, "<fieldset"));
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(page.Html, "<legend"));
        Assert.All(page.RadioFields, f => Assert.Contains($"<label for=\"{f}_5\">", page.Html, StringComparison.Ordinal));
        Assert.Contains("ØDC afdeling 1", WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);
        // No script, nothing fetched from elsewhere, no inline style; neither the token nor the address.
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(r.Tokens[0], page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(r.Addresses[0], page.Html, StringComparison.OrdinalIgnoreCase);

        // One cookie, the antiforgery token's: HttpOnly, SameSite=Strict, for /survey only (plain HTTP here: not Secure).
        var cookie = Assert.Single(browser.SetCookies);
        Assert.StartsWith($"{SurveyWeb.AntiforgeryCookie}=", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/survey", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        var again = await browser.GetAsync(Link(r.Tokens[0], "?side=2"), Ct);
        Assert.Single(browser.SetCookies);
        Assert.Contains("Side 2 af 10", again.Html, StringComparison.Ordinal);

        // The stylesheet is the app's own, under the same headers.
        var css = await browser.GetAsync(SurveyPages.StylesheetPath, Ct);
        Assert.Equal((HttpStatusCode.OK, "text/css; charset=utf-8"), (css.Status, css.Header("Content-Type")));
        Assert.Contains(":focus-visible", css.Html, StringComparison.Ordinal);
        AssertSecurityHeaders(css);
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_or_cookie_is_refused_and_saves_nothing()
    {
        var r = await PageRounds.OpenAsync(host, $"csrf-{Store}", 1);
        using var browser = PageRounds.Client(host, 12);
        var page = await browser.GetAsync(Link(r.Tokens[0]), Ct);
        var answers = AnswerAll(page, 0);

        var withoutField = PageRounds.Form(page, "1", "naeste", answers).Where(f => f.Key != "__RequestVerificationToken").ToList();
        var refused = await browser.PostAsync(Link(r.Tokens[0]), withoutField, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        AssertSecurityHeaders(refused);
        Assert.Contains("Dine svar blev ikke gemt", refused.Html, StringComparison.Ordinal);

        // The field without the cookie it belongs to (a form posted from another site): refused too.
        using var elsewhere = PageRounds.Client(host, 12);
        Assert.Equal(HttpStatusCode.BadRequest, (await elsewhere.PostAsync(Link(r.Tokens[0]), PageRounds.Form(page, "1", "naeste", answers), Ct)).Status);
        // Another browser's cookie with this one's field: refused.
        using var other = PageRounds.Client(host, 12);
        await other.GetAsync(Link(r.Tokens[0]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, (await other.PostAsync(Link(r.Tokens[0]), PageRounds.Form(page, "1", "naeste", answers), Ct)).Status);

        var questionnaire = await host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = r.Tokens[0] }, cancellationToken: Ct);
        Assert.Empty(questionnaire.Answers);
        var shown = await browser.GetAsync(Link(r.Tokens[0]), Ct);
        Assert.All(page.RadioFields, f => Assert.Null(shown.Checked(f)));
    }

    [Fact]
    public async Task The_questionnaire_page_by_page_left_and_resumed_summarised_and_submitted_once()
    {
        var r = await PageRounds.OpenAsync(host, $"flow-{Store}", 2);
        var token = r.Tokens[0];
        using var browser = PageRounds.Client(host, 13);

        // Pages 1-3, each answered whole and sent with Næste: 303 to the next page (post/redirect/get).
        var page = await browser.GetAsync(Link(token), Ct);
        for (var n = 1; n <= 3; n++)
        {
            Assert.Contains($"Side {n} af 10", page.Html, StringComparison.Ordinal);
            var sent = await browser.PostAsync(Link(token, $"?side={n}"), PageRounds.Form(page, $"{n}", "naeste", AnswerAll(page, n)), Ct);
            Assert.Equal((HttpStatusCode.SeeOther, Link(token, $"?side={n + 1}")), (sent.Status, sent.Location));
            page = await browser.GetAsync(sent.Location!, Ct);
        }
        // Page 4 half answered, then Gem og fortsæt senere: the same page, saying so.
        var half = AnswerAll(page, 4).Take(2).ToArray();
        var saved = await browser.PostAsync(Link(token, "?side=4"), PageRounds.Form(page, "4", "gem", half), Ct);
        Assert.Equal(Link(token, "?side=4&gemt=1"), saved.Location);
        var savedPage = await browser.GetAsync(saved.Location!, Ct);
        Assert.Contains("id=\"gemt\" role=\"status\"", savedPage.Html, StringComparison.Ordinal);
        Assert.All(half, a => Assert.Equal(a.Item2, savedPage.Checked(a.Item1)));

        // Later, in another browser with the same link: it opens on page 4, the first with an item not
        // answered, with the saved answers chosen; pages before keep theirs.
        using var later = PageRounds.Client(host, 13);
        page = await later.GetAsync(Link(token), Ct);
        Assert.Contains("Side 4 af 10", page.Html, StringComparison.Ordinal);
        Assert.All(half, a => Assert.Equal(a.Item2, page.Checked(a.Item1)));
        var first = await later.GetAsync(Link(token, "?side=1"), Ct);
        Assert.All(AnswerAll(first, 1), a => Assert.Equal(a.Item2, first.Checked(a.Item1)));

        // Tilbage from page 4 saves it and goes to page 3.
        var back = await later.PostAsync(Link(token, "?side=4"), PageRounds.Form(page, "4", "tilbage", AnswerAll(page, 4)), Ct);
        Assert.Equal(Link(token, "?side=3"), back.Location);

        // Pages 5-10; page 7 (trivsel og sundhed) has a text field, written then emptied again (which
        // removes it); page 10 leaves one item unanswered. Næste on the last page goes to the summary.
        for (var n = 5; n <= 10; n++)
        {
            page = await later.GetAsync(Link(token, $"?side={n}"), Ct);
            var answers = AnswerAll(page, n);
            if (n == 10)
            {
                answers = [.. answers.Where(a => !a.Item1.EndsWith("_anbefaling", StringComparison.Ordinal))];
            }
            var sent = await later.PostAsync(Link(token, $"?side={n}"), PageRounds.Form(page, $"{n}", "naeste", answers), Ct);
            Assert.Equal(Link(token, n < 10 ? $"?side={n + 1}" : "?side=opsummering"), sent.Location);
            if (n == 7)
            {
                var text = Assert.Single(page.TextFields);
                Assert.Equal("Forslag 7: flere pauser", (await later.GetAsync(Link(token, "?side=7"), Ct)).Text(text));
                var emptied = answers.Select(a => a.Item1 == text ? (a.Item1, "  ") : a).ToArray();
                await later.PostAsync(Link(token, "?side=7"), PageRounds.Form(page, "7", "naeste", emptied), Ct);
                Assert.Equal("", (await later.GetAsync(Link(token, "?side=7"), Ct)).Text(text));
            }
        }

        // The summary: every theme, the answers in words, "Ikke besvaret" for the rest, a Ret link back
        // to each page; then Indsend.
        var summary = await later.GetAsync(Link(token, "?side=opsummering"), Ct);
        var html = WebUtility.HtmlDecode(summary.Html);
        Assert.Contains("<h1 id=\"tema\">Opsummering</h1>", html, StringComparison.Ordinal);
        Assert.Equal(10, System.Text.RegularExpressions.Regex.Count(html, "<section"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "Ikke besvaret"));
        Assert.Contains("Forslag 10: flere pauser", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Forslag 7", html, StringComparison.Ordinal);
        Assert.Contains("Du har svaret på 36 af 38 spørgsmål.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"?side=4\" id=\"ret-4\"", html, StringComparison.Ordinal);
        Assert.Contains("Leder 1 i ØDC", html, StringComparison.Ordinal);
        Assert.DoesNotContain(token, html, StringComparison.Ordinal);
        Assert.DoesNotContain(r.Addresses[0], html, StringComparison.OrdinalIgnoreCase);
        var before = await host.Client.GetRoundAsync(new GetRoundRequest { Name = r.Round.Name }, cancellationToken: Ct);
        var submitted = await later.PostAsync(Link(token, "?side=opsummering"), PageRounds.Form(summary, "opsummering", "indsend"), Ct);
        Assert.Equal((HttpStatusCode.SeeOther, SurveyPages.ThanksPath), (submitted.Status, submitted.Location));
        var thanks = await later.GetAsync(submitted.Location!, Ct);
        Assert.Equal(HttpStatusCode.OK, thanks.Status);
        Assert.Contains("Tak for dine svar", WebUtility.HtmlDecode(thanks.Html), StringComparison.Ordinal);
        AssertSecurityHeaders(thanks);
        var after = await host.Client.GetRoundAsync(new GetRoundRequest { Name = r.Round.Name }, cancellationToken: Ct);
        Assert.Equal(before.ResponseCount + 1, after.ResponseCount);

        // Once only: the link now gives the page of an unknown link, byte for byte, to GET and POST alike.
        using var stranger = PageRounds.Client(host, 14);
        var unknown = await stranger.GetAsync(Link(token[..^1] + (token[^1] == 'A' ? 'B' : 'A')), Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("Linket virker ikke længere", WebUtility.HtmlDecode(unknown.Html), StringComparison.Ordinal);
        Assert.Contains("allerede er sendt", unknown.Html, StringComparison.Ordinal);
        AssertSecurityHeaders(unknown);
        foreach (var used in new[]
        {
            await later.GetAsync(Link(token), Ct),
            await later.GetAsync(Link(token, "?side=opsummering"), Ct),
            await later.PostAsync(Link(token, "?side=opsummering"), PageRounds.Form(summary, "opsummering", "indsend"), Ct),
            // The summary's form with another button than Indsend is not sent on to the summary either.
            await later.PostAsync(Link(token, "?side=opsummering"), PageRounds.Form(summary, "opsummering", "gem"), Ct),
            await stranger.GetAsync("/survey/ikke-et-link", Ct),
            await stranger.GetAsync("/survey/a/b", Ct),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, used.Status);
            Assert.Equal(unknown.Bytes, used.Bytes);
            Assert.Empty(used.Header("Set-Cookie"));
        }
        Assert.Equal(after.ResponseCount, (await host.Client.GetRoundAsync(new GetRoundRequest { Name = r.Round.Name }, cancellationToken: Ct)).ResponseCount);
    }

    [Fact]
    public async Task A_closed_rounds_link_gives_the_same_page_as_an_unknown_one()
    {
        var r = await PageRounds.OpenAsync(host, $"lukket-{Store}", 1);
        using var browser = PageRounds.Client(host, 15);
        var page = await browser.GetAsync(Link(r.Tokens[0]), Ct);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        await browser.PostAsync(Link(r.Tokens[0]), PageRounds.Form(page, "1", "gem", AnswerAll(page, 1)), Ct);

        await host.Client.CloseRoundAsync(new CloseRoundRequest { Name = r.Round.Name }, cancellationToken: Ct);
        var closed = await browser.GetAsync(Link(r.Tokens[0]), Ct);
        var posted = await browser.PostAsync(Link(r.Tokens[0]), PageRounds.Form(page, "1", "naeste", AnswerAll(page, 1)), Ct);
        var unknown = await browser.GetAsync(Link(new string('A', 43)), Ct);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (closed.Status, posted.Status, unknown.Status));
        Assert.Equal(unknown.Bytes, closed.Bytes);
        Assert.Equal(unknown.Bytes, posted.Bytes);
    }

    [Fact]
    public async Task A_refused_answer_shows_the_page_again_with_its_error_tied_to_the_field_and_saves_nothing()
    {
        var r = await PageRounds.OpenAsync(host, $"fejl-{Store}", 1);
        using var browser = PageRounds.Client(host, 16);
        var page = await browser.GetAsync(Link(r.Tokens[0], "?side=7"), Ct);
        var text = Assert.Single(page.TextFields);
        var tooLong = new string('x', 2_001);
        var answers = AnswerAll(page, 7).Select(a => a.Item1 == text ? (a.Item1, tooLong) : a).ToArray();

        var refused = await browser.PostAsync(Link(r.Tokens[0], "?side=7"), PageRounds.Form(page, "7", "naeste", answers), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        AssertSecurityHeaders(refused);
        var html = refused.Html;
        var errorId = "fejl_" + text["svar_".Length..];
        // The summary at the top links to the field; the field is marked invalid and described by its error.
        Assert.Matches("<title>Fejl: ", html);
        Assert.True(html.IndexOf("id=\"fejlopsummering\"", StringComparison.Ordinal) < html.IndexOf("<h1", StringComparison.Ordinal));
        Assert.Contains($"<a href=\"#{text}\">", html, StringComparison.Ordinal);
        var field = refused.Tag(text)!;
        Assert.Contains("aria-invalid=\"true\"", field, StringComparison.Ordinal);
        Assert.Contains($"aria-describedby=\"{errorId} ", field, StringComparison.Ordinal);
        Assert.NotNull(refused.Tag(errorId));
        Assert.Contains("Svaret må højst være 2.000 tegn. Det er 2.001 tegn nu.", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        // The page as sent: the text and the choices kept, so nothing typed is lost.
        Assert.Equal(tooLong, refused.Text(text));
        Assert.All(answers.Where(a => a.Item1 != text), a => Assert.Equal(a.Item2, refused.Checked(a.Item1)));
        // Nothing of the page saved.
        var questionnaire = await host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = r.Tokens[0] }, cancellationToken: Ct);
        Assert.Empty(questionnaire.Answers);

        // A choice no page offers (a forged form) is refused on its fieldset.
        var radio = page.RadioFields[0];
        var forged = await browser.PostAsync(Link(r.Tokens[0], "?side=7"), PageRounds.Form(refused, "7", "naeste", (radio, "9")), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.Status);
        Assert.Contains($"<a href=\"#{radio}_5\">Vælg et af svarene.</a>", WebUtility.HtmlDecode(forged.Html), StringComparison.Ordinal);
        Assert.Contains($"aria-describedby=\"fejl_{radio["svar_".Length..]}\"", forged.Tag($"{radio}_gruppe")!, StringComparison.Ordinal);

        // Submitting with nothing answered: the summary again, saying so.
        var summary = await browser.GetAsync(Link(r.Tokens[0], "?side=opsummering"), Ct);
        var empty = await browser.PostAsync(Link(r.Tokens[0], "?side=opsummering"), PageRounds.Form(summary, "opsummering", "indsend"), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.Status);
        Assert.Contains("Du har ikke svaret på noget endnu", WebUtility.HtmlDecode(empty.Html), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Link(r.Tokens[0]), Ct)).Status);
    }

    [Fact]
    public async Task Too_many_unusable_links_from_one_address_are_refused_with_429_and_other_addresses_are_not()
    {
        var r = await PageRounds.OpenAsync(host, $"graense-{Store}", 1);
        using var guesser = PageRounds.Client(host, 17);
        using var respondent = PageRounds.Client(host, 18);
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync(Link(r.Tokens[0]), Ct)).Status);

        // Five unusable links a minute (the default), then every request from that address is 429.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await guesser.GetAsync(Link(new string((char)('a' + i), 43)), Ct)).Status);
        }
        var refused = await guesser.GetAsync(Link(new string('z', 43)), Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("60", refused.Header("Retry-After"));
        Assert.Contains("For mange forsøg", WebUtility.HtmlDecode(refused.Html), StringComparison.Ordinal);
        AssertSecurityHeaders(refused);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync(Link(r.Tokens[0]), Ct)).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.PostAsync(Link(r.Tokens[0]), [], Ct)).Status);

        // The respondent on another address answers as before.
        Assert.Equal(HttpStatusCode.OK, (await respondent.GetAsync(Link(r.Tokens[0]), Ct)).Status);
    }
}

public sealed class SurveyPageSqliteTests(SqliteRoundHost host) : SurveyPageTests(host), IClassFixture<SqliteRoundHost>;

public sealed class SurveyPagePostgresTests(PostgresRoundHost host) : SurveyPageTests(host), IClassFixture<PostgresRoundHost>;
