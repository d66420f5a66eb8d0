using System.Globalization;
using Governance.Kernel;
using Governance.ServiceDefaults.Errors;
using Governance.Surveys.Answering;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Web;

/// <summary>One page of the questionnaire: a theme of one of the round's instruments (1-based number).</summary>
public sealed record QuestionnairePage(int Number, InstrumentRecord Instrument, InstrumentTheme Theme)
{
    /// <summary>Whether this is the instrument's first theme (its description goes there).</summary>
    public bool FirstOfInstrument => Instrument.Themes.Count > 0 && ReferenceEquals(Instrument.Themes[0], Theme);
}

/// <summary>An item as the page shows it: the form field's name (also the id of a text field and the
/// prefix of a choice's id), the choices (value, Danish label) of a scale or yes/no, the value shown
/// (saved, or as just sent when the page is shown again with errors) and the error beside it.</summary>
public sealed record PageItem(InstrumentItem Item, string Field, IReadOnlyList<(string Value, string Label)> Choices, string Value, string? Error)
{
    public bool IsText => Item.ResponseType == ResponseType.FreeText;

    public string ErrorId => $"fejl_{Field["svar_".Length..]}";

    public string HintId => $"hjaelp_{Field["svar_".Length..]}";

    /// <summary>The id of one choice's radio button: the field and the value.</summary>
    public string ChoiceId(string value) => $"{Field}_{value}";

    /// <summary>Where the error summary's link goes: the text field, or the first choice.</summary>
    public string Anchor => IsText ? Field : ChoiceId(Choices[0].Value);
}

/// <summary>What a question page shows (rendered by <c>Components/QuestionPage.razor</c>).</summary>
public sealed record QuestionPageView(QuestionnaireHeading Heading, QuestionnairePage Page, int PageCount, IReadOnlyList<PageItem> Items,
    Antiforgery Form, bool Saved)
{
    public IEnumerable<PageItem> Errors => Items.Where(i => i.Error is not null);
}

/// <summary>What the summary shows: every page with its items' answers ("Ikke besvaret" for none).</summary>
public sealed record SummaryView(QuestionnaireHeading Heading, IReadOnlyList<SummarySection> Sections, int Answered, int Items, Antiforgery Form, string? Error);

public sealed record SummarySection(QuestionnairePage Page, IReadOnlyList<(string Text, string? Answer)> Items);

/// <summary>The lines above every page: the round, where the answers count, and the deadline.</summary>
public sealed record QuestionnaireHeading(string Round, string Unit, string Manager, string Deadline);

/// <summary>The antiforgery token's hidden field.</summary>
public sealed record Antiforgery(string FieldName, string Token);

/// <summary>
/// The questionnaire as web pages: one page per theme, in the round's order of instruments and their
/// themes; the form fields of a page and the answers they send; the Danish texts of the choices and of
/// the errors. No I/O: the endpoints (<see cref="SurveyPages"/>) read the form and call
/// <see cref="SurveyAnswering"/>.
/// </summary>
public static class QuestionnairePages
{
    private static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");

    public const string Summary = "opsummering";

    private static readonly (string, string)[] Agreement =
        [("5", "Helt enig"), ("4", "Delvist enig"), ("3", "Hverken enig eller uenig"), ("2", "Delvist uenig"), ("1", "Helt uenig")];

    private static readonly (string, string)[] Frequency =
        [("5", "Altid"), ("4", "Ofte"), ("3", "Indimellem"), ("2", "Sjældent"), ("1", "Aldrig")];

    private static readonly (string, string)[] YesNo = [("ja", "Ja"), ("nej", "Nej")];

    public static IReadOnlyList<QuestionnairePage> Pages(OpenQuestionnaire q) =>
        [.. q.Instruments.SelectMany(i => i.Themes.Select(t => (i, t))).Select((x, n) => new QuestionnairePage(n + 1, x.i, x.t))];

    public static QuestionnaireHeading Heading(OpenQuestionnaire q, QuestionnairePage? page)
    {
        var deadline = CopenhagenTime.ToLocal(DateTime.SpecifyKind(q.Round.CloseTime!.Value, DateTimeKind.Utc))
            .ToString("dddd 'den' d. MMMM yyyy 'kl.' HH:mm", Danish);
        // The evaluated manager belongs to the leadership evaluation's pages (and the summary) only.
        var manager = page is null || page.Instrument.Kind == InstrumentKind.LeadershipEvaluation ? q.ManagerName : "";
        return new QuestionnaireHeading(q.Round.DisplayName, q.UnitName, manager, deadline);
    }

    /// <summary>The name of an item's form field: <c>svar_{instrument}_{item}</c> (ids hold no '_').</summary>
    public static string Field(string instrumentId, string itemId) => $"svar_{instrumentId}_{itemId}";

    /// <summary>The page to resume on: the first with an item not answered, else none (the summary).</summary>
    public static QuestionnairePage? ResumePage(IReadOnlyList<QuestionnairePage> pages, IReadOnlyList<AnswerValue> draft)
    {
        var answered = draft.Select(a => (a.InstrumentId, a.ItemId)).ToHashSet();
        return pages.FirstOrDefault(p => p.Theme.Items.Any(i => !answered.Contains((p.Instrument.Id, i.ItemId))));
    }

