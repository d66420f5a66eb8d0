using Dapper;
using Governance.Data.Connections;
using Governance.Reminders.Domain;

namespace Governance.Reminders.Data;

/// <summary>Personal secret calendar feeds: found by the hash of their secret, listed and revoked by
/// their owner.</summary>
public sealed partial class RemindersSession
{
    public Task InsertFeedAsync(CalendarFeedRecord f) => Connection.ExecuteAsync(
        """
        INSERT INTO calendar_feeds (id, body_id, owner, secret_hash, shows_closed, created_at)
        VALUES (@Id, @BodyId, @Owner, @SecretHash, @ShowsClosed, @CreatedAt)
        """, f, Transaction);

    public async Task<int> CountFeedsOfAsync(string owner) =>
        (int)await Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM calendar_feeds WHERE owner = @owner", new { owner }, Transaction);

    /// <summary>The owner's feed <paramref name="id"/> of the body, or null (also when another owns it).</summary>
    public async Task<CalendarFeedRecord?> GetFeedAsync(string bodyId, string id, string owner) =>
        (await Connection.QuerySingleOrDefaultAsync<FeedRow>(
            "SELECT * FROM calendar_feeds WHERE id = @id AND body_id = @bodyId AND owner = @owner", new { id, bodyId, owner }, Transaction))?.ToRecord();

    /// <summary>The feed whose secret hashes to <paramref name="secretHash"/>, or null (unknown or revoked).</summary>
    public async Task<CalendarFeedRecord?> FeedBySecretHashAsync(string secretHash) =>
        (await Connection.QuerySingleOrDefaultAsync<FeedRow>(
            "SELECT * FROM calendar_feeds WHERE secret_hash = @secretHash", new { secretHash }, Transaction))?.ToRecord();

    /// <summary>A page of the owner's feeds (of one body, or of all when <paramref name="bodyId"/> is
    /// null), newest first, after the keyset position <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<CalendarFeedRecord>> ListFeedsAsync(string owner, string? bodyId, (DateTime At, string Id)? after, int limit)
    {
        var sql = "SELECT * FROM calendar_feeds WHERE owner = @owner";
        if (bodyId is not null) sql += " AND body_id = @bodyId";
        if (after is not null) sql += $" AND (created_at < @at OR (created_at = @at AND {Dialect.Binary("id")} < @id))";
        sql += $" ORDER BY created_at DESC, {Dialect.Binary("id")} DESC LIMIT @limit";
        return [.. (await Connection.QueryAsync<FeedRow>(sql, new { owner, bodyId, at = after?.At, id = after?.Id, limit }, Transaction))
            .Select(r => r.ToRecord())];
    }

    public Task DeleteFeedAsync(CalendarFeedRecord f) =>
        Connection.ExecuteAsync("DELETE FROM calendar_feeds WHERE id = @Id", new { f.Id }, Transaction);

    private sealed class FeedRow
    {
        public string Id { get; set; } = "";
        public string BodyId { get; set; } = "";
        public string Owner { get; set; } = "";
        public string SecretHash { get; set; } = "";
        public bool ShowsClosed { get; set; }
        public DateTime CreatedAt { get; set; }

        public CalendarFeedRecord ToRecord() => new()
        {
            Id = Id, BodyId = BodyId, Owner = Owner, SecretHash = SecretHash, ShowsClosed = ShowsClosed, CreatedAt = DbTime.Utc(CreatedAt),
        };
    }
}
