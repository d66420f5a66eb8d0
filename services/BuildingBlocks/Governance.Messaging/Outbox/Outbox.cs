using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Dapper;
using FluentMigrator;
using Governance.Data.Migrations;
using Governance.Data.UnitOfWork;
using MassTransit;

namespace Governance.Messaging.Outbox;

/// <summary>A row of the outbox: one event waiting to be published. (Properties rather than a
/// positional record: Dapper then converts SQLite's integers and text to the declared types.)</summary>
public sealed class OutboxRow
{
    public long Sequence { get; init; }
    public string MessageId { get; init; } = "";
    public string MessageType { get; init; } = "";
    public string Body { get; init; } = "";
    public string? TraceParent { get; init; }
    public string? TraceState { get; init; }

    /// <summary>The resource whose events go out in order (null on rows written before it existed).</summary>
    public string? OrderingKey { get; init; }

    /// <summary>When the change that caused it committed (UTC; SQLite hands it back without a kind).</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>How often the relay has tried it so far.</summary>
    public int Attempts { get; init; }
}

/// <summary>
/// The transactional outbox. A service writes each event with <see cref="AppendAsync"/> in the same
/// transaction as the change that caused it, so the event exists exactly when the change does; the
/// <see cref="OutboxRelay"/> publishes it later, in order per ordering key, and marks it sent.
/// </summary>
public static class Outbox
{
    public const string Table = "outbox_messages";

    /// <summary>The JSON the outbox stores events as (and reads them back with).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Creates the table; call from a service migration.</summary>
    public static void CreateTable(Migration migration)
    {
        migration.Create.Table(Table)
            .WithColumn("sequence").AsInt64().PrimaryKey().Identity()
            .WithColumn("message_id").AsString(36).NotNullable().Unique()
            .WithColumn("message_type").AsString(200).NotNullable()
            .WithColumn("body").AsString(int.MaxValue).NotNullable()
            .WithColumn("trace_parent").AsString(64).Nullable()
            .WithColumn("trace_state").AsString(512).Nullable()
            .WithColumn("created_at").AsInstant().NotNullable()
            .WithColumn("sent_at").AsInstant().Nullable()
            .WithColumn("attempts").AsInt32().NotNullable().WithDefaultValue(0)
            .WithColumn("last_error").AsString(1000).Nullable();
        migration.Create.Index($"ix_{Table}_pending").OnTable(Table).OnColumn("sent_at").Ascending().OnColumn("sequence").Ascending();
    }

    /// <summary>Adds <c>ordering_key</c> (the resource whose events must go out in order); call from a
    /// service migration after <see cref="CreateTable"/>. Rows written before have none: the relay
    /// publishes those one after another.</summary>
    public static void AddOrderingKey(Migration migration) =>
        migration.Alter.Table(Table).AddColumn("ordering_key").AsString(500).Nullable();

    /// <summary>Adds <c>parked_at</c>: when the relay gave up on a row that failed for a reason of its own
    /// (see <see cref="OutboxRelay"/>); parked rows are not relayed, not purged, and wait for an operator
    /// (<c>Governance.Host outbox</c>). Call from a service migration after <see cref="AddOrderingKey"/>.
    /// The partial index keeps the parked rows' count cheap (the same syntax in PostgreSQL and SQLite).</summary>
    public static void AddParking(Migration migration)
    {
        migration.Alter.Table(Table).AddColumn("parked_at").AsInstant().Nullable();
        migration.Execute.Sql($"CREATE INDEX ix_{Table}_parked ON {Table} (sequence) WHERE parked_at IS NOT NULL");
    }

    /// <summary>Writes <paramref name="message"/> to the outbox in the caller's transaction. Its type
    /// must carry a <see cref="MessageUrnAttribute"/>: the URN is the stable name on the wire and in the
    /// table. <paramref name="orderingKey"/> names the resource the event is about (a meeting, a case):
    /// the relay publishes the events of one key in the order they were written, and different keys
    /// side by side. The current trace context (W3C traceparent) goes with it, so the consumer continues
    /// the trace of the call that caused the event. Returns the message id.</summary>
    public static async Task<Guid> AppendAsync(DbConnection connection, DbTransaction transaction, object message, string orderingKey,
        DateTime nowUtc)
    {
        var (messageId, parameters) = Row(message, orderingKey, nowUtc);
        await connection.ExecuteAsync(InsertSql, new DynamicParameters(parameters), transaction);
        return messageId;
    }

    /// <summary>As <see cref="AppendAsync"/>, queued on the unit of work's <paramref name="batch"/>
    /// (<see cref="DbSession.Tail"/>): sent with its other final inserts just before the commit, in
    /// the same transaction, in the order queued.</summary>
    public static Guid Queue(WriteBatch batch, object message, string orderingKey, DateTime nowUtc)
    {
        var (messageId, parameters) = Row(message, orderingKey, nowUtc);
        batch.Add(InsertSql, parameters);
        return messageId;
    }

    private const string InsertSql =
        $"INSERT INTO {Table} (message_id, message_type, body, trace_parent, trace_state, created_at, attempts, ordering_key) " +
        "VALUES (@MessageId, @MessageType, @Body, @TraceParent, @TraceState, @CreatedAt, 0, @OrderingKey)";

    private static (Guid MessageId, Dictionary<string, object?> Parameters) Row(object message, string orderingKey, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(orderingKey);
        var messageId = NewId.NextGuid();
        var activity = Activity.Current;
        return (messageId, new Dictionary<string, object?>
        {
            ["OrderingKey"] = orderingKey,
            ["MessageId"] = messageId.ToString(),
            ["MessageType"] = UrnOf(message.GetType()),
            ["Body"] = JsonSerializer.Serialize(message, message.GetType(), Json),
            // The trace context of the call that queued it, taken now (not when the batch is sent).
            ["TraceParent"] = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
            ["TraceState"] = activity?.TraceStateString,
            ["CreatedAt"] = nowUtc,
        });
    }

    /// <summary>The URN of an event type, from its [MessageUrn].</summary>
    public static string UrnOf(Type type) =>
        type.GetCustomAttribute<MessageUrnAttribute>()?.Urn.ToString()
        ?? throw new InvalidOperationException($"{type.FullName} has no [MessageUrn]; every event needs a stable name.");
}
