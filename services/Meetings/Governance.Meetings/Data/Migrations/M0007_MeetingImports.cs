using FluentMigrator;
using Governance.Data.Migrations;

namespace Governance.Meetings.Data.Migrations;

/// <summary>The imports of old minutes (ImportMeeting): one row per imported meeting, unique by body and
/// local start (what makes a second import of the same referat the same meeting), with the hash of its
/// content (to answer UNCHANGED), the historical meetings it created and owns (a replacement deletes
/// exactly these), and the document's unclassified lines.</summary>
[Migration(7, "Meetings: meeting imports")]
public sealed class M0007_MeetingImports : Migration
{
    public override void Up()
    {
        Create.Table("meeting_imports")
            .WithColumn("meeting_id").AsString(63).PrimaryKey("pk_meeting_imports")
                .ForeignKey("fk_meeting_imports_meeting", "meetings", "id")
            .WithColumn("body_id").AsString(63).NotNullable().ForeignKey("fk_meeting_imports_body", "bodies", "id")
            // As meetings.start_local: "yyyy-MM-ddTHH:mm:ss" in Europe/Copenhagen.
            .WithColumn("start_local").AsString(19).NotNullable()
            // SHA-256 (hex) of the request without its source.
            .WithColumn("content_hash").AsString(64).NotNullable()
            .WithColumn("source").AsString(500).NotNullable()
            .WithColumn("imported_by").AsString(200).NotNullable()
            .WithColumn("imported_at").AsInstant().NotNullable()
            .WithColumn("historical_meeting_ids_json").AsString(int.MaxValue).NotNullable()
            .WithColumn("unclassified_lines_json").AsString(int.MaxValue).NotNullable();
        Create.Index("ux_meeting_imports_body_start").OnTable("meeting_imports")
            .OnColumn("body_id").Ascending().OnColumn("start_local").Ascending()
            .WithOptions().Unique();
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
