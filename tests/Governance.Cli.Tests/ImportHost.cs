using Governance.Host;
using Governance.Meetings.V1;
using Governance.Testing;

namespace Governance.Cli.Tests;

/// <summary>A fresh embedded host with nothing in it, for imports; <c>gov</c> runs with a token of every
/// role (importer, secretariat, case_handler among them) for every body and unit.</summary>
public class ImportHost : IAsyncLifetime
{
    public GovernanceTestHost Server { get; private set; } = null!;

    public string Token { get; private set; } = "";

    public virtual async ValueTask InitializeAsync()
    {
        Server = await GovernanceTestHost.StartAsync(null);
        Token = Server.Tokens!.Issue("cli-importer", HostClaims.Roles, HostClaims.Everywhere);
    }

    public Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync([.. args, "--address", Server.GrpcAddress.ToString(), .. args.Contains("--token") ? Array.Empty<string>() : ["--token", Token]]);

    /// <summary>Imports with --output json and answers the file's JSON object.</summary>
    public async Task<System.Text.Json.JsonElement> ImportAsync(string path)
    {
        var run = await RunAsync("import", "referat", path, "--output", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        return System.Text.Json.JsonDocument.Parse(run.Stdout).RootElement;
    }

    /// <summary>The members' minutes as text, through gov.</summary>
    public async Task<string> MinutesTextAsync(string meeting)
    {
        var run = await RunAsync("minutes", meeting, "--format", "text", "--audience", "members");
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout;
    }

    public async Task<int> MeetingCountAsync()
    {
        var client = new MeetingsService.MeetingsServiceClient(Server.Channel);
        var count = 0;
        var token = "";
        do
        {
            var page = await client.ListMeetingsAsync(new ListMeetingsRequest { PageSize = 200, PageToken = token });
            count += page.Meetings.Count;
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return count;
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A second fresh host: where the .docx renderings are imported.</summary>
public sealed class DocxImportHosts : ImportHost
{
    public ImportHost Target { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Target.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await Target.DisposeAsync();
        await base.DisposeAsync();
    }
}
