using Governance.Surveys.Tests.Api;
using Governance.Surveys.Tests.Web;
using Governance.Testing.Browser;

namespace Governance.Surveys.Tests.Browser;

/// <summary>The browser tests share one Chromium fixture and run one after another (two cores).</summary>
[CollectionDefinition(Name)]
public sealed class SurveyBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Survey pages in Chromium";
}

/// <summary>
/// The round host for the browser: the invitation e-mails link to this host's own pages
/// (<c>http://127.0.0.1:port/survey/{token}</c>), so a test opens the very link the notifier wrote, and every
/// log entry at every level, Trace included, is captured whole (<see cref="Logs"/>) for the test that looks
/// for a token in them.
/// </summary>
public abstract class BrowserRoundHost(HostStore store) : RoundHost(store)
{
    public TraceCapture Logs { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        var settings = TraceCapture.EveryLevel();
        settings["Governance:Surveys:AnswerUrl"] = $"{GovernanceTestHost.HttpAddressPlaceholder}/survey";
        await StartAsync(settings, Logs);
    }
}

public sealed class SqliteBrowserRoundHost() : BrowserRoundHost(new SqliteHostStore());

public sealed class PostgresBrowserRoundHost() : BrowserRoundHost(new PostgresHostStore());
