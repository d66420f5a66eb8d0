using System.Text.Json;
using Dapper;
using Governance.Data.Connections;
using Governance.Reminders.Domain;

namespace Governance.Reminders.Data;

/// <summary>The statutory deadlines catalogue, and the reminders made from a source found by its key.</summary>
public sealed partial class RemindersSession
{
    public async Task<StatutoryDeadline?> GetStatutoryDeadlineAsync(string key, bool forUpdate = false) =>
        (await Connection.QuerySingleOrDefaultAsync<DeadlineRow>(
            $"SELECT * FROM statutory_deadlines WHERE deadline_key = @key{(forUpdate ? Dialect.ForUpdate() : "")}", new { key }, Transaction))?.ToRecord();

    /// <summary>The catalogue by key, after <paramref name="afterKey"/>.</summary>
    public async Task<IReadOnlyList<StatutoryDeadline>> ListStatutoryDeadlinesAsync(string afterKey, int limit) =>
        [.. (await Connection.QueryAsync<DeadlineRow>(
            $"SELECT * FROM statutory_deadlines WHERE {Dialect.Binary("deadline_key")} > @afterKey ORDER BY {Dialect.Binary("deadline_key")} LIMIT @limit",
            new { afterKey, limit }, Transaction)).Select(r => r.ToRecord())];

    public async Task UpdateStatutoryDeadlineAsync(StatutoryDeadline d)
    {
        var (_, value, start, label) = StoredTime.From(d.Time);
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE statutory_deadlines SET subject = @Subject, time_value = @value, time_start = @start, time_label = @label,
              responsible = @responsible, legal_basis = @LegalBasis, version = @Version, updated_at = @UpdatedAt
            WHERE deadline_key = @Key AND version = @Version - 1
            """,
            new { d.Key, d.Subject, value, start, label, responsible = JsonSerializer.Serialize(d.DefaultResponsible.Parties), d.LegalBasis, d.Version, d.UpdatedAt },
            Transaction);
        EnsureOne(rows, d.Name);
    }

    /// <summary>The body whose list has the reminder made from <paramref name="sourceKey"/>, or null;
    /// read without a lock, to know which list to lock before reading it for change.</summary>
    public Task<string?> BodyOfSourceKeyAsync(string sourceKey) => Connection.QueryFirstOrDefaultAsync<string?>(
        "SELECT body_id FROM reminders WHERE source_key = @sourceKey", new { sourceKey }, Transaction);

    /// <summary>The reminder a body's list has from <paramref name="sourceKey"/> (e.g. an enabled
    /// deadline), in any state, locked for change.</summary>
    public async Task<ReminderRecord?> GetReminderBySourceKeyAsync(string sourceKey) =>
        (await Connection.QuerySingleOrDefaultAsync<ReminderRow>(
            $"SELECT * FROM reminders WHERE source_key = @sourceKey{Dialect.ForUpdate()}", new { sourceKey }, Transaction))?.ToRecord();

    private sealed class DeadlineRow
    {
        public string DeadlineKey { get; set; } = "";
        public string Subject { get; set; } = "";
        public string TimeValue { get; set; } = "";
        public string TimeStart { get; set; } = "";
        public string? TimeLabel { get; set; }
        public string Responsible { get; set; } = "[]";
        public string LegalBasis { get; set; } = "";
        public long Version { get; set; }
        public DateTime? UpdatedAt { get; set; }

        public StatutoryDeadline ToRecord() => new(DeadlineKey, Subject,
            (ExpectedTime.Recurring)StoredTime.ToExpectedTime("rule", TimeValue, TimeStart, TimeLabel),
            new Responsible(JsonSerializer.Deserialize<string[]>(Responsible) ?? [], false), LegalBasis)
        {
            Version = Version,
            UpdatedAt = DbTime.Utc(UpdatedAt),
        };
    }
}
