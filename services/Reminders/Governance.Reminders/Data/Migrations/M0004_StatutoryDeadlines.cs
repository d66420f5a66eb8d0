using System.Text.Json;
using FluentMigrator;
using Governance.Data.Migrations;
using Governance.Reminders.Domain;

namespace Governance.Reminders.Data.Migrations;

/// <summary>The catalogue of statutory deadlines, seeded from <see cref="StatutoryDeadlines"/> with each
/// rule starting in the month the service was installed (no past deadline falls due at once); editable
/// afterwards through UpdateStatutoryDeadline.</summary>
[Migration(4, "Reminders: the statutory deadlines catalogue")]
public sealed class M0004_StatutoryDeadlines : Migration
{
    public override void Up()
    {
        Create.Table("statutory_deadlines")
            .WithColumn("deadline_key").AsString(100).PrimaryKey()
            .WithColumn("subject").AsString(500).NotNullable()
            // As a reminder's time columns: always a rule here.
            .WithColumn("time_value").AsString(500).NotNullable()
            .WithColumn("time_start").AsString(30).NotNullable()
            .WithColumn("time_label").AsString(200).Nullable()
            .WithColumn("responsible").AsString(1000).NotNullable()
            .WithColumn("legal_basis").AsString(2000).NotNullable()
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("updated_at").AsInstant().Nullable();

        var today = DateOnly.FromDateTime(CopenhagenTime.ToLocal(DateTime.UtcNow));
        foreach (var d in StatutoryDeadlines.StartingFrom(today))
        {
            var (_, value, start, label) = RemindersSession.StoredTime.From(d.Time);
            Insert.IntoTable("statutory_deadlines").Row(new Dictionary<string, object?>
            {
                ["deadline_key"] = d.Key,
                ["subject"] = d.Subject,
                ["time_value"] = value,
                ["time_start"] = start,
                ["time_label"] = label,
                ["responsible"] = JsonSerializer.Serialize(d.DefaultResponsible.Parties),
                ["legal_basis"] = d.LegalBasis,
                ["version"] = 1L,
                ["updated_at"] = null,
            });
        }
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
