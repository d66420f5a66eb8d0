using Microsoft.Data.Sqlite;

namespace Governance.Testing;

/// <summary>
/// A SQLite database file in a private temporary directory; the directory is deleted on dispose.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private bool disposed;

    public SqliteDatabase()
    {
        DirectoryPath = Path.Combine(Path.GetTempPath(), "gov-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(DirectoryPath);
        FilePath = Path.Combine(DirectoryPath, "test.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath }.ConnectionString;
    }

    public string DirectoryPath { get; }

    public string FilePath { get; }

    /// <summary><c>Data Source=&lt;path&gt;</c>; the file is created on first open.</summary>
    public string ConnectionString { get; }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        // Pooled connections keep the file open; release them before deleting.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still held open only leaves a stray temp directory behind.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
