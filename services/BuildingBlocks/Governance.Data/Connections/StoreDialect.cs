using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Governance.Data.Connections;

/// <summary>The two SQL dialects: PostgreSQL in production, SQLite in the embedded default.</summary>
public enum StoreDialect
{
    Sqlite,
    Postgres,
}

/// <summary>The few places where the dialects differ, kept together.</summary>
public static class StoreDialectExtensions
{
    /// <summary>Row lock for read-modify-write in PostgreSQL. SQLite needs none: its write
    /// transactions are IMMEDIATE and take the database lock when they begin.</summary>
    public static string ForUpdate(this StoreDialect dialect) => dialect == StoreDialect.Postgres ? " FOR UPDATE" : "";

    /// <summary>A shared row lock in PostgreSQL: many may hold it at once, and it keeps out a writer of the
    /// row (its FOR UPDATE waits) until they commit. SQLite needs none (one writer at a time).</summary>
    public static string ForShare(this StoreDialect dialect) => dialect == StoreDialect.Postgres ? " FOR SHARE" : "";

    /// <summary><c>column IN @parameter</c> for a list parameter. Dapper expands a list into
    /// <c>(@p1, @p2, ...)</c> for SQLite, but hands it to Npgsql as one array parameter, which
    /// PostgreSQL only accepts as <c>= ANY(@parameter)</c>.</summary>
    public static string InList(this StoreDialect dialect, string column, string parameter) =>
        dialect == StoreDialect.Postgres ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    /// <summary>A text column compared and ordered by bytes, as SQLite does by default. Keyset
    /// paging needs it: a locale collation (e.g. en_US) ignores '-' and orders ids differently.</summary>
    public static string Binary(this StoreDialect dialect, string column) =>
        dialect == StoreDialect.Postgres ? $"{column} COLLATE \"C\"" : column;

    public static bool IsUniqueViolation(this StoreDialect dialect, Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        // SQLITE_CONSTRAINT (19) with extended codes PRIMARYKEY (1555) or UNIQUE (2067).
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 1555 or 2067,
        DbException { InnerException: { } inner } => dialect.IsUniqueViolation(inner),
        _ => false,
    };

    /// <summary>The database did not answer, or not in time: PostgreSQL unreachable, a lost connection, a
    /// timeout (Npgsql's transient errors); SQLite busy or locked past its busy timeout. The caller may
    /// try again shortly (UNAVAILABLE), as with any dependency that is away; it is not an internal error.</summary>
    public static bool IsUnavailable(this StoreDialect dialect, Exception ex) => ex switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        // SQLITE_BUSY (5), SQLITE_LOCKED (6).
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6,
        DbException { InnerException: { } inner } => dialect.IsUnavailable(inner),
        _ => false,
    };
}
