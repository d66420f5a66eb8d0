using FluentMigrator;
using Governance.Data.Migrations;

namespace Governance.Reminders.Data.Migrations;

/// <summary>Personal secret calendar feeds (only the SHA-256 of each secret is kept), and the start and
/// room of the meetings Meetings announces, so the calendar shows a meeting at its time and place.</summary>
[Migration(3, "Reminders: calendar feeds; meetings' start and room")]
public sealed class M0003_CalendarFeeds : Migration
{
    public override void Up()
    {
        Create.Table("calendar_feeds")
            .WithColumn("id").AsString(100).PrimaryKey()
            .WithColumn("body_id").AsString(100).NotNullable()
            // The token's subject of the caller who created it; only the owner lists and revokes it.
            .WithColumn("owner").AsString(200).NotNullable()
            // Lowercase hex SHA-256 of the secret's base64url text: the secret itself is never stored.
            .WithColumn("secret_hash").AsString(64).NotNullable()
            // Whether the owner could read the body's closed reminders when the feed was created.
            .WithColumn("shows_closed").AsBoolean().NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable();
        Create.Index("ux_calendar_feeds_secret_hash").OnTable("calendar_feeds").OnColumn("secret_hash").Ascending().WithOptions().Unique();
        Create.Index("ix_calendar_feeds_owner").OnTable("calendar_feeds")
            .OnColumn("owner").Ascending().OnColumn("created_at").Descending().OnColumn("id").Descending();

        // Rows kept before this migration have neither: the calendar shows them as all-day events.
        Alter.Table("forum_meetings")
            .AddColumn("start_at").AsInstant().Nullable()
            .AddColumn("room").AsString(500).NotNullable().WithDefaultValue("");
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
