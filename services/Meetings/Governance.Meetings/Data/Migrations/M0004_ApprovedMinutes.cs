using FluentMigrator;
using Governance.Data.Migrations;

namespace Governance.Meetings.Data.Migrations;

/// <summary>The approved minutes of each audience, kept as they were composed at approval (the
/// structured Minutes message, text included, as canonical proto JSON).</summary>
[Migration(4, "Meetings: approved minutes")]
public sealed class M0004_ApprovedMinutes : Migration
{
    public override void Up()
    {
        Create.Table("approved_minutes")
            .WithColumn("meeting_id").AsString(63).NotNullable().PrimaryKey("pk_approved_minutes")
                .ForeignKey("fk_approved_minutes_meeting", "meetings", "id")
            .WithColumn("audience").AsString(30).NotNullable().PrimaryKey("pk_approved_minutes")
            .WithColumn("minutes_json").AsString(int.MaxValue).NotNullable()
            .WithColumn("approved_at").AsInstant().NotNullable();
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
