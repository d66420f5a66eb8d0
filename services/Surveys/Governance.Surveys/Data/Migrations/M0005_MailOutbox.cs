using FluentMigrator;
using Governance.Data.Migrations;

namespace Governance.Surveys.Data.Migrations;

/// <summary>The survey e-mails as an outbox: per invitation the failed attempts at its next e-mail, when
/// it may next be tried (a claim's lease or a failure's backoff), the e-mails given up and the hash of the
/// token the claimed e-mail carries (it replaces token_hash only once that e-mail is sent, so the link
/// sent before keeps working while a reminder fails); per round the e-mails sent and given up, kept when
/// the invitations are deleted at closing.</summary>
[Migration(5, "Surveys: survey e-mails retried, leased and counted")]
public sealed class M0005_MailOutbox : Migration
{
    public override void Up()
    {
        // One column a statement: SQLite adds one at a time.
        Alter.Table("invitations").AddColumn("mail_attempts").AsInt32().NotNullable().WithDefaultValue(0);
        Alter.Table("invitations").AddColumn("mail_not_before").AsInstant().Nullable();
        Alter.Table("invitations").AddColumn("mails_given_up").AsInt32().NotNullable().WithDefaultValue(0);
        Alter.Table("invitations").AddColumn("next_token_hash").AsString(64).Nullable();
        Alter.Table("rounds").AddColumn("mails_sent").AsInt32().NotNullable().WithDefaultValue(0);
        Alter.Table("rounds").AddColumn("mails_failed").AsInt32().NotNullable().WithDefaultValue(0);
        // Unique like token_hash, which it becomes: from its claim on, a token names one invitation.
        Create.Index("ux_invitations_next_token").OnTable("invitations").OnColumn("next_token_hash").Unique();

        // An open round's e-mails so far are on its invitations; a closed round's are gone with them (0).
        Execute.Sql("UPDATE rounds SET mails_sent = (SELECT COALESCE(SUM(i.mails_sent), 0) FROM invitations i WHERE i.round_id = rounds.id)");
    }

    public override void Down() => throw new InvalidOperationException("Migrations are forward-only.");
}
