using System.Data.Common;
using Dapper;
using FluentMigrator;
using Governance.Data.Connections;
using Governance.Data.Migrations;
using Governance.Data.UnitOfWork;

namespace Governance.Data.Audit;

/// <summary>One entry of a service's append-only audit log.</summary>
public sealed record AuditRecord(
    string Id,
    DateTime OccurredAt,
    string Subject,
    string Roles,
    string Method,
    string Resource,
    string Action,
    string? RequestId,
    string? Detail = null);

/// <summary>
/// The append-only audit log every service keeps in its own store. A change appends its entry in its
/// own transaction, so the entry exists exactly when the change does. Nothing here updates or deletes.
/// </summary>
public static class AuditLog
{
    public const string Table = "audit_entries";

    /// <summary>Creates the table; call from a service migration.</summary>
    public static void CreateTable(Migration migration)
    {
        migration.Create.Table(Table)
            .WithColumn("id").AsString(32).PrimaryKey()
            .WithColumn("occurred_at").AsInstant().NotNullable()
            .WithColumn("subject").AsString(200).NotNullable()
            .WithColumn("roles").AsString(500).NotNullable()
            .WithColumn("method").AsString(200).NotNullable()
            .WithColumn("resource").AsString(500).NotNullable()
            .WithColumn("action").AsString(40).NotNullable()
            .WithColumn("request_id").AsString(64).Nullable();
        migration.Create.Index($"ix_{Table}_time").OnTable(Table).OnColumn("occurred_at").Descending().OnColumn("id").Descending();
        migration.Create.Index($"ix_{Table}_resource").OnTable(Table).OnColumn("resource").Ascending();
        migration.Create.Index($"ix_{Table}_subject").OnTable(Table).OnColumn("subject").Ascending();
    }

    /// <summary>Adds <c>detail</c>: what a change was, in words, where method and resource do not say it
    /// (an operator's host command: its parameters and what it did). Call from a service migration.</summary>
    public static void AddDetail(Migration migration) =>
        migration.Alter.Table(Table).AddColumn("detail").AsString(1000).Nullable();

    public static Task AppendAsync(DbConnection connection, DbTransaction transaction, AuditRecord entry) =>
        AppendAllAsync(connection, transaction, [entry]);

    /// <summary>Appends many entries in as few statements as the drivers' parameter limits allow (one
    /// for up to <see cref="RowsPerInsert"/> entries): a read that returned many closed items costs no
    /// statement per item.</summary>
    public static async Task AppendAllAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> entries)
    {
        foreach (var (sql, parameters) in Inserts(entries))
        {
            await connection.ExecuteAsync(sql, new DynamicParameters(parameters), transaction);
        }
    }

    /// <summary>Queues the entries' inserts on <paramref name="batch"/>, sent with the unit of work's
    /// other final inserts just before its commit: still in the change's own transaction.</summary>
    public static void Queue(WriteBatch batch, IReadOnlyList<AuditRecord> entries)
    {
        foreach (var (sql, parameters) in Inserts(entries))
        {
            batch.Add(sql, parameters);
        }
    }

    private static IEnumerable<(string Sql, Dictionary<string, object?> Parameters)> Inserts(IReadOnlyList<AuditRecord> entries)
    {
        foreach (var chunk in entries.Chunk(RowsPerInsert))
        {
            var parameters = new Dictionary<string, object?>();
            var rows = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var e = chunk[i];
                rows.Add($"(@Id{i}, @OccurredAt{i}, @Subject{i}, @Roles{i}, @Method{i}, @Resource{i}, @Action{i}, @RequestId{i}, @Detail{i})");
                parameters[$"Id{i}"] = e.Id;
                parameters[$"OccurredAt{i}"] = e.OccurredAt;
                parameters[$"Subject{i}"] = e.Subject;
                parameters[$"Roles{i}"] = e.Roles;
                parameters[$"Method{i}"] = e.Method;
                parameters[$"Resource{i}"] = e.Resource;
                parameters[$"Action{i}"] = e.Action;
                parameters[$"RequestId{i}"] = e.RequestId;
                parameters[$"Detail{i}"] = e.Detail;
            }
            yield return ($"INSERT INTO {Table} (id, occurred_at, subject, roles, method, resource, action, request_id, detail) VALUES {string.Join(", ", rows)}",
                parameters);
        }
    }

    /// <summary>Rows of one multi-row INSERT: 9 parameters each, far below SQLite's 32,766 and
    /// PostgreSQL's 65,535.</summary>
    public const int RowsPerInsert = 500;

    /// <summary>Entries newest first, keyset-paged on (occurred_at, id). <paramref name="resource"/>
    /// matches the resource itself and everything under it.</summary>
    public static async Task<IReadOnlyList<AuditRecord>> ListAsync(DbConnection connection, DbTransaction transaction, StoreDialect dialect,
        string? resource, string? subject, DateTime? fromUtc, DateTime? toUtc, (DateTime OccurredAt, string Id)? before, int limit)
    {
        var sql = $"SELECT id, occurred_at, subject, roles, method, resource, action, request_id, detail FROM {Table} WHERE 1 = 1";
        if (resource is not null) sql += " AND (resource = @resource OR resource LIKE @under)";
        if (subject is not null) sql += " AND subject = @subject";
        if (fromUtc is not null) sql += " AND occurred_at >= @fromUtc";
        if (toUtc is not null) sql += " AND occurred_at < @toUtc";
        if (before is not null) sql += $" AND (occurred_at < @beforeAt OR (occurred_at = @beforeAt AND {dialect.Binary("id")} < @beforeId))";
        sql += $" ORDER BY occurred_at DESC, {dialect.Binary("id")} DESC LIMIT @limit";
        var rows = await connection.QueryAsync<Row>(sql, new
        {
            resource,
            // Resource names hold only [a-z0-9-/], so they carry no LIKE wildcards.
            under = resource + "/%",
            subject,
            fromUtc,
            toUtc,
            beforeAt = before?.OccurredAt,
            beforeId = before?.Id,
            limit,
        }, transaction);
        return [.. rows.Select(r => new AuditRecord(r.Id, DbTime.Utc(r.OccurredAt), r.Subject, r.Roles, r.Method, r.Resource, r.Action, r.RequestId, r.Detail))];
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public DateTime OccurredAt { get; set; }
        public string Subject { get; set; } = "";
        public string Roles { get; set; } = "";
        public string Method { get; set; } = "";
        public string Resource { get; set; } = "";
        public string Action { get; set; } = "";
        public string? RequestId { get; set; }
        public string? Detail { get; set; }
    }
}
