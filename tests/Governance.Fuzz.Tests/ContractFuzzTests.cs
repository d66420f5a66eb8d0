using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Governance.Fuzz.Tests;

/// <summary>The embedded-default host (SQLite) with its logs captured, and the unary RPCs it maps.</summary>
public sealed class FuzzHost : IAsyncLifetime
{
    private GovernanceTestHost? _host;

    public LogCapture Logs { get; } = new();

    public GovernanceTestHost Server => _host ?? throw new InvalidOperationException("The host is not started.");

    public IReadOnlyList<MethodDescriptor> Methods { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        // Information and up from the services and gRPC: the lines a request can cause.
        _host = await GovernanceTestHost.StartAsync(null, settings: new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Governance:Meetings:VerifyJournalNumbers"] = "false",
        });
        _host.App.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
        Methods = ContractCatalog.UnaryMethods(_host.App);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>The project fuzzes itself from its contract: every unary RPC of every service the host
/// maps. A short run here (about a minute); a long one with GOVERNANCE_FUZZ_ITERATIONS (bench/README.md).</summary>
public sealed class ContractFuzzTests(FuzzHost host) : IClassFixture<FuzzHost>
{
    private static void WriteLine(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    /// <summary>The smallest failing case of each RPC and kind (with its seed), then every distinct
    /// failure seen on the way.</summary>
    private static string Report(IReadOnlyList<string> failures, ContractFuzzer fuzzer) =>
        $"{failures.Count} RPC × request kinds failed:\n{string.Join("\n", failures)}\n\n" +
        $"Every distinct failing answer seen ({fuzzer.Seen.Count}):\n{string.Join("\n", fuzzer.Seen)}";

    [Fact]
    public void The_host_maps_the_unary_rpcs_of_meetings_and_cases()
    {
        var services = host.Methods.Select(m => m.Service.FullName).Distinct().ToList();
        Assert.Contains("governance.meetings.v1.MeetingsService", services);
        Assert.Contains("governance.cases.v1.CasesService", services);
        Assert.Contains(host.Methods, m => m.FullName == "governance.meetings.v1.MeetingsService.UpdateMeeting");
        Assert.DoesNotContain(host.Methods, m => m.IsClientStreaming || m.IsServerStreaming);
    }

    [Fact]
    public async Task Every_unary_rpc_answers_generated_and_broken_requests_as_a_caller_with_every_role()
    {
        var settings = FuzzSettings.FromEnvironment(shortIterations: 300, shortBudget: TimeSpan.FromSeconds(60));
        var fuzzer = new ContractFuzzer(host.Server.Channel.CreateCallInvoker(), host.Logs, settings, WriteLine);
        var failures = await fuzzer.RunAsync(host.Methods, "every role");
        WriteLine(string.Join("\n", fuzzer.Statuses.Select(s => $"{s.Value,6} {s.Key}")));
        Assert.True(failures.Count == 0, Report(failures, fuzzer));
    }

    [Fact]
    public async Task Every_unary_rpc_answers_generated_and_broken_requests_as_an_anonymous_caller()
    {
        var settings = FuzzSettings.FromEnvironment(shortIterations: 30, shortBudget: TimeSpan.FromSeconds(10));
        using var anonymous = host.Server.CreateChannel(null);
        var fuzzer = new ContractFuzzer(anonymous.CreateCallInvoker(), host.Logs, settings, WriteLine);
        var failures = await fuzzer.RunAsync(host.Methods, "anonymous");
        Assert.True(failures.Count == 0, Report(failures, fuzzer));
    }
}
