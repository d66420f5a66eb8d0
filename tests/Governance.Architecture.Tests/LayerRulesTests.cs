using ArchModel = ArchUnitNET.Domain.Architecture;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Governance.Architecture.Tests;

/// <summary>
/// Namespace layering inside each service, read from the compiled assembly (every dependency, not
/// only using directives): <c>Domain/</c> is plain rules with no I/O, and the gRPC layer of a service
/// does not reach into another service.
/// </summary>
public sealed class LayerRulesTests
{
    /// <summary>What the domain may not use: the service's own adapters and every I/O library.</summary>
    private static readonly string[] DomainMayNotUse =
    [
        "Grpc", "Data", "Publishing", "Consumers",
    ];

    private const string InfrastructureNamespaces =
        @"^(Governance\.Data|Governance\.Messaging|Grpc\.|MassTransit|Dapper|Npgsql|Microsoft\.Data\.Sqlite|Microsoft\.AspNetCore|FluentMigrator)(\.|$)";

    /// <summary>The services: every folder under services/ but the building blocks and the host.</summary>
    public static IReadOnlyList<string> ServiceNames() =>
        [.. Directory.EnumerateDirectories(Path.Combine(Repository.Root, "services"))
            .Select(Path.GetFileName).OfType<string>()
            .Where(n => n is not "BuildingBlocks" and not "Host").Order(StringComparer.Ordinal)];

    public static TheoryData<string> Services() => [.. ServiceNames()];

    [Theory]
    [MemberData(nameof(Services))]
    public void The_domain_uses_no_adapter_and_no_io(string service)
    {
        var architecture = Load(service);
        var ownAdapters = string.Join("|", DomainMayNotUse);
        IArchRule rule = Types().That().ResideInNamespaceMatching($@"^Governance\.{service}\.Domain(\..*)?$")
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching($@"^Governance\.{service}\.({ownAdapters})(\.|$)")
            .AndShould().NotDependOnAnyTypesThat().ResideInNamespaceMatching(InfrastructureNamespaces);
        AssertHolds(rule, architecture);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void The_grpc_layer_does_not_reach_into_another_service(string service)
    {
        var architecture = Load(service);
        var others = ServiceNames().Where(s => s != service).ToList();
        if (others.Count == 0)
        {
            return;
        }
        IArchRule rule = Types().That().ResideInNamespaceMatching($@"^Governance\.{service}\.Grpc(\..*)?$")
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching($@"^Governance\.({string.Join("|", others)})(\.|$)");
        AssertHolds(rule, architecture);
    }

    [Fact]
    public void The_domain_may_use_the_kernel()
    {
        // Governance.Kernel is platform vocabulary (time zone, journal numbers), not infrastructure:
        // Meetings' Domain uses it, and the domain rule above holds for Meetings.
        Assert.DoesNotMatch(InfrastructureNamespaces, "Governance.Kernel");
        var architecture = Load("Meetings");
        Assert.Contains(architecture.Types, t =>
            t.Namespace.FullName == "Governance.Meetings.Domain"
            && t.Dependencies.Any(d => d.Target.Namespace.FullName == "Governance.Kernel"));
    }

    [Fact]
    public void The_kernel_does_no_io()
    {
        var architecture = new ArchLoader().LoadAssemblies(typeof(Governance.Kernel.JournalNumber).Assembly).Build();
        IArchRule rule = Types().That().ResideInNamespaceMatching(@"^Governance\.Kernel(\..*)?$")
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(@"^(System\.IO|System\.Net|System\.Data|Microsoft\.Extensions)(\.|$)")
            .AndShould().NotDependOnAnyTypesThat().ResideInNamespaceMatching(@"^Governance\.(?!Kernel(\.|$))");
        AssertHolds(rule, architecture);
    }

    [Fact]
    public void A_domain_type_using_the_store_breaks_the_rule()
    {
        // The rule itself can fail: this test assembly's Fixtures.Domain type uses a store type.
        var architecture = new ArchLoader().LoadAssemblies(typeof(LayerRulesTests).Assembly).Build();
        IArchRule rule = Types().That().ResideInNamespaceMatching(@"^Governance\.Architecture\.Tests\.Fixtures\.Domain$")
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(@"^Governance\.Architecture\.Tests\.Fixtures\.Data$");
        Assert.False(rule.HasNoViolations(architecture));
    }

    private static ArchModel Load(string service)
    {
        System.Reflection.Assembly assembly;
        try
        {
            assembly = System.Reflection.Assembly.Load($"Governance.{service}");
        }
        catch (FileNotFoundException)
        {
            Assert.Fail($"Governance.{service} is not referenced by Governance.Architecture.Tests.csproj: add its ProjectReference so its layers are checked.");
            throw;
        }
        return new ArchLoader().LoadAssemblies(assembly).Build();
    }

    private static void AssertHolds(IArchRule rule, ArchModel architecture)
    {
        var violations = rule.Evaluate(architecture).Where(r => !r.Passed).Select(r => r.Description).ToList();
        Assert.True(violations.Count == 0, $"{rule.Description}:\n" + string.Join("\n", violations));
    }
}
