using Governance.Surveys.V1;
using Governance.Testing.Browser;
using OpenQA.Selenium;

namespace Governance.Surveys.Tests.Browser;

/// <summary>
/// The respondent pages in Chromium at a laptop's 1280 pixels: the first page, a refused answer (the
/// error summary focused, linking to its field, the field marked invalid and described by its error) and
/// the summary, also with its error, each without a serious or critical axe-core violation and kept as a
/// screenshot; and a form whose antiforgery field was taken out of the page is refused (400, the Danish
/// "not saved" page) with nothing saved, where the same form with it saves. SQLite only: the pages are the
/// same on either store, and the phone flow runs on both.
/// </summary>
[Collection(SurveyBrowserCollection.Name)]
public sealed class SurveyDesktopPageTests(SqliteBrowserRoundHost host, BrowserFixture browsers) : IClassFixture<SqliteBrowserRoundHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri Page(Uri link, string side) => new($"{link}?side={side}");

    [Fact]
    public async Task At_desktop_width_the_first_page_a_refused_answer_and_the_summary_are_accessible()
    {
        browsers.RequireBrowser();
        var round = await BrowserRounds.OpenAsync(host, "skrivebord", invitees: 1);
        var link = round.Links[0];
        using var desktop = browsers.Open(WindowSize.Desktop);

        desktop.GoTo(link);
        Assert.Equal(1280L, desktop.Driver.ExecuteScript("return window.innerWidth;"));
        Assert.Contains("Side 1 af 10", desktop.Text, StringComparison.Ordinal);
        desktop.CheckPage("survey-desktop-side-01");

        // Page 7 has the free-text field: 2,001 characters are one too many.
        desktop.GoTo(Page(link, "7"));
        Assert.Equal("Trivsel og sundhed", desktop.Heading());
        var field = desktop.Items().Single(i => i.Choices.Count == 1).Field;
        desktop.Driver.ExecuteScript("document.getElementById(arguments[0]).value = 'x'.repeat(2001);", field);
        desktop.ClickToNextPage(By.Id("naeste"));
        Assert.Equal(422, SurveyBrowser.Status(desktop.Driver));
        Assert.Equal("Trivsel og sundhed", desktop.Heading());
        Assert.StartsWith("Fejl: ", desktop.Driver.Title, StringComparison.Ordinal);
        // The error summary has the focus (a screen reader reads it first) and links to the field.
        Assert.Equal("fejlopsummering", desktop.FocusedId());
        var error = $"fejl_{field["svar_".Length..]}";
        var message = "Svaret må højst være 2.000 tegn. Det er 2.001 tegn nu.";
        Assert.Equal(message, desktop.Driver.FindElement(By.CssSelector($"#fejlopsummering a[href='#{field}']")).Text);
        Assert.EndsWith(message, desktop.Driver.FindElement(By.Id(error)).Text, StringComparison.Ordinal);
        var textarea = desktop.Driver.FindElement(By.Id(field));
        Assert.Equal("true", textarea.GetDomAttribute("aria-invalid"));
        Assert.Contains(error, textarea.GetDomAttribute("aria-describedby")!.Split(' '));
        desktop.CheckPage("survey-desktop-fejl");
        // By the keyboard: Tab to the summary's link, Enter, and the field has the focus.
        desktop.Press(Keys.Tab);
        desktop.AssertVisibleFocus("The error summary's link");
        desktop.Press(Keys.Enter);
        Assert.Equal(field, desktop.FocusedId());
        desktop.AssertVisibleFocus("The field in error");

        // Nothing was saved: the summary says so, and Indsend with nothing answered is refused in words.
        desktop.GoTo(Page(link, "opsummering"));
        Assert.Equal("Opsummering", desktop.Heading());
        Assert.Contains("Du har svaret på 0 af ", desktop.Text, StringComparison.Ordinal);
        desktop.CheckPage("survey-desktop-opsummering");
        desktop.ClickToNextPage(By.Id("indsend"));
        Assert.Equal(422, SurveyBrowser.Status(desktop.Driver));
        Assert.Equal("fejlopsummering", desktop.FocusedId());
        Assert.Contains("Du har ikke svaret på noget endnu.", desktop.Driver.FindElement(By.Id("fejl_indsend")).Text, StringComparison.Ordinal);
        desktop.CheckPage("survey-desktop-opsummering-fejl");
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_field_is_refused_and_saves_nothing()
    {
        browsers.RequireBrowser();
        var round = await BrowserRounds.OpenAsync(host, "csrf-browser", invitees: 1);
        var link = round.Links[0];
        var token = SurveyBrowser.TokenOf(link);
        using var desktop = browsers.Open(WindowSize.Desktop);

        desktop.GoTo(link);
        var items = desktop.Items();
        void ChooseFirstOfEach()
        {
            foreach (var (_, choices) in items)
            {
                desktop.Driver.FindElement(By.CssSelector($"label[for='{choices[0]}']")).Click();
            }
        }
        ChooseFirstOfEach();
        var removed = desktop.Driver.ExecuteScript("""
            const fields = document.querySelectorAll('#svar input[name="__RequestVerificationToken"]');
            fields.forEach(f => f.remove());
            return fields.length;
            """);
        Assert.Equal(1L, removed);
        desktop.ClickToNextPage(By.Id("naeste"));
        Assert.Equal(400, SurveyBrowser.Status(desktop.Driver));
        Assert.Equal("Dine svar blev ikke gemt", desktop.Heading());
        desktop.CheckPage("survey-desktop-csrf");
        var questionnaire = await host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: Ct);
        Assert.Empty(questionnaire.Answers);

        // Opened again: nothing chosen. The same answers with the field in place are saved.
        desktop.GoTo(link);
        Assert.Contains("Side 1 af 10", desktop.Text, StringComparison.Ordinal);
        Assert.Empty(desktop.Checked());
        ChooseFirstOfEach();
        desktop.ClickToNextPage(By.Id("naeste"));
        Assert.Equal(200, SurveyBrowser.Status(desktop.Driver));
        Assert.Contains("Side 2 af 10", desktop.Text, StringComparison.Ordinal);
        questionnaire = await host.Answering.GetQuestionnaireAsync(new GetQuestionnaireRequest { InvitationToken = token }, cancellationToken: Ct);
        Assert.Equal(items.Count, questionnaire.Answers.Count);
    }
}
