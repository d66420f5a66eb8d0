using System.CommandLine;
using System.Globalization;
using Governance.Surveys.V1;

namespace Governance.Cli.Commands;

/// <summary><c>gov surveys rounds|results</c>.</summary>
internal static class SurveysCommands
{
    public static Command Create(GlobalOptions options)
    {
        var rounds = new Command("rounds", "Målingsrunderne.");
        rounds.Runs(options, async (parsed, session, ct) =>
        {
            var client = new SurveysService.SurveysServiceClient(session.Channel);
            var request = new ListRoundsRequest { PageSize = session.PageSize };
            var all = await CommandSupport.AllPagesAsync<Round>(async token =>
            {
                request.PageToken = token;
                var page = await client.ListRoundsAsync(request, cancellationToken: ct);
                return (page.Rounds, page.NextPageToken);
            });
            if (session.Print.Json)
            {
                session.Print.Message(new ListRoundsResponse { Rounds = { all } });
                return;
            }
            session.Print.Table("Ingen målingsrunder.", ["Runde", "Navn", "Status", "Inviterede", "Besvarelser", "Frigivet"],
                all.Select(r => (IReadOnlyList<string>)[r.Name, r.DisplayName, Printer.Enum(r.State), Count(r.InvitedCount), Count(r.ResponseCount), Printer.Time(r.ReleasedTime)]));
        });

        var results = new Command("results", "Resultaterne af en frigivet runde for hver gruppe, du må se: temaernes score.");
        var round = new Argument<string>("ROUND") { Description = "Runden, rounds/ID eller ID." };
        var instrument = new Option<string?>("--instrument") { Description = "Kun dette instrument (instruments/ID eller ID); ellers rundens alle." };
        results.Arguments.Add(round);
        results.Options.Add(instrument);
        results.Runs(options, async (parsed, session, ct) =>
        {
            var client = new SurveysService.SurveysServiceClient(session.Channel);
            var roundName = CommandSupport.Name("rounds", parsed.GetValue(round)!);
            IReadOnlyList<string> instruments = parsed.GetValue(instrument) is { } one
                ? [CommandSupport.Name("instruments", one)]
                : [.. (await client.GetRoundAsync(new GetRoundRequest { Name = roundName }, cancellationToken: ct)).Instruments];
            var groups = new List<GroupResults>();
            foreach (var name in instruments)
            {
                var request = new ListGroupResultsRequest { Round = roundName, Instrument = name, PageSize = session.PageSize };
                groups.AddRange(await CommandSupport.AllPagesAsync<GroupResults>(async token =>
                {
                    request.PageToken = token;
                    var page = await client.ListGroupResultsAsync(request, cancellationToken: ct);
                    return (page.GroupResults, page.NextPageToken);
                }));
            }
            if (session.Print.Json)
            {
                session.Print.Message(new ListGroupResultsResponse { GroupResults = { groups } });
                return;
            }
            // One row per group and theme; a suppressed group says why, never a number.
            session.Print.Table("Ingen resultater.", ["Instrument", "Gruppe", "Besvarelser", "Tema", "Score", "Forrige"],
                groups.SelectMany(g => g.Suppressed
                    ? [(IReadOnlyList<string>)[g.Instrument, g.GroupDisplayName, $"{g.ResponseCount}/{g.InvitedCount}", $"For få besvarelser ({Printer.Enum(g.SuppressionReason)})", "", ""]]
                    : g.Themes.Select(t => (IReadOnlyList<string>)[g.Instrument, g.GroupDisplayName, $"{g.ResponseCount}/{g.InvitedCount}", t.Title,
                        Score(t.Score?.HasValue == true ? t.Score.Value : null), Score(t.Score?.HasPreviousValue == true ? t.Score.PreviousValue : null)])));
        });

        var command = new Command("surveys", "Trivselsmålinger og APV.");
        command.Subcommands.Add(rounds);
        command.Subcommands.Add(results);
        return command;
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Score(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.GetCultureInfo("da-DK")) : "";
}
