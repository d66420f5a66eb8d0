using FluentMigrator;
using Governance.Data.Migrations;

namespace Governance.Reminders.Data.Migrations;

/// <summary>The occurrences of recurring reminders marked done or skipped (MarkOccurrence): one row per
/// reminder and occurrence, with who marked it and when. Clearing a mark deletes its row.</summary>
[Migration(5, "Reminders: occurrence marks")]
public sealed class M0005_OccurrenceMarks : Migration
{
    public override void Up()
    {
        Create.Table("occurrence_marks")
            .WithColumn("reminder_id").AsString(100).NotNullable().PrimaryKey()
            // The occurrence's key, as due_notices have it: its local start "2026-03-09T08:00".
            .WithColumn("occurrence_key").AsString(30).NotNullable().PrimaryKey()
            .WithColumn("body_id").AsString(100).NotNullable()
            // When the occurrence falls due: the due sweep and the next due time read marks from a time on.
            .WithColumn("occurrence_at").AsInstant().NotNullable()
            // "Done" or "Skipped".
            .WithColumn("state").AsString(10).NotNullable()
            // The token's subject of the caller who marked it.
            .WithColumn("marked_by").AsString(200).NotNullable()
            .WithColumn("marked_at").AsInstant().NotNullable();
        // A reminder's marks by time (ListOccurrenceMarks, the next due time); a body's (the calendar's window).
        Create.Index("ix_occurrence_marks_reminder").OnTable("occurrence_marks")
            .OnColumn("reminder_id").Ascending().OnColumn("occurrence_at").Descending().OnColumn("occurrence_key").Descending();
        Create.Index("ix_occurrence_marks_body").OnTable("occurrence_marks").OnColumn("body_id").Ascending().OnColumn("occurrence_at").Ascending();
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
