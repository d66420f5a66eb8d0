using Governance.Data.Connections;

namespace Governance.Cases.Tests.Store;

/// <summary>The store tests on PostgreSQL: one database for the class (the tests keep to their own
/// years and names). Without a server they are skipped locally and fail in CI.</summary>
public sealed class PostgresCasesStoreTests(PostgresDatabase postgres) : CasesStoreTests, IClassFixture<PostgresDatabase>
{
    protected override StoreDialect Dialect => StoreDialect.Postgres;

    protected override string ConnectionString
    {
        get
        {
            postgres.RequireServer();
            return postgres.ConnectionString;
        }
    }
}
