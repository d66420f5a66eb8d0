using FluentMigrator;
using Governance.Messaging.Outbox;

namespace Governance.Meetings.Data.Migrations;

/// <summary>Each outbox row names its meeting, so the relay publishes one meeting's events in order
/// and different meetings' side by side.</summary>
[Migration(5, "Meetings: the outbox's ordering key")]
public sealed class M0005_OutboxOrderingKey : Migration
{
    public override void Up() => Outbox.AddOrderingKey(this);

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
