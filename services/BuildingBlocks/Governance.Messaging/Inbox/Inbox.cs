using System.Data.Common;
using Dapper;
using FluentMigrator;
using Governance.Data.Migrations;

namespace Governance.Messaging.Inbox;

/// <summary>
/// The inbox: which messages each consumer has already handled. A consumer calls
/// <see cref="TryRecordAsync"/> in the transaction of its own effect; false means it has handled the
/// message before (a redelivery), and it does nothing. So a message delivered twice has one effect.
/// </summary>
public static class Inbox
{
    public const string Table = "inbox_messages";

    /// <summary>Creates the table; call from a service migration.</summary>
    public static void CreateTable(Migration migration)
    {
        migration.Create.Table(Table)
            .WithColumn("consumer").AsString(200).NotNullable().PrimaryKey()
            .WithColumn("message_id").AsString(36).NotNullable().PrimaryKey()
            .WithColumn("processed_at").AsInstant().NotNullable();
        migration.Create.Index($"ix_{Table}_processed").OnTable(Table).OnColumn("processed_at").Ascending();
    }

    /// <summary>Records that <paramref name="consumer"/> handles <paramref name="messageId"/> in the
    /// caller's transaction. True the first time; false when already recorded. A concurrent duplicate
    /// waits on the row (PostgreSQL) or the database lock (SQLite) and then sees it.</summary>
    public static async Task<bool> TryRecordAsync(DbConnection connection, DbTransaction transaction,
        string consumer, Guid messageId, DateTime nowUtc)
    {
        var inserted = await connection.ExecuteAsync(
            $"INSERT INTO {Table} (consumer, message_id, processed_at) VALUES (@consumer, @messageId, @nowUtc) " +
            "ON CONFLICT (consumer, message_id) DO NOTHING",
            new { consumer, messageId = messageId.ToString(), nowUtc }, transaction);
        return inserted == 1;
    }
}
