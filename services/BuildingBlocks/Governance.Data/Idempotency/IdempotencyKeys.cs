using System.Data.Common;
using Dapper;
using FluentMigrator;
using Governance.Data.Migrations;
using Governance.Data.UnitOfWork;
using Governance.ServiceDefaults.Errors;

namespace Governance.Data.Idempotency;

/// <summary>
/// AIP-155 request ids. A mutation records its request id and the resource it produced in the same
/// transaction as its effect; a retry with the same id and the same request gets that resource back.
/// </summary>
public static class IdempotencyKeys
{
    public const string Table = "idempotency_keys";

    /// <summary>Creates the table; call from a service's first migration.</summary>
    public static void CreateTable(Migration migration)
    {
        migration.Create.Table(Table)
            .WithColumn("request_id").AsString(64).PrimaryKey()
            .WithColumn("operation").AsString(100).NotNullable()
            .WithColumn("request_hash").AsString(64).NotNullable()
            .WithColumn("resource_name").AsString(500).NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable();
    }

    /// <summary>Validates the id's form: empty (no idempotency) or a UUID.</summary>
    public static string? Normalize(string? requestId, string field = "request_id")
    {
        if (string.IsNullOrEmpty(requestId))
        {
            return null;
        }
        if (!Guid.TryParse(requestId, out var id))
        {
            throw new ValidationException(field, "must be a UUID, e.g. 3f2c7a9e-1b4d-4c8e-9f00-5d6e7a8b9c0d");
        }
        return id.ToString("D");
    }

    /// <summary>The resource an earlier request with this id produced, or null. ALREADY_EXISTS when
    /// the id was used for a different request.</summary>
    public static async Task<string?> FindAsync(DbConnection connection, DbTransaction transaction,
        string requestId, string operation, string requestHash)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(string Operation, string RequestHash, string ResourceName)>(
            $"SELECT operation, request_hash, resource_name FROM {Table} WHERE request_id = @requestId",
            new { requestId }, transaction);
        if (row.ResourceName is null)
        {
            return null;
        }
        if (row.Operation != operation || row.RequestHash != requestHash)
        {
            throw new AlreadyExistsException(row.ResourceName,
                $"request_id {CallerValue.Quote(requestId)} was already used for a different request.", "REQUEST_ID_REUSED");
        }
        return row.ResourceName;
    }

    private const string InsertSql =
        $"INSERT INTO {Table} (request_id, operation, request_hash, resource_name, created_at) " +
        "VALUES (@requestId, @operation, @requestHash, @resourceName, @now)";

    public static Task RecordAsync(DbConnection connection, DbTransaction transaction,
        string requestId, string operation, string requestHash, string resourceName, DateTime now) =>
        connection.ExecuteAsync(InsertSql, new { requestId, operation, requestHash, resourceName, now }, transaction);

    /// <summary>As <see cref="RecordAsync"/>, queued on <paramref name="batch"/> (sent just before the
    /// commit, in the same transaction): a concurrent first use of the id fails the commit's unit of
    /// work with a unique-key violation, as the insert itself would have.</summary>
    public static void Queue(WriteBatch batch, string requestId, string operation, string requestHash, string resourceName, DateTime now) =>
        batch.Add(InsertSql, new Dictionary<string, object?>
        {
            ["requestId"] = requestId, ["operation"] = operation, ["requestHash"] = requestHash, ["resourceName"] = resourceName, ["now"] = now,
        });
}
