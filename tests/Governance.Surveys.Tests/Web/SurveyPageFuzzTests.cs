using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Governance.Surveys.Domain;
using Governance.Surveys.Tests.Api;
using Governance.Surveys.V1;
using Governance.Surveys.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Governance.Surveys.Tests.Web;

/// <summary>The round host for the page fuzz: SQLite, one open round with three invitations, the host's
/// log captured (Warning and up, the test host's level), and the per-address failure count raised so
/// unusable links from the one loopback address stay 404 (the 429 itself is <c>SurveyPageTests</c>').</summary>
public sealed class PageFuzzHost() : RoundHost(new SqliteHostStore())
{
    public TraceCapture Logs { get; } = new();

    public PageRounds.Opened Round { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await StartAsync(new Dictionary<string, string?> { [$"{SurveyWebOptions.Section}:FailuresPerAddress"] = "1000000" }, Logs);
        Round = await PageRounds.OpenAsync(this, "fuzz", 3);
        // The antiforgery key ring is made on first use, with Data Protection's warnings about where it is
        // kept: before the tests, which count every warning after they start.
        using var warmUp = PageRounds.Client(this, 40);
        await warmUp.GetAsync($"/survey/{Round.Tokens[2]}", TestContext.Current.CancellationToken);
    }
}

/// <summary>
/// Property-based fuzzing of the respondent pages through the real host (CsCheck; a failure names the
/// seed and the smallest case it found, replayed with <c>CsCheck_Seed=...</c>). A caller's mistake is
/// never a 5xx, never shown back beyond the page's own bounded echo (a refused text as sent), and saves
/// nothing. Each request's answer is predicted from the request alone (the framework's own form and query
/// parsers decode it, as the host does) and compared whole: the status, the 303's address, the page
/// byte for byte (but for the antiforgery token, new on every page), and the draft read back through
/// the gRPC answering service.
/// - GET with random <c>side</c> values, repeated keys and extra keys: the page the query names, else the
///   page to resume on, exactly as without the noise.
/// - POST with a valid antiforgery token and cookie and random forms (item fields with values out of
///   range, unknown, too long, with control characters, invalid UTF-8 escapes, duplicated; thousands of
///   fields, a body over the limit, odd content types, random <c>side</c> and <c>handling</c>): 303 with
///   exactly the page's answers saved, or 400/413/422/404 with the draft unchanged.
/// - The summary's Indsend with nothing saved and random fields beside it: always the same 422.
/// - Random paths under /survey (token-like, traversal, encoded slashes, invalid escapes): the unknown
///   link's page.
/// After each, the host has logged nothing at Error or above (where an unhandled exception goes), and at
/// Warning only antiforgery's word on the forms it refused.
/// </summary>
public sealed partial class SurveyPageFuzzTests(PageFuzzHost host) : IClassFixture<PageFuzzHost>
{
    // Moderate: the four properties together run in well under 30 s on a loaded machine.
    private const int GetIterations = 250;
    private const int PostIterations = 400;
    private const int SubmitIterations = 80;
    private const int PathIterations = 300;

    /// <summary>Input this long found in a page is an echo, not a coincidence.</summary>
    private const int EchoLength = 6;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string AntiforgeryField = "__RequestVerificationToken";

    private string GetToken => host.Round.Tokens[0];

    private string PostToken => host.Round.Tokens[1];

    private string SubmitToken => host.Round.Tokens[2];

