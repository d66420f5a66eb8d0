using FluentMigrator;
using Governance.Data.Audit;
using Governance.Data.Idempotency;
using Governance.Data.Migrations;
using Governance.Messaging.Inbox;
using Governance.Messaging.Outbox;

namespace Governance.Surveys.Data.Migrations;

/// <summary>The organisation in versions (one row per import, its units and managers under it), the
/// instruments; idempotency keys, the audit log, the outbox and the inbox.</summary>
[Migration(1, "Surveys: initial schema")]
public sealed class M0001_InitialSchema : Migration
{
    public override void Up()
    {
        // One row per import. Versions are never changed or removed: a round keeps the one that was
        // current when it opened.
        Create.Table("organisation_versions")
            .WithColumn("version").AsInt64().PrimaryKey()
            .WithColumn("label").AsString(200).NotNullable()
            .WithColumn("unit_count").AsInt32().NotNullable()
            .WithColumn("manager_count").AsInt32().NotNullable()
            .WithColumn("headcount").AsInt32().NotNullable()
            .WithColumn("root_unit_id").AsString(63).NotNullable()
            .WithColumn("imported_by").AsString(200).NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable();

        // The units of each version; total_headcount and child_count are computed at import.
        // The key is (version, unit_id), declared on both columns (SQLite adds no key to a made table).
        Create.Table("org_units")
            .WithColumn("version").AsInt64().PrimaryKey("pk_org_units")
            .WithColumn("unit_id").AsString(63).PrimaryKey("pk_org_units")
            .WithColumn("parent_id").AsString(63).Nullable()
            .WithColumn("display_name").AsString(200).NotNullable()
            .WithColumn("short_name").AsString(20).NotNullable()
            .WithColumn("kind").AsString(20).NotNullable()
            .WithColumn("manager_id").AsString(63).NotNullable()
            .WithColumn("headcount").AsInt32().NotNullable()
            .WithColumn("total_headcount").AsInt32().NotNullable()
            .WithColumn("child_count").AsInt32().NotNullable();
        Create.Index("ix_org_units_parent").OnTable("org_units")
            .OnColumn("version").Ascending().OnColumn("parent_id").Ascending().OnColumn("unit_id").Ascending();
        Create.Index("ix_org_units_manager").OnTable("org_units")
            .OnColumn("version").Ascending().OnColumn("manager_id").Ascending();

        Create.Table("org_managers")
            .WithColumn("version").AsInt64().PrimaryKey("pk_org_managers")
            .WithColumn("manager_id").AsString(63).PrimaryKey("pk_org_managers")
            .WithColumn("display_name").AsString(200).NotNullable()
            .WithColumn("title").AsString(200).NotNullable()
            .WithColumn("reports_to").AsString(63).Nullable();

        // Questionnaires. The themes and their items are the contract's InstrumentTheme list as JSON:
        // always read and written with the instrument.
        Create.Table("instruments")
            .WithColumn("id").AsString(63).PrimaryKey()
            .WithColumn("display_name").AsString(200).NotNullable()
            .WithColumn("kind").AsString(40).NotNullable()
            .WithColumn("description").AsString(2000).NotNullable()
            .WithColumn("themes").AsString(int.MaxValue).NotNullable()
            .WithColumn("item_count").AsInt32().NotNullable()
            .WithColumn("template").AsBoolean().NotNullable()
            .WithColumn("source_instrument").AsString(100).Nullable()
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable()
            .WithColumn("updated_at").AsInstant().NotNullable();
        Create.Index("ix_instruments_kind").OnTable("instruments").OnColumn("kind").Ascending().OnColumn("id").Ascending();

        IdempotencyKeys.CreateTable(this);
        AuditLog.CreateTable(this);
        Outbox.CreateTable(this);
        Outbox.AddOrderingKey(this);
        Inbox.CreateTable(this);
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
