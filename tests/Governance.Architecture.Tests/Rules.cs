using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Governance.Architecture.Tests;

/// <summary>What a project under services/ is, by where it lives.</summary>
public enum ProjectKind
{
    /// <summary>services/BuildingBlocks/**: shared plumbing.</summary>
    BuildingBlock,

    /// <summary>services/BuildingBlocks/Governance.&lt;Name&gt;.Contracts/: a contract every service shares
    /// (e.g. the audit log's), generated once from protos/governance/&lt;name&gt;/.</summary>
    SharedContracts,

    /// <summary>services/&lt;Service&gt;/Governance.&lt;Service&gt;.Contracts/: generated from protos/.</summary>
    Contracts,

    /// <summary>services/&lt;Service&gt;/Governance.&lt;Service&gt;/: a service's implementation.</summary>
    Service,

    /// <summary>services/Host/Governance.Host/: the composition root, which runs the services.</summary>
    Host,

    /// <summary>Anything else: the rules do not know it yet.</summary>
    Unknown,
}

/// <summary>
/// The house rules as pure functions over file contents, so each can be tested on a made-up input
/// that breaks it as well as on the repository.
/// </summary>
public static partial class Rules
{
    /// <summary>Classifies a repository-relative project path ("services/Meetings/Governance.Meetings/Governance.Meetings.csproj").</summary>
    public static ProjectKind Classify(string projectPath)
    {
        var parts = projectPath.Replace('\\', '/').Split('/');
        if (parts.Length < 3 || parts[0] != "services")
        {
            return ProjectKind.Unknown;
        }
        if (parts[1] == "BuildingBlocks")
        {
            return parts.Length == 4 && parts[3] == parts[2] + ".csproj" && SharedContractsFolder().IsMatch(parts[2])
                ? ProjectKind.SharedContracts
                : ProjectKind.BuildingBlock;
        }
        if (parts.Length != 4)
        {
            return ProjectKind.Unknown;
        }
        var (service, folder, file) = (parts[1], parts[2], parts[3]);
        if (file != folder + ".csproj")
        {
            return ProjectKind.Unknown;
        }
        if (service == "Host" && folder == "Governance.Host")
        {
            return ProjectKind.Host;
        }
        if (folder == $"Governance.{service}")
        {
            return ProjectKind.Service;
        }
        return folder == $"Governance.{service}.Contracts" ? ProjectKind.Contracts : ProjectKind.Unknown;
    }

    [GeneratedRegex(@"^Governance\.[A-Z][A-Za-z0-9]*\.Contracts\z")]
    private static partial Regex SharedContractsFolder();

    /// <summary>The ProjectReference targets of a project file, as repository-relative paths.</summary>
    public static IReadOnlyList<string> ProjectReferences(string projectPath, string projectXml)
    {
        var document = XDocument.Parse(projectXml);
        var directory = Path.GetDirectoryName(projectPath.Replace('\\', '/')) ?? "";
        return [.. document.Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .Select(include => Resolve(directory, include))];
    }

