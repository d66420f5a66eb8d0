using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Governance.Cases.V1;
using Governance.Meetings.V1;
using Governance.Surveys.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using MimeKit;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Governance.Host.Tests.Telemetry;

/// <summary>What a host exports, as its exporters receive it: every span (an in-memory exporter on its
/// tracer) and every log record, written out whole (category, message, each attribute) by a processor on
/// its logger. Both see the process's sources, so other hosts' spans too: tests pick theirs by trace id.</summary>
public sealed class ExportCapture
{
    private readonly LockedCollection<Activity> _spans = new();
    private readonly LockedCollection<string> _logs = new();

    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    public IReadOnlyList<string> Logs => _logs.Snapshot();

    /// <summary>Adds the exporters to a host's builder (<see cref="GovernanceTestHost.StartAsync"/>'s configure).</summary>
    public void AddTo(WebApplicationBuilder builder)
    {
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
        builder.Services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(new LogLines(_logs)));
    }

    /// <summary>Everything a span says, one line per part: name, source, each tag, each event with its tags, status.</summary>
    public static string Describe(Activity span)
    {
        var text = new StringBuilder($"{span.DisplayName} [{span.Source.Name}/{span.OperationName}] {span.Kind} {span.TraceId}");
        foreach (var (key, value) in span.TagObjects)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {key}={value}");
        }
        foreach (var e in span.Events)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  event {e.Name}");
            foreach (var (key, value) in e.Tags)
            {
                text.Append(CultureInfo.InvariantCulture, $" {key}={value}");
            }
        }
        text.Append(CultureInfo.InvariantCulture, $"\n  status {span.Status} {span.StatusDescription}");
        return text.ToString();
    }

    private sealed class LogLines(LockedCollection<string> lines) : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            var line = new StringBuilder($"{data.LogLevel} {data.CategoryName}: {data.FormattedMessage} | {data.Body}");
            foreach (var (key, value) in data.Attributes ?? [])
            {
                line.Append(CultureInfo.InvariantCulture, $" | {key}={value}");
            }
            if (data.Exception is not null)
            {
                line.Append(CultureInfo.InvariantCulture, $" | {data.Exception}");
            }
            lines.Add(line.ToString());
        }
    }
}

/// <summary>A list the exporters add to while a test reads it.</summary>
public sealed class LockedCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public IReadOnlyList<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item) => Snapshot().Contains(item);

    public void CopyTo(T[] array, int arrayIndex) => Snapshot().ToList().CopyTo(array, arrayIndex);

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>One sample of a Prometheus text exposition: <c>name{label="value",...} value</c>.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? this[string label] => Labels.GetValueOrDefault(label);
}

/// <summary>The host's /metrics as Prometheus reads it.</summary>
public sealed partial record Scrape(string ContentType, string Text)
{
    public IReadOnlyList<Sample> Samples { get; } = Parse(Text);

    /// <summary>The metric families with a # HELP line, and their help text.</summary>
    public IReadOnlyDictionary<string, string> Help { get; } = HelpLine().Matches(Text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    public IReadOnlyList<Sample> Of(string name, params (string Label, string Value)[] labels) =>
        [.. Samples.Where(s => s.Name == name && labels.All(l => s[l.Label] == l.Value))];

    /// <summary>The sum of the samples named <paramref name="name"/> with <paramref name="labels"/> (0 when there are none).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Of(name, labels).Sum(s => s.Value);

    public static async Task<Scrape> GetAsync(GovernanceTestHost host, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = host.HttpAddress };
        using var response = await http.GetAsync("/metrics", ct);
        response.EnsureSuccessStatusCode();
        return new Scrape(response.Content.Headers.ContentType?.ToString() ?? "", await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Scrapes until <paramref name="done"/> holds (the exporter caches a scrape for 300 ms, and the
    /// work behind a metric is asynchronous), or fails saying <paramref name="what"/>.</summary>
    public static async Task<Scrape> UntilAsync(GovernanceTestHost host, Func<Scrape, bool> done, string what, CancellationToken ct,
        TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var scrape = await GetAsync(host, ct);
            if (done(scrape))
            {
                return scrape;
            }
            if (DateTime.UtcNow > deadline)
            {
                var governance = scrape.Text.Split('\n').Where(l => l.StartsWith("governance_", StringComparison.Ordinal)).ToList();
                Assert.Fail($"/metrics never showed {what}. The last scrape ({scrape.ContentType}, {scrape.Text.Length} characters) " +
                    (governance.Count > 0 ? $"had these governance_* samples:\n{string.Join('\n', governance)}" : $"began:\n{scrape.Text[..Math.Min(2000, scrape.Text.Length)]}"));
            }
            await Task.Delay(200, ct);
        }
    }

    private static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var m = SampleLine().Match(line);
            Assert.True(m.Success, $"Not a Prometheus sample line: {line}");
            var labels = LabelPair().Matches(m.Groups["labels"].Value)
                .ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal));
            var value = m.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            samples.Add(new Sample(m.Groups["name"].Value, labels, value));
        }
        return samples;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    [GeneratedRegex(@"^# HELP (\S+) (.*)$", RegexOptions.Multiline)]
    private static partial Regex HelpLine();
}

