using System.Globalization;
using System.Text.RegularExpressions;
using Governance.Testing.Browser;
using MimeKit;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;

namespace Governance.Surveys.Tests.Browser;

/// <summary>What the survey browser tests do on a page: wait for the next document after a click or a key,
/// read the HTTP status the document came with, use the keyboard, answer by clicking labels, and check a
/// page (Danish, axe-core without serious or critical violations, no sideways scroll, a screenshot).</summary>
public static partial class SurveyBrowser
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>An invitation link as the e-mail's plain text gives it.</summary>
    [GeneratedRegex(@"https?://\S+/survey/[A-Za-z0-9_-]{43}")]
    private static partial Regex LinkPattern();

    /// <summary>The link in the newest e-mail to <paramref name="address"/> (its plain text).</summary>
    public static Uri LinkTo(IReadOnlyList<MimeMessage> mails, string address)
    {
        var mail = mails.Last(m => m.To.Mailboxes.Any(x => x.Address == address));
        var match = LinkPattern().Match(mail.TextBody ?? "");
        Assert.True(match.Success, $"No invitation link in the e-mail to {address}:\n{mail.TextBody}");
        return new Uri(match.Value);
    }

    /// <summary>The token at the end of an invitation link.</summary>
    public static string TokenOf(Uri link) => link.AbsolutePath[(link.AbsolutePath.LastIndexOf('/') + 1)..];

    /// <summary>The HTTP status of the response the page's document came from (after any redirect).</summary>
    public static int Status(ChromeDriver driver) => Convert.ToInt32(
        driver.ExecuteScript("return performance.getEntriesByType('navigation')[0].responseStatus;"), CultureInfo.InvariantCulture);

    /// <summary>Does <paramref name="act"/> (a click, a key) and waits until it has replaced the document
    /// with the next one and that has loaded.</summary>
    public static void AndWaitForNextPage(this BrowserSession browser, Action act)
    {
        // A mark on this document's window: the next document's window has none.
        browser.Driver.ExecuteScript("window.__voresSide = true;");
        act();
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                if (browser.Driver.ExecuteScript("return !window.__voresSide && document.readyState === 'complete';") is true)
                {
                    return;
                }
            }
            catch (WebDriverException) when (DateTime.UtcNow < deadline)
            {
                // Asked while the documents changed places: ask again.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No new page within {Patience.TotalSeconds} s after the action on {browser.Driver.Url}.");
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>Clicks the element (a button, a link) and waits for the page it leads to.</summary>
    public static void ClickToNextPage(this BrowserSession browser, By element) =>
        browser.AndWaitForNextPage(() => browser.Driver.FindElement(element).Click());

    /// <summary>Presses keys on the page as a person would, wherever the focus is.</summary>
    public static void Press(this BrowserSession browser, params string[] keys)
    {
        foreach (var key in keys)
        {
            new Actions(browser.Driver).SendKeys(key).Perform();
        }
    }

    /// <summary>The id of the focused element ("" for the body or none).</summary>
    public static string FocusedId(this BrowserSession browser) =>
        browser.Driver.ExecuteScript("return document.activeElement && document.activeElement !== document.body ? document.activeElement.id : '';") as string ?? "";

    /// <summary>Fails unless the focused element shows its focus: it matches :focus-visible and has an
    /// outline (or, for a link, the style's underline bar) a person can see.</summary>
    public static void AssertVisibleFocus(this BrowserSession browser, string what)
    {
        var style = (IReadOnlyDictionary<string, object>)browser.Driver.ExecuteScript("""
            const e = document.activeElement, s = getComputedStyle(e);
            return { visible: e.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
                     color: s.outlineColor, shadow: s.boxShadow };
            """)!;
        Assert.True(style["visible"] is true, $"{what} has the focus but does not match :focus-visible.");
        var width = Convert.ToDouble(style["width"], CultureInfo.InvariantCulture);
        var outlined = (string)style["style"] != "none" && width >= 2;
        var shadowed = (string)style["shadow"] != "none";
        Assert.True(outlined || shadowed, $"{what} has the focus but no visible focus style (outline {style["style"]} {width}px, box-shadow {style["shadow"]}).");
    }

    /// <summary>The page is Danish, has no serious or critical accessibility violation, does not scroll
    /// sideways, and is kept as artifacts/browser/<paramref name="name"/>.png.</summary>
    public static void CheckPage(this BrowserSession browser, string name)
    {
        Assert.Equal("da", browser.Driver.ExecuteScript("return document.documentElement.lang;"));
        browser.Screenshot(name);
        browser.AssertAccessible(name);
        browser.AssertNoHorizontalScroll(name);
    }

    /// <summary>The page's heading.</summary>
    public static string Heading(this BrowserSession browser) => browser.Driver.FindElement(By.TagName("h1")).Text;

    /// <summary>The items of the question page shown: each fieldset's radio buttons (ids, in order) or a
    /// text field (its id alone), by the item's field name.</summary>
    public static IReadOnlyList<(string Field, IReadOnlyList<string> Choices)> Items(this BrowserSession browser)
    {
        var items = (IReadOnlyCollection<object>)browser.Driver.ExecuteScript("""
            return Array.from(document.querySelectorAll('#svar fieldset, #svar textarea')).map(e => e.tagName === 'TEXTAREA'
                ? [e.name, [e.id]]
                : [e.querySelector('input[type=radio]').name, Array.from(e.querySelectorAll('input[type=radio]')).map(r => r.id)]);
            """)!;
        return [.. items.Cast<IReadOnlyCollection<object>>().Select(i => ((string)i.First(),
            (IReadOnlyList<string>)[.. ((IReadOnlyCollection<object>)i.Last()).Cast<string>()]))];
    }

    /// <summary>The checked choice of each radio field on the page, by field name (fields with none left out).</summary>
    public static IReadOnlyDictionary<string, string> Checked(this BrowserSession browser) =>
        ((IReadOnlyCollection<object>)browser.Driver.ExecuteScript(
            "return Array.from(document.querySelectorAll('#svar input[type=radio]:checked')).map(r => [r.name, r.value]);")!)
        .Cast<IReadOnlyCollection<object>>().ToDictionary(p => (string)p.First(), p => (string)p.Last());

    /// <summary>The text of the label of the element with <paramref name="id"/>.</summary>
    public static string LabelOf(this BrowserSession browser, string id) =>
        browser.Driver.FindElement(By.CssSelector($"label[for='{id}']")).Text;
}