    private static string Resolve(string directory, string include)
    {
        include = include.Replace('\\', '/').Replace("$(RepoRoot)", "/", StringComparison.Ordinal)
            .Replace("$(MSBuildThisFileDirectory)", "", StringComparison.Ordinal)
            .Replace("$(MSBuildProjectDirectory)/", "", StringComparison.Ordinal);
        var segments = new List<string>();
        var start = include.StartsWith('/') ? include : $"{directory}/{include}";
        foreach (var segment in start.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return "../" + include;
                }
                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }
        return string.Join('/', segments);
    }

    /// <summary>
    /// The reference rule: a service references BuildingBlocks and Contracts only, never another
    /// service's implementation; Contracts reference only the shared contracts (whose protos theirs
    /// import); shared contracts reference nothing; BuildingBlocks reference only BuildingBlocks and
    /// shared contracts; the Host composes services and references nothing outside services/.
    /// </summary>
    public static IReadOnlyList<string> ReferenceViolations(string projectPath, string projectXml)
    {
        var kind = Classify(projectPath);
        var violations = new List<string>();
        if (kind == ProjectKind.Unknown)
        {
            violations.Add($"{projectPath}: not a known kind of project (BuildingBlocks, Governance.<Service>, " +
                "Governance.<Service>.Contracts, BuildingBlocks/Governance.<Name>.Contracts, Host); place it so, " +
                "or extend the architecture rules");
            return violations;
        }
        foreach (var target in ProjectReferences(projectPath, projectXml))
        {
            var targetKind = Classify(target);
            var allowed = kind switch
            {
                ProjectKind.Service => targetKind is ProjectKind.BuildingBlock or ProjectKind.SharedContracts or ProjectKind.Contracts,
                ProjectKind.Contracts => targetKind == ProjectKind.SharedContracts,
                ProjectKind.SharedContracts => false,
                ProjectKind.BuildingBlock => targetKind is ProjectKind.BuildingBlock or ProjectKind.SharedContracts,
                ProjectKind.Host => targetKind is ProjectKind.BuildingBlock or ProjectKind.SharedContracts or ProjectKind.Contracts
                    or ProjectKind.Service,
                _ => false,
            };
            if (!allowed)
            {
                violations.Add($"{projectPath} ({kind}) must not reference {target} ({targetKind})");
            }
        }
        return violations;
    }

    /// <summary>Text that marks C# generated by protoc or its gRPC plugin.</summary>
    public static bool IsGeneratedProtoCode(string fileName, string content) =>
        fileName.EndsWith("Grpc.cs", StringComparison.Ordinal)
        || content.Contains("Generated by the protocol buffer compiler", StringComparison.Ordinal)
        || content.Contains("global::Google.Protobuf.Reflection.FileDescriptor", StringComparison.Ordinal)
        || content.Contains("pbr::FileDescriptor", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*package\s+([A-Za-z0-9_.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex PackageStatement();

    [GeneratedRegex(@"^\s*option\s+csharp_namespace\s*=\s*""([^""]*)""\s*;", RegexOptions.Multiline)]
    private static partial Regex CsharpNamespaceOption();

    /// <summary>
    /// A Contracts project is generated from protos/, except its event records: C# under
    /// <c>Events/</c> declaring records only, every one carrying a stable <c>[MessageUrn]</c> (the
    /// wire name of the event) unless it is a value nested in events. <paramref name="relativePath"/>
    /// is relative to the project directory.
    /// </summary>
    public static IReadOnlyList<string> ContractsSourceViolations(string relativePath, string content)
    {
        var path = relativePath.Replace('\\', '/');
        if (!path.StartsWith("Events/", StringComparison.Ordinal))
        {
            return [$"{path}: a Contracts project holds generated code and event records (under Events/) only"];
        }
        var violations = new List<string>();
        if (TypeDeclaration().IsMatch(content) || InterfaceDeclaration().Matches(content).Any(m => !OrderingKeyInterface().IsMatch(m.Value)))
        {
            violations.Add($"{path}: event contracts are records (and the service's ordering-key interface, marked " +
                "[ExcludeFromTopology] and [ExcludeFromImplementedTypes]), not classes, structs or other interfaces");
        }
        if (!content.Contains("[MessageUrn(\"", StringComparison.Ordinal))
        {
            violations.Add($"{path}: declares no event with a [MessageUrn]");
        }
        return violations;
    }

    [GeneratedRegex(@"^\s*(public|internal)\s+(sealed\s+|static\s+|abstract\s+)*(class|struct)\s", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    /// <summary>An interface declaration with the (up to) two lines before it: its attributes.</summary>
    [GeneratedRegex(@"(?:^.*\n){0,2}\s*(public|internal)\s+interface\s", RegexOptions.Multiline)]
    private static partial Regex InterfaceDeclaration();

    /// <summary>The ordering key of a service's events (IMeetingEvent): no message type of its own.</summary>
    [GeneratedRegex(@"^\s*\[ExcludeFromTopology\]\s*\n\s*\[ExcludeFromImplementedTypes\]\s*\n")]
    private static partial Regex OrderingKeyInterface();

    /// <summary>A proto under protos/governance/&lt;svc&gt;/v&lt;N&gt;/ declares <c>package governance.&lt;svc&gt;.v&lt;N&gt;</c>
    /// (and, when it sets one, the C# namespace Governance.&lt;Svc&gt;.V&lt;N&gt;).</summary>
    public static IReadOnlyList<string> ProtoPackageViolations(string protoPath, string content)
    {
        var parts = protoPath.Replace('\\', '/').Split('/');
        // protos/governance/<svc>/<version>/<file>.proto
        if (parts.Length != 5 || parts[0] != "protos" || parts[1] != "governance" || !VersionFolder().IsMatch(parts[3]))
        {
            return [$"{protoPath}: must be at protos/governance/<service>/v<N>/<file>.proto"];
        }
        var expected = $"governance.{parts[2]}.{parts[3]}";
        var packages = PackageStatement().Matches(content).Select(m => m.Groups[1].Value).ToList();
        if (packages.Count != 1)
        {
            return [$"{protoPath}: must declare exactly one package (found {packages.Count})"];
        }
        var violations = new List<string>();
        if (packages[0] != expected)
        {
            violations.Add($"{protoPath}: declares package {packages[0]}, its directory says {expected}");
        }
        var ns = CsharpNamespaceOption().Match(content);
        if (ns.Success && !string.Equals(ns.Groups[1].Value.Replace(".", ""), expected.Replace(".", "").Replace("_", ""), StringComparison.OrdinalIgnoreCase))
        {
            violations.Add($"{protoPath}: csharp_namespace {ns.Groups[1].Value} does not match package {expected}");
        }
        return violations;
    }

    [GeneratedRegex(@"^v[1-9][0-9]*\z")]
    private static partial Regex VersionFolder();

    /// <summary>MassTransit 9 is commercially licensed: every MassTransit package version in
    /// Directory.Packages.props is an 8.x version or an exact pin to one ("8.5.11", "[8.5.11]"); a
    /// range could float to 9.</summary>
    public static IReadOnlyList<string> MassTransitViolations(string packagesPropsXml) =>
        [.. PackageVersions(packagesPropsXml)
            .Where(p => p.Package.StartsWith("MassTransit", StringComparison.OrdinalIgnoreCase))
            .Where(p => !MassTransit8().IsMatch(p.Version))
            .Select(p => $"{p.Package} is pinned to '{p.Version}'; MassTransit must stay on an exact 8.x version")];

    [GeneratedRegex(@"^(8\.\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?|\[8\.\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?\])\z")]
    private static partial Regex MassTransit8();

    public static IReadOnlyList<(string Package, string Version)> PackageVersions(string packagesPropsXml) =>
        [.. XDocument.Parse(packagesPropsXml).Descendants()
            .Where(e => e.Name.LocalName == "PackageVersion")
            .Select(e => ((string?)e.Attribute("Include") ?? "", (string?)e.Attribute("Version") ?? ""))];

    /// <summary>The kernel (services/BuildingBlocks/Governance.Kernel) is vocabulary every service's
    /// Domain/ uses, so it depends on nothing but the BCL: no project, package or framework reference.</summary>
    public static IReadOnlyList<string> KernelViolations(string projectPath, string projectXml) =>
        [.. XDocument.Parse(projectXml).Descendants()
            .Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference" or "FrameworkReference")
            .Select(e => $"{projectPath}: {e.Name.LocalName} {(string?)e.Attribute("Include")}; the kernel depends on the BCL only")];

    /// <summary>Versions are central: a project's PackageReference carries no Version or VersionOverride.</summary>
    public static IReadOnlyList<string> PackageVersionViolations(string projectPath, string projectXml) =>
        [.. XDocument.Parse(projectXml).Descendants()
            .Where(e => e.Name.LocalName == "PackageReference")
            .Where(e => e.Attribute("Version") is not null || e.Attribute("VersionOverride") is not null
                || e.Elements().Any(c => c.Name.LocalName is "Version" or "VersionOverride"))
            .Select(e => $"{projectPath}: PackageReference {(string?)e.Attribute("Include")} sets its own version; " +
                "versions belong in Directory.Packages.props")];
}
