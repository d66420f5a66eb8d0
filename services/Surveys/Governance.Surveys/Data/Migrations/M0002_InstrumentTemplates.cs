using FluentMigrator;
using Governance.Data.Json;
using Governance.Surveys.Domain;

namespace Governance.Surveys.Data.Migrations;

/// <summary>The instruments the service ships (<see cref="InstrumentTemplates"/>): the APV and
/// wellbeing survey, social capital and the leadership evaluation, as editable templates (version 1).</summary>
[Migration(2, "Surveys: the instrument templates")]
public sealed class M0002_InstrumentTemplates : Migration
{
    public override void Up()
    {
        foreach (var t in InstrumentTemplates.All)
        {
            Insert.IntoTable("instruments").Row(new Dictionary<string, object?>
            {
                ["id"] = t.Id,
                ["display_name"] = t.DisplayName,
                ["kind"] = t.Kind.ToString(),
                ["description"] = t.Description,
                ["themes"] = ProtoJson.ToJson(t.Themes),
                ["item_count"] = t.ItemCount,
                ["template"] = true,
                ["source_instrument"] = null,
                ["version"] = 1L,
                // The database's own clock, in either dialect (a literal would lose the time zone).
                ["created_at"] = RawSql.Insert("CURRENT_TIMESTAMP"),
                ["updated_at"] = RawSql.Insert("CURRENT_TIMESTAMP"),
            });
        }
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
