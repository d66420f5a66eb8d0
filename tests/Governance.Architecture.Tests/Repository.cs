namespace Governance.Architecture.Tests;

/// <summary>The repository the tests run in: found by walking up to the solution file.</summary>
public static class Repository
{
    public const string SolutionFile = "Governance.Platform.sln";

    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No {SolutionFile} in {start} or any directory above it.");
    }

    private static string FindRoot() => FindRoot(AppContext.BaseDirectory);

    /// <summary>Repository-relative path with '/' separators.</summary>
    public static string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    /// <summary>Files under <paramref name="relativeDirectory"/>, without build output (bin/, obj/).</summary>
    public static IEnumerable<string> SourceFiles(string relativeDirectory, string pattern) =>
        Directory.EnumerateFiles(Path.Combine(Root, relativeDirectory), pattern, SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Relative(f)));

    public static bool IsBuildOutput(string relativePath) =>
        relativePath.Split('/').Any(segment => segment is "bin" or "obj");
}
