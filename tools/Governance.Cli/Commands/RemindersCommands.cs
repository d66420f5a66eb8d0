using System.CommandLine;
using Governance.Meetings.V1;
using Governance.Reminders.V1;

namespace Governance.Cli.Commands;

/// <summary><c>gov reminders list</c>.</summary>
internal static class RemindersCommands
{
    public static Command Create(GlobalOptions options)
    {
        var list = new Command("list", "Huskelisten: ét organs punkter, eller alle organers.");
        var body = new Option<string?>("--body") { Description = "Kun dette organs huskeliste (bodies/ID eller ID); ellers alle organers." };
        list.Options.Add(body);
        list.Runs(options, async (parsed, session, ct) =>
        {
            var reminders = new RemindersService.RemindersServiceClient(session.Channel);
            IReadOnlyList<string> bodies;
            if (parsed.GetValue(body) is { } one)
            {
                bodies = [CommandSupport.Name("bodies", one)];
            }
            else
            {
                // Reminders are listed per body: every body Meetings knows.
                var meetings = new MeetingsService.MeetingsServiceClient(session.Channel);
                var listBodies = new ListBodiesRequest { PageSize = session.PageSize };
                bodies = [.. (await CommandSupport.AllPagesAsync<Body>(async token =>
                {
                    listBodies.PageToken = token;
                    var page = await meetings.ListBodiesAsync(listBodies, cancellationToken: ct);
                    return (page.Bodies, page.NextPageToken);
                })).Select(b => b.Name)];
            }
            var all = new List<Reminder>();
            foreach (var parent in bodies)
            {
                var request = new ListRemindersRequest { Parent = parent, PageSize = session.PageSize };
                all.AddRange(await CommandSupport.AllPagesAsync<Reminder>(async token =>
                {
                    request.PageToken = token;
                    var page = await reminders.ListRemindersAsync(request, cancellationToken: ct);
                    return (page.Reminders, page.NextPageToken);
                }));
            }
            if (session.Print.Json)
            {
                session.Print.Message(new ListRemindersResponse { Reminders = { all } });
                return;
            }
            session.Print.Table("Ingen punkter på huskelisten.", ["Punkt", "Emne", "Tidspunkt", "Ansvarlig", "Status"],
                all.Select(r => (IReadOnlyList<string>)[r.Name, r.Subject, r.ExpectedTime?.Text ?? "", r.ResponsibleText, Printer.Enum(r.State)]));
        });

        var command = new Command("reminders", "Huskelisten.");
        command.Subcommands.Add(list);
        return command;
    }
}
