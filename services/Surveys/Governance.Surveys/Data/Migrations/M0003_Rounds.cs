using FluentMigrator;
using Governance.Data.Migrations;

namespace Governance.Surveys.Data.Migrations;

/// <summary>Rounds, the instruments each froze at opening, invitations, part-way answers and the
/// anonymous responses.</summary>
[Migration(3, "Surveys: rounds, invitations and responses")]
public sealed class M0003_Rounds : Migration
{
    public override void Up()
    {
        // Lists (instruments, target units, reminder days) are JSON: always read and written with the round.
        Create.Table("rounds")
            .WithColumn("id").AsString(63).PrimaryKey()
            .WithColumn("display_name").AsString(200).NotNullable()
            .WithColumn("instruments").AsString(int.MaxValue).NotNullable()
            .WithColumn("target_units").AsString(int.MaxValue).NotNullable()
            .WithColumn("answer_days").AsInt32().NotNullable()
            .WithColumn("planned_open_time").AsInstant().Nullable()
            .WithColumn("release_time").AsInstant().Nullable()
            .WithColumn("reminder_days").AsString(200).NotNullable()
            .WithColumn("previous_round_id").AsString(63).Nullable()
            .WithColumn("state").AsString(20).NotNullable()
            .WithColumn("organisation_version").AsInt64().Nullable()
            .WithColumn("open_time").AsInstant().Nullable()
            .WithColumn("close_time").AsInstant().Nullable()
            .WithColumn("released_time").AsInstant().Nullable()
            .WithColumn("invited_count").AsInt32().NotNullable()
            .WithColumn("response_count").AsInt32().NotNullable()
            .WithColumn("reminders_sent").AsInt32().NotNullable()
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable()
            .WithColumn("updated_at").AsInstant().NotNullable();
        Create.Index("ix_rounds_created").OnTable("rounds").OnColumn("created_at").Descending().OnColumn("id").Descending();
        Create.Index("ix_rounds_state").OnTable("rounds").OnColumn("state").Ascending();

        // The instruments as they were when the round opened: what was asked is what is reported. A
        // row here also freezes the instrument itself (Instruments.Apply).
        Create.Table("round_instruments")
            .WithColumn("round_id").AsString(63).PrimaryKey("pk_round_instruments")
            .WithColumn("instrument_id").AsString(63).PrimaryKey("pk_round_instruments")
            .WithColumn("position").AsInt32().NotNullable()
            .WithColumn("display_name").AsString(200).NotNullable()
            .WithColumn("kind").AsString(40).NotNullable()
            .WithColumn("description").AsString(2000).NotNullable()
            .WithColumn("themes").AsString(int.MaxValue).NotNullable();
        Create.Index("ix_round_instruments_instrument").OnTable("round_instruments").OnColumn("instrument_id").Ascending();

        // Invitations live only while the round is open: addresses, token hashes and answered flags (no
        // time) are deleted at closing, leaving the counts per unit (round_unit_counts).
        Create.Table("invitations")
            .WithColumn("id").AsString(32).PrimaryKey()
            .WithColumn("round_id").AsString(63).NotNullable()
            .WithColumn("unit_id").AsString(63).NotNullable()
            .WithColumn("manager_id").AsString(63).Nullable()
            .WithColumn("email").AsString(254).NotNullable()
            .WithColumn("token_hash").AsString(64).Nullable()
            .WithColumn("answered").AsBoolean().NotNullable()
            .WithColumn("mails_sent").AsInt32().NotNullable();
        Create.Index("ux_invitations_token").OnTable("invitations").OnColumn("token_hash").Unique();
        Create.Index("ix_invitations_round").OnTable("invitations")
            .OnColumn("round_id").Ascending().OnColumn("answered").Ascending().OnColumn("mails_sent").Ascending();

        // A part-way answer, under its invitation until submitted (then deleted) or the round closes.
        Create.Table("response_drafts")
            .WithColumn("invitation_id").AsString(32).PrimaryKey()
            .WithColumn("answers").AsString(int.MaxValue).NotNullable();

        // Submitted responses: a random id and where it counts, nothing that leads back to an invitation.
        Create.Table("responses")
            .WithColumn("id").AsString(32).PrimaryKey()
            .WithColumn("round_id").AsString(63).NotNullable()
            .WithColumn("unit_id").AsString(63).Nullable()
            .WithColumn("manager_id").AsString(63).Nullable();
        Create.Index("ix_responses_round").OnTable("responses").OnColumn("round_id").Ascending().OnColumn("unit_id").Ascending();

        Create.Table("response_answers")
            .WithColumn("response_id").AsString(32).PrimaryKey("pk_response_answers")
            .WithColumn("instrument_id").AsString(63).PrimaryKey("pk_response_answers")
            .WithColumn("item_id").AsString(63).PrimaryKey("pk_response_answers")
            .WithColumn("point").AsInt32().Nullable()
            .WithColumn("text").AsString(2000).Nullable();

        // Invited and answered per unit (the unit itself, not those below), kept when the invitations go.
        Create.Table("round_unit_counts")
            .WithColumn("round_id").AsString(63).PrimaryKey("pk_round_unit_counts")
            .WithColumn("unit_id").AsString(63).PrimaryKey("pk_round_unit_counts")
            .WithColumn("invited_count").AsInt32().NotNullable()
            .WithColumn("response_count").AsInt32().NotNullable();
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
