using System.Text.Json;
using Governance.Meetings.V1;

namespace Governance.Cli.Tests;

/// <summary><c>gov minutes</c>: the rendered document alone on stdout in each format, the public
/// audience by default (a closed item only "Lukket"), the members' with --audience, the structured
/// minutes with --output json, and a format it does not know is bad input (exit 2).</summary>
public sealed class MinutesCommandTests(CliHost host) : IClassFixture<CliHost>
{
    private const string Closed = "Fortrolig personalesag Pq3Zx";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> PublishedMeetingAsync()
    {
        var client = new MeetingsService.MeetingsServiceClient(host.Server.Channel);
        var meeting = await client.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = "bodies/direktionen", Start = new Google.Type.DateTime { Year = 2017, Month = 4, Day = 6, Hours = 8, Minutes = 30 } },
            RequestId = Guid.NewGuid().ToString(),
        }, cancellationToken: Ct);
        await client.AddAgendaItemAsync(new AddAgendaItemRequest
        {
            Parent = meeting.Name,
            Item = new AgendaItem { Title = "Regnskab 2016", Kind = ItemKind.Ordinary, JournalNumber = "16/25345" },
        }, cancellationToken: Ct);
        await client.AddAgendaItemAsync(new AddAgendaItemRequest
        {
            Parent = meeting.Name,
            Item = new AgendaItem { Title = Closed, Kind = ItemKind.Closed, JournalNumber = "16/25345" },
        }, cancellationToken: Ct);
        await client.PublishAgendaAsync(new PublishAgendaRequest { Name = meeting.Name }, cancellationToken: Ct);
        return meeting.Name;
    }

    [Fact]
    public async Task Minutes_print_the_document_alone_in_each_format()
    {
        var meeting = await PublishedMeetingAsync();
        var minutes = await new MeetingsService.MeetingsServiceClient(host.Server.Channel)
            .GetMinutesAsync(new GetMinutesRequest { Meeting = meeting, Audience = Audience.Public }, cancellationToken: Ct);

        var text = await host.RunAsync("minutes", meeting["meetings/".Length..]);
        Assert.True(text.ExitCode == 0 && text.Stderr == "", text.ToString());
        Assert.Equal(minutes.Text, text.Stdout);
        Assert.Contains("Punkt 2: Lukket", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Closed, text.Stdout, StringComparison.Ordinal);

        var markdown = await host.RunAsync("minutes", meeting, "--format", "markdown");
        Assert.True(markdown.ExitCode == 0, markdown.ToString());
        Assert.Contains("\n# UDKAST – REFERAT Direktionen d. 06-04-2017\n", markdown.Stdout, StringComparison.Ordinal);

        var html = await host.RunAsync("minutes", meeting, "--format", "html", "--audience", "internal");
        Assert.True(html.ExitCode == 0, html.ToString());
        Assert.StartsWith("<!DOCTYPE html>", html.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", html.Stdout, StringComparison.Ordinal);
        Assert.Contains(Closed, html.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Minutes_as_json_are_the_structured_minutes_and_an_unknown_format_is_bad_input()
    {
        var meeting = await PublishedMeetingAsync();

        var json = await host.RunAsync("minutes", meeting, "--output", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var root = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("AUDIENCE_PUBLIC", root.GetProperty("audience").GetString());
        Assert.Equal("MINUTES_STATUS_DRAFT", root.GetProperty("status").GetString());

        // A Word document goes to the file given; without one it is refused, not printed as bytes.
        var file = Path.Combine(Path.GetTempPath(), $"referat-{Guid.NewGuid():N}.docx");
        try
        {
            var docx = await host.RunAsync("minutes", meeting, "--format", "docx", "--audience", "members", "--out", file);
            Assert.True(docx.ExitCode == 0 && docx.Stdout == "", docx.ToString());
            using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(file, false))
            {
                Assert.Contains(Closed, word.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
            }
            var refused = await host.RunAsync("minutes", meeting, "--format", "docx");
            Assert.Equal(2, refused.ExitCode);
            Assert.Equal("", refused.Stdout);
            Assert.Contains("--out", refused.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        var bad = await host.RunAsync("minutes", meeting, "--format", "pdf");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("", bad.Stdout);
        Assert.Contains("pdf", bad.Stderr, StringComparison.Ordinal);
    }
}
