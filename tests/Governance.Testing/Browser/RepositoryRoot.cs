namespace Governance.Testing.Browser;

/// <summary>The repository's root folder: the one holding Governance.Platform.sln(x), found upwards from
/// the test assembly (bin/&lt;configuration&gt;/net10.0 of the project), so the tests find node_modules/ and
/// artifacts/ wherever the clone is.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A path under the root, from its parts.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Governance.Platform.sln")) ||
                File.Exists(System.IO.Path.Combine(directory.FullName, "Governance.Platform.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Governance.Platform.sln(x) in {AppContext.BaseDirectory} or a folder above it.");
    }
}
