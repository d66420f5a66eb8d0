using System.Reflection;

namespace Governance.ServiceDefaults.Telemetry;

/// <summary>What was built: the version, and the commit it was built from when the build knew it. The
/// .NET SDK appends the commit (its <c>SourceRevisionId</c>, from git, or <c>-p:SourceRevisionId=...</c>
/// where the sources have no .git, as in an image build) to the informational version after a '+'.</summary>
public sealed record BuildInfo(string Version, string Commit)
{
    public const string UnknownCommit = "unknown";

    /// <summary>This build's, read from the assembly every service host shares.</summary>
    public static BuildInfo Current { get; } = Parse(typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(BuildInfo).Assembly.GetName().Version?.ToString() ?? "0.0.0");

    /// <summary>"1.2.0+0f3c…" is version 1.2.0 of commit 0f3c…; without a '+' the commit is unknown.</summary>
    public static BuildInfo Parse(string informationalVersion)
    {
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return new BuildInfo(informationalVersion, UnknownCommit);
        }
        var commit = informationalVersion[(plus + 1)..];
        return new BuildInfo(informationalVersion[..plus], commit.Length == 0 ? UnknownCommit : commit);
    }
}
