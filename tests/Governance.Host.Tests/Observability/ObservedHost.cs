using Governance.Cases.V1;
using Governance.Host.Tests.Telemetry;
using Governance.Meetings.V1;
using Governance.Reminders.V1;
using Governance.Surveys.V1;
using Governance.Testing.Prometheus;
using Grpc.Core;

namespace Governance.Host.Tests.Observability;

/// <summary>
/// A real Prometheus (Debian's package, a private process) scraping every second a running host of all four
/// services on PostgreSQL and RabbitMQ (so the Npgsql pools, the outboxes and the consumers have their
/// series), with the repository's scrape job and alert rules (observability/prometheus/), after a little of
/// every service's work: successful and failing calls on each, events relayed and consumed, a survey round
/// opened (its e-mail sent by the round sweep) and a respondent page read, the reminder due sweep run.
/// Calls come in two bursts with scrapes between them, so the rates are not only there but above 0.
/// </summary>
public sealed class ObservedHost : IAsyncLifetime
{
    /// <summary>The RPC services the traffic calls, one per service of the platform.</summary>
    public static readonly string[] RpcServices =
    [
        "governance.meetings.v1.MeetingsService", "governance.cases.v1.CasesService",
        "governance.reminders.v1.RemindersService", "governance.surveys.v1.SurveysService",
    ];

    private readonly PostgresStores _stores = new();
    private readonly PrometheusPrograms _programs = PrometheusPrograms.Current;
    private RabbitMqServer? _broker;
    private GovernanceTestHost? _host;
    private PrometheusServer? _prometheus;

    public TemporaryDirectory Data { get; } = new();

    public GovernanceTestHost Host
    {
        get
        {
            Require();
            return _host!;
        }
    }

    public PrometheusServer Prometheus
    {
        get
        {
            Require();
            return _prometheus!;
        }
    }

    private void Require()
    {
        _programs.Require();
        _stores.RequireServer();
        _broker?.RequireServer();
        if (_host is null || _prometheus is null)
        {
            throw new InvalidOperationException("The observed host is not started.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        await _stores.InitializeAsync();
        _broker = await RabbitMqServer.GetAsync();
        if (!_programs.IsAvailable || !_stores.IsAvailable || !_broker.IsAvailable)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await StartAsync(timeout.Token);
        }
        catch
        {
            // xunit reports the failure on every test of the class; nothing of it stays running.
            await StopAsync();
            throw;
        }
    }

    private async Task StartAsync(CancellationToken ct)
    {
        _host = await GovernanceTestHost.StartAsync(_stores.ConnectionStrings, Data.Path, new Dictionary<string, string?>
        {
            ["Governance:Surveys:SweepInterval"] = "00:00:00.200",
            ["Governance:Reminders:Due:Interval"] = "00:00:01",
        });
        _prometheus = await PrometheusServer.StartAsync(_programs, new Dictionary<string, string>
        {
            ["prometheus.yml"] = ObservabilityFiles.TestScrapeConfig(_host.HttpAddress.Authority),
            ["alerts.yml"] = await File.ReadAllTextAsync(ObservabilityFiles.Alerts, ct),
        }, "prometheus.yml", ct);

        await FirstBurstAsync(ct);
        await UntilAsync("every service's calls, the agenda item's event consumed, the survey e-mails counted, the survey page read " +
            "and a due sweep finished (every second here, so its lag stays small)",
            $"count(count by (rpc_service) (governance_rpc_server_calls_total{{rpc_service=~\"{string.Join('|', RpcServices)}\"}})) == {RpcServices.Length}" +
            " and on() count(governance_consumer_handled_total{consumer=\"cases-agenda-item-added\"} >= 1)" +
            " and on() count(governance_surveys_mails_pending)" +
            " and on() count(http_server_request_duration_seconds_count{http_route=\"/survey/{token}\"})" +
            " and on() count(governance_reminders_due_sweep_lag_seconds < 5)", ct);
        await SecondBurstAsync(ct);
        await UntilAsync("a rate above 0 for every service's calls",
            $"count(sum by (rpc_service) (increase(governance_rpc_server_calls_total{{rpc_service=~\"{string.Join('|', RpcServices)}\"}}[1m])) > 0) == {RpcServices.Length}", ct);
        // Every rule evaluated at least once (evaluation every second).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await _prometheus.RulesAsync(ct)).Any(r => r.Health == "unknown") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, ct);
        }
    }

