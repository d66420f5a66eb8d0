using Microsoft.Extensions.Configuration;

namespace Governance.ServiceDefaults.Hosting;

/// <summary>
/// <c>Governance:DataDirectory</c> (default <c>data</c>): the SQLite stores and the development token
/// key of the embedded default. A relative path is relative to the working directory, so the host and
/// the <c>token</c> command resolve it the same way only from the same directory, or when it is set.
/// </summary>
public static class DataDirectory
{
    public const string Setting = "Governance:DataDirectory";
    public const string Variable = "Governance__DataDirectory";

    /// <summary>The absolute path of the configured data directory.</summary>
    public static string Resolve(IConfiguration configuration) => Resolve(configuration[Setting]);

    /// <summary>The absolute path of <paramref name="configured"/> (null or empty: <c>data</c>).</summary>
    public static string Resolve(string? configured) => Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured);

    /// <summary>Creates the directory, or says in one line which setting to change when it cannot be created.</summary>
    public static string Create(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return directory;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new StartupConfigurationException(
                $"The data directory {directory} cannot be created ({ex.GetType().Name}): set {Variable} to a directory this process may write.", ex);
        }
    }
}
