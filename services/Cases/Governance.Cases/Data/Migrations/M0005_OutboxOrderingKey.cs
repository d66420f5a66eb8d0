using FluentMigrator;
using Governance.Messaging.Outbox;

namespace Governance.Cases.Data.Migrations;

/// <summary>Each outbox row names its case, so the relay publishes one case's events in order and
/// different cases' side by side.</summary>
[Migration(5, "Cases: the outbox's ordering key")]
public sealed class M0005_OutboxOrderingKey : Migration
{
    public override void Up() => Outbox.AddOrderingKey(this);

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
