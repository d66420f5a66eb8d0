using System.Data.Common;
using System.Text;
using Dapper;
using Governance.Data.Connections;
using Governance.Data.Json;
using Governance.Data.UnitOfWork;
using Governance.Surveys.Domain;
using Governance.Surveys.V1;

namespace Governance.Surveys.Data;

/// <summary>Opens units of work on the Surveys database. Every change runs in one transaction.</summary>
public sealed class SurveysStore(ServiceDatabase database)
{
    static SurveysStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public ServiceDatabase Database => database;

    /// <summary>Starts a unit of work (see <see cref="DbSessions.BeginAsync"/>).</summary>
    public Task<SurveysSession> BeginAsync(bool write, CancellationToken cancellationToken) =>
        database.BeginAsync(write, (connection, transaction, dialect) => new SurveysSession(connection, transaction, dialect), cancellationToken);
}

/// <summary>One connection and transaction; the SQL of the Surveys service lives here.</summary>
public sealed partial class SurveysSession(DbConnection connection, DbTransaction transaction, StoreDialect dialect)
    : DbSession(connection, transaction, dialect)
{
    /// <summary>Rows per INSERT of an import: a few statements for the largest organisation, and well
    /// within both dialects' limits on parameters (9 a row).</summary>
    private const int RowsPerInsert = 500;

    // ---- organisation versions ----

    /// <summary>The number the next import gets. Two imports racing for it collide on the primary key,
    /// and the loser runs once more (AuditedCalls).</summary>
    public async Task<long> NextVersionAsync() =>
        await Connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(version), 0) + 1 FROM organisation_versions", transaction: Transaction);

    /// <summary>Stores a new version whole: its row, its units and its managers, in a few multi-row
    /// inserts (never a statement per unit).</summary>
    public async Task InsertVersionAsync(OrganisationVersionRecord v, OrganisationTree tree)
    {
        await Connection.ExecuteAsync(
            """
            INSERT INTO organisation_versions (version, label, unit_count, manager_count, headcount, root_unit_id, imported_by, created_at)
            VALUES (@Version, @Label, @UnitCount, @ManagerCount, @Headcount, @RootUnitId, @ImportedBy, @CreatedAt)
            """, v, Transaction);
        foreach (var chunk in tree.Units.Chunk(RowsPerInsert))
        {
            await InsertRowsAsync("org_units",
                ["version", "unit_id", "parent_id", "display_name", "short_name", "kind", "manager_id", "headcount", "total_headcount", "child_count"],
                chunk.Select(u => new object?[]
                    { u.Version, u.UnitId, u.ParentId, u.DisplayName, u.ShortName, u.Kind.ToString(), u.ManagerId, u.Headcount, u.TotalHeadcount, u.ChildCount }));
        }
        foreach (var chunk in tree.Managers.Chunk(RowsPerInsert))
        {
            await InsertRowsAsync("org_managers", ["version", "manager_id", "display_name", "title", "reports_to"],
                chunk.Select(m => new object?[] { m.Version, m.ManagerId, m.DisplayName, m.Title, m.ReportsTo }));
        }
    }

    private Task InsertRowsAsync(string table, string[] columns, IEnumerable<object?[]> rows)
    {
        var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
        var parameters = new DynamicParameters();
        var r = 0;
        foreach (var row in rows)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                var name = $"p{r}_{c}";
                sql.Append(c == 0 ? "@" : ", @").Append(name);
                parameters.Add(name, row[c]);
            }
            sql.Append(')');
            r++;
        }
        return Connection.ExecuteAsync(sql.ToString(), parameters, Transaction);
    }

    private const string VersionColumns =
        """
        v.version, v.label, v.unit_count, v.manager_count, v.headcount, v.root_unit_id, v.imported_by, v.created_at,
          CASE WHEN v.version = (SELECT MAX(version) FROM organisation_versions) THEN 1 ELSE 0 END AS is_current
        """;

    /// <summary>A version by number, or the newest for <see cref="VersionRef.Current"/>; null when there is none.</summary>
    public async Task<OrganisationVersionRecord?> GetVersionAsync(VersionRef version) =>
        (await Connection.QuerySingleOrDefaultAsync<VersionRow>(
            $"SELECT {VersionColumns} FROM organisation_versions v WHERE v.version = "
            + (version.Number is null ? "(SELECT MAX(version) FROM organisation_versions)" : "@number"),
            new { number = version.Number }, Transaction))?.ToRecord();

    /// <summary>The number of the newest version, or null before the first import.</summary>
    public Task<long?> CurrentVersionAsync() =>
        Connection.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM organisation_versions", transaction: Transaction);

    /// <summary>Versions older than <paramref name="before"/>, newest first.</summary>
    public async Task<IReadOnlyList<OrganisationVersionRecord>> ListVersionsAsync(long before, int limit) =>
        [.. (await Connection.QueryAsync<VersionRow>(
            $"SELECT {VersionColumns} FROM organisation_versions v WHERE v.version < @before ORDER BY v.version DESC LIMIT @limit",
            new { before, limit }, Transaction)).Select(r => r.ToRecord())];

    // ---- units and managers ----

    public async Task<UnitRecord?> GetUnitAsync(long version, string unitId) =>
        (await Connection.QuerySingleOrDefaultAsync<UnitRow>(
            "SELECT * FROM org_units WHERE version = @version AND unit_id = @unitId", new { version, unitId }, Transaction))?.ToRecord();

    /// <summary>Units of the version by id after <paramref name="afterId"/>; only the children of
    /// <paramref name="parentId"/> when it is given.</summary>
    public async Task<IReadOnlyList<UnitRecord>> ListUnitsAsync(long version, string? parentId, string afterId, int limit)
    {
        var sql = "SELECT * FROM org_units WHERE version = @version";
        if (parentId is not null) sql += " AND parent_id = @parentId";
        sql += $" AND {Dialect.Binary("unit_id")} > @afterId ORDER BY {Dialect.Binary("unit_id")} LIMIT @limit";
        return [.. (await Connection.QueryAsync<UnitRow>(sql, new { version, parentId, afterId, limit }, Transaction)).Select(r => r.ToRecord())];
    }

    public async Task<ManagerRecord?> GetManagerAsync(long version, string managerId)
    {
        var row = await Connection.QuerySingleOrDefaultAsync<ManagerRow>(
            "SELECT * FROM org_managers WHERE version = @version AND manager_id = @managerId", new { version, managerId }, Transaction);
        return row is null ? null : (await WithUnitsAsync(version, [row.ToRecord()]))[0];
    }

    /// <summary>Managers of the version by id after <paramref name="afterId"/>, with the units each leads.</summary>
    public async Task<IReadOnlyList<ManagerRecord>> ListManagersAsync(long version, string afterId, int limit)
    {
        var rows = await Connection.QueryAsync<ManagerRow>(
            $"SELECT * FROM org_managers WHERE version = @version AND {Dialect.Binary("manager_id")} > @afterId ORDER BY {Dialect.Binary("manager_id")} LIMIT @limit",
            new { version, afterId, limit }, Transaction);
        return await WithUnitsAsync(version, [.. rows.Select(r => r.ToRecord())]);
    }

    /// <summary>The managers with the units they lead: one statement for all of them.</summary>
    private async Task<IReadOnlyList<ManagerRecord>> WithUnitsAsync(long version, IReadOnlyList<ManagerRecord> managers)
    {
        if (managers.Count == 0)
        {
            return managers;
        }
        var ids = managers.Select(m => m.ManagerId).ToArray();
        var led = (await Connection.QueryAsync<(string ManagerId, string UnitId)>(
                $"SELECT manager_id, unit_id FROM org_units WHERE version = @version AND {Dialect.InList("manager_id", "ids")} ORDER BY {Dialect.Binary("unit_id")}",
                new { version, ids }, Transaction))
            .ToLookup(x => x.ManagerId, x => x.UnitId, StringComparer.Ordinal);
        return [.. managers.Select(m => m with { UnitIds = [.. led[m.ManagerId]] })];
    }

    // ---- instruments ----

    public Task InsertInstrumentAsync(InstrumentRecord i) => Connection.ExecuteAsync(
        """
        INSERT INTO instruments (id, display_name, kind, description, themes, item_count, template, source_instrument, version, created_at, updated_at)
        VALUES (@Id, @DisplayName, @Kind, @Description, @Themes, @ItemCount, @Template, @SourceInstrument, @Version, @CreatedAt, @UpdatedAt)
        """, InstrumentRow.From(i), Transaction);

    public async Task<InstrumentRecord?> GetInstrumentAsync(string id, bool forUpdate = false) =>
        (await Connection.QuerySingleOrDefaultAsync<InstrumentRow>(
            $"SELECT * FROM instruments WHERE id = @id{(forUpdate ? Dialect.ForUpdate() : "")}", new { id }, Transaction))?.ToRecord();

    /// <summary>Instruments by id after <paramref name="afterId"/>, of one kind when given.</summary>
    public async Task<IReadOnlyList<InstrumentRecord>> ListInstrumentsAsync(InstrumentKind? kind, string afterId, int limit)
    {
        var sql = "SELECT * FROM instruments WHERE " + (kind is null ? "" : "kind = @kind AND ");
        sql += $"{Dialect.Binary("id")} > @afterId ORDER BY {Dialect.Binary("id")} LIMIT @limit";
        return [.. (await Connection.QueryAsync<InstrumentRow>(sql, new { kind = kind?.ToString(), afterId, limit }, Transaction)).Select(r => r.ToRecord())];
    }

    public async Task UpdateInstrumentAsync(InstrumentRecord i)
    {
        var rows = await Connection.ExecuteAsync(
            """
            UPDATE instruments SET display_name = @DisplayName, description = @Description, themes = @Themes, item_count = @ItemCount,
              version = @Version, updated_at = @UpdatedAt
            WHERE id = @Id AND version = @Version - 1
            """, InstrumentRow.From(i), Transaction);
        if (rows != 1)
        {
            // The row is read under lock before it is written, so a miss means a concurrent writer won.
            throw new ServiceDefaults.Errors.EtagMismatchException(i.Name);
        }
    }

    // ---- rows ----

    private sealed class VersionRow
    {
        public long Version { get; set; }
        public string Label { get; set; } = "";
        public int UnitCount { get; set; }
        public int ManagerCount { get; set; }
        public int Headcount { get; set; }
        public string RootUnitId { get; set; } = "";
        public string ImportedBy { get; set; } = "";
        public DateTime CreatedAt { get; set; }
        public long IsCurrent { get; set; }

        public OrganisationVersionRecord ToRecord() =>
            new(Version, Label, UnitCount, ManagerCount, Headcount, RootUnitId, ImportedBy, DbTime.Utc(CreatedAt)) { Current = IsCurrent == 1 };
    }

    private sealed class UnitRow
    {
        public long Version { get; set; }
        public string UnitId { get; set; } = "";
        public string? ParentId { get; set; }
        public string DisplayName { get; set; } = "";
        public string ShortName { get; set; } = "";
        public string Kind { get; set; } = "";
        public string ManagerId { get; set; } = "";
        public int Headcount { get; set; }
        public int TotalHeadcount { get; set; }
        public int ChildCount { get; set; }

        public UnitRecord ToRecord() => new(Version, UnitId, ParentId, DisplayName, ShortName, Enum.Parse<UnitKind>(Kind), ManagerId, Headcount,
            TotalHeadcount, ChildCount);
    }

    private sealed class ManagerRow
    {
        public long Version { get; set; }
        public string ManagerId { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string Title { get; set; } = "";
        public string? ReportsTo { get; set; }

        public ManagerRecord ToRecord() => new(Version, ManagerId, DisplayName, Title, ReportsTo);
    }

    private sealed class InstrumentRow
    {
        public string Id { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Description { get; set; } = "";
        public string Themes { get; set; } = "[]";
        public int ItemCount { get; set; }
        public bool Template { get; set; }
        public string? SourceInstrument { get; set; }
        public long Version { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }

        public static InstrumentRow From(InstrumentRecord i) => new()
        {
            Id = i.Id, DisplayName = i.DisplayName, Kind = i.Kind.ToString(), Description = i.Description, Themes = ProtoJson.ToJson(i.Themes),
            ItemCount = i.ItemCount, Template = i.Template, SourceInstrument = i.SourceInstrument, Version = i.Version, CreatedAt = i.CreatedAt,
            UpdatedAt = i.UpdatedAt,
        };

        public InstrumentRecord ToRecord() =>
            new(Id, DisplayName, Enum.Parse<InstrumentKind>(Kind), Description, ProtoJson.ListFromJson<InstrumentTheme>(Themes), Template, SourceInstrument)
            {
                Version = Version,
                CreatedAt = DbTime.Utc(CreatedAt),
                UpdatedAt = DbTime.Utc(UpdatedAt),
            };
    }
}
