using FluentMigrator;

namespace Governance.Reminders.Data.Migrations;

/// <summary>The version of the one resource a reminder was made from (a Surveys round or action plan
/// item, whose events carry their own version counter): an event whose version is not above it is late
/// and changes nothing. Null for every reminder made before, and for those made from decisions (a chain
/// of decisions has no single version: they compare <c>source_at</c>).</summary>
[Migration(6, "Reminders: source versions")]
public sealed class M0006_SourceVersions : Migration
{
    public override void Up() => Alter.Table("reminders").AddColumn("source_version").AsInt64().Nullable();

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
