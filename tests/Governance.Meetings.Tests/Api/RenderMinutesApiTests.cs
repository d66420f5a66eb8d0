using System.Net;
using System.Net.Http.Headers;
using Google.Api;
using Governance.Meetings.V1;
using Governance.Meetings.Security;
using Governance.ServiceDefaults.Security;

namespace Governance.Meetings.Tests.Api;

/// <summary>RenderMinutes: the minutes of GetMinutes as one document in each format, for a draft and
/// approved minutes, for both audiences; the public rendering holds nothing of a closed item; text from
/// the minutes never becomes markup; over HTTP the document is the raw body with its content type.</summary>
public abstract class RenderMinutesApiTests(IApiHost host) : ApiTestBase(host)
{
    private const string ClosedSecret = "Fortrolig sag om omstrukturering Rk4Wq7";
    private const string ClosedDecision = "Beslutning i den lukkede sag Tn8Ye2";
    private const string ClosedJournalNumber = "16/26739";
    private const string Hostile = "Budget <script>alert(1)</script> & \"Sø|lv\" *vigtigt*";

    private static readonly Dictionary<MinutesFormat, string> ContentTypes = new()
    {
        [MinutesFormat.Unspecified] = "text/plain; charset=utf-8",
        [MinutesFormat.Text] = "text/plain; charset=utf-8",
        [MinutesFormat.Markdown] = "text/markdown; charset=utf-8",
        [MinutesFormat.Html] = "text/html; charset=utf-8",
        [MinutesFormat.Docx] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };

