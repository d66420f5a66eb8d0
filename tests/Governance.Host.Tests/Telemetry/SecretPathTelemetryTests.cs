using System.Diagnostics;
using System.Net;
using Governance.ServiceDefaults.Telemetry;

namespace Governance.Host.Tests.Telemetry;

/// <summary>
/// A survey respondent's invitation token is in the page's address (/survey/{token}); the telemetry never
/// carries it: no span (the server's, nor an HttpClient's in the same process), no metric label, no exported
/// log record, with every log category at Trace. The server span keeps the route's template as http.route
/// and says {redacted} for the rest of the path.
/// </summary>
public sealed class SecretPathTelemetryTests : IAsyncLifetime
{
    private readonly ExportCapture _export = new();
    private readonly TemporaryDirectory _data = new();
    private GovernanceTestHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private GovernanceTestHost Host => _host!;

    public async ValueTask InitializeAsync() => _host = await GovernanceTestHost.StartAsync(null, _data.Path, new Dictionary<string, string?>
    {
        ["Governance:Surveys:SweepInterval"] = "00:00:00.200",
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
        ["Logging:LogLevel:System"] = "Trace",
    }, configure: _export.AddTo);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        _data.Dispose();
    }

    [Fact]
    public async Task No_span_metric_or_log_record_holds_a_survey_token()
    {
        var (_, token) = await Traffic.OpenSurveyRoundAsync(Host, _data.Path, Ct);
        var unknown = "Zq" + new string('x', 41);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.HttpAddress };

        var page = await http.GetAsync($"/survey/{token}?side=1", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // A form without its antiforgery token, and a link nobody was sent.
        using var form = new FormUrlEncodedContent([new("side", "1"), new("handling", "gem")]);
        var posted = await http.PostAsync($"/survey/{token}", form, Ct);
        Assert.NotEqual(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/survey/{unknown}", Ct)).StatusCode);

        var spans = await SurveySpansAsync(3);
        var metrics = await Scrape.GetAsync(Host, Ct);

        foreach (var secret in new[] { token, unknown })
        {
            Assert.All(_export.Spans, s => Assert.DoesNotContain(secret, ExportCapture.Describe(s), StringComparison.Ordinal));
            Assert.DoesNotContain(secret, metrics.Text, StringComparison.Ordinal);
            Assert.All(_export.Logs, l => Assert.DoesNotContain(secret, l, StringComparison.Ordinal));
        }
        var shown = Assert.Single(spans, s => s.Kind == ActivityKind.Server && Tag(s, "http.request.method") == "GET" && Tag(s, "http.route") == "/survey/{token}"
            && Tag(s, "http.response.status_code") == "200");
        Assert.Equal($"/survey/{SecretPathRedaction.Redacted}", Tag(shown, "url.path"));
        Assert.Equal("GET /survey/{token}", shown.DisplayName);
        // The test's own client, in the same process: its span says where it went, without the token.
        Assert.Contains(_export.Spans, s => s.Kind == ActivityKind.Client && Tag(s, "url.full") == $"{Host.HttpAddress}survey/{SecretPathRedaction.Redacted}");
        // The log records were exported (at Trace, plenty), so their silence about the token means something.
        Assert.NotEmpty(_export.Logs);
    }

    /// <summary>The server spans of the survey pages, once <paramref name="count"/> of them have ended.</summary>
    private async Task<IReadOnlyList<Activity>> SurveySpansAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var spans = _export.Spans.Where(s => s.Kind == ActivityKind.Server && Tag(s, "http.route")?.StartsWith("/survey/", StringComparison.Ordinal) == true).ToList();
            if (spans.Count >= count)
            {
                return spans;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Only {spans.Count} survey page spans were exported:\n{string.Join('\n', spans.Select(ExportCapture.Describe))}");
            await Task.Delay(100, Ct);
        }
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();
}
