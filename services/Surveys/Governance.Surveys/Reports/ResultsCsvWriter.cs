using Governance.Surveys.V1;

namespace Governance.Surveys.Reports;

/// <summary>
/// The results of one instrument as CSV for spreadsheets (<see cref="CsvDocument"/>): a header, then one row
/// per group and theme with the score, the previous round's, the respondents it rests on, and the group's
/// invitations and respondents. A suppressed group is one row with its reason and no number; a theme hidden
/// for its sensitive items, or without answers, has no score and says why. The groups are the contract's
/// <see cref="GroupResults"/> as the caller may read them: nothing here can add a number they lack.
/// </summary>
internal static class ResultsCsvWriter
{
    public static readonly string[] Header =
        ["Gruppe-id", "Gruppe", "Tema-id", "Tema", "Score", "Forrige runde", "Respondenter (tema)", "Inviterede", "Besvarelser", "Bemærkning"];

    public static CsvDocument Write(IEnumerable<GroupResults> groups, IReadOnlyList<InstrumentTheme> themes, bool byManager)
    {
        var csv = new CsvDocument();
        foreach (var title in Header)
        {
            csv.Text(title);
        }
        csv.EndRow();
        foreach (var g in groups)
        {
            var id = g.Group[(g.Group.LastIndexOf('/') + 1)..];
            if (g.Suppressed)
            {
                csv.Text(id).Text(g.GroupDisplayName).Empty().Empty().Empty().Empty().Empty().Empty().Empty().Text(Reason(g.SuppressionReason)).EndRow();
                continue;
            }
            var shown = g.Themes.ToDictionary(t => t.ThemeId, StringComparer.Ordinal);
            foreach (var theme in themes)
            {
                csv.Text(id).Text(g.GroupDisplayName).Text(theme.ThemeId).Text(theme.Title);
                var score = shown.GetValueOrDefault(theme.ThemeId)?.Score;
                if (score is { HasValue: true })
                {
                    csv.Number(score.Value).Number(score.HasPreviousValue ? score.PreviousValue : null).Count(score.RespondentCount);
                }
                else
                {
                    csv.Empty().Empty().Empty();
                }
                // A leadership group's invitations are not counted by manager.
                csv.Count(byManager ? null : g.InvitedCount).Count(g.ResponseCount);
                var hidden = shown.GetValueOrDefault(theme.ThemeId)?.Items.Any(i => i.Suppressed) == true;
                csv.Text(score is { HasValue: true } ? "" : hidden ? ResultsReportDocument.TooFew + " (følsomme spørgsmål)" : "Ingen svar").EndRow();
            }
        }
        return csv;
    }

    private static string Reason(SuppressionReason reason) => reason switch
    {
        SuppressionReason.ProtectsAnotherGroup => ResultsReportDocument.TooFew + " (skjult, så en anden gruppes tal ikke kan regnes ud)",
        _ => ResultsReportDocument.TooFew,
    };
}
