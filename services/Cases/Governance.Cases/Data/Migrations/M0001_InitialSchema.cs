using FluentMigrator;
using Governance.Data.Audit;
using Governance.Data.Idempotency;
using Governance.Data.Migrations;
using Governance.Messaging.Inbox;
using Governance.Messaging.Outbox;

namespace Governance.Cases.Data.Migrations;

/// <summary>Cases, number series, documents, notes, timeline, search entries; idempotency keys, the
/// audit log, the outbox and the inbox.</summary>
[Migration(1, "Cases: initial schema")]
public sealed class M0001_InitialSchema : Migration
{
    public override void Up()
    {
        // One counter per (series, two-digit year): "journal" and "document". Incremented atomically
        // in the creating transaction, so numbers are never handed out twice, whatever the replicas.
        Create.Table("number_series")
            .WithColumn("series").AsString(20).NotNullable().PrimaryKey()
            .WithColumn("year").AsInt32().NotNullable().PrimaryKey()
            .WithColumn("last_value").AsInt64().NotNullable();

        Create.Table("cases")
            // "{yy}-{n}", the {case} of the resource name.
            .WithColumn("id").AsString(10).PrimaryKey()
            .WithColumn("year").AsInt32().NotNullable()
            .WithColumn("number").AsInt32().NotNullable()
            .WithColumn("journal_number").AsString(10).NotNullable()
            .WithColumn("title").AsString(500).NotNullable()
            .WithColumn("unit").AsString(50).NotNullable()
            .WithColumn("case_handler").AsString(200).NotNullable()
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("status_reason").AsString(2000).NotNullable()
            .WithColumn("confidential").AsBoolean().NotNullable()
            .WithColumn("kle_number").AsString(8).NotNullable()
            .WithColumn("legal_basis").AsString(2000).NotNullable()
            .WithColumn("registered").AsBoolean().NotNullable()
            .WithColumn("version").AsInt64().NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable()
            .WithColumn("updated_at").AsInstant().NotNullable();
        Create.Index("ux_cases_year_number").OnTable("cases").OnColumn("year").Ascending().OnColumn("number").Ascending()
            .WithOptions().Unique();
        Create.Index("ix_cases_unit").OnTable("cases").OnColumn("unit").Ascending();

        Create.Table("case_documents")
            .WithColumn("id").AsString(32).PrimaryKey()
            .WithColumn("case_id").AsString(10).NotNullable().ForeignKey("fk_documents_case", "cases", "id")
            .WithColumn("doc_year").AsInt32().NotNullable()
            .WithColumn("doc_number").AsInt32().NotNullable()
            .WithColumn("title").AsString(500).NotNullable()
            .WithColumn("creator").AsString(200).NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable();
        Create.Index("ux_documents_number").OnTable("case_documents").OnColumn("doc_year").Ascending().OnColumn("doc_number").Ascending()
            .WithOptions().Unique();
        Create.Index("ix_documents_case").OnTable("case_documents").OnColumn("case_id").Ascending().OnColumn("id").Ascending();

        Create.Table("case_notes")
            .WithColumn("id").AsString(32).PrimaryKey()
            .WithColumn("case_id").AsString(10).NotNullable().ForeignKey("fk_notes_case", "cases", "id")
            .WithColumn("text").AsString(4000).NotNullable()
            .WithColumn("author").AsString(200).NotNullable()
            .WithColumn("created_at").AsInstant().NotNullable();
        Create.Index("ix_notes_case").OnTable("case_notes").OnColumn("case_id").Ascending();

        // Keyed by journal number, not by the case row: Meetings may report on a number before it is registered here.
        Create.Table("timeline_entries")
            .WithColumn("id").AsString(32).PrimaryKey()
            .WithColumn("year").AsInt32().NotNullable()
            .WithColumn("number").AsInt32().NotNullable()
            .WithColumn("kind").AsString(30).NotNullable()
            .WithColumn("occurred_at").AsInstant().NotNullable()
            .WithColumn("text").AsString(int.MaxValue).NotNullable()
            .WithColumn("actor").AsString(200).NotNullable()
            .WithColumn("resource").AsString(500).NotNullable()
            .WithColumn("meeting").AsString(200).NotNullable()
            .WithColumn("body_title").AsString(200).NotNullable()
            .WithColumn("item_number").AsInt32().NotNullable()
            .WithColumn("outcome").AsString(30).NotNullable()
            .WithColumn("status").AsString(20).NotNullable()
            .WithColumn("trace_id").AsString(32).NotNullable();
        Create.Index("ix_timeline_case").OnTable("timeline_entries")
            .OnColumn("year").Ascending().OnColumn("number").Ascending().OnColumn("occurred_at").Ascending().OnColumn("id").Ascending();

        // The searchable texts. PostgreSQL indexes them with the danish text search configuration,
        // SQLite with an FTS5 table of its own (unicode61, æ/ø/å kept distinct).
        Create.Table("search_entries")
            .WithColumn("id").AsString(32).PrimaryKey()
            .WithColumn("year").AsInt32().NotNullable()
            .WithColumn("number").AsInt32().NotNullable()
            .WithColumn("field").AsString(20).NotNullable()
            .WithColumn("source").AsString(500).NotNullable()
            .WithColumn("text").AsString(int.MaxValue).NotNullable();
        Create.Index("ix_search_case").OnTable("search_entries").OnColumn("year").Ascending().OnColumn("number").Ascending();
        Execute.WithConnection((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = connection.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal)
                ? "ALTER TABLE search_entries ADD COLUMN document tsvector GENERATED ALWAYS AS (to_tsvector('danish', text)) STORED; " +
                  "CREATE INDEX ix_search_document ON search_entries USING GIN (document);"
                : "CREATE VIRTUAL TABLE search_fts USING fts5(text, entry_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');";
            command.ExecuteNonQuery();
        });

        IdempotencyKeys.CreateTable(this);
        AuditLog.CreateTable(this);
        Outbox.CreateTable(this);
        Inbox.CreateTable(this);
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