/// <summary>A little of each service's work through the API, as operations would see it in the metrics.</summary>
public static partial class Traffic
{
    /// <summary>A case, a meeting of a new body, and an agenda item naming the case (added with <paramref name="headers"/>):
    /// Meetings checks the number with Cases over gRPC, and its AgendaItemAdded goes through its outbox to Cases'
    /// cases-agenda-item-added consumer.</summary>
    public static async Task<(Case Case, AgendaItem Item)> AgendaItemForCaseAsync(GrpcChannel channel, CancellationToken ct, Metadata? headers = null)
    {
        var meetings = new MeetingsService.MeetingsServiceClient(channel);
        var cases = new CasesService.CasesServiceClient(channel);
        var c = await cases.CreateCaseAsync(new CreateCaseRequest { Case = new Case { Title = "Budget 2028-31", Unit = "ØDC" } }, cancellationToken: ct);
        var body = await meetings.CreateBodyAsync(new CreateBodyRequest
        {
            Body = new Body { DisplayName = "Direktionen", ShortName = "DIR" },
            BodyId = $"direktionen-{Guid.NewGuid():N}"[..20],
        }, cancellationToken: ct);
        var meeting = await meetings.ScheduleMeetingAsync(new ScheduleMeetingRequest
        {
            Meeting = new Meeting { Body = body.Name, Start = new Google.Type.DateTime { Year = 2027, Month = 3, Day = 9, Hours = 8, Minutes = 30 } },
        }, cancellationToken: ct);
        var item = await meetings.AddAgendaItemAsync(new AddAgendaItemRequest
        {
            Parent = meeting.Name,
            Item = new AgendaItem { Title = "Budget 2028-31", JournalNumber = c.JournalNumber, Kind = ItemKind.Ordinary },
        }, headers, cancellationToken: ct);
        return (c, item);
    }

    /// <summary>A small organisation, the APV template, and a round opened today for one invitee; returns
    /// the round and the invitee's token, read from the invitation e-mail (an .eml file under
    /// <paramref name="dataDirectory"/>/mail, as the embedded default writes them).</summary>
    public static async Task<(Round Round, string Token)> OpenSurveyRoundAsync(GovernanceTestHost host, string dataDirectory, CancellationToken ct)
    {
        var surveys = new SurveysService.SurveysServiceClient(host.Channel);
        var organisation = new ImportOrganisationRequest { Label = "Udtræk fra lønsystemet" };
        organisation.Managers.Add(new ManagerEntry { ManagerId = "kd", DisplayName = "Karen Dahl", Title = "Kommunaldirektør" });
        organisation.Units.Add(new UnitEntry { UnitId = "kommunen", DisplayName = "Kommunen", Kind = UnitKind.Municipality, Manager = "kd", Headcount = 4 });
        organisation.Units.Add(new UnitEntry
        {
            UnitId = "odc", Parent = "kommunen", DisplayName = "Økonomi- og Digitaliseringscentret", ShortName = "ØDC", Kind = UnitKind.Centre,
            Manager = "kd", Headcount = 6,
        });
        organisation.Units.Add(new UnitEntry { UnitId = "odc-1", Parent = "odc", DisplayName = "ØDC afdeling 1", Kind = UnitKind.Workplace, Manager = "kd", Headcount = 11 });
        await surveys.ImportOrganisationAsync(organisation, cancellationToken: ct);
        var apv = await surveys.CreateInstrumentAsync(new CreateInstrumentRequest
        {
            Instrument = new Instrument { DisplayName = "APV 2027" }, SourceInstrument = "instruments/apv-trivsel-skabelon",
        }, cancellationToken: ct);
        var now = DateTime.UtcNow;
        var round = await surveys.CreateRoundAsync(new CreateRoundRequest
        {
            RoundId = $"apv-{Guid.NewGuid():N}"[..12],
            Round = new Round
            {
                DisplayName = "APV 2027", Instruments = { apv.Name }, TargetUnits = { "odc" },
                PlannedOpenTime = Timestamp.FromDateTime(now), ReleaseTime = Timestamp.FromDateTime(now.AddDays(20)),
            },
        }, cancellationToken: ct);
        await surveys.ScheduleRoundAsync(new ScheduleRoundRequest { Name = round.Name }, cancellationToken: ct);
        var opened = await surveys.OpenRoundAsync(new OpenRoundRequest
        {
            Name = round.Name, Invitees = { new Invitee { Unit = "odc-1", Email = "medarbejder@kommune.test" } },
        }, cancellationToken: ct);
        var mail = Path.Combine(dataDirectory, "mail");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            foreach (var file in Directory.Exists(mail) ? Directory.GetFiles(mail, "*.eml") : [])
            {
                using var message = await MimeMessage.LoadAsync(file, ct);
                if (SurveyLink().Match(message.TextBody ?? "") is { Success: true } link)
                {
                    return (opened, link.Groups[1].Value);
                }
            }
            Assert.True(DateTime.UtcNow < deadline, "No invitation e-mail with a survey link arrived.");
            await Task.Delay(100, ct);
        }
    }

    [GeneratedRegex(@"/survey/([A-Za-z0-9_-]{43})")]
    private static partial Regex SurveyLink();
}

/// <summary>A private data directory for a host, deleted afterwards.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("governance-telemetry-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
