using FluentMigrator;
using Governance.Data.Audit;

namespace Governance.Meetings.Data.Migrations;

/// <summary>The append-only audit log of the Meetings service.</summary>
[Migration(2, "Meetings: audit log")]
public sealed class M0002_AuditLog : Migration
{
    public override void Up() => AuditLog.CreateTable(this);

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
