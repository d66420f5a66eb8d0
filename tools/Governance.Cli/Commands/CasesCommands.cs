using System.CommandLine;
using System.Text.RegularExpressions;
using Governance.Cases.V1;

namespace Governance.Cli.Commands;

/// <summary><c>gov cases search|show|timeline</c>.</summary>
internal static partial class CasesCommands
{
    public static Command Create(GlobalOptions options)
    {
        var search = new Command("search", "Søg i sagernes titler, dokumenter og beslutninger; bedste hit først.");
        var query = new Argument<string>("QUERY") { Description = "Ord, \"citerede fraser\" og -udelukkede ord." };
        var unit = new Option<string?>("--unit") { Description = "Kun denne enheds sager." };
        search.Arguments.Add(query);
        search.Options.Add(unit);
        search.Runs(options, async (parsed, session, ct) =>
        {
            var client = new CasesService.CasesServiceClient(session.Channel);
            var request = new SearchCasesRequest { Query = parsed.GetValue(query)!, Unit = parsed.GetValue(unit) ?? "", PageSize = session.PageSize };
            var hits = await CommandSupport.AllPagesAsync<SearchHit>(async token =>
            {
                request.PageToken = token;
                var page = await client.SearchCasesAsync(request, cancellationToken: ct);
                return (page.Hits, page.NextPageToken);
            });
            if (session.Print.Json)
            {
                session.Print.Message(new SearchCasesResponse { Hits = { hits } });
                return;
            }
            session.Print.Table("Ingen sager fundet.", ["Journalnr.", "Sag", "Titel", "Fundet i", "Uddrag"],
                hits.Select(h => (IReadOnlyList<string>)[h.JournalNumber, h.CaseName, h.Title, Printer.Enum(h.Field), h.Snippet]));
        });

        var caseArgument = new Argument<string>("CASE") { Description = "Sagen: cases/ID, ID eller journalnummeret (fx 16/25345)." };

        var show = new Command("show", "Én sag, ved navn eller journalnummer.");
        show.Arguments.Add(caseArgument);
        show.Runs(options, async (parsed, session, ct) =>
        {
            var found = await GetAsync(new CasesService.CasesServiceClient(session.Channel), parsed.GetValue(caseArgument)!, ct);
            if (session.Print.Json)
            {
                session.Print.Message(found);
                return;
            }
            session.Print.Fields([
                ("Sag", found.Name),
                ("Journalnr.", found.JournalNumber),
                ("Titel", found.Title),
                ("Enhed", found.Unit),
                ("Sagsbehandler", found.CaseHandler),
                ("Status", Printer.Enum(found.Status)),
                ("Begrundelse", found.StatusReason),
                ("Fortrolighed", found.Confidentiality == Confidentiality.Unspecified ? "" : Printer.Enum(found.Confidentiality)),
                ("KLE-nr.", found.KleNumber),
                ("Hjemmel", found.LegalBasis),
                ("Oprettet", Printer.Time(found.CreateTime)),
                ("Ændret", Printer.Time(found.UpdateTime)),
            ]);
        });

        var timeline = new Command("timeline", "Sagens forløb: oprettelse, dokumenter, noter, dagsordenspunkter og beslutninger.");
        timeline.Arguments.Add(caseArgument);
        timeline.Runs(options, async (parsed, session, ct) =>
        {
            var client = new CasesService.CasesServiceClient(session.Channel);
            var typed = parsed.GetValue(caseArgument)!;
            // A journal number names the case only through GetCase; a name is used as it is.
            var name = JournalNumber().IsMatch(typed) ? (await GetAsync(client, typed, ct)).Name : CommandSupport.Name("cases", typed);
            var request = new ListCaseTimelineRequest { Parent = name, PageSize = session.PageSize };
            var entries = await CommandSupport.AllPagesAsync<TimelineEntry>(async token =>
            {
                request.PageToken = token;
                var page = await client.ListCaseTimelineAsync(request, cancellationToken: ct);
                return (page.Entries, page.NextPageToken);
            });
            if (session.Print.Json)
            {
                session.Print.Message(new ListCaseTimelineResponse { Entries = { entries } });
                return;
            }
            session.Print.Table("Intet i sagens forløb.", ["Tidspunkt", "Hændelse", "Tekst", "Af"],
                entries.Select(e => (IReadOnlyList<string>)[Printer.Time(e.Time), Printer.Enum(e.Kind), e.Text, e.Actor]));
        });

        var command = new Command("cases", "Sager.");
        command.Subcommands.Add(search);
        command.Subcommands.Add(show);
        command.Subcommands.Add(timeline);
        return command;
    }

    private static async Task<Case> GetAsync(CasesService.CasesServiceClient client, string typed, CancellationToken ct)
    {
        var value = typed.Trim();
        var request = JournalNumber().IsMatch(value)
            ? new GetCaseRequest { JournalNumber = value }
            : new GetCaseRequest { Name = CommandSupport.Name("cases", value) };
        return await client.GetCaseAsync(request, cancellationToken: ct);
    }

    /// <summary>A journal number as people write it, `YY/N`: the slash tells it from a name's id.</summary>
    [GeneratedRegex(@"^\d{2}/\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex JournalNumber();

}
