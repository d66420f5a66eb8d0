using Npgsql;
using Xunit;

namespace Governance.Testing;

/// <summary>
/// A fresh, uniquely named PostgreSQL database for one test class (use as an xunit class or collection fixture),
/// created on the process-wide <see cref="PostgresServer"/> and dropped on dispose.
/// Initialization never throws when the server is missing; tests call <see cref="RequireServer"/>, which fails
/// the test in CI and skips it elsewhere.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private string? connectionString;
    private string? adminConnectionString;

    /// <summary>Name of the database, <c>gov_test_</c> followed by 12 hex digits.</summary>
    public string DatabaseName { get; } = "gov_test_" + Guid.NewGuid().ToString("N")[..12];

    public bool IsAvailable => connectionString is not null;

    /// <summary>Why the database could not be had; null when available (and before initialization).</summary>
    public string? UnavailableReason { get; private set; }

    /// <summary>
    /// Connection string to this test's own database (with <c>Include Error Detail=true</c>).
    /// When the server is unavailable, reading it fails the test in CI and skips it elsewhere.
    /// </summary>
    public string ConnectionString
    {
        get
        {
            RequireServer();
            return connectionString!;
        }
    }

    /// <summary>When the database is unavailable: fails the test in CI, skips it otherwise.</summary>
    public void RequireServer()
    {
        if (!IsAvailable)
        {
            TestEnvironment.FailOrSkip(
                $"PostgreSQL is not available: {UnavailableReason ?? "the fixture was not initialized"}");
        }
    }

    public async ValueTask InitializeAsync()
    {
        var server = await PostgresServer.GetAsync();
        if (!server.IsAvailable)
        {
            UnavailableReason = server.UnavailableReason;
            return;
        }

        try
        {
            await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
            {
                await admin.OpenAsync();
                await using var create = admin.CreateCommand();
                // The name is generated above (letters, digits, underscore): safe to inline.
                create.CommandText = $"CREATE DATABASE \"{DatabaseName}\" ENCODING 'UTF8' TEMPLATE template0";
                await create.ExecuteNonQueryAsync();
            }

            adminConnectionString = server.AdminConnectionString;
            connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString)
            {
                Database = DatabaseName,
                IncludeErrorDetail = true,
            }.ConnectionString;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            UnavailableReason =
                $"could not create database {DatabaseName} on the {server.Source} server: {ex.GetType().Name}: {ex.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connectionString is null || adminConnectionString is null)
        {
            return;
        }

        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        try
        {
            await using var admin = new NpgsqlConnection(adminConnectionString);
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            // WITH (FORCE) (PostgreSQL 13+) ends sessions a test left open.
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            // A leftover database is not a test result; the throwaway server goes away with the run.
            await Console.Error.WriteLineAsync($"warning: could not drop test database {DatabaseName}: {ex.Message}");
        }
        finally
        {
            connectionString = null;
        }
    }
}
