using System.CommandLine;
using System.Text.Json;
using Governance.Cli.Import;
using Governance.Meetings.V1;
using Governance.Referat;
using Spectre.Console;

namespace Governance.Cli.Commands;

/// <summary>
/// <c>gov import referat FILE... [--case-unit UNIT]</c>: imports old minutes (.txt in UTF-8, or .docx)
/// through the public APIs. Per file: parse; the body (created with the participants as members when
/// missing); each item's case (registered with its historical journal number when missing); the
/// meeting (ImportMeeting); then the Huskeliste rows as reminders and its calendar sections, each
/// skipped when the body already has it, so a second import creates nothing. The work is in
/// <see cref="ReferatImporter"/>; this prints.
/// </summary>
internal static class ImportCommands
{
    public static Command Create(GlobalOptions options)
    {
        var files = new Argument<string[]>("FILE") { Description = "Referater: .txt (UTF-8) eller .docx.", Arity = ArgumentArity.OneOrMore };
        var caseUnit = new Option<string>("--case-unit")
        {
            Description = $"Enhed for sager der oprettes, når indstillingen ikke nævner en gyldig enhed (standard {ReferatImporter.DefaultCaseUnit}).",
            DefaultValueFactory = _ => ReferatImporter.DefaultCaseUnit,
        };
        var referat = new Command("referat", "Importér gamle referater (tekst eller Word) som afholdte møder.");
        referat.Arguments.Add(files);
        referat.Options.Add(caseUnit);
        referat.Runs(options, async (parsed, session, ct) =>
        {
            var referats = OldestFirst(parsed.GetValue(files)!);
            var unit = parsed.GetValue(caseUnit)!;
            if (!ReferatImport.ValidUnit().IsMatch(unit))
            {
                throw new UsageException($"--case-unit '{unit}' er ikke en gyldig enhed (1-50 bogstaver, cifre, '-', '_' og '.').");
            }
            var importer = new ReferatImporter(session.Channel, unit);
            var results = new List<ImportResult>();
            try
            {
                if (session.Print.Terminal && referats.Count > 1 && !session.Print.Json)
                {
                    await AnsiConsole.Progress().StartAsync(async progress =>
                    {
                        var task = progress.AddTask("Importerer referater", maxValue: referats.Count);
                        foreach (var (path, document) in referats)
                        {
                            task.Description = Markup.Escape(Path.GetFileName(path));
                            results.Add(await importer.ImportAsync(path, document, ct));
                            task.Increment(1);
                        }
                    });
                }
                else
                {
                    foreach (var (path, document) in referats)
                    {
                        var result = await importer.ImportAsync(path, document, ct);
                        if (session.Print.Json)
                        {
                            // One object a line, as each file is done: a script can follow a long import.
                            session.Print.Line(Json(result));
                        }
                        else
                        {
                            results.Add(result);
                        }
                    }
                }
            }
            finally
            {
                // A failed file stops the import; the files before it are imported and reported.
                foreach (var result in results)
                {
                    Print(session.Print, result);
                }
            }
        });
        var command = new Command("import", "Import af gamle dokumenter.");
        command.Subcommands.Add(referat);
        return command;
    }

    /// <summary>The files read and parsed, in the order of their meetings, oldest first (a file without a
    /// readable date last, in the order given); every file is checked first: a typo in the last name stops
    /// nothing halfway. Oldest first because a decision of an earlier meeting links to that meeting when it
    /// is already imported (a later import's historical meeting would otherwise be adopted).</summary>
    private static List<(string Path, Referat.Referat Referat)> OldestFirst(string[] paths)
    {
        foreach (var path in paths)
        {
            ReferatImporter.CheckFile(path);
        }
        return [.. paths.Select((path, index) => (path, index, referat: ReferatImporter.Read(path)))
            .OrderBy(f => f.referat.Header.Date ?? DateOnly.MaxValue).ThenBy(f => f.index).Select(f => (f.path, f.referat))];
    }

    private static string Outcome(ImportOutcome outcome) => outcome switch
    {
        ImportOutcome.Created => "oprettet",
        ImportOutcome.Unchanged => "uændret",
        ImportOutcome.Replaced => "erstattet",
        ImportOutcome.Adopted => "overtaget",
        _ => outcome.ToString(),
    };

    private static void Print(Printer print, ImportResult result)
    {
        var r = result.Response;
        print.Line($"{result.File}: {r.Meeting.Name} {Outcome(r.Outcome)}");
        print.Table("", ["Optælling", "Antal"],
        [
            ["Punkter", $"{r.ItemCount}"],
            ["Beslutninger", $"{r.DecisionCount}"],
            ["Afsnit", $"{r.SectionCount}"],
            ["Forståede linjer", $"{result.Report.ClassifiedLineCount}"],
            ["Linjer bevaret som skrevet", $"{result.Report.UnclassifiedLineCount}"],
            ["Sager oprettet", $"{result.CasesCreated}"],
            ["Huskelistepunkter oprettet", $"{result.RemindersCreated}"],
            ["Kalenderafsnit oprettet", $"{result.CalendarSectionsCreated}"],
            ["Historiske møder", $"{r.HistoricalMeetings.Count}"],
        ]);
        if (result.Report.UnclassifiedLineCount > 0)
        {
            print.Line("Linjer bevaret som skrevet (ikke genkendt):");
            foreach (var line in result.Report.Describe())
            {
                print.Line("  " + line);
            }
        }
        print.Line("");
    }

    /// <summary>The contract for scripts (README): one object per file, on one line.</summary>
    internal static string Json(ImportResult result)
    {
        var r = result.Response;
        return JsonSerializer.Serialize(new
        {
            file = result.File,
            meeting = r.Meeting.Name,
            outcome = Printer.Enum(r.Outcome),
            items = r.ItemCount,
            decisions = r.DecisionCount,
            sections = r.SectionCount,
            classifiedLines = result.Report.ClassifiedLineCount,
            unclassifiedLines = result.Report.UnclassifiedLineCount,
            casesCreated = result.CasesCreated,
            remindersCreated = result.RemindersCreated,
            calendarSectionsCreated = result.CalendarSectionsCreated,
            historicalMeetings = r.HistoricalMeetings.Count,
            historicalMeetingNames = r.HistoricalMeetings.ToArray(),
            unclassified = result.Report.Unclassified.Select(u => new { line = u.Line.Number, item = u.ItemNumber, text = u.Line.Text }).ToArray(),
        });
    }
}

/// <summary>What one file's import did.</summary>
internal sealed record ImportResult(string File, ParseReport Report, ImportMeetingResponse Response, int CasesCreated, int RemindersCreated, int CalendarSectionsCreated);
