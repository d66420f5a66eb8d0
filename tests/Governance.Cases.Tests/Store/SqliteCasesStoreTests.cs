using Governance.Data.Connections;

namespace Governance.Cases.Tests.Store;

/// <summary>The store tests on SQLite: a fresh database file for each test.</summary>
public sealed class SqliteCasesStoreTests : CasesStoreTests
{
    private readonly SqliteDatabase sqlite = new();

    protected override StoreDialect Dialect => StoreDialect.Sqlite;

    protected override string ConnectionString => sqlite.ConnectionString;

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        sqlite.Dispose();
    }
}
