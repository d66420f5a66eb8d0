using System.CommandLine;
using Governance.Meetings.V1;

namespace Governance.Cli.Commands;

/// <summary><c>gov minutes MEETING [--format text|markdown|html|docx] [--audience public|members] [--out FILE]</c>:
/// the rendered minutes (RenderMinutes), the document alone on stdout (a .docx only when stdout is
/// redirected) or in the file given. With <c>--output json</c> the structured minutes (GetMinutes)
/// instead, for scripts.</summary>
internal static class MinutesCommand
{
    /// <summary>The formats by the words typed; the contract's enum is the source of the choices.</summary>
    private static readonly Dictionary<string, MinutesFormat> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = MinutesFormat.Text,
        ["markdown"] = MinutesFormat.Markdown,
        ["html"] = MinutesFormat.Html,
        ["docx"] = MinutesFormat.Docx,
    };

    /// <summary>"internal" is the members' minutes as the secretariats call them.</summary>
    private static readonly Dictionary<string, Audience> Audiences = new(StringComparer.OrdinalIgnoreCase)
    {
        ["public"] = Audience.Public,
        ["members"] = Audience.Members,
        ["internal"] = Audience.Members,
    };

    public static Command Create(GlobalOptions options)
    {
        var meeting = new Argument<string>("MEETING") { Description = "Mødet, meetings/ID eller ID." };
        var format = new Option<string>("--format", "-f")
        {
            Description = "text (som det udsendte referat), markdown, html (én fil, klar til udskrift) eller docx (Word).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong([.. Formats.Keys]);
        var audience = new Option<string>("--audience")
        {
            Description = "public (lukkede punkter som \"Lukket\") eller members/internal (organets medlemmer og sekretariat).",
            DefaultValueFactory = _ => "public",
        };
        audience.AcceptOnlyFromAmong([.. Audiences.Keys]);
        var file = new Option<FileInfo>("--out") { Description = "Skriv dokumentet i denne fil i stedet for på stdout." };

        var command = new Command("minutes", "Et mødes referat som dokument på stdout.");
        command.Arguments.Add(meeting);
        command.Options.Add(format);
        command.Options.Add(audience);
        command.Options.Add(file);
        command.Runs(options, async (parsed, session, ct) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(session.Channel);
            var name = CommandSupport.Name("meetings", parsed.GetValue(meeting)!);
            var chosen = Audiences[parsed.GetValue(audience)!];
            if (session.Print.Json)
            {
                session.Print.Message(await client.GetMinutesAsync(new GetMinutesRequest { Meeting = name, Audience = chosen }, cancellationToken: ct));
                return;
            }
            var rendered = await client.RenderMinutesAsync(new RenderMinutesRequest { Meeting = name, Audience = chosen, Format = Formats[parsed.GetValue(format)!] },
                cancellationToken: ct);
            if (parsed.GetValue(file) is { } target)
            {
                await File.WriteAllBytesAsync(target.FullName, rendered.Data.ToByteArray(), ct);
            }
            else if (rendered.ContentType.StartsWith("text/", StringComparison.Ordinal))
            {
                session.Print.Document(rendered.Data.ToStringUtf8());
            }
            else
            {
                session.Print.Binary(rendered.Data.ToByteArray());
            }
        });
        return command;
    }
}
