namespace Governance.Architecture.Tests;

/// <summary>The house rules, checked on the repository as it is.</summary>
public sealed class RepositoryRulesTests
{
    private static IEnumerable<string> ServiceProjects() =>
        Repository.SourceFiles("services", "*.csproj").Select(Repository.Relative).Order(StringComparer.Ordinal);

    [Fact]
    public void The_repository_root_is_found()
    {
        Assert.True(File.Exists(Path.Combine(Repository.Root, Repository.SolutionFile)));
        Assert.True(Directory.Exists(Path.Combine(Repository.Root, "services")));
    }

    [Fact]
    public void Every_project_under_services_is_of_a_known_kind()
    {
        var projects = ServiceProjects().ToList();
        Assert.Contains("services/Meetings/Governance.Meetings/Governance.Meetings.csproj", projects);
        Assert.Equal(ProjectKind.Service, Rules.Classify("services/Meetings/Governance.Meetings/Governance.Meetings.csproj"));
        var unknown = projects.Where(p => Rules.Classify(p) == ProjectKind.Unknown).ToList();
        Assert.True(unknown.Count == 0, "Projects the architecture rules do not know:\n" + string.Join("\n", unknown));
    }

    [Fact]
    public void Service_projects_reference_building_blocks_and_contracts_only()
    {
        var projects = ServiceProjects().ToList();
        Assert.NotEmpty(projects);
        var violations = projects
            .SelectMany(p => Rules.ReferenceViolations(p, File.ReadAllText(Path.Combine(Repository.Root, p))))
            .ToList();
        Assert.True(violations.Count == 0, "Project reference rule broken:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Every_project_reference_under_services_points_at_an_existing_project()
    {
        var missing = ServiceProjects()
            .SelectMany(p => Rules.ProjectReferences(p, File.ReadAllText(Path.Combine(Repository.Root, p))))
            .Where(target => !File.Exists(Path.Combine(Repository.Root, target)))
            .ToList();
        Assert.True(missing.Count == 0, "References to projects that do not exist:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void No_msbuild_file_under_services_adds_project_references_behind_the_projects_back()
    {
        var sneaky = Repository.SourceFiles("services", "*.*")
            .Where(f => Path.GetExtension(f) is ".props" or ".targets")
            .Where(f => File.ReadAllText(f).Contains("ProjectReference", StringComparison.Ordinal))
            .Select(Repository.Relative)
            .ToList();
        Assert.Empty(sneaky);
    }

    [Fact]
    public void No_generated_proto_code_is_committed_under_services()
    {
        var generated = Repository.SourceFiles("services", "*.cs")
            .Where(f => Rules.IsGeneratedProtoCode(Path.GetFileName(f), File.ReadAllText(f)))
            .Select(Repository.Relative)
            .ToList();
        Assert.True(generated.Count == 0,
            "Generated protobuf/gRPC C# outside obj/ (it is generated at build time from protos/):\n" + string.Join("\n", generated));
    }

    [Fact]
    public void Contracts_projects_generate_from_protos_and_hold_only_event_records_of_their_own()
    {
        var contracts = ServiceProjects().Where(p => Rules.Classify(p) == ProjectKind.Contracts).ToList();
        Assert.NotEmpty(contracts);
        foreach (var project in contracts)
        {
            var xml = File.ReadAllText(Path.Combine(Repository.Root, project));
            Assert.Contains("<Protobuf ", xml, StringComparison.Ordinal);
            var directory = Path.GetDirectoryName(project)!;
            var violations = Repository.SourceFiles(directory, "*.cs")
                .SelectMany(f => Rules.ContractsSourceViolations(Path.GetRelativePath(Path.Combine(Repository.Root, directory), f), File.ReadAllText(f)))
                .ToList();
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }
    }

    [Fact]
    public void Shared_contracts_are_generated_from_protos_only()
    {
        var shared = ServiceProjects().Where(p => Rules.Classify(p) == ProjectKind.SharedContracts).ToList();
        Assert.Contains("services/BuildingBlocks/Governance.Audit.Contracts/Governance.Audit.Contracts.csproj", shared);
        foreach (var project in shared)
        {
            Assert.Contains("<Protobuf ", File.ReadAllText(Path.Combine(Repository.Root, project)), StringComparison.Ordinal);
            var handWritten = Repository.SourceFiles(Path.GetDirectoryName(project)!, "*.cs").Select(Repository.Relative).ToList();
            Assert.True(handWritten.Count == 0, "A shared contracts project holds generated code only:\n" + string.Join("\n", handWritten));
        }
    }

    [Fact]
    public void Every_governance_proto_declares_the_package_of_its_directory()
    {
        var protos = Repository.SourceFiles("protos/governance", "*.proto").Select(Repository.Relative).ToList();
        Assert.Contains("protos/governance/meetings/v1/resources.proto", protos);
        Assert.Contains("protos/governance/meetings/v1/meetings_service.proto", protos);
        var violations = protos
            .SelectMany(p => Rules.ProtoPackageViolations(p, File.ReadAllText(Path.Combine(Repository.Root, p))))
            .ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void MassTransit_stays_on_8()
    {
        var props = File.ReadAllText(Path.Combine(Repository.Root, "Directory.Packages.props"));
        var violations = Rules.MassTransitViolations(props);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void Package_versions_are_central()
    {
        var projects = Repository.SourceFiles("services", "*.csproj").Concat(Repository.SourceFiles("tests", "*.csproj"))
            .Concat(Repository.SourceFiles("tools", "*.csproj"));
        var violations = projects
            .SelectMany(p => Rules.PackageVersionViolations(Repository.Relative(p), File.ReadAllText(p)))
            .ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void The_solution_builds_every_project()
    {
        var solution = File.ReadAllText(Path.Combine(Repository.Root, Repository.SolutionFile)).Replace('\\', '/');
        var projects = Repository.SourceFiles("services", "*.csproj").Concat(Repository.SourceFiles("tests", "*.csproj"))
            .Concat(Repository.SourceFiles("tools", "*.csproj"))
            .Select(Repository.Relative)
            .ToList();
        var missing = projects.Where(p => !solution.Contains($"\"{p}\"", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"Projects not in {Repository.SolutionFile}:\n" + string.Join("\n", missing));
    }

    /// <summary>BuildingBlocks know no service's domain: no role, claim or access level a service declares
    /// in its Security folder appears as a string in BuildingBlocks (the platform's auditor and service
    /// roles and audit level, which every service shares, are BuildingBlocks' own).</summary>
    [Fact]
    public void Building_blocks_name_no_role_claim_or_access_level_of_a_service()
    {
        var constant = new System.Text.RegularExpressions.Regex(@"const\s+string\s+\w+\s*=\s*(""[^""]+"")");
        string[] Constants(IEnumerable<string> files) =>
            [.. files.SelectMany(f => constant.Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct()];
        var buildingBlocks = Repository.SourceFiles("services/BuildingBlocks", "*.cs").ToList();
        // PlatformRoles.Auditor, PlatformRoles.Service and PlatformAccess.Audit.
        string[] platform = ["\"auditor\"", "\"service\"", "\"audit\""];
        var serviceTerms = Constants(Repository.SourceFiles("services", "*.cs")
                .Where(f => Repository.Relative(f).Split('/') is ["services", not "BuildingBlocks" and not "Host", _, "Security", _]))
            .Except(platform).ToList();
        Assert.Contains("\"secretariat\"", serviceTerms);
        var found = buildingBlocks
            .SelectMany(f => serviceTerms.Where(t => File.ReadAllText(f).Contains(t, StringComparison.Ordinal)).Select(t => $"{Repository.Relative(f)}: {t}"))
            .ToList();
        Assert.True(found.Count == 0, "Service terms in BuildingBlocks (move them to the service's Security folder):\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_kernel_depends_on_the_bcl_only()
    {
        const string kernel = "services/BuildingBlocks/Governance.Kernel/Governance.Kernel.csproj";
        Assert.Equal(ProjectKind.BuildingBlock, Rules.Classify(kernel));
        var violations = Rules.KernelViolations(kernel, File.ReadAllText(Path.Combine(Repository.Root, kernel)));
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
