using Governance.Data.Connections;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Governance.BuildingBlocks.Tests.Data;

public sealed class ServiceDatabaseConnectionTests
{
    [Fact]
    public async Task Sqlite_settings_hold_on_a_reused_pooled_connection_and_on_a_second_one()
    {
        var file = Path.Combine(Path.GetTempPath(), $"governance-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
        await using var database = new ServiceDatabase("Test", StoreDialect.Sqlite, connectionString);
        try
        {
            SQLitePCL.sqlite3 firstHandle;
            await using (var first = await database.OpenAsync(TestContext.Current.CancellationToken))
            {
                firstHandle = ((SqliteConnection)first).Handle!;
                await AssertSettingsAsync(first);
                // Open at the same time: the pool gives a second handle, which needs its own settings.
                await using var second = await database.OpenAsync(TestContext.Current.CancellationToken);
                Assert.NotSame(firstHandle, ((SqliteConnection)second).Handle);
                await AssertSettingsAsync(second);
            }
            for (var i = 0; i < 3; i++)
            {
                await using var reused = await database.OpenAsync(TestContext.Current.CancellationToken);
                await AssertSettingsAsync(reused);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Sqlite_pool_hands_back_the_same_native_handle()
    {
        // The premise of setting the PRAGMAs once per handle: a closed connection's handle is reused.
        var file = Path.Combine(Path.GetTempPath(), $"governance-{Guid.NewGuid():N}.db");
        await using var database = new ServiceDatabase("Test", StoreDialect.Sqlite, new SqliteConnectionStringBuilder { DataSource = file }.ToString());
        try
        {
            SQLitePCL.sqlite3 handle;
            await using (var first = await database.OpenAsync(TestContext.Current.CancellationToken))
            {
                handle = ((SqliteConnection)first).Handle!;
            }
            await using var reused = await database.OpenAsync(TestContext.Current.CancellationToken);
            Assert.Same(handle, ((SqliteConnection)reused).Handle);
            await AssertSettingsAsync(reused);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public void Postgres_connections_prepare_automatically_by_default()
    {
        var builder = new NpgsqlConnectionStringBuilder(ServiceDatabase.WithPostgresDefaults("Host=db;Database=meetings;Username=u;Password=p"));
        Assert.Equal(ServiceDatabase.MaxAutoPrepare, builder.MaxAutoPrepare);
        Assert.Equal(ServiceDatabase.AutoPrepareMinUsages, builder.AutoPrepareMinUsages);
        Assert.Equal("p", builder.Password);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;Auto Prepare Min Usages=7", 0, 7)]
    [InlineData("Host=db;maxautoprepare=10", 10, ServiceDatabase.AutoPrepareMinUsages)]
    [InlineData("Host=db;AUTO PREPARE MIN USAGES=3", ServiceDatabase.MaxAutoPrepare, 3)]
    public void An_operators_auto_prepare_settings_are_kept(string connectionString, int max, int minUsages)
    {
        var builder = new NpgsqlConnectionStringBuilder(ServiceDatabase.WithPostgresDefaults(connectionString));
        Assert.Equal(max, builder.MaxAutoPrepare);
        Assert.Equal(minUsages, builder.AutoPrepareMinUsages);
    }

    private static async Task AssertSettingsAsync(System.Data.Common.DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys";
        Assert.Equal(1L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        command.CommandText = "PRAGMA busy_timeout";
        Assert.Equal(10000L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
