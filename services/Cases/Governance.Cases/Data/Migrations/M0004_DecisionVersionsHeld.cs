using FluentMigrator;

namespace Governance.Cases.Data.Migrations;

/// <summary>The version of each Meetings decision whose entries the timeline holds, so that a late
/// older version (by the decision's Version, which grows with each edit) changes nothing. A decision
/// held from before has no row: its next version replaces it.</summary>
[Migration(4, "Cases: the version held of each Meetings decision")]
public sealed class M0004_DecisionVersionsHeld : Migration
{
    public override void Up() =>
        Create.Table("decision_versions")
            .WithColumn("decision").AsString(500).PrimaryKey()
            .WithColumn("version").AsInt64().NotNullable();

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
