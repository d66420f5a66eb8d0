namespace Governance.Architecture.Tests;

/// <summary>The checkers themselves, on made-up inputs: each rule can fail.</summary>
public sealed class RulesTests
{
    private const string MeetingsService = "services/Meetings/Governance.Meetings/Governance.Meetings.csproj";
    private const string AgendaService = "services/Agenda/Governance.Agenda/Governance.Agenda.csproj";
    private const string MeetingsContracts = "services/Meetings/Governance.Meetings.Contracts/Governance.Meetings.Contracts.csproj";
    private const string Data = "services/BuildingBlocks/Governance.Data/Governance.Data.csproj";
    private const string AuditContracts = "services/BuildingBlocks/Governance.Audit.Contracts/Governance.Audit.Contracts.csproj";
    private const string Host = "services/Host/Governance.Host/Governance.Host.csproj";
    private const string Kernel = "services/BuildingBlocks/Governance.Kernel/Governance.Kernel.csproj";

    private static string Project(params string[] includes) =>
        $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <ItemGroup>
            {string.Concat(includes.Select(i => $"<ProjectReference Include=\"{i}\" />"))}
          </ItemGroup>
        </Project>
        """;

    [Theory]
    [InlineData(MeetingsService, ProjectKind.Service)]
    [InlineData(MeetingsContracts, ProjectKind.Contracts)]
    [InlineData(Data, ProjectKind.BuildingBlock)]
    [InlineData(AuditContracts, ProjectKind.SharedContracts)]
    [InlineData("services/BuildingBlocks/Governance.Audit.Contracts/Other.csproj", ProjectKind.BuildingBlock)]
    [InlineData("services/BuildingBlocks/Governance.ServiceDefaults/Governance.ServiceDefaults.csproj", ProjectKind.BuildingBlock)]
    [InlineData(Kernel, ProjectKind.BuildingBlock)]
    [InlineData(Host, ProjectKind.Host)]
    [InlineData("services/Meetings/Governance.Meetings.Worker/Governance.Meetings.Worker.csproj", ProjectKind.Unknown)]
    [InlineData("services/Meetings/Governance.Meetings/Other.csproj", ProjectKind.Unknown)]
    [InlineData("services/Meetings/Governance.Agenda/Governance.Agenda.csproj", ProjectKind.Unknown)]
    [InlineData("services/Governance.Loose.csproj", ProjectKind.Unknown)]
    [InlineData("tests/Governance.Meetings.Tests/Governance.Meetings.Tests.csproj", ProjectKind.Unknown)]
    public void Projects_are_classified_by_where_they_live(string path, ProjectKind kind) => Assert.Equal(kind, Rules.Classify(path));

    [Fact]
    public void The_kernel_references_nothing()
    {
        Assert.Empty(Rules.KernelViolations(Kernel, "<Project Sdk=\"Microsoft.NET.Sdk\" />"));
        Assert.Single(Rules.KernelViolations(Kernel, Project("../Governance.Data/Governance.Data.csproj")));
        Assert.Single(Rules.KernelViolations(Kernel, """
            <Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="NodaTime" /></ItemGroup></Project>
            """));
        Assert.Single(Rules.KernelViolations(Kernel, """
            <Project Sdk="Microsoft.NET.Sdk"><ItemGroup><FrameworkReference Include="Microsoft.AspNetCore.App" /></ItemGroup></Project>
            """));
    }

    [Fact]
    public void References_are_resolved_relative_to_the_project()
    {
        var refs = Rules.ProjectReferences(MeetingsService, Project(
            @"..\..\BuildingBlocks\Governance.Data\Governance.Data.csproj",
            "../Governance.Meetings.Contracts/Governance.Meetings.Contracts.csproj",
            "$(RepoRoot)services/Agenda/Governance.Agenda/Governance.Agenda.csproj"));
        Assert.Equal([Data, MeetingsContracts, AgendaService], refs);
    }

    [Fact]
    public void A_service_may_reference_building_blocks_and_any_contracts() =>
        Assert.Empty(Rules.ReferenceViolations(AgendaService, Project(
            "../../BuildingBlocks/Governance.Data/Governance.Data.csproj",
            "../../BuildingBlocks/Governance.ServiceDefaults/Governance.ServiceDefaults.csproj",
            "../Governance.Agenda.Contracts/Governance.Agenda.Contracts.csproj",
            "../../BuildingBlocks/Governance.Audit.Contracts/Governance.Audit.Contracts.csproj",
            "../../Meetings/Governance.Meetings.Contracts/Governance.Meetings.Contracts.csproj")));

    [Fact]
    public void A_service_referencing_another_services_implementation_breaks_the_rule()
    {
        var violation = Assert.Single(Rules.ReferenceViolations(AgendaService, Project(
            "../../BuildingBlocks/Governance.Data/Governance.Data.csproj",
            "../../Meetings/Governance.Meetings/Governance.Meetings.csproj")));
        Assert.Contains(MeetingsService, violation);
        Assert.Contains("(Service)", violation);
    }

    [Theory]
    [InlineData("../../Host/Governance.Host/Governance.Host.csproj")]
    [InlineData("../../../tests/Governance.Testing/Governance.Testing.csproj")]
    [InlineData("../../Meetings/Governance.Meetings.Worker/Governance.Meetings.Worker.csproj")]
    [InlineData("../../../../elsewhere/X.csproj")]
    public void A_service_referencing_anything_else_breaks_the_rule(string include) =>
        Assert.Single(Rules.ReferenceViolations(AgendaService, Project(include)));

    [Fact]
    public void Contracts_reference_only_the_shared_contracts()
    {
        Assert.Empty(Rules.ReferenceViolations(MeetingsContracts, Project()));
        Assert.Empty(Rules.ReferenceViolations(MeetingsContracts, Project("../../BuildingBlocks/Governance.Audit.Contracts/Governance.Audit.Contracts.csproj")));
        Assert.Single(Rules.ReferenceViolations(MeetingsContracts, Project("../../BuildingBlocks/Governance.Data/Governance.Data.csproj")));
        Assert.Single(Rules.ReferenceViolations(MeetingsContracts, Project("../../Agenda/Governance.Agenda.Contracts/Governance.Agenda.Contracts.csproj")));
    }

    [Fact]
    public void Shared_contracts_reference_no_project()
    {
        Assert.Empty(Rules.ReferenceViolations(AuditContracts, Project()));
        Assert.Single(Rules.ReferenceViolations(AuditContracts, Project("../Governance.ServiceDefaults/Governance.ServiceDefaults.csproj")));
        Assert.Single(Rules.ReferenceViolations(AuditContracts, Project("../../Meetings/Governance.Meetings.Contracts/Governance.Meetings.Contracts.csproj")));
    }

    [Fact]
    public void Building_blocks_reference_only_building_blocks_and_shared_contracts()
    {
        Assert.Empty(Rules.ReferenceViolations(Data, Project("../Governance.ServiceDefaults/Governance.ServiceDefaults.csproj")));
        Assert.Empty(Rules.ReferenceViolations(Data, Project("../Governance.Audit.Contracts/Governance.Audit.Contracts.csproj")));
        Assert.Single(Rules.ReferenceViolations(Data, Project("../../Meetings/Governance.Meetings.Contracts/Governance.Meetings.Contracts.csproj")));
        Assert.Single(Rules.ReferenceViolations(Data, Project("../../Meetings/Governance.Meetings/Governance.Meetings.csproj")));
    }

    [Fact]
    public void The_host_composes_services_but_not_tests()
    {
        Assert.Empty(Rules.ReferenceViolations(Host, Project(
            "../../BuildingBlocks/Governance.ServiceDefaults/Governance.ServiceDefaults.csproj",
            "../../Meetings/Governance.Meetings/Governance.Meetings.csproj")));
        Assert.Single(Rules.ReferenceViolations(Host, Project("../../../tests/Governance.Testing/Governance.Testing.csproj")));
    }

    [Fact]
    public void An_unknown_project_is_a_violation_in_itself() =>
        Assert.Single(Rules.ReferenceViolations("services/Meetings/Governance.Meetings.Worker/Governance.Meetings.Worker.csproj", Project()));

    [Theory]
    [InlineData("MeetingsServiceGrpc.cs", "namespace X;")]
    [InlineData("Resources.cs", "// <auto-generated>\n//     Generated by the protocol buffer compiler.  DO NOT EDIT!\n")]
    [InlineData("Copy.cs", "public static pbr::FileDescriptor Descriptor { get; }")]
    public void Generated_proto_code_is_recognised(string name, string content) => Assert.True(Rules.IsGeneratedProtoCode(name, content));

    [Theory]
    [InlineData("MeetingsGrpcService.cs", "public sealed partial class MeetingsGrpcService")]
    [InlineData("Mapping.cs", "using Google.Protobuf.WellKnownTypes;")]
    public void Hand_written_code_is_not_taken_for_generated(string name, string content) => Assert.False(Rules.IsGeneratedProtoCode(name, content));

    [Fact]
    public void Proto_package_must_match_its_directory()
    {
        const string path = "protos/governance/meetings/v1/resources.proto";
        Assert.Empty(Rules.ProtoPackageViolations(path, "syntax = \"proto3\";\npackage governance.meetings.v1;\noption csharp_namespace = \"Governance.Meetings.V1\";\n"));
        Assert.Single(Rules.ProtoPackageViolations(path, "syntax = \"proto3\";\npackage governance.agenda.v1;\n"));
        Assert.Single(Rules.ProtoPackageViolations(path, "syntax = \"proto3\";\npackage governance.meetings.v2;\n"));
        Assert.Single(Rules.ProtoPackageViolations(path, "syntax = \"proto3\";\n"));
        Assert.Single(Rules.ProtoPackageViolations(path, "package governance.meetings.v1;\noption csharp_namespace = \"Governance.Agenda.V1\";\n"));
        Assert.Single(Rules.ProtoPackageViolations("protos/governance/meetings/resources.proto", "package governance.meetings;\n"));
        Assert.Single(Rules.ProtoPackageViolations("protos/governance/meetings/beta/x.proto", "package governance.meetings.beta;\n"));
        Assert.Empty(Rules.ProtoPackageViolations("protos/governance/case_files/v2/x.proto",
            "package governance.case_files.v2;\noption csharp_namespace = \"Governance.CaseFiles.V2\";"));
    }

    private static string Props(params (string Package, string Version)[] versions) =>
        $"""
        <Project>
          <ItemGroup>
            {string.Concat(versions.Select(v => $"<PackageVersion Include=\"{v.Package}\" Version=\"{v.Version}\" />"))}
          </ItemGroup>
        </Project>
        """;

    [Theory]
    [InlineData("8.5.11")]
    [InlineData("8.0.0")]
    [InlineData("[8.5.11]")]
    [InlineData("8.6.0-develop.1")]
    public void MassTransit_8_is_accepted(string version) =>
        Assert.Empty(Rules.MassTransitViolations(Props(("MassTransit", version), ("MassTransit.RabbitMQ", version), ("Npgsql", "10.0.3"))));

    [Theory]
    [InlineData("9.0.0")]
    [InlineData("10.1.0")]
    [InlineData("7.3.1")]
    [InlineData("[8.5,)")]
    [InlineData("[8.5.11,10.0.0)")]
    [InlineData("8.*")]
    [InlineData("")]
    [InlineData("88.0.0")]
    public void MassTransit_other_than_an_exact_8_is_refused(string version)
    {
        var violation = Assert.Single(Rules.MassTransitViolations(Props(("MassTransit.RabbitMQ", version), ("Npgsql", "10.0.3"))));
        Assert.Contains("MassTransit.RabbitMQ", violation);
    }

    [Fact]
    public void No_MassTransit_is_no_violation() => Assert.Empty(Rules.MassTransitViolations(Props(("Npgsql", "10.0.3"))));

    [Fact]
    public void A_package_reference_with_its_own_version_breaks_central_versions()
    {
        const string path = "services/Meetings/Governance.Meetings/Governance.Meetings.csproj";
        Assert.Empty(Rules.PackageVersionViolations(path, "<Project><ItemGroup><PackageReference Include=\"Dapper\" /></ItemGroup></Project>"));
        Assert.Single(Rules.PackageVersionViolations(path, "<Project><ItemGroup><PackageReference Include=\"Dapper\" Version=\"2.1.0\" /></ItemGroup></Project>"));
        Assert.Single(Rules.PackageVersionViolations(path, "<Project><ItemGroup><PackageReference Include=\"Dapper\" VersionOverride=\"2.1.0\" /></ItemGroup></Project>"));
        Assert.Single(Rules.PackageVersionViolations(path, "<Project><ItemGroup><PackageReference Include=\"Dapper\"><Version>2.1.0</Version></PackageReference></ItemGroup></Project>"));
    }

    [Fact]
    public void The_root_is_found_from_any_directory_below_it()
    {
        var deep = Path.Combine(Repository.Root, "services", "Meetings");
        Assert.Equal(Repository.Root, Repository.FindRoot(deep));
        Assert.Throws<InvalidOperationException>(() => Repository.FindRoot(Path.GetPathRoot(Path.GetTempPath())!));
    }

    [Theory]
    [InlineData("services/Meetings/Governance.Meetings/obj/Debug/net10.0/Resources.cs", true)]
    [InlineData("services/Meetings/Governance.Meetings/bin/Release/x.cs", true)]
    [InlineData("services/Meetings/Governance.Meetings/Data/MeetingsStore.cs", false)]
    [InlineData("services/Meetings/Governance.Meetings/objects/Thing.cs", false)]
    public void Build_output_is_recognised(string path, bool output) => Assert.Equal(output, Repository.IsBuildOutput(path));

    [Fact]
    public void Contracts_may_hold_event_records_with_a_urn_and_nothing_else()
    {
        const string Event = "using MassTransit;\n[MessageUrn(\"governance:x:y:v1\")]\npublic sealed record Y(string Name);\n";
        Assert.Empty(Rules.ContractsSourceViolations("Events/XEvents.cs", Event));
        Assert.NotEmpty(Rules.ContractsSourceViolations("Mapping.cs", Event));
        Assert.NotEmpty(Rules.ContractsSourceViolations("Events/XEvents.cs", "public sealed record Y(string Name);"));
        Assert.NotEmpty(Rules.ContractsSourceViolations("Events/XEvents.cs", Event + "public static class Helpers { }\n"));
        // The ordering-key interface, which is no message type of its own; any other interface is not allowed.
        Assert.Empty(Rules.ContractsSourceViolations("Events/XEvents.cs", Event + "[ExcludeFromTopology]\n[ExcludeFromImplementedTypes]\npublic interface IYEvent\n{\n}\n"));
        Assert.NotEmpty(Rules.ContractsSourceViolations("Events/XEvents.cs", Event + "\npublic interface IYEvent\n{\n}\n"));
    }
}
