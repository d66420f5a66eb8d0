using FluentMigrator;

namespace Governance.Cases.Data.Migrations;

/// <summary>A decision that Meetings re-publishes (edited before the minutes are approved) replaces its
/// timeline and search entries: find them by the decision's name.</summary>
[Migration(2, "Cases: timeline and search entries by resource")]
public sealed class M0002_DecisionResourceIndexes : Migration
{
    public override void Up()
    {
        Create.Index("ix_timeline_resource").OnTable("timeline_entries").OnColumn("resource").Ascending();
        Create.Index("ix_search_source").OnTable("search_entries").OnColumn("source").Ascending();
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
