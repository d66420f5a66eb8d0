using Governance.Surveys.V1;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Governance.Surveys.Tests.Api;

/// <summary>
/// The real host for the round tests (<see cref="SurveysHost"/>), with a fast round sweep, so a round closes,
/// reminds and is released by the clock as it would over days. E-mail goes to .eml files under the data
/// directory (<see cref="MailDirectory"/>), read back as the respondents would read them.
/// </summary>
public abstract class RoundHost(HostStore store) : SurveysHost(store)
{
    /// <summary>The folder the host writes its e-mails to.</summary>
    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    /// <summary>A client as a caller with only <paramref name="role"/> and <paramref name="claims"/> (e.g.
    /// <c>SurveysClaims.ForManager("odc-leder-1")</c>).</summary>
    public SurveysService.SurveysServiceClient ClientAs(string role, params ServiceDefaults.Security.TokenClaim[] claims) =>
        ClientAs([role], claims);

    /// <summary>A client as a caller with several roles.</summary>
    public SurveysService.SurveysServiceClient ClientAs(string[] roles, params ServiceDefaults.Security.TokenClaim[] claims) =>
        new(Server.CreateChannel(Server.Tokens!.Issue($"{roles[0]}-{Guid.NewGuid():N}"[..20], roles, claims)));

    protected static Dictionary<string, string?> Settings() => new()
    {
        ["Governance:Meetings:VerifyJournalNumbers"] = "false",
        ["Governance:Surveys:SweepInterval"] = "00:00:00.200",
        ["Governance:Surveys:AnswerUrl"] = "https://trivsel.kommune.test/survey",
    };

    public override async ValueTask InitializeAsync() => await StartAsync();

    /// <summary>Starts the host; <paramref name="settings"/> add to (or override) <see cref="Settings"/>, and
    /// <paramref name="logs"/>, when given, receives its log entries.</summary>
    protected async Task StartAsync(IDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var all = Settings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        await StartHostAsync(all, logs);
    }

    /// <summary>The e-mails sent so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Mails() =>
        Directory.Exists(MailDirectory)
            ? [.. Directory.GetFiles(MailDirectory, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))]
            : [];

    /// <summary>Waits (up to a minute) until <paramref name="done"/> holds of the e-mails sent.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMailsAsync(Func<IReadOnlyList<MimeMessage>, bool> done, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var mails = Mails();
            if (done(mails))
            {
                return mails;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The e-mails expected did not arrive within a minute ({mails.Count} arrived).");
            }
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Waits (up to a minute) until the round is in <paramref name="state"/>: the sweep's work.</summary>
    public async Task<Round> WaitForStateAsync(string round, RoundState state, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var r = await Client.GetRoundAsync(new GetRoundRequest { Name = round }, cancellationToken: ct);
            if (r.State == state)
            {
                return r;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{round} is {r.State}, not {state}, after a minute.");
            }
            await Task.Delay(100, ct);
        }
    }
}

public sealed class SqliteRoundHost() : RoundHost(new SqliteHostStore());

public sealed class PostgresRoundHost() : RoundHost(new PostgresHostStore());
