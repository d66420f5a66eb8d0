using Governance.Meetings.Tests.Api;
using Governance.Meetings.V1;
using Governance.Testing.Browser;

namespace Governance.Meetings.Tests.Browser;

/// <summary>
/// The HTML rendering of minutes opened in Chromium, for both audiences of a draft with a closed item:
/// one h1, the draft notice shown, a contents list whose every link leads to its item's section, one
/// section per item (each starting a page when printed), the public copy with the closed item as
/// "Lukket", and axe-core finding no serious or critical violation.
/// </summary>
public sealed class MinutesHtmlBrowserTests(SqliteApiHost host, BrowserFixture browsers)
    : ApiTestBase(host), IClassFixture<SqliteApiHost>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_minutes_as_html_open_in_chromium_with_contents_that_lead_to_every_item()
    {
        browsers.RequireBrowser();
        var body = await CreateBodyAsync();
        var meeting = await ScheduleAsync(body, Local(2017, 3, 9));
        var items = new[]
        {
            await AddItemAsync(meeting, "Regnskab 2016 (Direktionen)", journalNumber: "16/25345", configure: i =>
            {
                i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = "Regnskabet viser et overskud." });
                i.Recommendation = new Recommendation { Text = "ØDC indstiller, at Direktionen", Points = { new RecommendationPoint { Label = "1", Text = "godkender regnskabet" } } };
                i.Attachments.Add(new Attachment { Title = "Regnskab 2016", DocumentNumber = "177144/12" });
            }),
            await AddItemAsync(meeting, "Personalesag Hx5Tq", ItemKind.Closed, "16/26739",
                i => i.Sections.Add(new Section { Kind = SectionKind.Baggrund, Text = "Fortroligt Hx5Tq." })),
            await AddItemAsync(meeting, "Eventuelt", journalNumber: "16/00001"),
        };
        meeting = await PublishAsync(meeting);
        await DecideAsync(items[0], DecisionOutcome.Approved, "Godkendt.");

        await using var pages = await LocalPages.StartAsync();
        using var browser = browsers.Open(WindowSize.Desktop);
        foreach (var audience in new[] { Audience.Members, Audience.Public })
        {
            var rendered = await Client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = meeting.Name, Audience = audience, Format = MinutesFormat.Html }, cancellationToken: Ct);
            browser.GoTo(pages.Add($"/referat-{audience}.html", rendered.Data.ToStringUtf8(), contentType: rendered.ContentType));
            var page = $"the {audience} minutes";

            Assert.Equal("da", Script<string>(browser, "return document.documentElement.lang;"));
            Assert.Equal("UTF-8", Script<string>(browser, "return document.characterSet;"));
            Assert.Equal(["UDKAST – REFERAT Direktionen d. 09-03-2017"], Script<IReadOnlyCollection<object>>(browser,
                "return Array.from(document.querySelectorAll('h1')).map(h => h.textContent);").Cast<string>());
            Assert.Contains("UDKAST: referatet er endnu ikke godkendt", Script<string>(browser, "return document.querySelector('.draft').innerText;"), StringComparison.Ordinal);
            Assert.True(Script<bool>(browser, "const d = document.querySelector('.draft').getBoundingClientRect(); return d.width > 0 && d.height > 0;"),
                $"{page}: the draft notice is not shown.");

            // One section per item, in order, and every contents link leads to its item's section.
            var sections = Script<IReadOnlyCollection<object>>(browser,
                "return Array.from(document.querySelectorAll('section.item')).map(s => s.id + '|' + s.querySelector('h2').textContent);").Cast<string>().ToList();
            var second = audience == Audience.Members ? "Personalesag Hx5Tq" : "Lukket";
            Assert.Equal([$"punkt-1|Punkt 1: Regnskab 2016 (Direktionen)", $"punkt-2|Punkt 2: {second}", "punkt-3|Punkt 3: Eventuelt"], sections);
            var links = Script<IReadOnlyCollection<object>>(browser, """
                return Array.from(document.querySelectorAll('nav a')).map(a => {
                    const target = document.getElementById(a.getAttribute('href').slice(1));
                    return a.textContent + '|' + (target && target.matches('section.item') ? target.querySelector('h2').textContent : 'NO SECTION');
                });
                """).Cast<string>().ToList();
            Assert.Equal(sections.Select(s => s.Split('|')[1] + "|" + s.Split('|')[1]), links);
            // Following a link brings the item into view: to the top, or as far as the page can scroll.
            browser.Driver.ExecuteScript("window.scrollTo(0, 0);");
            browser.Driver.FindElement(OpenQA.Selenium.By.CssSelector("nav a[href='#punkt-3']")).Click();
            Assert.Equal("#punkt-3", Script<string>(browser, "return location.hash;"));
            Assert.True(Script<bool>(browser, """
                const top = document.getElementById('punkt-3').getBoundingClientRect().top;
                const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
                return window.scrollY > 0 && top >= -1 && top < window.innerHeight && (Math.abs(top) < 2 || atEnd);
                """), $"{page}: following the contents link did not bring item 3 into view.");

            var text = Script<string>(browser, "return document.body.innerText;");
            Assert.Equal(audience == Audience.Members, text.Contains("Hx5Tq", StringComparison.Ordinal));
            Assert.Equal(0L, Script<long>(browser, "return document.scripts.length;"));

            browser.AssertAccessible(page);

            // Printed, every item starts a page.
            browser.Driver.ExecuteCdpCommand("Emulation.setEmulatedMedia", new Dictionary<string, object?> { ["media"] = "print" });
            Assert.Equal(["page", "page", "page"], Script<IReadOnlyCollection<object>>(browser,
                "return Array.from(document.querySelectorAll('section.item')).map(s => getComputedStyle(s).breakBefore);").Cast<string>());
            browser.Driver.ExecuteCdpCommand("Emulation.setEmulatedMedia", new Dictionary<string, object?> { ["media"] = "" });
            browser.Screenshot($"referat-{audience.ToString().ToLowerInvariant()}");
        }
    }

    private static T Script<T>(BrowserSession browser, string script) => (T)browser.Driver.ExecuteScript(script)!;
}