    /// <summary>The page <paramref name="side"/> names (1-based), or null.</summary>
    public static QuestionnairePage? PageOf(IReadOnlyList<QuestionnairePage> pages, string? side) =>
        int.TryParse(side, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= pages.Count ? pages[n - 1] : null;

    /// <summary>The items of a page with the saved answers as their values.</summary>
    public static IReadOnlyList<PageItem> Items(QuestionnairePage page, IReadOnlyList<AnswerValue> draft)
    {
        var saved = draft.Where(a => a.InstrumentId == page.Instrument.Id).ToDictionary(a => a.ItemId, StringComparer.Ordinal);
        return [.. page.Theme.Items.Select(item => Item(page, item, saved.TryGetValue(item.ItemId, out var a) ? ValueOf(item, a) : "", null))];
    }

    /// <summary>
    /// The answers a page's form sends: one per item of the page, with no value where nothing was chosen
    /// or the text was emptied (which removes a saved answer: the page's state is what the form shows).
    /// A value the form could not have sent is passed on as one <see cref="Answers.Save"/> refuses.
    /// </summary>
    public static IReadOnlyList<Answer> AnswersOf(QuestionnairePage page, Func<string, IReadOnlyList<string>> form)
    {
        var answers = new List<Answer>(page.Theme.Items.Count);
        foreach (var item in page.Theme.Items)
        {
            var values = form(Field(page.Instrument.Id, item.ItemId));
            var answer = new Answer { Instrument = page.Instrument.Name, ItemId = item.ItemId };
            if (values.Count == 1)
            {
                var value = values[0];
                switch (item.ResponseType)
                {
                    case ResponseType.FreeText:
                        answer.Text = value;
                        break;
                    case ResponseType.YesNo when value is "ja" or "nej":
                        answer.Yes = value == "ja";
                        break;
                    case ResponseType.AgreementScale or ResponseType.FrequencyScale when value is [>= '1' and <= '5']:
                        answer.Scale = value[0] - '0';
                        break;
                    default:
                        answer.Scale = 0;
                        break;
                }
            }
            else if (values.Count > 1)
            {
                answer.Scale = 0;
            }
            answers.Add(answer);
        }
        return answers;
    }

    /// <summary>The page again as it was sent, each refused answer (<c>answers[i]...</c> of
    /// <see cref="AnswersOf"/>) with its Danish error.</summary>
    public static IReadOnlyList<PageItem> ItemsWithErrors(QuestionnairePage page, Func<string, IReadOnlyList<string>> form, IReadOnlyList<FieldViolation> violations)
    {
        var refused = violations
            .Select(v => v.Field.StartsWith("answers[", StringComparison.Ordinal) && v.Field.IndexOf(']', StringComparison.Ordinal) is var end and > 8
                && int.TryParse(v.Field.AsSpan(8, end - 8), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1)
            .Where(i => i >= 0)
            .ToHashSet();
        return [.. page.Theme.Items.Select((item, i) =>
        {
            var values = form(Field(page.Instrument.Id, item.ItemId));
            var value = values.Count == 1 ? values[0] : "";
            return Item(page, item, value, refused.Contains(i) ? ErrorOf(item, value) : null);
        })];
    }

    /// <summary>The Danish error of a refused answer. Text is the only answer a browser can get wrong
    /// (too long); a choice the page did not offer can only come from a forged form.</summary>
    public static string ErrorOf(InstrumentItem item, string value)
    {
        if (item.ResponseType != ResponseType.FreeText)
        {
            return "Vælg et af svarene.";
        }
        var length = value.Trim().Length;
        return length > Answers.MaxTextLength
            ? string.Create(Danish, $"Svaret må højst være {Answers.MaxTextLength:N0} tegn. Det er {length:N0} tegn nu.")
            : "Svaret indeholder et tegn, der ikke kan gemmes. Fjern det, og prøv igen.";
    }

    /// <summary>The summary: every page with each item's answer in words, or null for none.</summary>
    public static IReadOnlyList<SummarySection> Sections(IReadOnlyList<QuestionnairePage> pages, IReadOnlyList<AnswerValue> draft)
    {
        var saved = draft.ToDictionary(a => (a.InstrumentId, a.ItemId));
        return [.. pages.Select(p => new SummarySection(p, [.. p.Theme.Items.Select(i =>
            (i.Text, saved.TryGetValue((p.Instrument.Id, i.ItemId), out var a) ? Words(i, a) : null))]))];
    }

    private static PageItem Item(QuestionnairePage page, InstrumentItem item, string value, string? error) =>
        new(item, Field(page.Instrument.Id, item.ItemId), ChoicesOf(item.ResponseType), value, error);

    private static IReadOnlyList<(string Value, string Label)> ChoicesOf(ResponseType type) => type switch
    {
        ResponseType.AgreementScale => Agreement,
        ResponseType.FrequencyScale => Frequency,
        ResponseType.YesNo => YesNo,
        _ => [],
    };

    /// <summary>A saved answer as its form value.</summary>
    private static string ValueOf(InstrumentItem item, AnswerValue a) => item.ResponseType switch
    {
        ResponseType.FreeText => a.Text ?? "",
        ResponseType.YesNo => a.Point == 1 ? "ja" : "nej",
        _ => a.Point?.ToString(CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A saved answer in words, as the choice was labelled.</summary>
    private static string Words(InstrumentItem item, AnswerValue a)
    {
        if (item.ResponseType == ResponseType.FreeText)
        {
            return a.Text ?? "";
        }
        var value = ValueOf(item, a);
        return ChoicesOf(item.ResponseType).FirstOrDefault(c => c.Value == value).Label ?? value;
    }
}
