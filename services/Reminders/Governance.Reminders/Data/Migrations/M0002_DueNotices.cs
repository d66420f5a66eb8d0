using FluentMigrator;
using Governance.Data.Migrations;

namespace Governance.Reminders.Data.Migrations;

/// <summary>The due sweep's state: each reminder's pending overdue notice (the occurrence announced due
/// and not yet overdue), the notices published (one per reminder, occurrence and kind: the unique key
/// that keeps two sweepers from both publishing), and the weekly digests sent (one per unit and week).</summary>
[Migration(2, "Reminders: due notices")]
public sealed class M0002_DueNotices : Migration
{
    public override void Up()
    {
        Alter.Table("reminders")
            .AddColumn("next_overdue_at").AsInstant().Nullable()
            .AddColumn("overdue_key").AsString(30).Nullable()
            .AddColumn("overdue_due_at").AsInstant().Nullable()
            // The due time of the occurrence last announced due: a date keeps it as next_due_at (the
            // API shows it), and is not selected again while the two are equal.
            .AddColumn("announced_due_at").AsInstant().Nullable();
        Create.Index("ix_reminders_next_overdue").OnTable("reminders").OnColumn("next_overdue_at").Ascending();

        Create.Table("due_notices")
            .WithColumn("reminder_id").AsString(100).NotNullable().PrimaryKey()
            .WithColumn("occurrence_key").AsString(30).NotNullable().PrimaryKey()
            // "due" or "overdue".
            .WithColumn("kind").AsString(10).NotNullable().PrimaryKey()
            .WithColumn("published_at").AsInstant().NotNullable();

        // A unit's digest of a week ("2026-W37"), claimed by the replica that sends it.
        Create.Table("digests_sent")
            .WithColumn("unit").AsString(50).NotNullable().PrimaryKey()
            .WithColumn("week").AsString(10).NotNullable().PrimaryKey()
            .WithColumn("sent_at").AsInstant().NotNullable();
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
