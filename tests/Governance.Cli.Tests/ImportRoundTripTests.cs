using System.Text.Json;
using Governance.Cases.Security;
using Governance.Host;
using Governance.Meetings.Security;

namespace Governance.Cli.Tests;

/// <summary>
/// The round trip of issue 15: each sample imported through <c>gov import referat</c> into a fresh host
/// and rendered back with <c>gov minutes --format text --audience members</c> keeps every fact of the
/// parsed referat (<see cref="MinutesFacts"/>); the test fails on the first lost fact, naming it.
/// </summary>
public sealed class ImportRoundTripTests(ImportHost host) : IClassFixture<ImportHost>
{
    [Theory]
    [InlineData("direktionen-2012-08-14.txt")]
    [InlineData("direktionen-2013-09-09.txt")]
    [InlineData("direktionen-2017-03-09.txt")]
    public async Task Every_fact_of_the_sample_survives_import_and_text_rendering(string sample)
    {
        var result = await host.ImportAsync(ImportSamples.Path(sample));
        var minutes = await host.MinutesTextAsync(result.GetProperty("meeting").GetString()!);
        var lost = MinutesFacts.Lost(ImportSamples.Parse(sample), minutes).ToList();
        Assert.True(lost.Count == 0, $"{sample}: {string.Join("\n", lost)}\n--- minutes\n{minutes}");
    }