    [Fact]
    public async Task Random_side_values_and_query_keys_show_the_page_asked_for_or_the_resume_page_and_echo_nothing()
    {
        var since = host.Logs.Entries.Count;
        var refs = await ReferencesAsync();
        using var browser = (await PageRounds.BrowseAsync(host, GetToken, 41)).Browser;
        var seen = new SortedDictionary<string, int>(StringComparer.Ordinal);

        await Queries(refs.PageCount).SampleAsync(async query =>
        {
            var page = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, Raw($"/survey/{GetToken}{query}")), Ct);
            // What the host makes of the query, decoded by the framework's own parser (as the host does).
            var q = new QueryCollection(QueryHelpers.ParseNullableQuery(query) ?? []);
            var side = q["side"].ToString();
            var expected = side == QuestionnairePages.Summary ? QuestionnairePages.Summary
                : PageNumber(side, refs.PageCount) is { } n ? $"{n}{(q["gemt"] == "1" ? "+gemt" : "")}"
                : $"{refs.ResumePage}{(q["gemt"] == "1" ? "+gemt" : "")}";
            Tally(seen, $"{(int)page.Status} {(expected.Contains('+', StringComparison.Ordinal) ? "page+gemt" : expected is QuestionnairePages.Summary ? "summary" : "page")}");
            Assert.True(page.Status == HttpStatusCode.OK, $"{(int)page.Status} for {Printable(query)}");
            // Byte for byte the page without the noise: nothing of the query is shown back.
            Assert.Equal(refs.Shown[expected], WithoutAntiforgery(page.Html));
        }, iter: GetIterations, threads: 1, print: Printable);

        Report("GET", seen);
        Assert.True(seen.Keys.Count(k => k.StartsWith("200", StringComparison.Ordinal)) >= 3, "the run reached pages, the summary and saved pages");
        AssertLogClean(since);
    }

    [Fact]
    public async Task Random_forms_with_a_valid_antiforgery_token_save_exactly_the_page_or_nothing_and_are_never_a_5xx()
    {
        var since = host.Logs.Entries.Count;
        var refs = await ReferencesAsync();
        var session = await PageRounds.BrowseAsync(host, PostToken, 42, "?side=1");
        using var browser = session.Browser;
        var antiforgery = session.Page.AntiforgeryToken;
        var seen = new SortedDictionary<string, int>(StringComparer.Ordinal);

        await PostCases(refs, antiforgery, summary: false).SampleAsync(async c =>
        {
            var before = await DraftAsync(PostToken);
            var outcome = await PredictAsync(c, PostToken, refs, antiforgery, before);
            if (outcome.Submits)
            {
                // A submission is the summary property's (this token must stay open); random bytes made one.
                Tally(seen, "skipped: a submission");
                return;
            }
            var page = await PostAsync(browser, c, PostToken);
            Tally(seen, $"{(int)page.Status} {outcome.Why}");
            await CheckAsync(c, page, outcome, refs, PostToken, before);
        }, iter: PostIterations, threads: 1, print: c => c.ToString());

        Report("POST", seen);
        foreach (var status in new[] { "303", "400", "404", "413", "422" })
        {
            Assert.True(seen.Keys.Any(k => k.StartsWith(status, StringComparison.Ordinal)), $"the run reached no {status}");
        }
        AssertLogClean(since);
    }

    [Fact]
    public async Task The_summarys_indsend_with_nothing_saved_and_random_fields_beside_it_is_the_same_422_and_submits_nothing()
    {
        var since = host.Logs.Entries.Count;
        var refs = await ReferencesAsync();
        var session = await PageRounds.BrowseAsync(host, SubmitToken, 43, "?side=opsummering");
        using var browser = session.Browser;
        var summary = session.Page;
        var antiforgery = summary.AntiforgeryToken;
        var empty = await browser.PostAsync($"/survey/{SubmitToken}", PageRounds.Form(summary, QuestionnairePages.Summary, "indsend"), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.Status);
        var refused = WithoutAntiforgery(empty.Html);
        var round = await host.Client.GetRoundAsync(new GetRoundRequest { Name = host.Round.Round.Name }, cancellationToken: Ct);
        var seen = new SortedDictionary<string, int>(StringComparer.Ordinal);

        await PostCases(refs, antiforgery, summary: true).SampleAsync(async c =>
        {
            var before = await DraftAsync(SubmitToken);
            Assert.Empty(before);
            var outcome = await PredictAsync(c, SubmitToken, refs, antiforgery, before);
            Assert.False(outcome.Submits, "nothing is saved, so nothing can be submitted");
            var page = await PostAsync(browser, c, SubmitToken);
            Tally(seen, $"{(int)page.Status} {outcome.Why}");
            await CheckAsync(c, page, outcome, refs, SubmitToken, before);
            if (page.Status == HttpStatusCode.UnprocessableEntity && outcome.Why == "nothing to submit")
            {
                Assert.Equal(refused, WithoutAntiforgery(page.Html));
            }
        }, iter: SubmitIterations, threads: 1, print: c => c.ToString());

        Report("POST summary", seen);
        Assert.Contains(seen.Keys, k => k == "422 nothing to submit");
        var after = await host.Client.GetRoundAsync(new GetRoundRequest { Name = host.Round.Round.Name }, cancellationToken: Ct);
        Assert.Equal(round.ResponseCount, after.ResponseCount);
        AssertLogClean(since);
    }

    [Fact]
    public async Task Random_paths_under_survey_are_the_unknown_links_page_and_never_a_5xx()
    {
        var since = host.Logs.Entries.Count;
        var refs = await ReferencesAsync();
        using var guesser = PageRounds.Client(host, 44);
        var seen = new SortedDictionary<string, int>(StringComparer.Ordinal);

        await Paths().SampleAsync(async c =>
        {
            var request = new HttpRequestMessage(c.Post ? HttpMethod.Post : HttpMethod.Get, Raw(c.Path));
            if (c.Post)
            {
                request.Content = new FormUrlEncodedContent([new("side", "1"), new("handling", "gem")]);
            }
            var page = await guesser.SendAsync(request, Ct);
            var body = page.Html;
            var stays = UnderSurvey(c.Path);
            var kind = body == refs.Unusable ? "the unusable link's page" : body == refs.BadForm ? "the refused form's page" : body.Length == 0 ? "empty" : "other";
            Tally(seen, $"{(int)page.Status} {(c.Post ? "POST" : "GET")} {(stays ? "under /survey" : "elsewhere")}: {kind}");
            Assert.True((int)page.Status < 500, $"{(int)page.Status} for {c}");
            Assert.Empty(page.Header("Set-Cookie"));
            if (c.Path.Split('?')[0].Contains("%00", StringComparison.Ordinal))
            {
                // Kestrel refuses a path with an escaped NUL itself, before any page runs.
                Assert.True((page.Status, kind) is (HttpStatusCode.BadRequest, "empty"), $"{(int)page.Status} for {c}:\n{Printable(body, 2_000)}");
            }
            else if (stays)
            {
                // The unknown link's page; a POST to a token's form of path has its form refused first (no
                // antiforgery token: 400).
                Assert.True((page.Status, kind) is (HttpStatusCode.NotFound, "the unusable link's page") || (c.Post && (page.Status, kind) is
                    (HttpStatusCode.BadRequest, "the refused form's page")), $"{(int)page.Status} for {c}:\n{Printable(body, 2_000)}");
            }
            else
            {
                // ".." took it out of /survey: the host's own refusal, with nothing of the path in it.
                Assert.True(page.Status is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, $"{(int)page.Status} for {c}");
                // "survey" is the route's own segment, not the caller's input: /survey/%2e%2e/survey is /survey,
                // whose refusal may name it.
                var echoed = c.Path.Split('/', '?', '&', '=').Select(Uri.UnescapeDataString)
                    .Where(piece => piece.Length >= EchoLength && !piece.Equals("survey", StringComparison.OrdinalIgnoreCase)
                        && body.Contains(piece, StringComparison.Ordinal)).ToList();
                Assert.True(echoed.Count == 0, $"{c} answered with {string.Join(", ", echoed)}");
            }
        }, iter: PathIterations, threads: 1, print: c => c.ToString());

        Report("paths", seen);
        Assert.Contains(seen.Keys, k => k == "404 GET under /survey: the unusable link's page");
        Assert.Contains(seen.Keys, k => k == "400 POST under /survey: the refused form's page");
        AssertLogClean(since);
    }

    /// <summary>The forms the fuzz found a 500 with, kept as examples: a page's form is URL-encoded UTF-8,
    /// and anything else is the refused form's page (400) that saves nothing.</summary>
    [Fact]
    public async Task A_form_the_pages_never_send_multipart_or_another_charset_is_refused_with_400_and_saves_nothing()
    {
        var since = host.Logs.Entries.Count;
        var refs = await ReferencesAsync();
        var session = await PageRounds.BrowseAsync(host, PostToken, 46, "?side=1");
        using var browser = session.Browser;
        var page = session.Page;
        var before = await DraftAsync(PostToken);
        var choices = refs.Items[0].Where(i => i.Type != ResponseType.FreeText).ToList();
        var fields = PageRounds.Form(page, "1", "gem", [.. choices.Select(i => (i.Field, i.Type == ResponseType.YesNo ? "nej" : "1"))]);
        var body = string.Join("&", fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        foreach (var type in new[]
        {
            "application/x-www-form-urlencoded; charset=utf-7", "application/x-www-form-urlencoded; charset=iso-8859-1",
            "multipart/form-data; boundary=x", "multipart/form-data", "text/plain",
        })
        {
            var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", type);
            var refused = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/survey/{PostToken}") { Content = content }, Ct);
            Assert.True(refused.Status == HttpStatusCode.BadRequest, $"{(int)refused.Status} for {type}");
            Assert.Equal(refs.BadForm, refused.Html);
        }
        Assert.Equal(before, await DraftAsync(PostToken));
        // The same form as a browser sends it is saved.
        var sent = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        sent.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
        var saved = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/survey/{PostToken}") { Content = sent }, Ct);
        Assert.Equal(HttpStatusCode.SeeOther, saved.Status);
        var expected = new SortedDictionary<string, string>(before, StringComparer.Ordinal);
        foreach (var i in choices)
        {
            var answer = new Answer { Instrument = i.Instrument, ItemId = i.ItemId };
            if (i.Type == ResponseType.YesNo)
            {
                answer.Yes = false;
            }
            else
            {
                answer.Scale = 1;
            }
            expected[$"{i.Instrument}|{i.ItemId}"] = answer.ToString();
        }
        Assert.Equal(expected, await DraftAsync(PostToken));
        AssertLogClean(since);
    }

    // ---- What the pages are without any noise ----

    /// <summary>The pages as shown without noise (the GET token: pages 1-2 answered, so it resumes on 3),
    /// the notices, and all their text together (what input may match without being an echo).</summary>
    private sealed record References(
        int ResumePage, IReadOnlyList<IReadOnlyList<Item>> Items, IReadOnlyDictionary<string, string> Shown, string Unusable, string BadForm,
        string Corpus, int Longest)
    {
        public int PageCount => Items.Count;
    }

    /// <summary>An item of the questionnaire as a form names it.</summary>
    private sealed record Item(string Field, string Instrument, string ItemId, ResponseType Type);

    private async Task<References> ReferencesAsync()
    {
        var q = await host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = GetToken }, cancellationToken: Ct);
        IReadOnlyList<IReadOnlyList<Item>> items = [.. q.Instruments.SelectMany(i => i.Themes.Select(t => (IReadOnlyList<Item>)[.. t.Items.Select(x =>
            new Item(QuestionnairePages.Field(i.Instrument["instruments/".Length..], x.ItemId), i.Instrument, x.ItemId, x.ResponseType))]))];
        // Pages 1 and 2 answered whole (the same answers each time: this is idempotent).
        var save = new SaveAnswersRequest { InvitationToken = GetToken };
        save.Answers.AddRange(items.Take(2).SelectMany(p => p).Select(i => i.Type switch
        {
            ResponseType.FreeText => new Answer { Instrument = i.Instrument, ItemId = i.ItemId, Text = "Mere tid" },
            ResponseType.YesNo => new Answer { Instrument = i.Instrument, ItemId = i.ItemId, Yes = true },
            _ => new Answer { Instrument = i.Instrument, ItemId = i.ItemId, Scale = 4 },
        }));
        await host.Answering.SaveAnswersAsync(save, cancellationToken: Ct);

        using var browser = PageRounds.Client(host, 45);
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 1; n <= items.Count; n++)
        {
            shown[$"{n}"] = WithoutAntiforgery(await ShowAsync(browser, $"?side={n}"));
            shown[$"{n}+gemt"] = WithoutAntiforgery(await ShowAsync(browser, $"?side={n}&gemt=1"));
        }
        shown[QuestionnairePages.Summary] = WithoutAntiforgery(await ShowAsync(browser, "?side=opsummering"));
        var resume = WithoutAntiforgery(await ShowAsync(browser, ""));
        Assert.Equal(shown["3"], resume);

        var unusable = await browser.GetAsync($"/survey/{new string('A', 43)}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unusable.Status);
        var badForm = await browser.PostAsync($"/survey/{GetToken}", [new("side", "1")], Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badForm.Status);
        // A refused answer's page, for its error texts.
        var first = await browser.GetAsync($"/survey/{GetToken}?side=1", Ct);
        var refused = await browser.PostAsync($"/survey/{GetToken}", PageRounds.Form(first, "1", "gem", (items[0][0].Field, "9")), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);

        string[] all = [.. shown.Values, unusable.Html, badForm.Html, WithoutAntiforgery(refused.Html)];
        return new References(3, items, shown, unusable.Html, badForm.Html,
            string.Join("\n", all.Select(WebUtility.HtmlDecode)), all.Max(h => WebUtility.HtmlDecode(h).Length));
    }

    private async Task<string> ShowAsync(SurveyPageClient browser, string query)
    {
        var page = await browser.GetAsync($"/survey/{GetToken}{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page.Html;
    }

    [GeneratedRegex("(<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\")[^\"]*(\")")]
    private static partial Regex AntiforgeryValue();

    /// <summary>The page without its antiforgery token's value, which is new on every page.</summary>
    private static string WithoutAntiforgery(string html) => AntiforgeryValue().Replace(html, "$1$2");

    /// <summary>The saved answers, each as its message's JSON, by instrument and item.</summary>
    private async Task<SortedDictionary<string, string>> DraftAsync(string token)
    {
        var q = await host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: Ct);
        return new(q.Answers.ToDictionary(a => $"{a.Instrument}|{a.ItemId}", a => a.ToString()), StringComparer.Ordinal);
    }

    private Uri Raw(string pathAndQuery) =>
        new($"{host.Server.HttpAddress.GetLeftPart(UriPartial.Authority)}{pathAndQuery}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    private static void Tally(SortedDictionary<string, int> seen, string key)
    {
        lock (seen)
        {
            seen[key] = seen.GetValueOrDefault(key) + 1;
        }
    }

    private static void Report(string what, SortedDictionary<string, int> seen) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: {string.Join(", ", seen.Select(s => $"{s.Key} ×{s.Value}"))}");

    /// <summary>Since <paramref name="since"/>, nothing at Error or above (an unhandled exception is logged
    /// there), and at Warning only antiforgery's word on the refused forms (with the exception it caught
    /// when a token would not decrypt).</summary>
    private void AssertLogClean(int since)
    {
        var lines = host.Logs.Entries.Skip(since)
            .Where(e => e.Level >= LogLevel.Error || (e.Level == LogLevel.Warning && e.Category != "Microsoft.AspNetCore.Antiforgery.DefaultAntiforgery"))
            .Select(e => e.Line).ToList();
        Assert.True(lines.Count == 0, $"The host logged during the fuzz:\n{string.Join("\n", lines.Select(l => Printable(l, 2_000)))}");
    }

    // ---- What a POST should do, decided from the request alone ----

    /// <summary>A random POST: its content type, whether its body is sent chunked, the path's token (null: the
    /// session's own; else an unknown one or not a token), and its fields as sent (Latin-1 characters stand for
    /// the body's bytes).</summary>
    private sealed record PostCase(string? ContentType, bool Chunked, string? Path, string[] Fields)
    {
        public byte[] Body => Encoding.Latin1.GetBytes(string.Join("&", Fields));

        public override string ToString() =>
            $"{Printable(ContentType ?? "(no content type)")}{(Chunked ? ", chunked" : "")}{(Path is null ? "" : $", to /survey/{Printable(Path)}")}, " +
            $"{Fields.Length} fields ({Body.Length} bytes): " +
            string.Join(" & ", Fields.Take(12).Select(f => Printable(f, 80))) + (Fields.Length > 12 ? " & …" : "");
    }

    /// <summary>What a POST must get: one of the statuses, why, where a 303 goes, the draft after a save,
    /// the texts a refused page may show again, every decoded key and value (which it may not), and whether
    /// it submits.</summary>
    private sealed record Outcome(HttpStatusCode[] Statuses, string Why, string? Location = null, SortedDictionary<string, string>? Draft = null,
        IReadOnlyList<string>? Echoes = null, IReadOnlyList<string>? Inputs = null, bool Submits = false);

    private static async Task<Outcome> PredictAsync(PostCase c, string token, References refs, string antiforgery, SortedDictionary<string, string> draft)
    {
        const HttpStatusCode TooLarge = HttpStatusCode.RequestEntityTooLarge;
        if (c.Path is { } path && !Invitations.IsTokenForm(path))
        {
            return new([HttpStatusCode.NotFound], "not a token");
        }
        var body = c.Body;
        var overSize = body.Length > SurveyPages.MaxFormBytes;
        if (!MediaTypeHeaderValue.TryParse(c.ContentType, out var type)
            || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            // The pages' forms are URL-encoded; anything else is refused before the body is read.
            return new([HttpStatusCode.BadRequest], "not a URL-encoded form");
        }
        if (type.Charset is { Length: > 0 } charset && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            // The pages are UTF-8, and so are their forms (a browser names no charset).
            return new([HttpStatusCode.BadRequest], "not UTF-8");
        }
        // Decoded by the framework's own reader, as the host decodes it.
        var encoding = Encoding.UTF8;
        Dictionary<string, StringValues> decoded;
        try
        {
            decoded = await new FormPipeReader(PipeReader.Create(new MemoryStream(body)), encoding)
            {
                ValueCountLimit = int.MaxValue, KeyLengthLimit = int.MaxValue, ValueLengthLimit = int.MaxValue,
            }.ReadFormAsync(Ct);
        }
        catch (InvalidDataException)
        {
            // An escaped NUL: "The form value contains invalid characters." Sent whole and too long, the
            // length refuses it first; chunked, the reader may meet the NUL before the size limit.
            return new(!overSize ? [HttpStatusCode.BadRequest] : c.Chunked ? [HttpStatusCode.BadRequest, TooLarge] : [TooLarge], "not decodable");
        }
        var form = new FormCollection(decoded);
        IReadOnlyList<string> inputs = [.. decoded.SelectMany(f => f.Value.Select(v => v ?? "").Prepend(f.Key))];
        var fields = Encoding.Latin1.GetString(body).Split('&').Select(f => f.Split('=', 2)).ToList();
        var overLimits = form.Sum(f => f.Value.Count) > 1_000 || fields.Any(f => f[0].Length > 200 || (f.Length > 1 && f[1].Length > 64 * 1024));
        if (overSize)
        {
            // Sent whole, the length says so before anything is read; chunked, a form limit may come first.
            return new(c.Chunked && overLimits ? [HttpStatusCode.BadRequest, TooLarge] : [TooLarge], "over the size limit", Inputs: inputs);
        }
        if (overLimits)
        {
            return new([HttpStatusCode.BadRequest], "over a form limit", Inputs: inputs);
        }
        if (form[AntiforgeryField] is not { Count: 1 } sent || sent[0] != antiforgery)
        {
            return new([HttpStatusCode.BadRequest], "no valid antiforgery token", Inputs: inputs);
        }
        if (c.Path is not null)
        {
            return new([HttpStatusCode.NotFound], "an unknown token", Inputs: inputs);
        }
        var side = form["side"];
        var handling = form["handling"];
        if (side == QuestionnairePages.Summary)
        {
            return handling != "indsend" ? new([HttpStatusCode.SeeOther], "to the summary", $"/survey/{token}?side=opsummering", Inputs: inputs)
                : draft.Count == 0 ? new([HttpStatusCode.UnprocessableEntity], "nothing to submit", Echoes: [], Inputs: inputs)
                : new([HttpStatusCode.SeeOther], "submitted", SurveyPages.ThanksPath, Inputs: inputs, Submits: true);
        }
        if (PageNumber(side, refs.PageCount) is not { } n)
        {
            return new([HttpStatusCode.SeeOther], "no such page", $"/survey/{token}", Inputs: inputs);
        }
        // The page's state is what its form sends: every item of the page, and nothing else.
        var after = new SortedDictionary<string, string>(draft, StringComparer.Ordinal);
        var echoes = new List<string>();
        var refused = false;
        foreach (var item in refs.Items[n - 1])
        {
            var values = form[item.Field];
            var key = $"{item.Instrument}|{item.ItemId}";
            if (item.Type == ResponseType.FreeText && values.Count == 1)
            {
                echoes.Add(values[0] ?? "");
            }
            if (values.Count == 0)
            {
                after.Remove(key);
                continue;
            }
            var value = values.Count == 1 ? values[0] ?? "" : null;
            var answer = new Answer { Instrument = item.Instrument, ItemId = item.ItemId };
            switch (item.Type)
            {
                case ResponseType.FreeText when value?.Trim() is { Length: 0 }:
                    after.Remove(key);
                    continue;
                case ResponseType.FreeText when value?.Trim() is { Length: <= Answers.MaxTextLength } text && !text.Contains('\0', StringComparison.Ordinal):
                    answer.Text = text;
                    break;
                case ResponseType.YesNo when value is "ja" or "nej":
                    answer.Yes = value == "ja";
                    break;
                case ResponseType.AgreementScale or ResponseType.FrequencyScale when value is [>= '1' and <= '5']:
                    answer.Scale = value[0] - '0';
                    break;
                default:
                    refused = true;
                    continue;
            }
            after[key] = answer.ToString();
        }
        if (refused)
        {
            return new([HttpStatusCode.UnprocessableEntity], "an answer refused", Echoes: echoes, Inputs: inputs);
        }
        var query = handling.ToString() switch
        {
            "naeste" => n < refs.PageCount ? $"?side={n + 1}" : "?side=opsummering",
            "tilbage" => $"?side={Math.Max(1, n - 1)}",
            "gem" => $"?side={n}&gemt=1",
            "opsummering" => "?side=opsummering",
            _ => $"?side={n}",
        };
        return new([HttpStatusCode.SeeOther], "saved", $"/survey/{token}{query}", after, Inputs: inputs);
    }

    /// <summary>The page a <c>side</c> value names, parsed as the host parses a number (plain digits).</summary>
    private static int? PageNumber(string? side, int pages) =>
        int.TryParse(side, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= pages ? n : null;

    private async Task<SurveyPage> PostAsync(SurveyPageClient browser, PostCase c, string token)
    {
        var content = new ByteArrayContent(c.Body);
        if (c.ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", c.ContentType);
        }
        var request = new HttpRequestMessage(HttpMethod.Post, Raw($"/survey/{c.Path ?? token}")) { Content = content };
        if (c.Chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }
        return await browser.SendAsync(request, Ct);
    }

    /// <summary>The answer as predicted: its status, the 303's address and no body, the notices byte for byte,
    /// a refused page with nothing of the request but its own texts as sent; the draft as predicted after a
    /// save, else unchanged.</summary>
    private async Task CheckAsync(PostCase c, SurveyPage page, Outcome outcome, References refs, string token, SortedDictionary<string, string> before)
    {
        Assert.True(outcome.Statuses.Contains(page.Status),
            $"{(int)page.Status}, where {string.Join(" or ", outcome.Statuses.Select(s => (int)s))} was due ({outcome.Why}):\n{Printable(page.Html, 2_000)}");
        switch (page.Status)
        {
            case HttpStatusCode.SeeOther:
                Assert.Equal(outcome.Location, page.Location);
                Assert.Empty(page.Bytes);
                break;
            case HttpStatusCode.NotFound:
                Assert.Equal(refs.Unusable, page.Html);
                break;
            case HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge:
                Assert.Equal(refs.BadForm, page.Html);
                break;
            default:
                AssertNoEcho(page.Html, outcome.Echoes ?? [], outcome.Inputs ?? [], refs);
                break;
        }
        var after = await DraftAsync(token);
        Assert.Equal(page.Status == HttpStatusCode.SeeOther && outcome.Draft is { } saved ? saved : before, after);
    }

    /// <summary>A refused page shows the page's texts again as sent (so nothing typed is lost), and nothing
    /// else of the request: no other key or value of some length that the pages do not hold anyway, and no
    /// more than the longest page and its errors beside those texts.</summary>
    private static void AssertNoEcho(string html, IReadOnlyList<string> echoes, IReadOnlyList<string> inputs, References refs)
    {
        var shown = WebUtility.HtmlDecode(WithoutAntiforgery(html));
        var rest = shown;
        foreach (var echo in echoes.Where(e => e.Length > 0))
        {
            var at = rest.IndexOf(echo, StringComparison.Ordinal);
            rest = at < 0 ? rest : rest.Remove(at, echo.Length);
        }
        var echoed = inputs.Distinct()
            .Where(i => i.Length >= EchoLength && !refs.Corpus.Contains(i, StringComparison.Ordinal) && !echoes.Any(e => e.Contains(i, StringComparison.Ordinal)))
            .Where(i => rest.Contains(i, StringComparison.Ordinal))
            .ToList();
        Assert.True(echoed.Count == 0, $"The page shows the request's {string.Join(", ", echoed.Select(e => $"\"{Printable(e, 80)}\""))}");
        Assert.True(rest.Length <= refs.Longest + 8_192 + echoes.Sum(e => e.Length),
            $"A page of {shown.Length} characters ({echoes.Sum(e => e.Length)} of them texts as sent), the longest without noise {refs.Longest}");
    }

    // ---- Generators ----

    private const string Plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~ ";

    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly string[] Oddities =
    [
        "\u0001", "\u0007", "\u001b[31m", "\r\n", "\t", "\u007f", "\u0085", "\u2028", "\u202e", "\u200b", "\ufeff", "\ufffd", "\uffff",
        "😀", "æøå", "ÆØÅ", "١٢٣", "５", "e\u0301", "<script>", "&amp;", "\"'", "%", "+", "&", "=", " ", ";", "#", "?", "/", "\\", "..",
    ];

    /// <summary>Escapes a body or query may hold that decode to no valid UTF-8, or are no escape at all.</summary>
    private static readonly string[] BadEscapes =
        ["%FF", "%C3", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "%E2%82", "%C0%AF", "%", "%G1", "%%", "%2", "%u00e6", "%00", "%0D%0A", "%EF%BF%BF"];

    /// <summary>Bytes a body may hold unescaped (Latin-1 characters standing for them): invalid UTF-8, and valid.</summary>
    private static readonly string[] RawBytes = ["\u00ff", "\u00c3", "\u00c3\u00a6", "\u0080", "\u00ed\u00a0\u0080"];

    private static Gen<string> Chars(string alphabet, int min, int max) => Gen.Char[alphabet].Array[min, max].Select(c => new string(c));

    /// <summary>Random text: plain, with odd characters among it, or any UTF-16 (lone surrogates too). NUL is
    /// among the odd values of items, buttons and <c>side</c> instead: an escaped NUL anywhere makes the
    /// framework's reader refuse the whole form, which here would hide everything else.</summary>
    private static readonly Gen<string> Text = Gen.Frequency(
        (8, Chars(Plain, 0, 16)),
        (6, Gen.Select(Chars(Plain, 0, 8), Gen.OneOf(Oddities).Array[1, 4], Chars(Plain, 0, 8), (a, odd, b) => a + string.Concat(odd) + b)),
        (1, Gen.String[0, 16]));

    /// <summary>Percent-encoded UTF-8: 0 as a browser encodes a form (space as '+'), 1 every byte escaped in
    /// lower-case hex, 2 (bodies only) printable ASCII as it is, '&amp;', '=', '+' and '%' too.</summary>
    private static string Encode(string text, int style)
    {
        var sent = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (style == 1)
            {
                sent.Append(CultureInfo.InvariantCulture, $"%{b:x2}");
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (style == 2 && b is > 0x20 and < 0x7f))
            {
                sent.Append(c);
            }
            else
            {
                sent.Append(c == ' ' && style == 0 ? "+" : $"%{b:X2}");
            }
        }
        return sent.ToString();
    }

    /// <summary>Text as sent: encoded in one of the styles, sometimes with a bad escape (or in a body a raw byte) in it.</summary>
    private static Gen<string> Sent(Gen<string> text, bool body) => Gen.Frequency(
        (8, Gen.Select(text, Gen.Int[0, body ? 2 : 1], Encode)),
        (1, Gen.Select(text, Gen.OneOf(body ? [.. BadEscapes, .. RawBytes] : BadEscapes), Gen.Int[0, 16],
            (t, bad, at) => Encode(t[..Math.Min(at, t.Length)], 0) + bad + Encode(t[Math.Min(at, t.Length)..], 0))));

    /// <summary>Mostly one value, sometimes none, sometimes two or three (a repeated key).</summary>
    private static Gen<string[]> Repeated(Gen<string> value) =>
        Gen.Frequency((8, value.Array[1]), (1, Gen.Const(Array.Empty<string>())), (1, value.Array[2, 3]));

    private static readonly string[] OddSides =
    [
        "0", "-1", "-0", "00", "2147483647", "2147483648", "-2147483648", "99999999999999999999", "03", "0000000000010", "+3", " 3", "3 ", "3.0",
        "3,0", "1e1", "0x3", "٣", "３", "½", "Ⅲ", "", "Opsummering", "OPSUMMERING", "opsummering ", " opsummering", "opsummering\0", "summary",
        "null", "NaN", "∞",
    ];

    private static Gen<string> SideValue(int pages) => Gen.Frequency(
        (12, Gen.Int[1, pages].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Int[pages + 1, 100_000].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Const(QuestionnairePages.Summary)),
        (3, Gen.OneOf(OddSides)),
        (1, Gen.Int.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Text));

    private static readonly string[] OddButtons = ["NAESTE", "næste", "Næste", "naeste ", " gem", "", "INDSEND", "indsend ", "submit", "slet", "gem\0", "naeste,gem"];

    private static readonly Gen<string> Button = Gen.Frequency(
        (8, Gen.OneOf("naeste", "tilbage", "gem", "opsummering")), (1, Gen.Const("indsend")), (2, Gen.OneOf(OddButtons)), (1, Text));

    private static readonly string[] OddPoints = ["0", "6", "-1", "10", "55", " 3", "3 ", "+3", "3.0", "٣", "５", "ja", "nej", "", "1,2", "\u00003", "3\0"];

    private static readonly string[] OddYesNo = ["Ja", "JA", "yes", "true", "1", "0", "ja ", " nej", "", "nej\0", "jа"];

    /// <summary>Values for an item: mostly what its page offers, else out of range, another type's, or any
    /// text; for a text item also blank, about the limit (trimmed or not), beyond it in letters and in
    /// surrogate pairs, with NUL, and beyond the form's value limit.</summary>
    private static Gen<string> ValueFor(ResponseType type) => type switch
    {
        ResponseType.FreeText => Gen.Frequency(
            (6, Text),
            (1, Gen.OneOf("", " ", "  \t\r\n ")),
            (2, Gen.Int[1_995, 2_005].Select(n => new string('x', n))),
            (1, Gen.Int[1_995, 2_005].Select(n => $"  {new string('x', n)}\n ")),
            (1, Gen.OneOf(new string('æ', 2_001), string.Concat(Enumerable.Repeat("😀", 1_001)), new string('x', 5_000), "før\0efter",
                new string('y', 70_000)))),
        ResponseType.YesNo => Gen.Frequency((12, Gen.OneOf("ja", "nej")), (2, Gen.OneOf(OddYesNo)), (1, Text)),
        _ => Gen.Frequency((12, Gen.Int[1, 5].Select(n => n.ToString(CultureInfo.InvariantCulture))), (2, Gen.OneOf(OddPoints)), (1, Text)),
    };

    /// <summary>A field named <paramref name="key"/> (encoded, sometimes in upper case: form keys are
    /// case-insensitive) with values from <paramref name="value"/>: one, none, or repeated.</summary>
    private static Gen<string[]> Fields(string key, Gen<string> value) =>
        Gen.Select(Gen.Frequency((12, Gen.Const(key)), (1, Gen.Const(key.ToUpperInvariant()))), Gen.Int[0, 1], Repeated(Sent(value, body: true)),
            (k, style, values) => values.Select(v => $"{Encode(k, style)}={v}").ToArray());

    private static Gen<string[]> Concat(IEnumerable<Gen<string[]>> parts) =>
        parts.Aggregate(Gen.Const(Array.Empty<string>()), (all, part) => Gen.Select(all, part, (a, b) => (string[])[.. a, .. b]));

    private static readonly Gen<string?> ContentTypes = Gen.Frequency(
        (24, Gen.Const<string?>("application/x-www-form-urlencoded")),
        (2, Gen.OneOf<string?>("application/x-www-form-urlencoded; charset=utf-8", "APPLICATION/X-WWW-FORM-URLENCODED",
            "application/x-www-form-urlencoded;charset=UTF-8")),
        (2, Gen.OneOf<string?>("application/x-www-form-urlencoded; charset=iso-8859-1", "application/x-www-form-urlencoded; charset=utf-16",
            "application/x-www-form-urlencoded; charset=bogus", "application/x-www-form-urlencoded; charset=utf-7",
            "application/x-www-form-urlencoded; charset=\"")),
        (3, Gen.OneOf<string?>(null, "text/plain", "application/json", "multipart/form-data", "multipart/form-data; boundary=x",
            "multipart/form-data; boundary=\"a b\"", "application/x-www-form-urlencoded-not", ";", "")));

    /// <summary>Random forms for the session's page: <c>side</c> and <c>handling</c> (the summary's own on the
    /// summary form, else random but never the summary's Indsend), the answers of the page <c>side</c> names
    /// (or of any page), fields of other pages and unknown items, random fields, now and then thousands of
    /// fields or a body over the limit, the antiforgery token (valid, mostly), and odd content types and paths.</summary>
    private static Gen<PostCase> PostCases(References refs, string antiforgery, bool summary)
    {
        var side = summary ? Gen.Const(new[] { QuestionnairePages.Summary }) : Repeated(SideValue(refs.PageCount));
        var handling = summary ? Gen.Const(new[] { "indsend" }) : Repeated(Button);
        var instrument = refs.Items[0][0].Instrument["instruments/".Length..];
        var other = Gen.Int[0, refs.PageCount - 1].SelectMany(p => Gen.Int[0, refs.Items[p].Count - 1].SelectMany(i =>
            Fields(refs.Items[p][i].Field, ValueFor(refs.Items[p][i].Type))));
        var unknown = Gen.OneOf($"svar_{instrument}_findes-ikke", "svar_x_y", "svar_", "svar", "svar__", $"svar_{instrument}").SelectMany(k => Fields(k, Text));
        var junk = Gen.Select(Sent(Text, body: true), Sent(Text, body: true), (k, v) => new[] { $"{k}={v}" });
        var raw = Gen.OneOf("", "=", "==x", "x", "=&=").Select(r => new[] { r });
        var tampered = antiforgery[..(antiforgery.Length / 2)] + (antiforgery[antiforgery.Length / 2] == 'A' ? 'B' : 'A') + antiforgery[(antiforgery.Length / 2 + 1)..];
        var token = Gen.Frequency(
            (20, Gen.Const(new[] { $"{AntiforgeryField}={Encode(antiforgery, 0)}" })),
            (1, Gen.Const(Array.Empty<string>())),
            (1, Gen.Const(new[] { $"{AntiforgeryField}={Encode(antiforgery, 0)}", $"{AntiforgeryField}={Encode(antiforgery, 0)}" })),
            (1, Sent(Text, body: true).Select(t => new[] { $"{AntiforgeryField}={t}" })),
            (1, Gen.Const(new[] { $"{AntiforgeryField}={Encode(tampered, 0)}" })),
            (1, Gen.Const(new[] { $"{AntiforgeryField}=" })),
            (1, Gen.Const(new[] { $"{AntiforgeryField.ToLowerInvariant()}={Encode(antiforgery, 1)}" })));
        var path = Gen.Frequency((24, Gen.Const<string?>(default(string))), (1, Chars(Base64Url, 43, 43).Select(t => (string?)t)), (1, Gen.Const<string?>("ikke-et-link")));
        return Gen.Select(side, handling).Where(s => summary || !(s.Item1 is [QuestionnairePages.Summary] && s.Item2 is ["indsend"])).SelectMany(s =>
        {
            var page = PageNumber(s.Item1 is [var one] ? one : null, refs.PageCount) is { } n ? Gen.Const(n - 1) : Gen.Int[0, refs.PageCount - 1];
            return page.SelectMany(p =>
            {
                var answers = Concat(refs.Items[p].Select(i => Gen.Frequency((4, Fields(i.Field, ValueFor(i.Type))), (1, Gen.Const(Array.Empty<string>())))));
                var bulk = Gen.Frequency(
                    (24, Gen.Const(Array.Empty<string>())),
                    (1, Gen.Int[1_001, 1_500].Select(count => Enumerable.Range(0, count).Select(i => $"f{i}=x").ToArray())),
                    (1, Gen.Const(Enumerable.Repeat($"{refs.Items[p][0].Field}=3", 800).ToArray())),
                    (1, Gen.Const(new[] { $"fyld={new string('y', SurveyPages.MaxFormBytes)}" })),
                    (1, Gen.Const(new[] { $"{new string('k', 300)}=x" })));
                var extra = Concat([other.Array[0, 2].Select(a => a.SelectMany(f => f).ToArray()), unknown.Array[0, 1].Select(a => a.SelectMany(f => f).ToArray()),
                    junk.Array[0, 4].Select(a => a.SelectMany(f => f).ToArray()), Gen.Frequency((6, Gen.Const(Array.Empty<string>())), (1, raw))]);
                var named = Gen.Select(Gen.OneOf("side", "side", "SIDE"), Gen.OneOf("handling", "handling", "Handling"), (sk, hk) =>
                    (string[])[.. s.Item1.Select(v => $"{sk}={Encode(v, 0)}"), .. s.Item2.Select(v => $"{hk}={Encode(v, 0)}")]);
                return Gen.Select(Concat([named, token, answers, extra, bulk]).SelectMany(f => Gen.Shuffle(f)), ContentTypes,
                    Gen.Frequency((9, Gen.Const(false)), (1, Gen.Const(true))), path,
                    (fields, type, chunked, to) => new PostCase(type, chunked, to, fields));
            });
        });
    }

    /// <summary>Random queries: <c>side</c> once, never or repeated (its key in other cases and escaped too),
    /// <c>gemt</c> in its forms, random keys and values, stray separators and bad escapes.</summary>
    private static Gen<string> Queries(int pages)
    {
        var side = Gen.Select(Gen.OneOf("side", "side", "side", "SIDE", "Side", "%73ide", "sid%65"), Sent(SideValue(pages), body: false), (k, v) => $"{k}={v}");
        var gemt = Gen.OneOf("gemt=1", "gemt=1", "GEMT=1", "gemt=0", "gemt=", "gemt", "gemt=1%00", "gemt=%31", "gemt=1&gemt=1", "gemt=ja");
        var extra = Gen.Select(Sent(Text, body: false), Sent(Text, body: false), (k, v) => $"{k}={v}");
        var raw = Gen.OneOf("", "=", "==", "x", "=x", ";", "%", "%FF=%FF", "side", "side=", "side==3", "side=3=3");
        return Gen.Select(
                Gen.Frequency((6, side.Array[1]), (1, Gen.Const(Array.Empty<string>())), (2, side.Array[2, 3])),
                Gen.Frequency((4, Gen.Const(Array.Empty<string>())), (2, gemt.Array[1])),
                extra.Array[0, 4],
                Gen.Frequency((5, Gen.Const(Array.Empty<string>())), (1, raw.Array[1, 2])),
                (s, g, e, r) => (string[])[.. s, .. g, .. e, .. r])
            .SelectMany(parts => Gen.Shuffle(parts))
            .Select(parts => $"?{string.Join("&", parts)}");
    }

    private sealed record PathCase(bool Post, string Path)
    {
        public override string ToString() => $"{(Post ? "POST" : "GET")} {Printable(Path)}";
    }

    private static readonly string[] PathOddities =
    [
        "..", ".", "%2e%2e", "%2E.", ".%2e", "%2f", "%2F", "a%2Fb", "%5c", "%5C", "%00", "%ff", "%c3%28", "%C0%AE%C0%AE", "%", "%g1", "", ";x=1", "~",
        "survey", "..;", "%252e%252e", "%2e", "%u002e", "%2e%2e%2f", "*", "@", ":", "%20", "+", "%C3%A6",
    ];

    /// <summary>Random paths under /survey: a token's form (43 of base64url), other base64url, encoded text,
    /// traversal and encoded slashes and bad escapes, one to four segments, a prefix in other cases, a query.</summary>
    private static Gen<PathCase> Paths()
    {
        var segment = Gen.Frequency(
            (3, Chars(Base64Url, 43, 43)),
            (2, Chars(Base64Url, 1, 60)),
            (2, Gen.Select(Text, Gen.Int[0, 1], Encode)),
            (3, Gen.OneOf(PathOddities)));
        var prefix = Gen.Frequency((8, Gen.Const("/survey/")), (1, Gen.OneOf("/SURVEY/", "/Survey/", "/survey//", "/survey/./", "/survey/%2e/", "/survey/x/../")));
        var query = Gen.Frequency((4, Gen.Const("")), (1, Queries(10)));
        return Gen.Select(Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true))), prefix, segment.Array[1, 4], query, Gen.Bool,
                (post, p, s, q, slash) => new PathCase(post, $"{p}{string.Join("/", s)}{(slash ? "/" : "")}{q}"))
            // Not the pages that exist (the thanks page, the stylesheet) however they are spelled.
            .Where(c => !RealPage().IsMatch(Uri.UnescapeDataString(c.Path.Split('?')[0])));
    }

    /// <summary>Whether a path is still under /survey once the server has decoded it (escaped dots too; an
    /// escaped slash stays one segment) and removed its dot segments (RFC 3986, 5.2.4).</summary>
    private static bool UnderSurvey(string path)
    {
        var segments = new List<string>();
        var parts = EscapedDot().Replace(path.Split('?')[0], ".").Split('/')[1..];
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            if (parts[i] is "." or "..")
            {
                if (parts[i] == ".." && segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                if (last)
                {
                    segments.Add("");
                }
                continue;
            }
            segments.Add(parts[i]);
        }
        return segments.Count > 1 && segments[0].Equals("survey", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("%2[eE]")]
    private static partial Regex EscapedDot();

    [GeneratedRegex("(?i)/(tak|assets)(/|$)")]
    private static partial Regex RealPage();

    private static string Printable(string text) => Printable(text, 300);

    private static string Printable(string text, int max)
    {
        var shown = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            shown.Append(c is < ' ' or (>= '\u007f' and <= '\u009f') ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return text.Length > max ? $"{shown}… ({text.Length} characters)" : shown.ToString();
    }
}
