using System.CommandLine;
using Governance.Meetings.V1;

namespace Governance.Cli.Commands;

/// <summary><c>gov meetings list|show</c>.</summary>
internal static class MeetingsCommands
{
    public static Command Create(GlobalOptions options)
    {
        var list = new Command("list", "Møderne, alle eller ét organs, i tidsorden.");
        var body = new Option<string?>("--body") { Description = "Kun dette organs møder (bodies/ID eller ID)." };
        var cancelled = new Option<bool>("--show-cancelled") { Description = "Også aflyste møder." };
        list.Options.Add(body);
        list.Options.Add(cancelled);
        list.Runs(options, async (parsed, session, ct) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(session.Channel);
            var request = new ListMeetingsRequest
            {
                Body = parsed.GetValue(body) is { } b ? CommandSupport.Name("bodies", b) : "",
                ShowCancelled = parsed.GetValue(cancelled),
                PageSize = session.PageSize,
            };
            var meetings = await CommandSupport.AllPagesAsync<Meeting>(async token =>
            {
                request.PageToken = token;
                var page = await client.ListMeetingsAsync(request, cancellationToken: ct);
                return (page.Meetings, page.NextPageToken);
            });
            if (session.Print.Json)
            {
                session.Print.Message(new ListMeetingsResponse { Meetings = { meetings } });
                return;
            }
            session.Print.Table("Ingen møder.", ["Møde", "Organ", "Start", "Titel", "Lokale", "Status"],
                meetings.Select(m => (IReadOnlyList<string>)[m.Name, m.BodyDisplayName, Printer.DateTime(m.Start), m.Title, m.Room, Printer.Enum(m.State)]));
        });

        var show = new Command("show", "Ét møde.");
        var meeting = new Argument<string>("MEETING") { Description = "Mødet, meetings/ID eller ID." };
        show.Arguments.Add(meeting);
        show.Runs(options, async (parsed, session, ct) =>
        {
            var client = new MeetingsService.MeetingsServiceClient(session.Channel);
            var found = await client.GetMeetingAsync(new GetMeetingRequest { Name = CommandSupport.Name("meetings", parsed.GetValue(meeting)!) }, cancellationToken: ct);
            if (session.Print.Json)
            {
                session.Print.Message(found);
                return;
            }
            session.Print.Fields([
                ("Møde", found.Name),
                ("Organ", $"{found.BodyDisplayName} ({found.Body})"),
                ("Titel", found.Title),
                ("Start", Printer.DateTime(found.Start)),
                ("Lokale", found.Room),
                ("Status", Printer.Enum(found.State)),
                ("Aflyst fordi", found.CancelReason),
                ("Punkter", found.ItemCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("Dagsorden udsendt", Printer.Time(found.AgendaPublishTime)),
                ("Afholdt", Printer.Time(found.HeldTime)),
                ("Referat godkendt", Printer.Time(found.MinutesApproveTime)),
                ("Deltagere", string.Join(", ", found.Participants.Select(p => p.Role == MemberRole.Unspecified ? p.DisplayName : $"{p.DisplayName} ({Printer.Enum(p.Role)})"))),
            ]);
        });

        var command = new Command("meetings", "Møder.");
        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        return command;
    }
}