    /// <summary>Lines the parser does not understand survive too: the meeting's after the header, an
    /// item's as its section without heading; the report lists them with their line numbers.</summary>
    [Fact]
    public async Task Unclassified_lines_are_kept_and_listed_with_their_line_numbers()
    {
        const string MeetingLine = "Referent: sekretariatet Xq17 (ukendt felt)";
        const string ItemLine = "Sagen blev genoptaget efter pausen Xq29";
        var text = ImportSamples.Text("direktionen-2013-09-09.txt")
            .Replace("Mødested Mødelokale B105\n", $"Mødested Mødelokale B105\n\n{MeetingLine}\n", StringComparison.Ordinal)
            .Replace("12/25982\n\nSagsfremstilling\n", $"12/25982\n\n{ItemLine}\n\nSagsfremstilling\n", StringComparison.Ordinal);
        Assert.Contains(MeetingLine, text, StringComparison.Ordinal);
        Assert.Contains(ItemLine, text, StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("referat-");
        try
        {
            // Another date, so the sample's own import in this host is not replaced.
            var path = Path.Combine(folder.FullName, "direktionen-2013-09-16.txt");
            File.WriteAllText(path, text.Replace("09-09-2013", "16-09-2013", StringComparison.Ordinal).Replace("09. september 2013", "16. september 2013", StringComparison.Ordinal));
            var referat = Referat.ReferatParser.Parse(File.ReadAllText(path));
            Assert.Equal(2, referat.Report.UnclassifiedLineCount);
            var result = await host.ImportAsync(path);
            Assert.Equal(2, result.GetProperty("unclassifiedLines").GetInt32());
            var listed = result.GetProperty("unclassified").EnumerateArray().Select(u => (u.GetProperty("line").GetInt32(), u.GetProperty("text").GetString())).ToList();
            Assert.Equal(referat.Report.Unclassified.Select(u => (u.Line.Number, (string?)u.Line.Text)), listed);

            var minutes = await host.MinutesTextAsync(result.GetProperty("meeting").GetString()!);
            Assert.Contains(MeetingLine, minutes, StringComparison.Ordinal);
            Assert.Contains(ItemLine, minutes, StringComparison.Ordinal);
            var lost = MinutesFacts.Lost(referat, minutes).ToList();
            Assert.True(lost.Count == 0, string.Join('\n', lost));

            var plain = await host.RunAsync("import", "referat", path);
            Assert.Contains($"linje {listed[0].Item1} (mødet): {MeetingLine}", plain.Stdout, StringComparison.Ordinal);
            Assert.Contains($"linje {listed[1].Item1} (punkt 4): {ItemLine}", plain.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(true);
        }
    }

    /// <summary>Other minutes of the board: every .txt and .docx of the folder GOVERNANCE_REFERAT_DIR
    /// names, all of them in one run; without it the samples' folder (so the test always runs).</summary>
    [Fact]
    public async Task Every_fact_of_the_minutes_in_GOVERNANCE_REFERAT_DIR_survives()
    {
        var folder = Environment.GetEnvironmentVariable("GOVERNANCE_REFERAT_DIR") is { Length: > 0 } set ? set : Path.GetDirectoryName(ImportSamples.Path(ImportSamples.All[0]))!;
        var files = Directory.GetFiles(folder).Where(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".docx", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (var file in files)
        {
            var result = await host.ImportAsync(file);
            var minutes = await host.MinutesTextAsync(result.GetProperty("meeting").GetString()!);
            if (MinutesFacts.FirstLost(Import.ReferatImporter.Read(file), minutes) is { } lost)
            {
                failures.Add($"{Path.GetFileName(file)}: {lost}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}

/// <summary>
/// The .docx round trip: each sample imported into one host, rendered as .docx (<c>gov minutes --format
/// docx</c>), that .docx imported into a fresh host, rendered there as text: the same facts.
/// </summary>
public sealed class DocxRoundTripTests(DocxImportHosts hosts) : IClassFixture<DocxImportHosts>
{
    [Theory]
    [InlineData("direktionen-2012-08-14.txt")]
    [InlineData("direktionen-2013-09-09.txt")]
    [InlineData("direktionen-2017-03-09.txt")]
    public async Task Every_fact_survives_rendering_as_docx_and_importing_that(string sample)
    {
        var first = await hosts.ImportAsync(ImportSamples.Path(sample));
        var docx = Path.Combine(Path.GetTempPath(), $"{Path.GetFileNameWithoutExtension(sample)}-{Guid.NewGuid():N}.docx");
        try
        {
            var render = await hosts.RunAsync("minutes", first.GetProperty("meeting").GetString()!, "--format", "docx", "--audience", "members", "--out", docx);
            Assert.True(render.ExitCode == 0, render.ToString());
            var second = await hosts.Target.ImportAsync(docx);
            Assert.Equal("CREATED", second.GetProperty("outcome").GetString());
            var minutes = await hosts.Target.MinutesTextAsync(second.GetProperty("meeting").GetString()!);
            var lost = MinutesFacts.FirstLost(ImportSamples.Parse(sample), minutes);
            Assert.True(lost is null, $"{sample} via .docx: {lost}\n--- text read from the .docx\n{Referat.DocxReferat.ToText(File.OpenRead(docx))}\n--- minutes\n{minutes}");
        }
        finally
        {
            File.Delete(docx);
        }
    }
}

/// <summary>Importing again: the same files change nothing, create nothing, and say so.</summary>
public sealed class ReimportTests(ImportHost host) : IClassFixture<ImportHost>
{
    [Fact]
    public async Task A_second_import_of_the_same_files_changes_nothing_and_says_so()
    {
        var paths = ImportSamples.All.Select(ImportSamples.Path).ToArray();
        var first = await host.RunAsync(["import", "referat", .. paths, "--output", "json"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var firstResults = Lines(first.Stdout);
        Assert.Equal(3, firstResults.Count);
        Assert.All(firstResults, r => Assert.Equal("CREATED", r.GetProperty("outcome").GetString()));
        Assert.True(firstResults.Sum(r => r.GetProperty("casesCreated").GetInt32()) > 0);
        Assert.True(firstResults.Sum(r => r.GetProperty("remindersCreated").GetInt32()) > 0);
        var meetings = await host.MeetingCountAsync();
        var texts = new List<string>();
        foreach (var r in firstResults)
        {
            texts.Add(await host.MinutesTextAsync(r.GetProperty("meeting").GetString()!));
        }

        var second = await host.RunAsync(["import", "referat", .. paths, "--output", "json"]);
        Assert.True(second.ExitCode == 0, second.ToString());
        var secondResults = Lines(second.Stdout);
        Assert.All(secondResults, r =>
        {
            Assert.Equal("UNCHANGED", r.GetProperty("outcome").GetString());
            Assert.Equal(0, r.GetProperty("casesCreated").GetInt32());
            Assert.Equal(0, r.GetProperty("remindersCreated").GetInt32());
            Assert.Equal(0, r.GetProperty("calendarSectionsCreated").GetInt32());
        });
        Assert.Equal(firstResults.Select(r => r.GetProperty("meeting").GetString()), secondResults.Select(r => r.GetProperty("meeting").GetString()));
        Assert.Equal(meetings, await host.MeetingCountAsync());
        for (var i = 0; i < firstResults.Count; i++)
        {
            Assert.Equal(texts[i], await host.MinutesTextAsync(firstResults[i].GetProperty("meeting").GetString()!));
        }

        // Plain text, not a terminal: the outcome in Danish and the counts as lines.
        var plain = await host.RunAsync("import", "referat", paths[0]);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("direktionen-2012-08-14.txt: meetings/", plain.Stdout, StringComparison.Ordinal);
        Assert.Contains(" uændret", plain.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Sager oprettet\s+0$", plain.Stdout);
    }

    private static List<JsonElement> Lines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}

/// <summary>A corrected file: its own host, so the other imports of that meeting do not meet it.</summary>
public sealed class CorrectedImportTests(ImportHost host) : IClassFixture<ImportHost>
{
    [Fact]
    public async Task A_corrected_file_replaces_its_meeting_and_the_change_shows()
    {
        const string Original = "Direktionen godkendte regnskabet og understregede, at den overordnede fortælling om den gode regnskabsresultat skal tydeliggøres i sagen til det politiske niveau.";
        const string Corrected = "Direktionen godkendte regnskabet med den rettede fortælling Zq81.";
        var folder = Directory.CreateTempSubdirectory("referat-");
        try
        {
            var path = Path.Combine(folder.FullName, "direktionen-2017-03-09.txt");
            var text = ImportSamples.Text("direktionen-2017-03-09.txt");
            Assert.Contains(Original, text, StringComparison.Ordinal);
            File.WriteAllText(path, text);
            var first = await host.ImportAsync(path);
            var meetings = await host.MeetingCountAsync();

            File.WriteAllText(path, text.Replace(Original, Corrected, StringComparison.Ordinal));
            var second = await host.ImportAsync(path);
            Assert.Equal("REPLACED", second.GetProperty("outcome").GetString());
            Assert.Equal(first.GetProperty("meeting").GetString(), second.GetProperty("meeting").GetString());
            Assert.Equal(0, second.GetProperty("remindersCreated").GetInt32());
            Assert.Equal(meetings, await host.MeetingCountAsync());
            var minutes = await host.MinutesTextAsync(second.GetProperty("meeting").GetString()!);
            Assert.Contains(Corrected, minutes, StringComparison.Ordinal);
            Assert.DoesNotContain(Original, minutes, StringComparison.Ordinal);
            Assert.Null(MinutesFacts.FirstLost(Referat.ReferatParser.Parse(File.ReadAllText(path)), minutes));
        }
        finally
        {
            folder.Delete(true);
        }
    }
}

/// <summary>Bad input before any call, and a failing file.</summary>
public sealed class ImportCommandTests(ImportHost host) : IClassFixture<ImportHost>
{
    [Fact]
    public async Task A_file_that_fails_stops_the_import_and_the_files_before_it_are_reported()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"referat-{Guid.NewGuid():N}.txt");
        File.WriteAllText(bad, "Noter fra et møde uden titel\n\nPunkt 1: Noget\n\n16/1\n");
        try
        {
            var run = await host.RunAsync("import", "referat", ImportSamples.Path("direktionen-2012-08-14.txt"), bad);
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains("direktionen-2012-08-14.txt: meetings/", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("referatet nævner intet organ", run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public async Task A_missing_or_unsupported_file_is_bad_input_and_nothing_is_imported()
    {
        var before = await host.MeetingCountAsync();
        var missing = await host.RunAsync("import", "referat", ImportSamples.Path("direktionen-2013-09-09.txt"), "/findes/ikke.txt");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Equal("", missing.Stdout);
        Assert.Equal("gov: filen '/findes/ikke.txt' findes ikke.\n", missing.Stderr);

        var pdf = Path.Combine(Path.GetTempPath(), $"referat-{Guid.NewGuid():N}.pdf");
        File.WriteAllText(pdf, "%PDF-1.4");
        try
        {
            var unsupported = await host.RunAsync("import", "referat", pdf);
            Assert.True(unsupported.ExitCode == 2, unsupported.ToString());
            Assert.Contains("kun referater som tekst (.txt, UTF-8) eller Word (.docx)", unsupported.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pdf);
        }
        var none = await host.RunAsync("import", "referat");
        Assert.True(none.ExitCode == 2, none.ToString());
        Assert.Equal(before, await host.MeetingCountAsync());
    }
}

/// <summary>The roles the README names are enough, and without the importer role the import is refused.</summary>
public sealed class ImportRolesTests(ImportHost host) : IClassFixture<ImportHost>
{
    [Fact]
    public async Task Importer_secretariat_and_case_handler_suffice_and_without_importer_it_is_refused()
    {
        var path = ImportSamples.Path("direktionen-2013-09-09.txt");
        var withoutImporter = host.Server.Tokens!.Issue("no-importer", [MeetingsRoles.Secretariat, CasesRoles.CaseHandler], HostClaims.Everywhere);
        var refused = await host.RunAsync("import", "referat", path, "--token", withoutImporter);
        Assert.True(refused.ExitCode == 4, refused.ToString());
        Assert.StartsWith("gov: PERMISSION_DENIED", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await host.MeetingCountAsync());

        var documented = host.Server.Tokens!.Issue("importer", [MeetingsRoles.Importer, MeetingsRoles.Secretariat, CasesRoles.CaseHandler], HostClaims.Everywhere);
        var run = await host.RunAsync("import", "referat", path, "--output", "json", "--token", documented);
        Assert.True(run.ExitCode == 0, run.ToString());
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("CREATED", result.GetProperty("outcome").GetString());
        Assert.True(result.GetProperty("remindersCreated").GetInt32() > 0);
    }
}

/// <summary>Files are imported in the order of their meetings, in a host of their own (the other
/// tests count what a first import creates).</summary>
public sealed class ImportOrderTests(ImportHost host) : IClassFixture<ImportHost>
{
    [Fact]
    public async Task Files_are_imported_oldest_meeting_first_whatever_order_they_are_named_in()
    {
        var newestFirst = ImportSamples.All.Reverse().Select(ImportSamples.Path).ToArray();

        var run = await host.RunAsync(["import", "referat", .. newestFirst, "--output", "json"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(ImportSamples.All, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("file").GetString()));
    }
}

/// <summary>The JSON contract for scripts, in a host of its own: the counts are those of a first import
/// (calendar sections are matched by title across the body's imports).</summary>
public sealed class ImportJsonTests(ImportHost host) : IClassFixture<ImportHost>
{
    [Fact]
    public async Task Json_is_one_object_per_file_with_the_meeting_the_outcome_and_the_counts()
    {
        var run = await host.RunAsync("import", "referat", ImportSamples.Path("direktionen-2013-09-09.txt"), "--output", "json");
        Assert.True(run.ExitCode == 0 && run.Stderr == "", run.ToString());
        var line = Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var o = JsonDocument.Parse(line).RootElement;
        var referat = ImportSamples.Parse("direktionen-2013-09-09.txt");
        Assert.Equal("direktionen-2013-09-09.txt", o.GetProperty("file").GetString());
        Assert.Matches("^meetings/[^/]+$", o.GetProperty("meeting").GetString());
        Assert.Equal("CREATED", o.GetProperty("outcome").GetString());
        Assert.Equal(referat.Items.Count, o.GetProperty("items").GetInt32());
        Assert.Equal(referat.Items.Sum(i => i.Decisions.Count()), o.GetProperty("decisions").GetInt32());
        Assert.True(o.GetProperty("sections").GetInt32() > 0);
        Assert.Equal(referat.Report.ClassifiedLineCount, o.GetProperty("classifiedLines").GetInt32());
        Assert.Equal(referat.Report.UnclassifiedLineCount, o.GetProperty("unclassifiedLines").GetInt32());
        Assert.Equal(referat.Report.UnclassifiedLineCount, o.GetProperty("unclassified").GetArrayLength());
        Assert.Equal(referat.ReminderList!.Reminders.Count(), o.GetProperty("remindersCreated").GetInt32());
        Assert.Equal(referat.ReminderList.Calendars.Count, o.GetProperty("calendarSectionsCreated").GetInt32());
        Assert.True(o.GetProperty("casesCreated").GetInt32() > 0);
        Assert.Equal(JsonValueKind.Number, o.GetProperty("historicalMeetings").ValueKind);
    }
}
