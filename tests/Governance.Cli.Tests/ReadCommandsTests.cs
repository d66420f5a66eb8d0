using System.Text.Json;

namespace Governance.Cli.Tests;

/// <summary>The read commands against the host's data: text for people, one JSON document with the proto JSON names for scripts.</summary>
public sealed class ReadCommandsTests(CliHost host) : IClassFixture<CliHost>
{
    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        // One document: parsing the whole of stdout fails on anything after it.
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    [Fact]
    public async Task Meetings_list_prints_a_line_per_meeting()
    {
        var run = await host.RunAsync("meetings", "list", "--body", "direktionen");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Møde", lines[0]);
        Assert.Equal(2, lines.Length);
        var line = Assert.Single(lines, l => l.StartsWith(host.MeetingName, StringComparison.Ordinal));
        Assert.Contains("Direktionen", line);
        Assert.Contains("2017-03-09 08:30", line);
        Assert.Contains("Mødelokale B105", line);
    }

    [Fact]
    public async Task Meetings_list_as_json_has_the_proto_json_names()
    {
        var json = Json(await host.RunAsync("meetings", "list", "--output", "json", "--page-size", "1"));
        // Both meetings, though each page holds one: gov follows next_page_token to the end.
        var all = json.GetProperty("meetings").EnumerateArray().ToList();
        Assert.Equal(2, all.Count);
        Assert.Equal("Økonomiudvalget", all[1].GetProperty("bodyDisplayName").GetString());
        var meeting = all[0];
        Assert.Equal(host.MeetingName, meeting.GetProperty("name").GetString());
        Assert.Equal("Direktionen", meeting.GetProperty("bodyDisplayName").GetString());
        Assert.Equal("MEETING_STATE_PLANNED", meeting.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Meetings_show_by_id_or_name()
    {
        var id = host.MeetingName["meetings/".Length..];
        var text = await host.RunAsync("meetings", "show", id);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"Møde:", text.Stdout);
        Assert.Contains("Direktionen (bodies/direktionen)", text.Stdout);
        Assert.Contains("2017-03-09 08:30", text.Stdout);
        var json = Json(await host.RunAsync("meetings", "show", host.MeetingName, "-o", "json"));
        Assert.Equal(2017, json.GetProperty("start").GetProperty("year").GetInt32());
        Assert.Equal("bodies/direktionen", json.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Cases_show_by_journal_number()
    {
        var text = await host.RunAsync("cases", "show", "16/25345");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Regnskab 2016", text.Stdout);
        Assert.Contains("ØDC", text.Stdout);
        var json = Json(await host.RunAsync("cases", "show", "16/25345", "--output", "json"));
        Assert.Equal("Regnskab 2016", json.GetProperty("title").GetString());
        Assert.StartsWith("cases/", json.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Contains("25345", json.GetProperty("journalNumber").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cases_search_finds_the_case_by_a_word_of_its_title()
    {
        var text = await host.RunAsync("cases", "search", "Regnskab");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Regnskab 2016", text.Stdout);
        var json = Json(await host.RunAsync("cases", "search", "Regnskab", "-o", "json"));
        Assert.Contains(json.GetProperty("hits").EnumerateArray(), h => h.GetProperty("title").GetString() == "Regnskab 2016");
        var none = await host.RunAsync("cases", "search", "Vejvedligehold");
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Equal("Ingen sager fundet.\n", none.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Cases_timeline_by_journal_number_and_by_name()
    {
        var byNumber = Json(await host.RunAsync("cases", "timeline", "16/25345", "-o", "json"));
        var entries = byNumber.GetProperty("entries").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        var name = Json(await host.RunAsync("cases", "show", "16/25345", "-o", "json")).GetProperty("name").GetString()!;
        var byName = await host.RunAsync("cases", "timeline", name);
        Assert.True(byName.ExitCode == 0, byName.ToString());
        Assert.StartsWith("Tidspunkt", byName.Stdout);
        Assert.Equal(entries.Count + 1, byName.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Reminders_list_of_one_body_and_of_all()
    {
        var text = await host.RunAsync("reminders", "list", "--body", "bodies/direktionen");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Budgetopfølgning", text.Stdout);
        Assert.Contains("Efter budgetforliget", text.Stdout);
        var json = Json(await host.RunAsync("reminders", "list", "-o", "json"));
        var reminder = Assert.Single(json.GetProperty("reminders").EnumerateArray());
        Assert.Equal("Budgetopfølgning", reminder.GetProperty("subject").GetString());
        Assert.Equal("Efter budgetforliget", reminder.GetProperty("expectedTime").GetProperty("freeText").GetString());
    }

    [Fact]
    public async Task Surveys_rounds_says_when_there_are_none()
    {
        var text = await host.RunAsync("surveys", "rounds");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Equal("Ingen målingsrunder.\n", text.Stdout.ReplaceLineEndings("\n"));
        var json = Json(await host.RunAsync("surveys", "rounds", "-o", "json"));
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
    }

    [Fact]
    public async Task Address_and_token_come_from_the_environment()
    {
        var run = await CliRun.RunAsync(["meetings", "list", "-o", "json"], new Dictionary<string, string>
        {
            ["GOVERNANCE_ADDRESS"] = host.Server.GrpcAddress.ToString(),
            ["GOVERNANCE_TOKEN"] = host.Token,
        });
        Assert.Contains(Json(run).GetProperty("meetings").EnumerateArray(), m => m.GetProperty("name").GetString() == host.MeetingName);
    }
}
