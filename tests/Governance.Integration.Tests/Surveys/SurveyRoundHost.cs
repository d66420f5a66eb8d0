using System.Text.RegularExpressions;
using Governance.Integration.Tests.Support;
using Governance.Testing;
using MimeKit;

namespace Governance.Integration.Tests.Surveys;

/// <summary>
/// The whole platform in one process for a survey round run end to end: every service, on the embedded
/// default (SQLite, in-memory bus) or on PostgreSQL and RabbitMQ, with a clock the test moves on by days
/// (<see cref="Clock"/>) and a fast round sweep, so the round reminds, closes and is released by itself.
/// The Surveys e-mails are .eml files under the data directory (<see cref="Mailbox"/>), read back as the
/// employees would read them.
/// </summary>
public abstract class SurveyRoundHost : IIntegrationHost, IAsyncLifetime
{
    private readonly SqliteDatabase directory = new();
    private GovernanceTestHost? host;

    public abstract string Kind { get; }

    /// <summary>The services' clock: the real time, moved on by the test.</summary>
    public TestClock Clock { get; } = new();

    public GovernanceTestHost Server
    {
        get
        {
            RequireServers();
            return host ?? throw new InvalidOperationException("The host is not started.");
        }
    }

    /// <summary>The e-mails the host has sent.</summary>
    public SurveyMailbox Mailbox { get; private set; } = null!;

    /// <summary>Fails the test in CI (skips it elsewhere) when a server the host needs is missing.</summary>
    protected virtual void RequireServers()
    {
    }

    protected async Task StartAsync(IReadOnlyDictionary<string, string>? stores)
    {
        Mailbox = new SurveyMailbox(Path.Combine(directory.DirectoryPath, "mail"));
        host = await GovernanceTestHost.StartAsync(stores, directory.DirectoryPath, new Dictionary<string, string?>
        {
            ["Governance:Surveys:SweepInterval"] = "00:00:00.200",
            ["Governance:Surveys:AnswerUrl"] = "https://trivsel.kommune.test/survey",
        }, clock: Clock);
    }

    public abstract ValueTask InitializeAsync();

    public virtual async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
        directory.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class EmbeddedSurveyRoundHost : SurveyRoundHost
{
    public override string Kind => "SQLite + in-memory bus";

    public override async ValueTask InitializeAsync() => await StartAsync(null);
}

public sealed class ServerSurveyRoundHost : SurveyRoundHost
{
    private readonly PostgresStores stores = new();
    private RabbitMqServer? broker;

    public override string Kind => "PostgreSQL + RabbitMQ";

    public override async ValueTask InitializeAsync()
    {
        await stores.InitializeAsync();
        broker = await RabbitMqServer.GetAsync();
        // Without a server the test skips (or fails in CI) when it first touches the host.
        if (stores.IsAvailable && broker.IsAvailable)
        {
            await StartAsync(stores.ConnectionStrings);
        }
    }

    protected override void RequireServers()
    {
        stores.RequireServer();
        broker?.RequireServer();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await stores.DisposeAsync();
    }
}

/// <summary>
/// The Surveys e-mails written under the data directory, each read once (the round sends hundreds): to
/// whom, which kind (the invitation or a reminder, by the subject the service writes), and the token of
/// the answer link in it. File names carry the real time only to the second, so the order of two
/// e-mails is told by their kind, not by their files.
/// </summary>
public sealed partial class SurveyMailbox(string directory)
{
    // Every file read, by name; other services' notices (e.g. Reminders' due notices) as null.
    private readonly Dictionary<string, Letter?> read = new(StringComparer.Ordinal);

    public sealed record Letter(string To, bool Reminder, string Subject, string Token);

    [GeneratedRegex(@"https://trivsel\.kommune\.test/survey/([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();

    /// <summary>The survey e-mails sent so far (other services' notices left out).</summary>
    public IReadOnlyList<Letter> Letters()
    {
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.GetFiles(directory, "*.eml").Where(f => !read.ContainsKey(f)))
            {
                var mail = MimeMessage.Load(file);
                var subject = mail.Subject ?? "";
                var reminder = subject.StartsWith("Påmindelse: ", StringComparison.Ordinal);
                read[file] = reminder || subject.StartsWith("Invitation: ", StringComparison.Ordinal)
                    ? new Letter(Assert.Single(mail.To.Mailboxes).Address, reminder, subject, LinkPattern().Match(mail.TextBody ?? "").Groups[1].Value)
                    : null;
            }
        }
        return [.. read.Values.OfType<Letter>()];
    }

    /// <summary>Waits until <paramref name="done"/> holds of the e-mails sent (the sweep sends them in
    /// batches); fails after two minutes with what has arrived.</summary>
    public Task<IReadOnlyList<Letter>> WaitForAsync(Func<IReadOnlyList<Letter>, bool> done, string what) =>
        Eventually.UntilAsync(() => Task.FromResult(Letters()), done,
            letters => $"The e-mails did not get {what}: {letters.Count(l => !l.Reminder)} invitations and {letters.Count(l => l.Reminder)} reminders arrived.",
            TimeSpan.FromMinutes(2));
}
