using Governance.Cases.V1;
using Governance.Host;
using Governance.Meetings.V1;
using Governance.Reminders.V1;
using Governance.Testing;

namespace Governance.Cli.Tests;

/// <summary>An embedded host with one body, meeting, case and reminder made through gRPC, and a way to
/// run <c>gov</c> against it in-process with its stdout and stderr captured.</summary>
public sealed class CliHost : IAsyncLifetime
{
    public GovernanceTestHost Server { get; private set; } = null!;

    /// <summary>Every role, everywhere: what the CLI's reading commands run with.</summary>
    public string Token { get; private set; } = "";

    public string MeetingName { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Server = await GovernanceTestHost.StartAsync(null);
        Token = Server.Tokens!.Issue("cli-reader", HostClaims.Roles, HostClaims.Everywhere);
        var meetings = new MeetingsService.MeetingsServiceClient(Server.Channel);
        var cases = new CasesService.CasesServiceClient(Server.Channel);
        var reminders = new RemindersService.RemindersServiceClient(Server.Channel);
        await cases.CreateCaseAsync(new CreateCaseRequest
        {
            Case = new Case { JournalNumber = "16/25345", Title = "Regnskab 2016", Unit = "ØDC" },
            RequestId = Guid.NewGuid().ToString(),
        });
        var body = await meetings.CreateBodyAsync(new CreateBodyRequest
        {
            BodyId = "direktionen",
            Body = new Body { DisplayName = "Direktionen", UsualRoom = "Mødelokale B105" },
        });
        var meeting = await meetings.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting
            {
                Body = body.Name,
                Start = new Google.Type.DateTime { Year = 2017, Month = 3, Day = 9, Hours = 8, Minutes = 30 },
                Room = "Mødelokale B105",
            },
            RequestId = Guid.NewGuid().ToString(),
        });
        MeetingName = meeting.Name;
        // A second body's meeting: two meetings, so that --page-size 1 takes two pages.
        var other = await meetings.CreateBodyAsync(new CreateBodyRequest { BodyId = "oekonomiudvalget", Body = new Body { DisplayName = "Økonomiudvalget" } });
        await meetings.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = other.Name, Start = new Google.Type.DateTime { Year = 2017, Month = 3, Day = 14, Hours = 16 } },
            RequestId = Guid.NewGuid().ToString(),
        });
        await reminders.CreateReminderAsync(new CreateReminderRequest
        {
            Parent = body.Name,
            Reminder = new Reminder
            {
                Subject = "Budgetopfølgning",
                Responsible = { "ØDC" },
                ExpectedTime = new ExpectedTime { FreeText = "Efter budgetforliget" },
            },
            RequestId = Guid.NewGuid().ToString(),
        });
    }

    /// <summary>Runs <c>gov</c> with the host's address and the all-roles token (unless the arguments give their own).</summary>
    public Task<CliRun> RunAsync(params string[] args) =>
        CliRun.RunAsync([.. args, .. args.Contains("--address") ? Array.Empty<string>() : ["--address", Server.GrpcAddress.ToString()],
            .. args.Contains("--token") ? Array.Empty<string>() : ["--token", Token]]);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>One run of <c>gov</c>: exit code, stdout, stderr.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CliRun> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Gov.RunAsync(args, stdout, stderr, name => environment?.GetValueOrDefault(name), TestContext.Current.CancellationToken);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}
