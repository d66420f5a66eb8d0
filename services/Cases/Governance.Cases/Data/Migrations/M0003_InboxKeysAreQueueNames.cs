using FluentMigrator;
using Governance.Messaging.Inbox;

namespace Governance.Cases.Data.Migrations;

/// <summary>The consumers' inbox keys became their queue names ("cases.decision-recorded" →
/// "cases-decision-recorded"): rename what the inbox holds, so a message handled before the change is
/// still recognised when it is delivered again.</summary>
[Migration(3, "Cases: inbox keys are the consumers' queue names")]
public sealed class M0003_InboxKeysAreQueueNames : Migration
{
    public override void Up()
    {
        foreach (var name in new[] { "agenda-item-added", "decision-recorded", "item-postponed" })
        {
            Update.Table(Inbox.Table).Set(new { consumer = $"cases-{name}" }).Where(new { consumer = $"cases.{name}" });
        }
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
