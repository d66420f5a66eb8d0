using FluentMigrator;
using Governance.Messaging.Inbox;
using Governance.Messaging.Outbox;

namespace Governance.Meetings.Data.Migrations;

/// <summary>The outbox the Meetings events wait in until published, and the inbox of its consumers.</summary>
[Migration(3, "Meetings: outbox and inbox")]
public sealed class M0003_Messaging : Migration
{
    public override void Up()
    {
        Outbox.CreateTable(this);
        Inbox.CreateTable(this);
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
