using FluentMigrator;
using Governance.Data.Audit;
using Governance.Messaging.Outbox;

namespace Governance.Cases.Data.Migrations;

/// <summary>An outbox row the relay cannot publish is parked instead of holding up the rest, and waits
/// for an operator; the operator's commands (list, retry, drop, replay) are audited with a detail of
/// what they did (docs/operations.md, "Messaging").</summary>
[Migration(6, "Cases: parked outbox rows and audit details")]
public sealed class M0006_OutboxParkingAndAuditDetail : Migration
{
    public override void Up()
    {
        Outbox.AddParking(this);
        AuditLog.AddDetail(this);
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
