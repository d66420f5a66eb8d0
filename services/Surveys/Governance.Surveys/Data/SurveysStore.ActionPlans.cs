using System.Globalization;
using Dapper;
using Governance.Data.Connections;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Data;

/// <summary>The SQL of the workplaces' action plans.</summary>
public sealed partial class SurveysSession
{
    public Task InsertActionPlanItemAsync(ActionPlanItemRecord i) => Connection.ExecuteAsync(
        """
        INSERT INTO action_plan_items (round_id, id, unit_id, problem, action, responsible, deadline, state, version, created_by, created_at, updated_at)
        VALUES (@RoundId, @Id, @UnitId, @Problem, @Action, @Responsible, @Deadline, @State, @Version, @CreatedBy, @CreatedAt, @UpdatedAt)
        """, ActionPlanItemRow.From(i), Transaction);

    public async Task<ActionPlanItemRecord?> GetActionPlanItemAsync(string roundId, string id, bool forUpdate = false) =>
        (await Connection.QuerySingleOrDefaultAsync<ActionPlanItemRow>(
            $"SELECT * FROM action_plan_items WHERE round_id = @roundId AND id = @id{(forUpdate ? Dialect.ForUpdate() : "")}",
            new { roundId, id }, Transaction))?.ToRecord();

    /// <summary>A round's items by unit, then creation, after <paramref name="after"/> when given; of
    /// <paramref name="unitId"/> only when given, and of <paramref name="units"/> only when given (the
    /// caller's scope; null: every unit).</summary>
    public async Task<IReadOnlyList<ActionPlanItemRecord>> ListActionPlanItemsAsync(string roundId, string? unitId, IReadOnlyCollection<string>? units,
        (string UnitId, DateTime CreatedAt, string Id)? after, int limit)
    {
        var unit = Dialect.Binary("unit_id");
        var id = Dialect.Binary("id");
        var sql = "SELECT * FROM action_plan_items WHERE round_id = @roundId";
        if (unitId is not null) sql += " AND unit_id = @unitId";
        if (units is not null) sql += $" AND {Dialect.InList("unit_id", "units")}";
        if (after is not null)
        {
            sql += $" AND ({unit} > @afterUnit OR ({unit} = @afterUnit AND (created_at > @afterCreated OR (created_at = @afterCreated AND {id} > @afterId))))";
        }
        sql += $" ORDER BY {unit}, created_at, {id} LIMIT @limit";
        return [.. (await Connection.QueryAsync<ActionPlanItemRow>(sql, new
            {
                roundId, unitId, units = units?.ToArray(), afterUnit = after?.UnitId, afterCreated = after?.CreatedAt, afterId = after?.Id, limit,
            }, Transaction))
            .Select(r => r.ToRecord())];
    }

    /// <summary>Writes an item read under lock one version on (ABORTED if another writer won).</summary>
    public async Task UpdateActionPlanItemAsync(ActionPlanItemRecord i)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE action_plan_items SET problem = @Problem, action = @Action, responsible = @Responsible, deadline = @Deadline, state = @State,
              version = @Version, updated_at = @UpdatedAt
            WHERE round_id = @RoundId AND id = @Id AND version = @Version - 1
            """, ActionPlanItemRow.From(i), Transaction);
        if (rows != 1)
        {
            throw new ServiceDefaults.Errors.EtagMismatchException(i.Name);
        }
    }

    private sealed class ActionPlanItemRow
    {
        private const string DateFormat = "yyyy-MM-dd";

        public string RoundId { get; set; } = "";
        public string Id { get; set; } = "";
        public string UnitId { get; set; } = "";
        public string Problem { get; set; } = "";
        public string Action { get; set; } = "";
        public string Responsible { get; set; } = "";
        public string Deadline { get; set; } = "";
        public string State { get; set; } = "";
        public long Version { get; set; }
        public string CreatedBy { get; set; } = "";
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }

        public static ActionPlanItemRow From(ActionPlanItemRecord i) => new()
        {
            RoundId = i.RoundId, Id = i.Id, UnitId = i.UnitId, Problem = i.Problem, Action = i.Action, Responsible = i.Responsible,
            Deadline = i.Deadline.ToString(DateFormat, CultureInfo.InvariantCulture), State = i.State.ToString(), Version = i.Version,
            CreatedBy = i.CreatedBy, CreatedAt = i.CreatedAt, UpdatedAt = i.UpdatedAt,
        };

        public ActionPlanItemRecord ToRecord() =>
            new(RoundId, Id, UnitId, Problem, Action, Responsible, DateOnly.ParseExact(Deadline, DateFormat, CultureInfo.InvariantCulture))
            {
                State = Enum.Parse<ActionPlanItemState>(State),
                Version = Version,
                CreatedBy = CreatedBy,
                CreatedAt = DbTime.Utc(CreatedAt),
                UpdatedAt = DbTime.Utc(UpdatedAt),
            };
    }
}
