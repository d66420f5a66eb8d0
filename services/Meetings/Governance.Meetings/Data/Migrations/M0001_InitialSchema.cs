using FluentMigrator;
using Governance.Data.Idempotency;
using Governance.Data.Migrations;

namespace Governance.Meetings.Data.Migrations;

/// <summary>Bodies, meetings, agenda items, decisions. Nested values are proto JSON text columns.</summary>
[Migration(1, "Meetings: initial schema")]
public sealed class M0001_InitialSchema : Migration
{
    public override void Up()
    {
        Create.Table("bodies")
            .WithColumn("id").AsString(63).PrimaryKey()
            .WithColumn("display_name").AsString(200).NotNullable()
            .WithColumn("short_name").AsString(20).NotNullable()
            .WithColumn("members_json").AsString(int.MaxValue).NotNullable()
            .WithColumn("usual_room").AsString(200).NotNullable()
            .WithColumn("agenda_template_json").AsString(int.MaxValue).NotNullable()
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable()
            .WithColumn("updated_at").AsInstant().NotNullable();

        Create.Table("meetings")
            .WithColumn("id").AsString(63).PrimaryKey()
            .WithColumn("body_id").AsString(63).NotNullable().ForeignKey("fk_meetings_body", "bodies", "id")
            // Local wall-clock start "yyyy-MM-ddTHH:mm:ss" in Europe/Copenhagen, as planned.
            .WithColumn("start_local").AsString(19).NotNullable()
            .WithColumn("start_utc").AsInstant().NotNullable()
            .WithColumn("title").AsString(200).NotNullable()
            .WithColumn("room").AsString(200).NotNullable()
            .WithColumn("participants_json").AsString(int.MaxValue).NotNullable()
            .WithColumn("state").AsString(30).NotNullable()
            .WithColumn("cancel_reason").AsString(2000).NotNullable()
            .WithColumn("agenda_published_at").AsInstant().Nullable()
            .WithColumn("held_at").AsInstant().Nullable()
            .WithColumn("minutes_approved_at").AsInstant().Nullable()
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable()
            .WithColumn("updated_at").AsInstant().NotNullable();
        Create.Index("ix_meetings_start").OnTable("meetings").OnColumn("start_utc").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_meetings_body_start").OnTable("meetings")
            .OnColumn("body_id").Ascending().OnColumn("start_utc").Ascending().OnColumn("id").Ascending();

        Create.Table("agenda_items")
            .WithColumn("id").AsString(63).PrimaryKey()
            .WithColumn("meeting_id").AsString(63).NotNullable().ForeignKey("fk_items_meeting", "meetings", "id")
            .WithColumn("position").AsInt32().NotNullable()
            .WithColumn("journal_number").AsString(20).NotNullable()
            .WithColumn("title").AsString(500).NotNullable()
            .WithColumn("kind").AsString(30).NotNullable()
            .WithColumn("sections_json").AsString(int.MaxValue).NotNullable()
            .WithColumn("recommendation_json").AsString(int.MaxValue).Nullable()
            .WithColumn("guests_json").AsString(int.MaxValue).NotNullable()
            .WithColumn("attachments_json").AsString(int.MaxValue).NotNullable()
            .WithColumn("supplement").AsBoolean().NotNullable()
            .WithColumn("origin_item_id").AsString(63).Nullable()
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable()
            .WithColumn("updated_at").AsInstant().NotNullable();
        Create.Index("ix_items_meeting_position").OnTable("agenda_items")
            .OnColumn("meeting_id").Ascending().OnColumn("position").Ascending();
        Create.Index("ix_items_origin").OnTable("agenda_items").OnColumn("origin_item_id").Ascending();

        Create.Table("decisions")
            .WithColumn("id").AsString(63).PrimaryKey()
            .WithColumn("item_id").AsString(63).NotNullable().ForeignKey("fk_decisions_item", "agenda_items", "id")
            .WithColumn("meeting_id").AsString(63).NotNullable().ForeignKey("fk_decisions_meeting", "meetings", "id")
            .WithColumn("outcome").AsString(30).NotNullable()
            .WithColumn("text").AsString(int.MaxValue).NotNullable()
            .WithColumn("point_outcomes_json").AsString(int.MaxValue).NotNullable()
            .WithColumn("follow_ups_json").AsString(int.MaxValue).NotNullable()
            .WithColumn("referrals_json").AsString(int.MaxValue).NotNullable()
            .WithColumn("postponed_to_meeting_id").AsString(63).Nullable()
            .WithColumn("carried_item_id").AsString(63).Nullable()
            .WithColumn("corrects_decision_id").AsString(63).Nullable()
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable()
            .WithColumn("updated_at").AsInstant().NotNullable();
        Create.Index("ix_decisions_item").OnTable("decisions").OnColumn("item_id").Ascending();
        Create.Index("ix_decisions_corrects").OnTable("decisions").OnColumn("corrects_decision_id").Ascending();

        IdempotencyKeys.CreateTable(this);
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