    private async Task<(Meeting Meeting, AgendaItem Open, AgendaItem Closed)> MeetingAsync()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        var open = await AddItemAsync(meeting, "Befolkningsprognose 2017-29", journalNumber: "16/26764",
            configure: i => i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = "Hvert år udarbejdes en befolkningsprognose.\n\nAnden del." }));
        var closed = await AddItemAsync(meeting, ClosedSecret, ItemKind.Closed, ClosedJournalNumber,
            i => i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = ClosedSecret }));
        meeting = await PublishAsync(meeting);
        await DecideAsync(open, DecisionOutcome.Noted, "Taget til efterretning.");
        await DecideAsync(closed, DecisionOutcome.Approved, ClosedDecision);
        return (meeting, open, closed);
    }

    private async Task<HttpBody> RenderAsync(Meeting meeting, MinutesFormat format, Audience audience) =>
        await Client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = meeting.Name, Format = format, Audience = audience }, cancellationToken: Ct);

    [Fact]
    public async Task A_draft_renders_in_every_format_for_both_audiences_marked_as_a_draft()
    {
        var (meeting, _, _) = await MeetingAsync();

        foreach (var audience in new[] { Audience.Members, Audience.Public, Audience.Unspecified })
        {
            var minutes = await GetMinutesAsync(meeting, audience);
            foreach (var (format, contentType) in ContentTypes)
            {
                var rendered = await RenderAsync(meeting, format, audience);
                var document = RenderedDocument.Text(rendered);
                var context = $"{format} {audience}";
                Assert.Equal(contentType, rendered.ContentType);
                Assert.Contains("UDKAST – REFERAT Direktionen d. 09-03-2017", document, StringComparison.Ordinal);
                Assert.Contains("Punkt 1: Befolkningsprognose 2017-29", document, StringComparison.Ordinal);
                Assert.Contains("Beslutning Direktionen den 09-03-2017", document, StringComparison.Ordinal);
                Assert.Contains(ClosedJournalNumber, document, StringComparison.Ordinal);
                if (audience == Audience.Members)
                {
                    Assert.True(document.Contains(ClosedSecret, StringComparison.Ordinal) && document.Contains(ClosedDecision, StringComparison.Ordinal),
                        $"{context}: the members' rendering lacks the closed item.");
                }
                else
                {
                    Assert.Contains("Punkt 2: Lukket", document, StringComparison.Ordinal);
                    Assert.False(document.Contains(ClosedSecret, StringComparison.Ordinal) || document.Contains(ClosedDecision, StringComparison.Ordinal),
                        $"{context}: the public rendering holds closed content:\n{document}");
                }
                switch (format)
                {
                    case MinutesFormat.Unspecified or MinutesFormat.Text:
                        Assert.Equal(minutes.Text, document);
                        break;
                    case MinutesFormat.Markdown:
                        Assert.StartsWith("> **UDKAST: referatet er endnu ikke godkendt", document, StringComparison.Ordinal);
                        Assert.Contains("\n# UDKAST – REFERAT Direktionen d. 09-03-2017\n", document, StringComparison.Ordinal);
                        Assert.Contains("\n## Punkt 1: Befolkningsprognose 2017-29\n", document, StringComparison.Ordinal);
                        Assert.Contains("\n### Beslutning Direktionen den 09-03-2017\n", document, StringComparison.Ordinal);
                        Assert.Contains("\nHvert år udarbejdes en befolkningsprognose.\n\nAnden del.\n", document, StringComparison.Ordinal);
                        break;
                    case MinutesFormat.Html:
                        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"da\">", document, StringComparison.Ordinal);
                        Assert.Contains("<p class=\"draft\" role=\"note\">UDKAST: referatet er endnu ikke godkendt", document, StringComparison.Ordinal);
                        Assert.Contains("<h1>UDKAST – REFERAT Direktionen d. 09-03-2017</h1>", document, StringComparison.Ordinal);
                        Assert.Contains("<li><a href=\"#punkt-1\">Punkt 1: Befolkningsprognose 2017-29</a></li>", document, StringComparison.Ordinal);
                        Assert.Contains("<section class=\"item\" id=\"punkt-2\"", document, StringComparison.Ordinal);
                        AssertSelfContained(document);
                        break;
                }
            }
        }
    }

    [Fact]
    public async Task Approved_minutes_render_the_record_without_the_draft_mark_and_corrections_after_it()
    {
        var (meeting, open, closed) = await MeetingAsync();
        meeting = await ApproveAsync(await HoldAsync(meeting));
        var original = Assert.Single(await ListDecisionsAsync(open));
        await DecideAsync(open, DecisionOutcome.Noted, "Rettelse: alene taget til efterretning Hb3.", d => d.Corrects = original.Name);
        await DecideAsync(closed, DecisionOutcome.Approved, "Rettelse i den lukkede sag Zq9Vm1.", d => d.Corrects = Assert.Single(ListDecisionsAsync(closed).Result).Name);

        foreach (var audience in new[] { Audience.Members, Audience.Public })
        {
            var minutes = await GetMinutesAsync(meeting, audience);
            Assert.Equal(MinutesStatus.Approved, minutes.Status);
            foreach (var (format, _) in ContentTypes)
            {
                var document = RenderedDocument.Text(await RenderAsync(meeting, format, audience));
                var context = $"{format} {audience}";
                Assert.DoesNotContain("UDKAST", document, StringComparison.Ordinal);
                Assert.Contains("REFERAT Direktionen d. 09-03-2017", document, StringComparison.Ordinal);
                Assert.Contains("Rettelser efter godkendelse", document, StringComparison.Ordinal);
                Assert.Contains("Rettelse: alene taget til efterretning Hb3.", document, StringComparison.Ordinal);
                Assert.True((audience == Audience.Members) == document.Contains("Zq9Vm1", StringComparison.Ordinal),
                    $"{context}: the correction of the closed item is {(audience == Audience.Members ? "missing for the members" : "in the public rendering")}.");
                Assert.True((audience == Audience.Members) == document.Contains(ClosedSecret, StringComparison.Ordinal), $"{context}: closed content.");
                if (format == MinutesFormat.Html)
                {
                    Assert.Contains("<h1>REFERAT Direktionen d. 09-03-2017</h1>", document, StringComparison.Ordinal);
                    Assert.DoesNotContain("class=\"draft\"", document, StringComparison.Ordinal);
                    Assert.Contains("<li><a href=\"#rettelser\">Rettelser efter godkendelse</a></li>", document, StringComparison.Ordinal);
                }
                if (format == MinutesFormat.Markdown)
                {
                    Assert.StartsWith("# REFERAT Direktionen d. 09-03-2017\n", document, StringComparison.Ordinal);
                    Assert.Contains("\n## Rettelser efter godkendelse\n", document, StringComparison.Ordinal);
                }
                if (format == MinutesFormat.Text)
                {
                    Assert.Equal(minutes.Text, document);
                }
            }
        }
    }

    [Fact]
    public async Task Text_from_the_minutes_is_escaped_never_markup()
    {
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        await AddItemAsync(meeting, Hostile, configure: i => i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = "# ikke en overskrift\n- ikke en liste\n1. heller ikke" }));
        meeting = await PublishAsync(meeting);

        var html = (await RenderAsync(meeting, MinutesFormat.Html, Audience.Members)).Data.ToStringUtf8();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Budget &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Sø|lv&quot; *vigtigt*", html, StringComparison.Ordinal);

        var markdown = (await RenderAsync(meeting, MinutesFormat.Markdown, Audience.Members)).Data.ToStringUtf8();
        Assert.Contains(@"## Punkt 1: Budget \<script\>alert(1)\</script\> \& ""Sø\|lv"" \*vigtigt\*", markdown, StringComparison.Ordinal);
        Assert.Contains("\n\\# ikke en overskrift  \n\\- ikke en liste  \n1\\. heller ikke\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_format_or_audience_is_invalid_argument_naming_the_field()
    {
        var (meeting, _, _) = await MeetingAsync();

        await ApiAssert.InvalidArgument(() => Client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = meeting.Name, Format = (MinutesFormat)9 }, cancellationToken: Ct), "format");
        await ApiAssert.InvalidArgument(() => Client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = meeting.Name, Audience = (Audience)7 }, cancellationToken: Ct), "audience");
        await ApiAssert.InvalidArgument(() => Client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = "meetings/../etc" }, cancellationToken: Ct), "meeting");
    }

    [Fact]
    public async Task Http_get_of_the_render_path_answers_the_raw_document_with_its_content_type()
    {
        var (meeting, _, _) = await MeetingAsync();
        using var http = new HttpClient { BaseAddress = Host.Server.HttpAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Host.Server.Tokens!.Issue("test-render", MeetingsRoles.All, [MeetingsClaims.ForBodies(Caller.Everything)]));

        using var response = await http.GetAsync($"/v1/{meeting.Name}/minutes:render?format=MINUTES_FORMAT_HTML&audience=AUDIENCE_PUBLIC", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("<!DOCTYPE html>", body, StringComparison.Ordinal);
        Assert.Equal((await RenderAsync(meeting, MinutesFormat.Html, Audience.Public)).Data.ToStringUtf8(), body);
        Assert.DoesNotContain(ClosedSecret, body, StringComparison.Ordinal);

        using var text = await http.GetAsync($"/v1/{meeting.Name}/minutes:render", Ct);
        Assert.Equal("text/plain; charset=utf-8", text.Content.Headers.ContentType?.ToString());
        Assert.Equal((await GetMinutesAsync(meeting, Audience.Public)).Text, await text.Content.ReadAsStringAsync(Ct));

        // The .docx is binary: the same bytes as over gRPC, a zip (PK) with the Word media type.
        using var docx = await http.GetAsync($"/v1/{meeting.Name}/minutes:render?format=MINUTES_FORMAT_DOCX", Ct);
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType?.ToString());
        var bytes = await docx.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);
        Assert.Equal((await RenderAsync(meeting, MinutesFormat.Docx, Audience.Public)).Data.ToByteArray(), bytes);
    }

    /// <summary>No script, no address outside the file: only the contents' links to its own anchors.</summary>
    private static void AssertSelfContained(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("href=\"(?!#)", html);
        Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
        Assert.Contains("page-break-before: always", html, StringComparison.Ordinal);
    }
}

public sealed class RenderMinutesApiSqliteTests(SqliteApiHost host) : RenderMinutesApiTests(host), IClassFixture<SqliteApiHost>;

public sealed class RenderMinutesApiPostgresTests(PostgresApiHost host) : RenderMinutesApiTests(host), IClassFixture<PostgresApiHost>;