    /// <summary>Each service's work once: the events of a meeting and an agenda item naming a case (Meetings
    /// asks Cases; Cases and Reminders consume), a round opened, its invitee's page read; and the calls below.</summary>
    private async Task FirstBurstAsync(CancellationToken ct)
    {
        await Traffic.AgendaItemForCaseAsync(_host!.Channel, ct);
        var (_, token) = await Traffic.OpenSurveyRoundAsync(_host, Data.Path, ct);
        using var http = new HttpClient { BaseAddress = _host.HttpAddress };
        using var page = await http.GetAsync($"/survey/{token}", ct);
        Assert.True(page.IsSuccessStatusCode, $"The invitee's survey page answered {(int)page.StatusCode}.");
        await CallsAsync(ct);
    }

    private Task SecondBurstAsync(CancellationToken ct) => CallsAsync(ct);

    /// <summary>A call that succeeds and one that fails (NOT_FOUND) on each service.</summary>
    private async Task CallsAsync(CancellationToken ct)
    {
        var meetings = new MeetingsService.MeetingsServiceClient(_host!.Channel);
        var cases = new CasesService.CasesServiceClient(_host.Channel);
        var reminders = new RemindersService.RemindersServiceClient(_host.Channel);
        var surveys = new SurveysService.SurveysServiceClient(_host.Channel);
        await meetings.ListBodiesAsync(new ListBodiesRequest(), cancellationToken: ct);
        await cases.ListCasesAsync(new ListCasesRequest(), cancellationToken: ct);
        await reminders.ParseExpectedTimeAsync(new ParseExpectedTimeRequest { Text = "Kvartalsvis" }, cancellationToken: ct);
        await surveys.ListRoundsAsync(new ListRoundsRequest(), cancellationToken: ct);
        await Fails(() => meetings.GetMeetingAsync(new GetMeetingRequest { Name = $"meetings/m-{Guid.NewGuid():N}" }, cancellationToken: ct).ResponseAsync);
        await Fails(() => cases.GetCaseAsync(new GetCaseRequest { Name = "cases/99-99999" }, cancellationToken: ct).ResponseAsync);
        await Fails(() => reminders.GetReminderAsync(new GetReminderRequest { Name = $"bodies/b-{Guid.NewGuid():N}"[..20] + "/reminders/r1" }, cancellationToken: ct)
            .ResponseAsync);
        await Fails(() => surveys.GetRoundAsync(new GetRoundRequest { Name = $"rounds/r-{Guid.NewGuid():N}"[..20] }, cancellationToken: ct).ResponseAsync);
    }

    private static async Task Fails(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.NotEqual(StatusCode.OK, error.StatusCode);
    }

    /// <summary>Waits until <paramref name="condition"/> (PromQL) returns a series, or fails saying <paramref name="what"/>
    /// with the scrape target's state.</summary>
    private async Task UntilAsync(string what, string condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await _prometheus!.QueryAsync(condition, ct)).Count == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                var targets = await _prometheus.TargetsAsync(ct);
                throw new TimeoutException($"Prometheus never had {what} ({condition}). Targets: " +
                    string.Join("; ", targets.Select(t => $"{t.Labels.GetValueOrDefault("instance")} {t.Health} {t.LastError}")) +
                    $"\nPrometheus's log:\n{_prometheus.RecentLog}");
            }
            await Task.Delay(250, ct);
        }
    }

    private async Task StopAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
            _prometheus = null;
        }
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _stores.DisposeAsync();
        Data.Dispose();
    }
}
