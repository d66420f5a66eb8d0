// Usage (see bench/README.md; ./bench/run.sh runs the suite with servers and the Release build):
//   dotnet Governance.Bench.dll [suite] [--quick] [--stores sqlite,postgres] [--runs 3] [--duration 10] [--warmup 3]
//       [--meetings 200] [--items 30] [--cases 3000] [--seed-parallel 16] [--open-share 0.5] [--host-dll PATH]
//       [--out FILE] [--commit SHA] [--scenarios GetMeeting,RecordDecision,Events,Reminders,Surveys] [--event-backlog 3000]
//       [--sweep-reminders 100000] [--survey-respondents 3000] [--survey-in-flight 64]
//   dotnet Governance.Bench.dll due-sweep [--stores ...] [--runs N] [--sweep-reminders N]   (the Reminders due sweep alone, no host)
//   dotnet Governance.Bench.dll event-path [--count N]   (the older in-process event path bench)
// Needs GOVERNANCE_TEST_POSTGRES (admin connection string) and GOVERNANCE_TEST_RABBITMQ (amqp://...)
// for the postgres store, the pgbench ceiling and the events; the sqlite store needs neither.
using System.Globalization;
using Governance.Bench;

// Numbers in the report and on the console with '.' decimals, whatever the machine's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.FirstOrDefault() == "event-path")
{
    return await EventPathBench.RunAsync(args);
}

// The last occurrence wins: bench/run.sh passes defaults first, then the caller's options.
string? Option(string name) => args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1]).LastOrDefault();
int Int(string name, int quick, int full) => Option(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : (args.Contains("--quick") ? quick : full);

var quick = args.Contains("--quick");
var repoRoot = FindRepoRoot();
var hostDll = Path.GetFullPath(Option("--host-dll") ?? Path.Combine(repoRoot, "services", "Host", "Governance.Host", "bin", "Release", "net10.0", "Governance.Host.dll"));
if (!File.Exists(hostDll))
{
    await Console.Error.WriteLineAsync($"No host at {hostDll}: build it (dotnet build services/Host/Governance.Host -c Release) or pass --host-dll.");
    return 2;
}
var stores = (Option("--stores") ?? (Environment.GetEnvironmentVariable("GOVERNANCE_TEST_POSTGRES") is { Length: > 0 } ? "sqlite,postgres" : "sqlite"))
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
if (stores.Except(["sqlite", "postgres"]).Any())
{
    await Console.Error.WriteLineAsync("--stores takes sqlite, postgres or both (comma-separated).");
    return 2;
}
var options = new SuiteOptions(
    stores,
    Int("--runs", 1, 3),
    TimeSpan.FromSeconds(Int("--duration", 2, 10)),
    TimeSpan.FromSeconds(Int("--warmup", 1, 3)),
    new DataSetSize(Int("--meetings", 24, 200), Int("--items", 30, 30), Int("--cases", 300, 3000)),
    Int("--seed-parallel", 16, 16),
    Option("--open-share") is { } share ? double.Parse(share, CultureInfo.InvariantCulture) : 0.5,
    hostDll,
    Option("--out"),
    Option("--commit") ?? "unknown",
    quick)
{
    Scenarios = Option("--scenarios") is { } only
        ? only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase)
        : null,
    EventBacklog = Int("--event-backlog", 3000, 3000),
    SweepReminders = Int("--sweep-reminders", 10_000, 100_000),
    SurveyRespondents = Int("--survey-respondents", 3000, 3000),
    SurveyInFlight = Int("--survey-in-flight", 64, 64),
};
return args.FirstOrDefault() == "due-sweep" ? await DueSweepScenario.RunAloneAsync(options) : await Suite.RunAsync(options);

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Governance.Platform.sln")))
        {
            return dir.FullName;
        }
    }
    return Directory.GetCurrentDirectory();
}
