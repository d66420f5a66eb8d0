using FluentMigrator;
using Governance.Data.Migrations;

namespace Governance.Surveys.Data.Migrations;

/// <summary>The workplaces' action plans (APV-handlingsplaner): items under a released round.</summary>
[Migration(4, "Surveys: action plan items")]
public sealed class M0004_ActionPlans : Migration
{
    public override void Up()
    {
        // The key is (round_id, id), declared on both columns (SQLite adds no key to a made table). The
        // deadline is a calendar date as text (yyyy-MM-dd): no time zone, and the same in both dialects.
        Create.Table("action_plan_items")
            .WithColumn("round_id").AsString(63).PrimaryKey("pk_action_plan_items")
            .WithColumn("id").AsString(63).PrimaryKey("pk_action_plan_items")
            .WithColumn("unit_id").AsString(63).NotNullable()
            .WithColumn("problem").AsString(1000).NotNullable()
            .WithColumn("action").AsString(2000).NotNullable()
            .WithColumn("responsible").AsString(200).NotNullable()
            .WithColumn("deadline").AsString(10).NotNullable()
            .WithColumn("state").AsString(20).NotNullable()
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("created_by").AsString(200).NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable()
            .WithColumn("updated_at").AsInstant().NotNullable();
        // ListActionPlanItems: a round's items by unit, then creation (and of one unit).
        Create.Index("ix_action_plan_items_unit").OnTable("action_plan_items")
            .OnColumn("round_id").Ascending().OnColumn("unit_id").Ascending().OnColumn("created_at").Ascending().OnColumn("id").Ascending();
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
