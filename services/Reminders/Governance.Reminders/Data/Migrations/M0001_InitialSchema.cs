using FluentMigrator;
using Governance.Data.Audit;
using Governance.Data.Idempotency;
using Governance.Data.Migrations;
using Governance.Messaging.Inbox;
using Governance.Messaging.Outbox;

namespace Governance.Reminders.Data.Migrations;

/// <summary>Reminder lists (one row per body: settings, and the row every change of the list locks),
/// reminders, calendar sections, the meetings of followed bodies; idempotency keys, the audit log, the
/// outbox and the inbox.</summary>
[Migration(1, "Reminders: initial schema")]
public sealed class M0001_InitialSchema : Migration
{
    public override void Up()
    {
        // A body's list: how it is printed. Every change of the list locks this row first, so two
        // writers never hand out the same position.
        Create.Table("reminder_lists")
            .WithColumn("body_id").AsString(100).PrimaryKey()
            .WithColumn("subject_heading").AsString(100).NotNullable()
            .WithColumn("time_heading").AsString(100).NotNullable()
            .WithColumn("responsible_heading").AsString(100).NotNullable()
            .WithColumn("group_by_month").AsBoolean().NotNullable()
            // 0 until the settings are changed through the API (the row may exist only as a lock).
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("updated_at").AsInstant().Nullable();

        Create.Table("reminders")
            .WithColumn("id").AsString(100).PrimaryKey()
            .WithColumn("body_id").AsString(100).NotNullable()
            .WithColumn("subject").AsString(500).NotNullable()
            // A JSON array of the parties ("PA", "BYC/AM").
            .WithColumn("responsible").AsString(1000).NotNullable()
            .WithColumn("responsible_and_others").AsBoolean().NotNullable()
            // The expected time: kind "date" (value 2013-08-28), "month" (2013-09), "rule" (the RRULE,
            // with its local start), "text" (verbatim); the label shown instead of the standard wording.
            .WithColumn("time_kind").AsString(10).NotNullable()
            .WithColumn("time_value").AsString(500).NotNullable()
            .WithColumn("time_start").AsString(30).Nullable()
            .WithColumn("time_label").AsString(200).Nullable()
            .WithColumn("notes").AsString(2000).NotNullable()
            .WithColumn("closed").AsBoolean().NotNullable()
            .WithColumn("state").AsString(20).NotNullable()
            .WithColumn("state_changed_by").AsString(200).NotNullable()
            .WithColumn("state_changed_at").AsInstant().Nullable()
            // The hand order among the body's open reminders; 0 when not open.
            .WithColumn("position").AsInt32().NotNullable()
            .WithColumn("journal_number").AsString(20).NotNullable()
            .WithColumn("meeting").AsString(300).NotNullable()
            .WithColumn("decision").AsString(300).NotNullable()
            .WithColumn("origin").AsString(30).NotNullable()
            // What it was made from: the decision (the first of a chain of corrections), and that
            // decision's follow-up, one reminder each.
            .WithColumn("source").AsString(300).Nullable()
            .WithColumn("source_key").AsString(400).Nullable()
            // When what it was made from happened: a later event about the same source replaces it, an
            // earlier one arriving late changes nothing.
            .WithColumn("source_at").AsInstant().Nullable()
            // When the next occurrence not yet done falls due: what the due sweep looks for.
            .WithColumn("next_due_at").AsInstant().Nullable()
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable()
            .WithColumn("updated_at").AsInstant().NotNullable();
        Create.Index("ix_reminders_body_position").OnTable("reminders")
            .OnColumn("body_id").Ascending().OnColumn("position").Ascending().OnColumn("id").Ascending();
        Create.Index("ux_reminders_source_key").OnTable("reminders").OnColumn("source_key").Ascending().WithOptions().Unique();
        Create.Index("ix_reminders_source").OnTable("reminders").OnColumn("source").Ascending();
        Create.Index("ix_reminders_next_due").OnTable("reminders").OnColumn("next_due_at").Ascending();

        Create.Table("calendar_sections")
            .WithColumn("id").AsString(100).PrimaryKey()
            .WithColumn("body_id").AsString(100).NotNullable()
            .WithColumn("title").AsString(200).NotNullable()
            .WithColumn("position").AsInt32().NotNullable()
            // JSON arrays: paragraphs, and the hand-made entries.
            .WithColumn("lead_paragraphs").AsString(int.MaxValue).NotNullable()
            .WithColumn("entries").AsString(int.MaxValue).NotNullable()
            .WithColumn("trailing_paragraphs").AsString(int.MaxValue).NotNullable()
            .WithColumn("followed_body").AsString(100).NotNullable()
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable()
            .WithColumn("updated_at").AsInstant().NotNullable();
        Create.Index("ix_sections_body_position").OnTable("calendar_sections")
            .OnColumn("body_id").Ascending().OnColumn("position").Ascending().OnColumn("id").Ascending();

        // The meetings the Meetings service announced (MeetingScheduled / MeetingCancelled), kept for the
        // sections that follow their body. Version: the meeting's, so an older event never wins.
        Create.Table("forum_meetings")
            .WithColumn("meeting_id").AsString(100).PrimaryKey()
            .WithColumn("body_id").AsString(100).NotNullable()
            .WithColumn("meeting_date").AsString(10).NotNullable()
            .WithColumn("title").AsString(500).NotNullable()
            .WithColumn("cancelled").AsBoolean().NotNullable()
            .WithColumn("version").AsInt64().NotNullable();
        Create.Index("ix_forum_meetings_body_date").OnTable("forum_meetings")
            .OnColumn("body_id").Ascending().OnColumn("meeting_date").Ascending();

        IdempotencyKeys.CreateTable(this);
        AuditLog.CreateTable(this);
        Outbox.CreateTable(this);
        Outbox.AddOrderingKey(this);
        Inbox.CreateTable(this);
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
